#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ε–NTU relation of a counter-current exchanger and its inverse
/// (`shared/spec/apps.md` §6; Incropera & DeWitt, 6th ed., Table 11.3 and 11.4):
///
///     ε = (1 − e^{−NTU(1−C_r)}) / (1 − C_r e^{−NTU(1−C_r)}),   ε = NTU/(1 + NTU) at C_r = 1,
///     NTU = ln((1 − C_r ε)/(1 − ε)) / (1 − C_r),               NTU = ε/(1 − ε) at C_r = 1,
///
/// with C_r = C_min/C_max ∈ [0, 1] and ε ∈ [0, 1). Both are evaluated without the
/// cancellation of 0/0 as C_r → 1: with δ = 1 − C_r,
/// NTU = log1p(δ ε/(1 − ε))/δ and, with x = NTU δ and a = −expm1(−x) = 1 − e^{−x},
/// ε = a/(a + δ e^{−x}); both tend to the C_r = 1 forms continuously.
package enum CounterCurrentExchanger {
  /// ε(NTU, C_r); NTU ≥ 0, C_r ∈ [0, 1]. NTU = +infinity gives 1.
  package static func effectiveness(ntu: Double, capacityRatio cr: Double) -> Double {
    if ntu == .infinity { return 1 }
    let delta = 1 - cr
    if delta == 0 { return ntu / (1 + ntu) }
    let x = ntu * delta
    let a = -expm1(-x)
    return a / (a + delta * exp(-x))
  }

  /// NTU(ε, C_r); ε ∈ [0, 1], C_r ∈ [0, 1]. ε = 1 gives +infinity.
  package static func ntu(effectiveness eps: Double, capacityRatio cr: Double) -> Double {
    if eps >= 1 { return .infinity }
    let delta = 1 - cr
    let odds = eps / (1 - eps)
    if delta == 0 { return odds }
    return log1p(delta * odds) / delta
  }

  /// κ = |d ln NTU / d ln ε| = ε / (NTU (1 − ε)(1 − C_r ε)), the amplification of a
  /// relative error in ε into NTU; 1 in the limit ε → 0, +infinity at ε = 1
  /// (κ ≈ 145 at ε = 0.999, C_r = 0).
  package static func conditionNumber(effectiveness eps: Double, capacityRatio cr: Double) -> Double {
    if eps >= 1 { return .infinity }
    if eps == 0 { return 1 }
    let n = ntu(effectiveness: eps, capacityRatio: cr)
    return eps / (n * (1 - eps) * (1 - cr * eps))
  }
}
