import FeinvertFiles
import FECommon
import CellBiologyExamples
import FitReportHTML

/// `feinvert app quantal` from files to files: read trials or per-condition summaries, fit
/// the variance–mean parabola, write the report (and the per-condition table with `--out`),
/// each atomically after the fit succeeded.
package enum QuantalJob {
  /// Runs the job.
  /// - Throws: `InputError` (exit 2) for bad input; `NumericalError` (exit 3) when the means
  ///   cannot separate slope and curvature.
  package static func run(data: String, report: String, out: String?, html: String? = nil) throws -> (fit: QuantalFit, summary: String) {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data]) }
    let input = try QuantalInput.load(path: data)
    let fit = try QuantalAnalysis.fit(input.conditions, baselineVariance: input.baselineVariance)
    var files = [(report, QuantalReport.json(fit, input: input).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, QuantalReport.csv(fit, input: input))) }
    if let html { files.append((html, QuantalReport.page(fit, input: input).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (fit, QuantalReport.summary(fit, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
