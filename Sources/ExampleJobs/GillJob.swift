import FeinvertFiles
import FECommon
import EcologyExamples
import FitReportHTML

/// `feinvert app gill` from files to files.
package enum GillJob {
  /// Reads the rows, inverts each, writes the report (and the table with `--out`).
  ///
  /// - Parameter cap: the effectiveness at which an open upper end is evaluated, in (0, 1).
  /// - Throws: `InputError` (exit 2) for bad input or a cap outside (0, 1).
  package static func run(data: String, report: String, out: String?, cap: Double = GillInversion.defaultEffectivenessCap,
                         html: String? = nil)
    throws -> (results: [GillInversion.Result], summary: String)
  {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data]) }
    guard cap > 0 && cap < 1 else {
      throw InputError("found --eps-cap \(cap); expected a number in (0, 1)", at: SourceLocation(file: "--eps-cap"))
    }
    let input = try GillInput.load(path: data)
    let results = input.rows.map {
      GillInversion.invert(eps: $0.eps, sigma: $0.sigmaEps, capacityRatio: $0.capacityRatio, cap: cap)
    }
    var files = [(report, GillReport.json(results, input: input, data: data, cap: cap).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, GillReport.csv(results, input: input))) }
    if let html {
      let page = AppPages.rowIntervals(
        title: "feinvert app gill: \(data)", summary: "\(results.count) gills: NTU from each measured O₂ extraction effectiveness ε.",
        warnings: results.flatMap(\.warnings), quantity: "NTU", estimates: results.map(\.ntu), lower: results.map(\.ntuLower),
        upper: results.map(\.ntuUpper), kappa: results.map(\.kappa),
        kappaMeaning: "κ at the measured ε: how much a relative error of ε is amplified in NTU; it grows without bound as ε approaches 1.")
      files.append((html, page.html(library: try ChartLibrary.text())))
    }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (results, GillReport.summary(results, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
