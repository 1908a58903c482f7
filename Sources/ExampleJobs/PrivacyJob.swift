import FeinvertFiles
import FECommon
import FitReportHTML
import PrivacyExamples

/// `feinvert app privacy` from files to files: read the data, run the experiment,
/// write the report (and the curve table with `--out`), each atomically after the run
/// succeeded; and the accountant mode, which needs no data.
package enum PrivacyJob {
  /// The command's options as given (the unvalidated user input).
  package struct Options: Sendable {
    package var data: String
    package var target = "progression"
    package var sensitive = "sex"
    package var features: String?
    package var trainFraction = 0.5
    package var seed: UInt64 = 1
    package var sigmas = "0,1,2,4,8,16"
    package var clip = 1.0
    package var sampleRate = 0.1
    package var steps = 1000
    package var learningRate = 0.1
    package var delta = 1e-5
    package var seeds = 40
    package var report: String
    package var out: String?
    /// The HTML page (`--html`); nil: none.
    package var html: String?

    package init(data: String, report: String) {
      self.data = data
      self.report = report
    }
  }

  /// Runs the experiment and writes the outputs.
  ///
  /// - Returns: the analysis and the printed summary.
  /// - Throws: `InputError` (exit 2) for bad input, `NumericalError` (exit 3) when the
  ///   training records hold one value of the attribute or DP-SGD diverges.
  package static func run(_ o: Options) throws -> (analysis: PrivacyAnalysis, summary: String) {
    if let html = o.html { try checkOutputFile(html, option: "--html", inputs: [o.data]) }
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
    var files = [(o.report, PrivacyReport.json(analysis, input: input, path: o.data).withProvenance(try Provenance(inputs: [("data", o.data)])).encoded() + "\n")]
    if let out = o.out { files.append((out, PrivacyReport.csv(analysis))) }
    if let html = o.html { files.append((html, PrivacyReport.page(analysis, path: o.data).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (analysis, PrivacyReport.summary(analysis, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }

  /// One noise multiplier's ε in the accountant mode, by the RDP conversions and by the PLD.
  package struct AccountantRow: Sendable {
    package var sigma: Double
    package var improved: PrivacyGuarantee
    package var classic: PrivacyGuarantee
    package var pld: PLDAccountant.Guarantee
  }

  /// The accountant mode: ε of T steps of the Poisson-sampled Gaussian at each σ, by both
  /// RDP conversions and by the PLD accountant, as printed lines; with `report`, the same
  /// at full precision in a JSON report (written atomically).
  /// - Throws: `InputError` (exit 2) naming the option when a value is out of range.
  package static func accountant(
    sampleRate: Double, noise: String, steps: Int, delta: Double, report: String? = nil
  ) throws -> (rows: [AccountantRow], summary: String) {
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
      return AccountantRow(
        sigma: sigma, improved: accountant.epsilon(delta: delta, conversion: .improved),
        classic: accountant.epsilon(delta: delta, conversion: .classic),
        pld: PLDAccountant.epsilon(sampleRate: sampleRate, noiseMultiplier: sigma, steps: steps, delta: delta))
    }
    var summary = PrivacyReport.accountantSummary(sampleRate: sampleRate, steps: steps, delta: delta, rows: rows)
    if let report {
      let json = PrivacyReport.accountantJSON(sampleRate: sampleRate, steps: steps, delta: delta, rows: rows)
      try writeAtomically(json.encoded() + "\n", to: report)
      summary += "wrote \(report)\n"
    }
    return (rows, summary)
  }
}
