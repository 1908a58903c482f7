import FeinvertFiles
import FECommon
import CellBiologyExamples
import FitReportHTML

/// `feinvert app ribosome` from files to files: read the profile, estimate the rates, write
/// the report (and the `codon,k` table with `--out`), each atomically after the estimate
/// succeeded.
package enum RibosomeJob {
  /// Runs the job.
  ///
  /// - Parameters:
  ///   - data: the `codon,count` CSV.
  ///   - rule: the λ rule (`gcv`, `lcurve`, `discrepancy`).
  ///   - lambda: a fixed λ ≥ 0 instead of a rule.
  ///   - report: the JSON report's path.
  ///   - out: the `codon,k` table's path, if wanted.
  /// - Returns: the estimate and the printed summary.
  /// - Throws: `InputError` (exit 2) for bad input, `NumericalError` (exit 3) when a
  ///   factorization fails.
  package static func run(data: String, rule: RibosomeLambdaRule = .gcv, lambda: Double? = nil, report: String, out: String?,
                         html: String? = nil)
    throws -> (estimate: RibosomeEstimate, summary: String)
  {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data]) }
    if let lambda, !(lambda >= 0 && lambda.isFinite) {
      throw InputError("found --lambda \(lambda); expected a finite number >= 0", at: SourceLocation(file: "command line"))
    }
    let input = try RibosomeInput.load(path: data)
    let estimate = try RibosomeInversion.estimate(input.profile, options: .init(rule: rule, fixedLambda: lambda))
    var files = [(report, RibosomeReport.json(estimate, input: input).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, RibosomeReport.csv(estimate, codons: input.codons))) }
    if let html { files.append((html, RibosomeReport.page(estimate, input: input).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (estimate, RibosomeReport.summary(estimate, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
