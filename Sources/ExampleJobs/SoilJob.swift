import FeinvertFiles
import FECommon
import EcologyExamples
import FitReportHTML

/// `feinvert app soil` from files to files: read both CSVs, invert, write the report
/// (and the rate table with `--out`), each atomically after the inversion succeeded.
package enum SoilJob {
  /// Runs the job.
  ///
  /// - Parameters:
  ///   - data: `fluxes.csv` (`species,flux,sigma`).
  ///   - stoichiometry: `stoich.csv` (`species,R1,…,Rn`).
  ///   - report: the JSON report's path.
  ///   - out: the `reaction,nnls,min,max` table's path, if wanted.
  /// - Returns: the result and the printed summary.
  /// - Throws: `InputError` (exit 2) for bad input, `NumericalError` (exit 3) when an
  ///   LP breaks down.
  package static func run(data: String, stoichiometry: String, report: String, out: String?, html: String? = nil) throws
    -> (result: SoilFluxResult, summary: String)
  {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data, stoichiometry]) }
    let input = try SoilInput.load(fluxes: data, stoichiometry: stoichiometry)
    let result = try SoilFluxInversion.invert(
      stoichiometry: input.stoichiometry, fluxes: input.fluxes, sigma: input.sigma)
    let json = SoilReport.json(result, input: input, paths: (data, stoichiometry))
    var files = [(report, json.withProvenance(try Provenance(inputs: [("data", data), ("stoichiometry", stoichiometry)])).encoded() + "\n")]
    if let out { files.append((out, SoilReport.csv(result, reactions: input.stoichiometry.reactions))) }
    if let html { files.append((html, SoilReport.page(result, input: input, data: data).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (result, SoilReport.summary(result, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
