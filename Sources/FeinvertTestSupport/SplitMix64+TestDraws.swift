import FECommon
import Foundation

/// The uniform and normal draws the dense and inversion tests were written against (their
/// matrices depend on them); FECommon's `nextUnit` and `nextGaussian` draw differently.
extension SplitMix64 {
  /// Uniform in (0, 1): the 53 high bits, offset by half a unit so that log(u) is finite.
  public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
  /// Standard normal by Box–Muller.
  public mutating func gaussian() -> Double {
    let u1 = uniform(), u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}

