import Foundation
import Inversion

/// The maximum-likelihood mean of an exponential distribution from right-censored data
/// (Lawless 2003, *Statistical Models and Methods for Lifetime Data*, §2.2 and §3.2).
///
/// With r uncensored values and total T = Σℓ_i over all n values, the log-likelihood is
/// ℓ(λ) = −r log λ − T/λ, maximized by λ̂ = T/r, with observed-information standard error
/// λ̂/√r. The 95 % profile-likelihood interval solves 2(ℓ(λ̂) − ℓ(λ)) = χ²₁,₀.₉₅ = 3.841:
/// with u = λ̂/λ that is 2r(u − 1 − log u) = 3.841, one root on each side of u = 1 (found by
/// `ScalarRoot.brent`). With r = 0 the likelihood rises to λ = ∞: there is only the lower
/// bound 2T/3.841.
///
/// Ignoring the censoring (every ℓ_i taken as complete) gives T/n = λ̂·r/n: biased low by
/// the factor r/n.
package struct CensoredExponentialFit: Sendable, Equatable {
  /// n.
  package var count: Int
  /// r.
  package var uncensoredCount: Int
  /// T = Σℓ_i.
  package var totalLength: Double
  /// λ̂ = T/r (+∞ when r = 0).
  package var estimate: Double
  /// λ̂/√r (NaN when r = 0).
  package var standardError: Double
  /// The 95 % profile-likelihood interval (upper +∞ when r = 0).
  package var interval95: (lower: Double, upper: Double)
  /// T/n: the estimate that treats censored values as complete.
  package var naiveEstimate: Double

  package static func == (a: CensoredExponentialFit, b: CensoredExponentialFit) -> Bool {
    a.count == b.count && a.uncensoredCount == b.uncensoredCount && a.totalLength == b.totalLength
      && a.interval95.lower == b.interval95.lower && a.interval95.upper == b.interval95.upper
  }

  /// The fraction censored, (n − r)/n.
  package var censoredFraction: Double { count > 0 ? Double(count - uncensoredCount) / Double(count) : .nan }

  /// χ²₁ 0.95 quantile (1.959964²).
  package static let chiSquare95 = 3.841458820694124

  /// Fits the lengths. `lengths` and `censored` must have equal counts, n ≥ 1, every length
  /// ≥ 0 and T > 0, or a precondition failure occurs (the reader checks the file).
  package init(lengths: [Double], censored: [Bool]) {
    precondition(lengths.count == censored.count && !lengths.isEmpty, "CensoredExponentialFit: one flag per length")
    precondition(lengths.allSatisfy { $0 >= 0 && $0.isFinite }, "CensoredExponentialFit: lengths must be >= 0")
    count = lengths.count
    uncensoredCount = censored.filter { !$0 }.count
    totalLength = lengths.reduce(0, +)
    precondition(totalLength > 0, "CensoredExponentialFit: the lengths must not all be 0")
    naiveEstimate = totalLength / Double(count)
    let r = Double(uncensoredCount)
    guard uncensoredCount > 0 else {
      estimate = .infinity
      standardError = .nan
      interval95 = (2 * totalLength / Self.chiSquare95, .infinity)
      return
    }
    estimate = totalLength / r
    standardError = estimate / r.squareRoot()
    let c = Self.chiSquare95 / (2 * r)
    // g(u) = u − 1 − log u − c: g(1) = −c < 0; g → +∞ as u → 0 and as u → ∞.
    let g: (Double) -> Double = { u in u - 1 - log(u) - c }
    var small = 0.5
    while g(small) <= 0 { small /= 2 }
    var large = 2.0
    while g(large) <= 0 { large *= 2 }
    let uLow = (try? ScalarRoot.brent(in: small, 1, relativeTolerance: 1e-14, g).x) ?? .nan
    let uHigh = (try? ScalarRoot.brent(in: 1, large, relativeTolerance: 1e-14, g).x) ?? .nan
    interval95 = (estimate / uHigh, estimate / uLow)
  }
}
