import FeinvertFiles
import FECommon
import PrivacyExamples

/// Checks of the `feinvert app privacy` options; each failure is an `InputError`
/// (exit 2) naming the option.
package enum PrivacyOptions {
  /// "0,1,2" → [0, 1, 2], each finite and ≥ 0.
  package static func parseNoiseMultipliers(_ text: String) throws -> [Double] {
    let values = NumberList.cells(text).map(\.value)
    guard !values.isEmpty, values.allSatisfy({ $0.map { $0 >= 0 } ?? false }) else {
      throw InputError("found \"\(text)\"; expected a comma-separated list of noise multipliers >= 0 (e.g. 0,1,2,4)",
                       at: SourceLocation(file: "--sigmas"))
    }
    return values.compactMap { $0 }
  }

  /// "age,bmi" → ["age", "bmi"], none empty or repeated.
  package static func parseNames(_ text: String, option: String) throws -> [String] {
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard names.allSatisfy({ !$0.isEmpty }), Set(names).count == names.count else {
      throw InputError("found \"\(text)\"; expected comma-separated column names, each once", at: SourceLocation(file: option))
    }
    return names
  }

  /// The sampled Gaussian's q, σ, T and δ: q in (0, 1], σ ≥ 0, T ≥ 1, δ in (0, 1).
  package static func validateAccountant(sampleRate: Double, noise: [Double], steps: Int, delta: Double) throws {
    guard sampleRate.isFinite, sampleRate > 0, sampleRate <= 1 else {
      throw InputError("found \(sampleRate); expected a sampling rate q in (0, 1]", at: SourceLocation(file: "--sample-rate"))
    }
    for sigma in noise where !(sigma.isFinite && sigma >= 0) {
      throw InputError("found \(sigma); expected a noise multiplier >= 0", at: SourceLocation(file: "--noise"))
    }
    guard steps >= 1 else {
      throw InputError("found \(steps); expected at least 1 step", at: SourceLocation(file: "--steps"))
    }
    guard delta.isFinite, delta > 0, delta < 1 else {
      throw InputError("found \(delta); expected δ in (0, 1), typically below 1/records", at: SourceLocation(file: "--delta"))
    }
  }

  /// The experiment's settings against the data: the accountant's checks, C > 0, η > 0,
  /// runs ≥ 1, and a train fraction leaving more members than parameters and at least
  /// one non-member.
  package static func validate(_ s: PrivacyExperimentSettings, rowCount n: Int, featureCount p: Int) throws {
    try validateAccountant(sampleRate: s.training.sampleRate, noise: s.noiseMultipliers, steps: s.training.steps, delta: s.delta)
    // The accountant alone takes any T; training runs T steps per seed and noise level.
    guard s.training.steps <= 10_000_000 else {
      throw InputError("found \(s.training.steps); expected at most 10000000 DP-SGD steps to train", at: SourceLocation(file: "--steps"))
    }
    guard s.training.clipNorm.isFinite, s.training.clipNorm > 0 else {
      throw InputError("found \(s.training.clipNorm); expected a clipping norm C > 0", at: SourceLocation(file: "--clip"))
    }
    guard s.training.learningRate.isFinite, s.training.learningRate > 0 else {
      throw InputError("found \(s.training.learningRate); expected a learning rate > 0", at: SourceLocation(file: "--learning-rate"))
    }
    guard s.runs >= 1, s.runs <= 10_000 else {
      throw InputError("found \(s.runs); expected 1 to 10000 seeded runs per noise multiplier", at: SourceLocation(file: "--seeds"))
    }
    let fraction = s.trainFraction
    let members = fraction.isFinite && (0...1).contains(fraction) ? TrainTestSplit.trainCount(rowCount: n, fraction: fraction) : -1
    guard members > p + 1, members < n else {
      throw InputError(
        "found \(fraction) (\(max(members, 0)) of \(n) records train); expected a fraction leaving more than \(p + 1) "
          + "training records (the model's parameters) and at least one test record",
        at: SourceLocation(file: "--train-fraction"))
    }
  }
}

import Foundation
