import FECommon
import InversionExamples

/// The CSV of `feinvert app edna` (`shared/spec/apps.md` §7): one sample per row,
/// columns `x_km,conc[,sigma]`.
///
/// - `x_km`: the site, km along the stream, increasing downstream (any finite number).
/// - `conc`: the measured concentration (finite; may be ≤ 0 after blank subtraction).
/// - `sigma` (optional): its standard deviation (> 0). Without it, sd_i = √(σ_a² + (cv·y_i)²)
///   at the observed y_i, with σ_a and cv from the options, else from the metadata
///   `# sigma_a = …` and `# cv = …`, else the spec's 2 and 0.25.
public struct EDNAInput: Sendable {
  public var positionsKm: [Double]
  public var concentrations: [Double]
  /// The `sigma` column, when present.
  public var sigma: [Double]?
  /// σ_a and cv (used for sd without a `sigma` column, and for planned samples).
  public var noiseModel: EDNANoiseModel
  /// Where `noiseModel` came from: "options", "metadata", "default" (or a mix), for reports.
  public var noiseSource: String
  /// The data line of each sample.
  public var lines: [Int]

  /// The samples with their standard deviations.
  public var noise: EDNANoise { sigma.map { .given($0) } ?? .model(noiseModel) }
  public var samples: EDNASamples { noise.samples(positionsKm: positionsKm, concentrations: concentrations) }

  /// The fewest samples accepted: the distributed model has 4 parameters, and with 4 samples
  /// it would fit exactly, leaving nothing to compare.
  public static let minimumSamples = 5

  /// Reads and checks the file.
  ///
  /// - Parameters:
  ///   - sigmaA, cv: the options `--sigma-a`, `--cv` (override the metadata).
  /// - Throws: `InputError` at `file:line` (or the option) for a bad value.
  public static func load(path: String, sigmaA: Double? = nil, cv: Double? = nil) throws -> EDNAInput {
    let t = try CSVTable.read(path: path)
    try t.checkColumns(required: ["x_km", "conc"], optional: ["sigma"])
    let x = try t.numbers("x_km", expected: "a position in km (a finite number)")
    let y = try t.numbers("conc", expected: "a concentration (a finite number)")
    let sigma = t.has("sigma") ? try t.numbers("sigma", accept: { $0 > 0 }, expected: "a standard deviation > 0") : nil
    guard x.count >= minimumSamples else {
      throw InputError("found \(x.count) samples; expected at least \(minimumSamples) (the distributed model has 4 parameters)",
                       at: t.location(row: x.count - 1))
    }
    guard Set(x).count >= 2 else {
      throw InputError("found every sample at x_km = \(x[0]); expected at least two distinct sites", at: t.location(row: x.count - 1))
    }
    var sources: [String] = []
    func noiseValue(_ option: Double?, flag: String, key: String, fallback: Double) throws -> Double {
      if let option {
        guard option.isFinite, option >= 0 else {
          throw InputError("found \(option); expected a number >= 0", at: SourceLocation(file: flag))
        }
        sources.append("\(key) from \(flag)")
        return option
      }
      if let v = try t.metadataNumber(key, accept: { $0 >= 0 }, expected: "a number >= 0") {
        sources.append("\(key) from the metadata")
        return v
      }
      sources.append("\(key) = \(fallback) by default (the spec's value)")
      return fallback
    }
    let a = try noiseValue(sigmaA, flag: "--sigma-a", key: "sigma_a", fallback: 2)
    let c = try noiseValue(cv, flag: "--cv", key: "cv", fallback: 0.25)
    guard a + c > 0 else {
      throw InputError("found sigma_a = 0 and cv = 0; expected a noise model with sd > 0",
                       at: SourceLocation(file: path, line: t.metadataLines["sigma_a"] ?? t.headerLine))
    }
    if sigma == nil && a == 0, let i = y.firstIndex(of: 0) {
      throw InputError("found conc = 0 with sigma_a = 0, so its sd would be 0; expected sigma_a > 0 or a sigma column",
                       at: t.location(row: i))
    }
    return EDNAInput(positionsKm: x, concentrations: y, sigma: sigma,
                     noiseModel: EDNANoiseModel(absoluteSD: a, coefficientOfVariation: c),
                     noiseSource: sigma == nil ? sources.joined(separator: ", ") : "the sigma column", lines: t.rowLines)
  }
}
