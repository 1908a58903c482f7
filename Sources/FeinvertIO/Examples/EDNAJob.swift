import FECommon
import InversionExamples

/// `feinvert app edna` from files to files.
public enum EDNAJob {
  /// Reads the samples, fits both source models, compares them (AIC, LR, parametric
  /// bootstrap), scores the sampled sites and, with `design`, proposes a T-optimal design;
  /// writes the report (and the table with `out`).
  ///
  /// - Returns: the analysis and the summary to print (ending with the files written).
  /// - Throws: `InputError` (exit 2) for bad input or options.
  public static func run(_ options: EDNAOptions) throws -> (analysis: EDNAAnalysis, summary: String) {
    var settings = try options.settings()
    let input = try EDNAInput.load(path: options.data, sigmaA: options.sigmaA, cv: options.cv)
    settings.designNoise = input.noiseModel
    let analysis = EDNAAnalysis.run(samples: input.samples, noise: input.noise, settings: settings)
    var files = [(options.report, EDNAReport.json(analysis, input: input, options: options, settings: settings).encoded() + "\n")]
    if let out = options.out { files.append((out, EDNAReport.csv(analysis))) }
    for (path, text) in files { try writeAtomically(text, to: path) }
    return (analysis, EDNAReport.summary(analysis, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
