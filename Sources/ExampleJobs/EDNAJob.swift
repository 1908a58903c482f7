import FeinvertFiles
import FECommon
import EcologyExamples
import FitReportHTML

/// `feinvert app edna` from files to files.
package enum EDNAJob {
  /// Reads the samples, fits both source models, compares them (AIC, LR, parametric
  /// bootstrap), scores the sampled sites and, with `design`, proposes a T-optimal design;
  /// writes the report (and the table with `out`).
  ///
  /// - Returns: the analysis and the summary to print (ending with the files written).
  /// - Throws: `InputError` (exit 2) for bad input or options.
  package static func run(_ options: EDNAOptions) throws -> (analysis: EDNAAnalysis, summary: String) {
    if let html = options.html { try checkOutputFile(html, option: "--html", inputs: [options.data]) }
    var settings = try options.settings()
    let input = try EDNAInput.load(path: options.data, sigmaA: options.sigmaA, cv: options.cv)
    settings.designNoise = input.noiseModel
    if settings.designSize != nil && settings.designRangeKm == nil,
      let lo = input.positionsKm.min(), let hi = input.positionsKm.max(), (hi - lo) / settings.designSpacingKm > 10_000
    {
      throw InputError("found a spacing of \(settings.designSpacingKm) km over the sampled range \(lo)…\(hi) km; expected at most 10000 candidate sites",
                       at: SourceLocation(file: "--design-spacing"))
    }
    let analysis = EDNAAnalysis.run(samples: input.samples, noise: input.noise, settings: settings)
    var files = [(options.report, EDNAReport.json(analysis, input: input, options: options, settings: settings).withProvenance(try Provenance(inputs: [("data", options.data)])).encoded() + "\n")]
    if let out = options.out { files.append((out, EDNAReport.csv(analysis))) }
    if let html = options.html { files.append((html, EDNAReport.page(analysis, path: options.data).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (analysis, EDNAReport.summary(analysis, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
