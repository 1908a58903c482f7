import FeinvertFiles
import FECommon
import EcologyExamples

/// The CSV of `feinvert app edna` (`shared/spec/apps.md` §7): one sample per row,
/// columns `x_km,conc[,sigma]`.
///
/// - `x_km`: the site, km along the stream, increasing downstream (|x_km| ≤ 10⁵).
/// - `conc`: the measured concentration (|conc| ≤ 10¹⁰⁰; may be ≤ 0 after blank subtraction).
/// - `sigma` (optional): its standard deviation (0 < sigma ≤ 10¹⁰⁰). Without it, sd_i = √(σ_a² + (cv·y_i)²)
///   at the observed y_i, with σ_a and cv from the options, else from the metadata
///   `# sigma_a = …` and `# cv = …`, else the spec's 2 and 0.25.
package struct EDNAInput: Sendable {
  package var positionsKm: [Double]
  package var concentrations: [Double]
  /// The `sigma` column, when present.
  package var sigma: [Double]?
  /// σ_a and cv (used for sd without a `sigma` column, and for planned samples).
  package var noiseModel: EDNANoiseModel
  /// Where `noiseModel` came from: "options", "metadata", "default" (or a mix), for reports.
  package var noiseSource: String
  /// The data line of each sample.
  package var lines: [Int]

  /// The samples with their standard deviations.
  package var noise: EDNANoise { sigma.map { .given($0) } ?? .model(noiseModel) }
  package var samples: EDNASamples { noise.samples(positionsKm: positionsKm, concentrations: concentrations) }

  /// The fewest samples accepted: the distributed model has 4 parameters, and with 4 samples
  /// it would fit exactly, leaving nothing to compare.
  package static let minimumSamples = 5

  /// The largest |x_km| accepted: a hundred thousand km, beyond any river (and it keeps
  /// a 0.25 km design grid's indices exact).
  package static let maximumPositionKm = 100_000.0
  /// The largest |conc| and sigma accepted: squares and sums of squares of the likelihood
  /// stay finite with 200 orders of magnitude to spare.
  package static let maximumMagnitude = 1e100

  /// Reads and checks the file.
  ///
  /// - Parameters:
  ///   - sigmaA, cv: the options `--sigma-a`, `--cv` (override the metadata).
  /// - Throws: `InputError` at `file:line` (or the option) for a bad value.
  package static func load(path: String, sigmaA: Double? = nil, cv: Double? = nil) throws -> EDNAInput {
    let t = try CSVTable.read(path: path)
    try t.checkColumns(required: ["x_km", "conc"], optional: ["sigma"])
    let x = try t.numbers("x_km", accept: { abs($0) <= maximumPositionKm },
                          expected: "a position in km, |x_km| <= \(Int(maximumPositionKm))")
    let y = try t.numbers("conc", accept: { abs($0) <= maximumMagnitude },
                          expected: "a concentration, |conc| <= 1e100 (its square must stay far from overflow)")
    let sigma = t.has("sigma")
      ? try t.numbers("sigma", accept: { $0 > 0 && $0 <= maximumMagnitude }, expected: "a standard deviation > 0 and <= 1e100") : nil
    guard x.count >= minimumSamples else {
      throw InputError("found \(x.count) samples; expected at least \(minimumSamples) (the distributed model has 4 parameters)",
                       at: t.location(row: x.count - 1))
    }
    guard Set(x).count >= 2 else {
      throw InputError("found every sample at x_km = \(x[0]); expected at least two distinct sites", at: t.location(row: x.count - 1))
    }
    var sources: [String] = []
    func noiseValue(_ option: Double?, flag: String, key: String, fallback: Double, range: ClosedRange<Double>,
                    why: String) throws -> Double {
      let expected = "a number from \(range.lowerBound) to \(range.upperBound) (\(why))"
      if let option {
        guard range.contains(option) else {
          throw InputError("found \(option); expected \(expected)", at: SourceLocation(file: flag))
        }
        sources.append("\(key) from \(flag)")
        return option
      }
      if let v = try t.metadataNumber(key, accept: { range.contains($0) }, expected: expected) {
        sources.append("\(key) from the metadata")
        return v
      }
      sources.append("\(key) = \(fallback) by default (the spec's value)")
      return fallback
    }
    // σ_a > 0 even with a sigma column: the design and the bootstrap draw samples upstream of
    // a source, where the concentration and so the cv part are 0. cv ≤ 100 (10000 %) and
    // |conc| ≤ 1e100 keep (cv·conc)² finite.
    let a = try noiseValue(sigmaA, flag: "--sigma-a", key: "sigma_a", fallback: 2, range: 1e-100...maximumMagnitude,
                           why: "the sd of a zero concentration, so it must be > 0")
    let c = try noiseValue(cv, flag: "--cv", key: "cv", fallback: 0.25, range: 0...100, why: "a coefficient of variation")
    return EDNAInput(positionsKm: x, concentrations: y, sigma: sigma,
                     noiseModel: EDNANoiseModel(absoluteSD: a, coefficientOfVariation: c),
                     noiseSource: sigma == nil ? sources.joined(separator: ", ") : "the sigma column", lines: t.rowLines)
  }
}
