import FeinvertFiles
import FECommon
import EcologyExamples
import FitReportHTML

/// `feinvert app leaf` from files to files.
package enum LeafJob {
  /// Reads the series, bounds K_max, writes the report (and the per-time table with `--out`,
  /// the page with `--html`).
  ///
  /// - Parameters:
  ///   - z: the chance-constraint quantile (> 0; 1.645 by default).
  ///   - bootstrap: bootstrap replicates (≥ 0).
  ///   - seed: the bootstrap's seed.
  /// - Throws: `InputError` (exit 2) for bad input or options.
  package static func run(data: String, report: String, out: String?, z: Double = LeafHydraulicsInversion.defaultZ,
                         bootstrap: Int = 2000, seed: UInt64 = 1, html: String? = nil) throws
    -> (result: LeafHydraulicsResult, summary: String)
  {
    guard z > 0 && z.isFinite else { throw InputError("found --z \(z); expected a quantile > 0", at: SourceLocation(file: "--z")) }
    guard bootstrap >= 0, bootstrap <= 1_000_000 else {
      throw InputError("found --bootstrap \(bootstrap); expected a count from 0 to 1000000", at: SourceLocation(file: "--bootstrap"))
    }
    if let html { try checkOutputFile(html, option: "--html", inputs: [data]) }
    let series = try LeafInput.load(path: data)
    let result = LeafHydraulicsInversion.analyze(series, z: z, bootstrap: bootstrap, seed: seed)
    var files = [(report, LeafReport.json(result, series: series, data: data, seed: seed).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, LeafReport.csv(result, series: series))) }
    if let html { files.append((html, LeafReport.page(result, series: series, data: data).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (result, LeafReport.summary(result, series: series) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
