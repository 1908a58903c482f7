import FeinvertFiles
import FECommon
import CellBiologyExamples
import FitReportHTML

/// `feinvert app loops` from files to files.
package enum LoopExtrusionJob {
  /// The command's options.
  package struct Options: Sendable {
    package var data: String
    package var report: String
    package var out: String?
    package var ringKb: Int?
    package var separationKb: Double?
    package var replicates = 3
    package var seed: UInt64 = 1
    /// The HTML page (`--html`); nil: none.
    package var html: String?

    package init(data: String, report: String) {
      self.data = data
      self.report = report
    }
  }

  /// Reads the lifetimes or snapshots, estimates λ, predicts the loops at the data's
  /// density and at half of it, and writes the report (and the table with `out`, the page
  /// with `html`).
  ///
  /// - Throws: `InputError` (exit 2) for bad input or options.
  package static func run(_ o: Options) throws -> (analysis: LoopExtrusionAnalysis, summary: String) {
    guard o.replicates >= 1, o.replicates <= 100 else {
      throw InputError("found \(o.replicates); expected 1 to 100 replicates (the spec asks for at least 3)",
                       at: SourceLocation(file: "--replicates"))
    }
    if let html = o.html { try checkOutputFile(html, option: "--html", inputs: [o.data]) }
    let input = try LoopExtrusionInput.load(path: o.data, ringKb: o.ringKb, separationKb: o.separationKb)
    var settings = LoopAnalysisSettings()
    settings.ringSites = input.ringSites
    settings.separationKb = input.separationKb
    settings.replicates = o.replicates
    settings.seed = o.seed
    let analysis = LoopExtrusionAnalysis.run(input.data, lefCountPerSnapshot: input.lefCountPerSnapshot, settings: settings)
    var files = [(o.report, LoopExtrusionReport.json(analysis, input: input, data: o.data, settings: settings).withProvenance(try Provenance(inputs: [("data", o.data)])).encoded() + "\n")]
    if let out = o.out { files.append((out, LoopExtrusionReport.csv(analysis))) }
    if let html = o.html { files.append((html, LoopExtrusionReport.page(analysis, data: o.data).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (analysis, LoopExtrusionReport.summary(analysis, input: input, settings: settings)
      + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
