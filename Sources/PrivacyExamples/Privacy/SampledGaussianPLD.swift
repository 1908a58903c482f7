import Foundation

/// The privacy loss of one step of the Poisson-sampled Gaussian mechanism (each record taken
/// with probability q, its contribution of L2 norm ≤ 1 summed, N(0, σ²) added), under the
/// add-or-remove-one relation of `SampledGaussianRDP`: one record removed (`remove`) or added
/// (`add`). By symmetry of the Gaussian along the record's direction the pair is 1-D:
///
/// - remove: P = (1 − q)N(0, σ²) + qN(1, σ²), Q = N(0, σ²), loss
///   L(x) = log(1 − q + q·e^{(2x−1)/(2σ²)}) with x ∼ P;
/// - add: P = N(0, σ²), Q = (1 − q)N(0, σ²) + qN(1, σ²), loss −L(x) with x ∼ N(0, σ²).
///
/// L increases with x, so the hockey-stick divergence is a tail probability at the point t
/// where the loss equals ε (Zhu, Dong & Wang 2022, "Optimal accounting of differential
/// privacy via characteristic function", *AISTATS*, §5; dp-accounting's
/// `GaussianPrivacyLoss` with `sampling_prob`), with Φ̄(z) = ½erfc(z/√2):
///
/// - remove, e^ε > 1 − q: t = σ² log((e^ε − 1 + q)/q) + ½,
///   δ(ε) = (1 − q)Φ̄(t/σ) + qΦ̄((t − 1)/σ) − e^ε Φ̄(t/σ); for e^ε ≤ 1 − q, δ(ε) = 1 − e^ε;
/// - add, e^{−ε} > 1 − q: t = σ² log((e^{−ε} − 1 + q)/q) + ½,
///   δ(ε) = Φ(t/σ) − e^ε[(1 − q)Φ(t/σ) + qΦ((t − 1)/σ)]; for e^{−ε} ≤ 1 − q, δ(ε) = 0.
///
/// At q = 1 both are the Gaussian mechanism's δ(ε) = Φ(−εσ + 1/(2σ)) − e^ε Φ(−εσ − 1/(2σ))
/// (Balle & Wang 2018, "Improving the Gaussian mechanism for differential privacy",
/// *ICML*, Thm. 8, with sensitivity 1).
package enum SampledGaussianPLD {
  /// Which neighbour the mechanism's output distributions compare.
  package enum Direction: String, Sendable, CaseIterable {
    case remove, add
  }

  static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
  static func lowerTail(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

  /// L(x) = log(1 − q + q·e^{(2x−1)/(2σ²)}), summed in log space.
  static func loss(_ x: Double, q: Double, sigma: Double) -> Double {
    let exponent = (2 * x - 1) / (2 * sigma * sigma)
    if q == 1 { return exponent }
    return LogSpace.add(log1p(-q), log(q) + exponent)
  }

  /// δ(ε) of one step in `direction`. `q` in (0, 1] and `sigma > 0`, or a precondition failure occurs.
  package static func delta(_ direction: Direction, sampleRate q: Double, noiseMultiplier sigma: Double, epsilon: Double) -> Double {
    precondition(q > 0 && q <= 1 && sigma > 0, "SampledGaussianPLD: q in (0, 1], sigma > 0")
    let s2 = sigma * sigma
    switch direction {
    case .remove:
      // e^ε − 1 + q = expm1(ε) + q, kept accurate near ε = 0.
      let shifted = expm1(epsilon) + q
      guard shifted > 0 else { return -expm1(epsilon) }
      let t = s2 * (log(shifted) - log(q)) + 0.5
      let value = (1 - q) * upperTail(t / sigma) + q * upperTail((t - 1) / sigma) - exp(epsilon) * upperTail(t / sigma)
      return max(value, 0, -expm1(epsilon))
    case .add:
      let shifted = expm1(-epsilon) + q
      guard shifted > 0 else { return 0 }
      let t = s2 * (log(shifted) - log(q)) + 0.5
      let value = lowerTail(t / sigma) - exp(epsilon) * ((1 - q) * lowerTail(t / sigma) + q * lowerTail((t - 1) / sigma))
      return max(value, 0, -expm1(epsilon))
    }
  }

  /// The losses at x = −zσ and x = 1 + zσ (remove) or ±zσ (add): outside them the output x
  /// has probability below Φ̄(z) under the distribution the loss is taken under.
  package static func lossRange(_ direction: Direction, sampleRate q: Double, noiseMultiplier sigma: Double, z: Double = 8)
    -> (lower: Double, upper: Double)
  {
    switch direction {
    case .remove: return (loss(-z * sigma, q: q, sigma: sigma), loss(1 + z * sigma, q: q, sigma: sigma))
    case .add: return (-loss(z * sigma, q: q, sigma: sigma), -loss(-z * sigma, q: q, sigma: sigma))
    }
  }
}
