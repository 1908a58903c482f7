/// The Rényi differential privacy of one step of the Poisson-sampled Gaussian
/// mechanism: each record is taken with probability q, the sum of the taken
/// records' contributions (each of L2 norm at most C) gets N(0, σ²C²I) added.
///
/// RDP at order α > 1 is ε(α) = log(A_α)/(α − 1) with
/// A_α = E_{z∼μ₀}[(μ(z)/μ₀(z))^α], μ₀ = N(0, σ²), μ = (1 − q)μ₀ + q N(1, σ²)
/// (Mironov, Talwar & Zhang, "Rényi Differential Privacy of the Sampled Gaussian
/// Mechanism", 2019, §3). For integer α, A_α is the binomial sum
/// Σᵢ C(α, i) qⁱ (1 − q)^(α−i) exp((i² − i)/(2σ²)) (§3.2) summed in log space; for
/// fractional α the two-sided series of §3.3, truncated as dp-accounting's
/// `_compute_log_a_frac` truncates it (see `logAFractional`). Special cases as in
/// dp-accounting: q = 0 gives 0, σ = 0 or α = ∞ gives ∞, q = 1 gives α/(2σ²) (the
/// plain Gaussian mechanism).
///
/// RDP composes additively: T steps have T·ε(α) (`RenyiAccountant`).
package enum SampledGaussianRDP {
  /// The orders of dp-accounting's `DEFAULT_RDP_ORDERS` and of `shared/spec/apps.md` §10:
  /// 1.1, 1.2, …, 10.9 (computed as 1 + k/10, so 2.0, 3.0, … are integers and take
  /// the binomial sum), 11, 12, …, 63, 128, 256, 512, 1024. 156 orders.
  package static let defaultOrders: [Double] =
    (1...99).map { 1 + Double($0) / 10 } + (11...63).map(Double.init) + [128, 256, 512, 1024]

  /// ε(α) of one step at each order.
  ///
  /// `sampleRate` must lie in [0, 1], `noiseMultiplier` must be ≥ 0 and every order
  /// > 1, or a precondition failure occurs (the caller validates user input).
  /// An order whose fractional series does not settle within 1000 terms gets ∞, so
  /// it drops out of the minimum over orders, as in dp-accounting.
  package static func rdp(sampleRate q: Double, noiseMultiplier sigma: Double, orders: [Double]) -> [Double] {
    orders.map { rdp(sampleRate: q, noiseMultiplier: sigma, order: $0) }
  }

  /// ε(α) of one step at one order; see `rdp(sampleRate:noiseMultiplier:orders:)`.
  package static func rdp(sampleRate q: Double, noiseMultiplier sigma: Double, order alpha: Double) -> Double {
    precondition((0...1).contains(q), "SampledGaussianRDP: sample rate must lie in [0, 1]")
    precondition(sigma >= 0, "SampledGaussianRDP: noise multiplier must be >= 0")
    precondition(alpha > 1, "SampledGaussianRDP: orders must exceed 1")
    if q == 0 { return 0 }
    if alpha.isInfinite || sigma == 0 { return .infinity }
    if q == 1 { return alpha / (2 * sigma * sigma) }
    let logA: Double
    if alpha.rounded(.towardZero) == alpha && alpha <= Double(Int.max / 2) {
      logA = logAInteger(q: q, sigma: sigma, alpha: Int(alpha))
    } else {
      logA = logAFractional(q: q, sigma: sigma, alpha: alpha)
    }
    return logA / (alpha - 1)
  }
}
