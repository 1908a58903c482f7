import Foundation

extension RenyiAccountant {
  /// The smallest ε over the orders at which the accumulated RDP gives (ε, δ)-DP.
  ///
  /// `improved` follows dp-accounting's `compute_epsilon` line by line: an order whose
  /// RDP is negative gives 0 (round-off on an extreme event); one with
  /// δ² + e^(−ε(α)) − 1 > 0 gives 0 (the KL bound δ ≤ √(1 − e^(−KL)) already holds);
  /// otherwise orders above 1.01 give ε(α) + log1p(−1/α) − log(δα)/(α − 1) and orders at
  /// or below 1.01 give ∞. `classic` is ε(α) + log(1/δ)/(α − 1) at every order. The
  /// minimum is taken over the orders (the first on ties) and clipped at 0.
  ///
  /// `delta` must lie in (0, 1), or a precondition failure occurs (the caller
  /// validates user input).
  package func epsilon(delta: Double, conversion: RDPConversion) -> PrivacyGuarantee {
    precondition(delta > 0 && delta < 1, "RenyiAccountant.epsilon: delta must lie in (0, 1)")
    var best = Double.infinity
    var bestOrder = orders.first ?? .nan
    for (alpha, r) in zip(orders, rdp) {
      let e: Double
      switch conversion {
      case .classic:
        e = r - log(delta) / (alpha - 1)
      case .improved:
        if r < 0 {
          e = 0
        } else if delta * delta + expm1(-r) > 0 {
          e = 0
        } else if alpha > 1.01 {
          e = r + log1p(-1 / alpha) - log(delta * alpha) / (alpha - 1)
        } else {
          e = .infinity
        }
      }
      if e < best {
        best = e
        bestOrder = alpha
      }
    }
    return PrivacyGuarantee(epsilon: max(0, best), delta: delta, order: bestOrder, conversion: conversion)
  }
}
