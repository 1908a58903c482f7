/// Upper bounds on the xylem's maximum conductance K_max from
/// K_leaf(t) = K_max (1 − PLC(t)) + K_AQP(t), K_AQP ≥ 0 (`shared/spec/apps.md` §2).
///
/// One equation and two unknowns per time: the data cannot give K_max, only the
/// largest K consistent with K_AQP ≥ 0 at every time. Every K in [0, K*] is feasible,
/// and K* = K_max only if K_AQP reaches 0 at the binding times.
package enum LeafXylemBound {
  /// The naive bound K* = min_t K_leaf(t)/(1 − PLC(t)) over the times with PLC < 1
  /// (where PLC ≥ 1 the constraint holds for every K ≥ 0), and the binding times
  /// (indices within 1e-9 relative of the minimum). nil when no time has PLC < 1.
  ///
  /// With noisy data the minimum of noisy ratios is biased low (order −1.3σ for seven
  /// binding times).
  package static func naive(_ s: LeafSeries) -> (bound: Double, binding: [Int])? {
    var best = Double.infinity
    var ratio = [Double?](repeating: nil, count: s.count)
    for i in 0..<s.count where s.plc[i] < 1 {
      let r = s.kLeaf[i] / (1 - s.plc[i])
      ratio[i] = r
      best = min(best, r)
    }
    guard best.isFinite else { return nil }
    let binding = (0..<s.count).filter { i in ratio[i].map { $0 - best <= 1e-9 * abs(best) } ?? false }
    return (best, binding)
  }

  /// The chance-constrained bound of one time: the largest K ≥ 0 with
  /// K_leaf − K a ≥ −z √(σ_K² + K² σ_PLC²), a = 1 − PLC.
  ///
  /// h(K) = K a − K_leaf − z √(σ_K² + K² σ_PLC²) rises strictly when a > z σ_PLC (its
  /// slope is at least a − z σ_PLC), so the bound is its single root: the larger root
  /// of (a² − z²σ_PLC²) K² − 2 a K_leaf K + K_leaf² − z² σ_K² = 0, whose discriminant
  /// is z²(a² σ_K² + σ_PLC² (K_leaf² − z² σ_K²)) ≥ 0. It is computed as (B + √D)/A for
  /// B = a K_leaf > 0 and as C/(B − √D) otherwise (no cancellation).
  ///
  /// - Returns: the bound; +infinity when a ≤ z σ_PLC (the time cannot bound K: with
  ///   that much PLC uncertainty any large K passes), 0 when even K = 0 violates the
  ///   constraint (K_leaf < −z σ_K: data inconsistent with K_AQP ≥ 0).
  @inlinable
  package static func chanceBound(kLeaf k: Double, sigmaK sk: Double, plc: Double, sigmaPLC sp: Double, z: Double) -> Double {
    let a = 1 - plc
    let quadratic = a * a - z * z * sp * sp
    guard a > 0, quadratic > 0 else { return .infinity }
    if k + z * sk < 0 { return 0 }
    let b = a * k, c = k * k - z * z * sk * sk
    let d = max(0, z * z * (a * a * sk * sk + sp * sp * (k * k - z * z * sk * sk)))
    let root = b > 0 ? (b + d.squareRoot()) / quadratic : c / (b - d.squareRoot())
    return max(0, root)
  }

  /// The chance-constrained bound of a series: the minimum of `chanceBound` over the
  /// times, with the index attaining it; bound = +infinity (index nil) when no time can
  /// bound K.
  @inlinable
  package static func chanceConstrained(_ s: LeafSeries, z: Double) -> (bound: Double, binding: Int?) {
    var best = Double.infinity, index: Int? = nil
    for i in 0..<s.count {
      let b = chanceBound(kLeaf: s.kLeaf[i], sigmaK: s.sigmaK[i], plc: s.plc[i], sigmaPLC: s.sigmaPLC[i], z: z)
      if b < best { best = b; index = i }
    }
    return (best, index)
  }
}
