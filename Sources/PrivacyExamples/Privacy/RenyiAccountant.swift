/// A Rényi-DP accountant: the RDP curve ε(α) of a sequence of mechanisms, at a fixed
/// list of orders, added up over the mechanisms (RDP composes additively; Mironov
/// 2017, Prop. 1), and converted to (ε, δ) at the end (`epsilon(delta:conversion:)`).
///
/// Its numbers are dp-accounting's `RdpAccountant` with `PoissonSampledDpEvent(q,
/// GaussianDpEvent(σ))` self-composed T times, to round-off (the validation tests hold
/// them to 1e-6 relative over 16 settings).
package struct RenyiAccountant: Sendable {
  /// The Rényi orders α, each > 1.
  package let orders: [Double]
  /// The accumulated ε(α) at each order (natural-log units); ∞ where unbounded.
  package private(set) var rdp: [Double]

  /// An accountant with nothing spent. `orders` must all exceed 1, or a precondition
  /// failure occurs.
  package init(orders: [Double] = SampledGaussianRDP.defaultOrders) {
    precondition(orders.allSatisfy { $0 > 1 }, "RenyiAccountant: orders must exceed 1")
    self.orders = orders
    self.rdp = Array(repeating: 0, count: orders.count)
  }

  /// Adds `steps` steps of the Poisson-sampled Gaussian mechanism (sampling rate q,
  /// noise multiplier σ = noise s.d. / L2 sensitivity). Zero steps spend nothing.
  /// Preconditions as in `SampledGaussianRDP.rdp`, and `steps >= 0`.
  package mutating func composeSampledGaussian(sampleRate q: Double, noiseMultiplier sigma: Double, steps: Int) {
    precondition(steps >= 0, "RenyiAccountant: steps must be >= 0")
    if steps == 0 { return }
    let one = SampledGaussianRDP.rdp(sampleRate: q, noiseMultiplier: sigma, orders: orders)
    for k in rdp.indices { rdp[k] += Double(steps) * one[k] }
  }
}
