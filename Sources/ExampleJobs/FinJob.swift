import FeinvertFiles
import FECommon
import EngineeringExamples
import FitReportHTML

/// `feinvert app fin` from files to files.
package enum FinJob {
  /// Reads the rows, inverts each, writes the report (and the table with `--out`).
  ///
  /// - Throws: `InputError` (exit 2) for bad input, `ScalarRootError` (exit 3) if a
  ///   root search fails.
  package static func run(data: String, report: String, out: String?, html: String? = nil) throws
    -> (results: [FinInversion.Result], summary: String)
  {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data]) }
    let input = try FinInput.load(path: data)
    let results = try input.rows.map { try FinInversion.invert($0.fin, q: $0.q, sigmaQ: $0.sigmaQ) }
    var files = [(report, FinReport.json(results, input: input, data: data).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, FinReport.csv(results, input: input))) }
    if let html {
      let page = AppPages.rowIntervals(
        title: "feinvert app fin: \(data)", summary: "\(results.count) fins: the heat-transfer coefficient h from each fin's base heat flow.",
        warnings: results.flatMap(\.warnings), quantity: "h (W/m²K)", estimates: results.map { $0.h }, lower: results.map(\.hLower),
        upper: results.map(\.hUpper), kappa: results.map(\.kappa),
        kappaMeaning: "κ = d ln q / d ln h at the estimate (between ½ and 1): a relative error δ of q becomes δ/κ of h; small κ (a long fin, large mL) loses h.")
      files.append((html, page.html(library: try ChartLibrary.text())))
    }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (results, FinReport.summary(results, input: input, data: data) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
