import FECommon
import Foundation

/// Gamma deviates from the seeded `SplitMix64`: Marsaglia & Tsang's squeeze method
/// ("A simple method for generating gamma variables", *ACM TOMS* 26:363, 2000) for shape
/// α ≥ 1, and α < 1 through Gamma(α) = Gamma(α + 1)·U^{1/α} (their §6).
package enum GammaSampler {
  /// One Gamma(shape, scale) deviate (mean shape·scale); shape and scale must be positive
  /// and finite, or a precondition failure occurs.
  package static func sample(shape: Double, scale: Double, using rng: inout SplitMix64) -> Double {
    precondition(shape > 0 && scale > 0 && shape.isFinite && scale.isFinite, "GammaSampler: positive parameters")
    if shape < 1 {
      var u = rng.nextUnit()
      while u <= 0 { u = rng.nextUnit() }
      return sample(shape: shape + 1, scale: scale, using: &rng) * pow(u, 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x = 0.0, v = 0.0
      repeat {
        x = rng.nextGaussian()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = rng.nextUnit()
      if u < 1 - 0.0331 * x * x * x * x { return d * v * scale }
      if u > 0, log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v * scale }
    }
  }
}
