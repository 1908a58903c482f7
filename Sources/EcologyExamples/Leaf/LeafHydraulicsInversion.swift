import FECommon
import Foundation

/// Leaf hydraulics: xylem versus outside-xylem conductance (`shared/spec/apps.md` §2).
///
/// K_leaf(t) = K_max (1 − PLC(t)) + K_AQP(t) with K_AQP ≥ 0 has one equation and two
/// unknowns per time, so only an upper bound on K_max is identified
/// (`LeafXylemBound`). This reports
/// 1. the naive bound K* = min_t K_leaf/(1 − PLC) and its binding times;
/// 2. the chance-constrained bound K̂ (largest K with
///    K_leaf − K(1 − PLC) ≥ −z √(σ_K² + K² σ_PLC²) at every time), which offsets the
///    downward bias of a minimum of noisy ratios;
/// 3. a parametric bootstrap of K̂ (K_leaf and PLC redrawn from their normal errors,
///    seeded `SplitMix64`), giving a percentile interval and an SE;
/// 4. the decomposition K_AQP(t) = K_leaf − K̂(1 − PLC) with SEs.
/// Every K̂ is labelled an upper bound: it equals K_max only if K_AQP reaches 0.
package enum LeafHydraulicsInversion {
  /// The one-sided 95 % normal quantile.
  package static let defaultZ = 1.645

  /// Analyzes a series.
  ///
  /// - Parameters:
  ///   - series: the data (σ ≥ 0, checked by the reader).
  ///   - z: the chance-constraint quantile (> 0).
  ///   - bootstrap: replicates (0 skips the bootstrap).
  ///   - seed: the bootstrap's `SplitMix64` seed.
  package static func analyze(_ series: LeafSeries, z: Double = defaultZ, bootstrap: Int = 2000, seed: UInt64 = 1)
    -> LeafHydraulicsResult
  {
    let n = series.count
    let naive = LeafXylemBound.naive(series)
    let (kHat, binding) = LeafXylemBound.chanceConstrained(series, z: z)
    let uninformative = (0..<n).filter {
      LeafXylemBound.chanceBound(kLeaf: series.kLeaf[$0], sigmaK: series.sigmaK[$0], plc: series.plc[$0],
                                 sigmaPLC: series.sigmaPLC[$0], z: z) == .infinity
    }

    // Parametric bootstrap of K̂.
    var replicates = [Double]()
    replicates.reserveCapacity(bootstrap)
    var rng = SplitMix64(seed: seed)
    var draw = series
    for _ in 0..<bootstrap {
      for i in 0..<n {
        draw.kLeaf[i] = series.kLeaf[i] + series.sigmaK[i] * rng.nextGaussian()
        draw.plc[i] = series.plc[i] + series.sigmaPLC[i] * rng.nextGaussian()
      }
      replicates.append(LeafXylemBound.chanceConstrained(draw, z: z).bound)
    }
    replicates.sort()
    let finite = replicates.filter(\.isFinite)
    let interval = bootstrap > 0 ? (percentile(replicates, 0.025), percentile(replicates, 0.975)) : (Double.nan, Double.nan)
    var se = Double.nan
    if finite.count == replicates.count && finite.count > 1 {
      let mean = finite.reduce(0, +) / Double(finite.count)
      se = (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1)).squareRoot()
    }

    // Decomposition at K̂.
    var xylem = [Double](), aqp = [Double](), aqpSE = [Double](), zero = [Int]()
    if kHat.isFinite {
      let seK = se.isFinite ? se : 0
      for i in 0..<n {
        let a = 1 - series.plc[i]
        xylem.append(kHat * a)
        aqp.append(series.kLeaf[i] - kHat * a)
        let v = series.sigmaK[i] * series.sigmaK[i] + kHat * kHat * series.sigmaPLC[i] * series.sigmaPLC[i] + a * a * seK * seK
        aqpSE.append(v.squareRoot())
        if abs(aqp[i]) <= 2 * aqpSE[i] { zero.append(i) }
      }
    }

    var warnings = [String]()
    if kHat.isFinite {
      warnings.append("K_hat = \(fmt(kHat)) is an upper bound on K_max: it equals K_max only if K_AQP reaches 0 at the binding "
        + "time (t = \(binding.map { fmt(series.t[$0]) } ?? "-")); every K in [0, K_hat] fits")
      if zero.count >= 2 {
        warnings.append("K_AQP is within 2 SE of 0 at \(zero.count) times (t = \(zero.map { fmt(series.t[$0]) }.joined(separator: ", "))), "
          + "consistent with K_AQP reaching 0 there, but the data cannot prove it")
      }
    } else {
      warnings.append("no time bounds K_max (each has PLC >= 1 or 1 - PLC <= z sigma_PLC): the data give no upper bound")
    }
    if !uninformative.isEmpty {
      warnings.append("\(uninformative.count) time(s) cannot bound K (PLC near 1 relative to its sigma): t = "
        + uninformative.map { fmt(series.t[$0]) }.joined(separator: ", "))
    }
    if let naive, kHat.isFinite, naive.bound < kHat {
      warnings.append("the naive minimum K* = \(fmt(naive.bound)) lies below K_hat: a minimum of noisy ratios is biased low")
    }
    if kHat == 0 {
      warnings.append("K_leaf is below -z sigma at some time: the data are inconsistent with K_AQP >= 0")
    }
    return LeafHydraulicsResult(
      naiveBound: naive?.bound, naiveBinding: naive?.binding ?? [], chanceBound: kHat, chanceBinding: binding, z: z,
      bootstrapReplicates: bootstrap, bootstrapInterval: interval, bootstrapStandardError: se, xylem: xylem,
      outsideXylem: aqp, outsideXylemSE: aqpSE, consistentWithZeroAQP: zero, uninformative: uninformative,
      warnings: warnings)
  }

  /// The p-quantile of sorted values by linear interpolation (Hyndman & Fan type 7).
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let h = p * Double(sorted.count - 1)
    let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
    if !sorted[lo].isFinite { return sorted[lo] }
    if !sorted[hi].isFinite { return h == Double(lo) ? sorted[lo] : .infinity }
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }

  static func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
}
