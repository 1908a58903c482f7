import FECommon
import Foundation

/// Poisson deviates from the seeded `SplitMix64`, so simulated read counts are the same on
/// every platform.
///
/// For μ < 10, inversion by sequential search (Devroye, *Non-Uniform Random Variate
/// Generation*, 1986, §X.3.2): exact, O(μ) work. For μ ≥ 10, Hörmann's transformed
/// rejection with squeeze, PTRS (W. Hörmann, "The transformed rejection method for
/// generating Poisson random variables", *Insurance: Mathematics and Economics* 12:39, 1993),
/// exact, O(1) expected work (about 1.2 uniform pairs per deviate).
package enum PoissonSampler {
  /// One Poisson(μ) deviate; `mean >= 0` and finite, or a precondition failure occurs.
  package static func sample(mean mu: Double, using rng: inout SplitMix64) -> Int {
    precondition(mu >= 0 && mu.isFinite, "PoissonSampler: the mean must be finite and >= 0")
    if mu == 0 { return 0 }
    if mu < 10 { return inversion(mu, &rng) }
    return transformedRejection(mu, &rng)
  }

  static func inversion(_ mu: Double, _ rng: inout SplitMix64) -> Int {
    let u = rng.nextUnit()
    var k = 0
    var p = exp(-mu)
    var cumulative = p
    while u > cumulative && k < 1000 {
      k += 1
      p *= mu / Double(k)
      cumulative += p
    }
    return k
  }

  static func transformedRejection(_ mu: Double, _ rng: inout SplitMix64) -> Int {
    let logMu = log(mu)
    let b = 0.931 + 2.53 * mu.squareRoot()
    let a = -0.059 + 0.02483 * b
    let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = rng.nextUnit() - 0.5
      let v = rng.nextUnit()
      let us = 0.5 - abs(u)
      let k = ((2 * a / us + b) * u + mu + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr { return Int(k) }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if log(v) + log(inverseAlpha) - log(a / (us * us) + b) <= -mu + k * logMu - lgamma(k + 1) {
        return Int(k)
      }
    }
  }
}
