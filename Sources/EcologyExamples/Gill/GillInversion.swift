import Foundation

/// NTU of a fish gill, treated as a counter-current exchanger, from a measured O₂
/// effectiveness (`shared/spec/apps.md` §6).
///
/// - ε < 1: NTU by the closed-form inverse (`CounterCurrentExchanger.ntu`), κ at ε, and
///   the interval [NTU(ε − σ), NTU(ε + σ)] (the map is increasing, so the image of
///   ε ± σ is exact and asymmetric). When ε + σ reaches 1 the data put no upper limit
///   on NTU; the upper end is then NTU at the effectiveness cap (default 1 − 10⁻⁴),
///   flagged, and labelled a cap, not a bound.
/// - ε ≥ 1 (possible with measurement error; physically ε ≤ 1): NTU is not determined;
///   only the lower bound NTU(ε − 2σ) is reported, with a warning (exit status 0).
package enum GillInversion {
  /// The effectiveness at which an open upper end is evaluated.
  package static let defaultEffectivenessCap = 1 - 1e-4

  /// One row's answer.
  package struct Result: Sendable, Equatable {
    /// NTU at ε, or nil when ε ≥ 1 (only a lower bound exists).
    package var ntu: Double?
    /// The lower end: NTU(ε − σ), or NTU(ε − 2σ) as a bound when ε ≥ 1 (0 when that is ≤ 0).
    package var ntuLower: Double
    /// The upper end: NTU(ε + σ); NTU(cap) when ε + σ ≥ 1 (`upperIsCapped`); +infinity when ε ≥ 1.
    package var ntuUpper: Double
    /// κ at ε (+infinity when ε ≥ 1).
    package var kappa: Double
    /// Whether ε + σ ≥ 1, so the data do not bound NTU above.
    package var upperIsCapped: Bool
    /// Whether only the lower bound is known (ε ≥ 1).
    package var lowerBoundOnly: Bool
    package var warnings: [String]
  }

  /// Inverts one measurement.
  ///
  /// - Parameters:
  ///   - eps: measured ε ≥ 0 (may exceed 1 through noise).
  ///   - sigma: its standard deviation ≥ 0.
  ///   - capacityRatio: C_r = C_min/C_max ∈ [0, 1].
  ///   - cap: the effectiveness for an open upper end, in (0, 1).
  /// Ranges are checked by the reader, or a precondition failure occurs.
  package static func invert(eps: Double, sigma: Double, capacityRatio cr: Double,
                            cap: Double = defaultEffectivenessCap) -> Result {
    precondition(eps >= 0 && sigma >= 0 && cr >= 0 && cr <= 1 && cap > 0 && cap < 1, "GillInversion: input out of range")
    func ntu(_ e: Double) -> Double { CounterCurrentExchanger.ntu(effectiveness: max(0, min(e, cap)), capacityRatio: cr) }
    if eps >= 1 {
      let lowEps = eps - 2 * sigma
      var warnings = ["measured eps = \(eps) >= 1: NTU is not determined; only the lower bound NTU >= \(short(ntu(lowEps))) "
        + "from eps - 2 sigma = \(short(lowEps)) is reported"]
      if lowEps >= 1 {
        warnings.append("eps - 2 sigma = \(short(lowEps)) >= 1 is impossible for an exchanger (eps <= 1): the measurement or "
          + "its sigma is inconsistent; the bound is NTU at the cap eps = \(cap)")
      }
      return Result(ntu: nil, ntuLower: ntu(lowEps), ntuUpper: .infinity, kappa: .infinity,
                    upperIsCapped: false, lowerBoundOnly: true, warnings: warnings)
    }
    let estimate = CounterCurrentExchanger.ntu(effectiveness: eps, capacityRatio: cr)
    let kappa = CounterCurrentExchanger.conditionNumber(effectiveness: eps, capacityRatio: cr)
    let capped = eps + sigma >= 1
    let upper = capped ? max(ntu(cap), estimate) : ntu(eps + sigma)
    var warnings = [String]()
    if capped {
      warnings.append("eps + sigma = \(short(eps + sigma)) reaches 1: the data do not bound NTU above; NTU_hi = \(short(upper)) "
        + "is the value at the cap eps = \(cap), not a bound")
    }
    if kappa > 10 {
      warnings.append("kappa = \(short(kappa)): a 1% error in eps is a \(short(kappa))% error in NTU (eps near 1)")
    }
    return Result(ntu: estimate, ntuLower: ntu(eps - sigma), ntuUpper: upper, kappa: kappa,
                  upperIsCapped: capped, lowerBoundOnly: false, warnings: warnings)
  }

  /// Four significant digits, for messages.
  static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
