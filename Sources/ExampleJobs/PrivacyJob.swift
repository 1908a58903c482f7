import FeinvertFiles
import FECommon
import PrivacyExamples

/// `feinvert app privacy` from files to files: read the data, run the experiment,
/// write the report (and the curve table with `--out`), each atomically after the run
/// succeeded; and the accountant mode, which needs no data.
public enum PrivacyJob {
  /// The command's options as given (the unvalidated user input).
  public struct Options: Sendable {
    public var data: String
    public var target = "progression"
    public var sensitive = "sex"
    public var features: String?
    public var trainFraction = 0.5
    public var seed: UInt64 = 1
    public var sigmas = "0,1,2,4,8,16"
    public var clip = 1.0
    public var sampleRate = 0.1
    public var steps = 1000
    public var learningRate = 0.1
    public var delta = 1e-5
    public var seeds = 40
    public var report: String
    public var out: String?

    public init(data: String, report: String) {
      self.data = data
      self.report = report
    }
  }

  /// Runs the experiment and writes the outputs.
  ///
  /// - Returns: the analysis and the printed summary.
  /// - Throws: `InputError` (exit 2) for bad input, `NumericalError` (exit 3) when the
  ///   training records hold one value of the attribute or DP-SGD diverges.
  public static func run(_ o: Options) throws -> (analysis: PrivacyAnalysis, summary: String) {
    let features = try o.features.map { try PrivacyOptions.parseNames($0, option: "--features") }
    let sigmas = try PrivacyOptions.parseNoiseMultipliers(o.sigmas)
    let input = try PrivacyInput.load(path: o.data, target: o.target, sensitive: o.sensitive, features: features)
    let settings = PrivacyExperimentSettings(
      sensitiveColumn: input.sensitiveColumn, trainFraction: o.trainFraction, seed: o.seed, noiseMultipliers: sigmas,
      training: DPSGDSettings(sampleRate: o.sampleRate, clipNorm: o.clip, noiseMultiplier: 0, steps: o.steps,
                              learningRate: o.learningRate),
      delta: o.delta, runs: o.seeds)
    try PrivacyOptions.validate(settings, rowCount: input.data.rowCount, featureCount: input.data.featureCount)
    let analysis = try PrivacyExperiment.run(input.data, settings: settings)
    var files = [(o.report, PrivacyReport.json(analysis, input: input, path: o.data).encoded() + "\n")]
    if let out = o.out { files.append((out, PrivacyReport.csv(analysis))) }
    for (path, text) in files { try writeAtomically(text, to: path) }
    return (analysis, PrivacyReport.summary(analysis, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }

  /// The accountant mode: ε of T steps of the Poisson-sampled Gaussian at each σ, by
  /// both conversions, as printed lines.
  /// - Throws: `InputError` (exit 2) naming the option when a value is out of range.
  public static func accountant(sampleRate: Double, noise: String, steps: Int, delta: Double) throws -> String {
    let sigmas: [Double]
    do {
      sigmas = try PrivacyOptions.parseNoiseMultipliers(noise)
    } catch let e as InputError {
      throw InputError(e.message, at: SourceLocation(file: "--noise"))
    }
    try PrivacyOptions.validateAccountant(sampleRate: sampleRate, noise: sigmas, steps: steps, delta: delta)
    let rows = sigmas.map { sigma in
      var accountant = RenyiAccountant()
      accountant.composeSampledGaussian(sampleRate: sampleRate, noiseMultiplier: sigma, steps: steps)
      return (sigma, accountant.epsilon(delta: delta, conversion: .improved),
              accountant.epsilon(delta: delta, conversion: .classic))
    }
    return PrivacyReport.accountantSummary(sampleRate: sampleRate, steps: steps, delta: delta, rows: rows)
  }
}
