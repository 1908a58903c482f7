#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A straight pin fin of circular cross-section: the forward model q(h) of
/// `shared/spec/apps.md` §8 (Incropera & DeWitt, 6th ed., §3.6.2, Table 3.4).
///
/// With perimeter P = πD, cross-section A_c = πD²/4, θ_b = T_base − T_inf,
/// m = √(hP/(kA_c)) and M = √(hPkA_c)·θ_b, the heat leaving the base is
/// - convective tip: q = M (sinh mL + (h/mk) cosh mL)/(cosh mL + (h/mk) sinh mL),
///   evaluated as M (t + β)/(1 + β t) with t = tanh mL, β = h/(mk), which never
///   overflows;
/// - adiabatic tip: q = M tanh mL;
/// - infinite fin: q = M.
///
/// SI units throughout: D and L in m, k in W m⁻¹ K⁻¹, h in W m⁻² K⁻¹, temperatures in
/// K or °C (only the difference enters), q in W.
package struct PinFin: Sendable, Equatable {
  /// Diameter D, m.
  package var diameter: Double
  /// Length L, m (unused for an infinite fin).
  package var length: Double
  /// Thermal conductivity k, W m⁻¹ K⁻¹.
  package var conductivity: Double
  /// θ_b = T_base − T_inf, K.
  package var baseExcess: Double
  package var tip: FinTip

  package init(diameter: Double, length: Double, conductivity: Double, baseExcess: Double, tip: FinTip) {
    self.diameter = diameter
    self.length = length
    self.conductivity = conductivity
    self.baseExcess = baseExcess
    self.tip = tip
  }

  /// P = πD, m.
  package var perimeter: Double { .pi * diameter }
  /// A_c = πD²/4, m².
  package var crossSection: Double { .pi * diameter * diameter / 4 }

  /// m = √(hP/(kA_c)), m⁻¹.
  package func m(h: Double) -> Double { (h * perimeter / (conductivity * crossSection)).squareRoot() }

  /// mL, the fin's length in units of its decay length (infinity for an infinite fin).
  package func mL(h: Double) -> Double { tip == .infinite ? .infinity : m(h: h) * length }

  /// The base heat flow q(h), W (sign of θ_b). h must be > 0.
  package func heatFlow(h: Double) -> Double {
    let big = (h * perimeter * conductivity * crossSection).squareRoot() * baseExcess
    switch tip {
    case .infinite: return big
    case .adiabatic: return big * tanh(m(h: h) * length)
    case .convective:
      let mm = m(h: h), t = tanh(mm * length), beta = h / (mm * conductivity)
      return big * (t + beta) / (1 + beta * t)
    }
  }

  /// κ = d ln q / d ln h, in [½, 1]: a relative error δ in q gives δ/κ in h.
  ///
  /// From q = M g(mL, β) with M, m and β each ∝ h^½:
  /// κ = ½ + ½ [mL (1 − t²)(1 − β²) + β(1 − t²)] / ((1 + βt)(t + β)) (convective;
  /// β = 0 gives the adiabatic ½ + mL/sinh 2mL; ½ for an infinite fin).
  package func sensitivityToH(h: Double) -> Double {
    let (a, b) = logDerivatives(h: h)
    return 0.5 + 0.5 * (a + b)
  }

  /// d ln q / d ln k at fixed h: M ∝ k^½, m and β ∝ k^(−½), so ½ − ½ (a + b) with
  /// a, b as in `sensitivityToH`; ½ for an infinite fin (q ∝ √(hk)).
  package func sensitivityToK(h: Double) -> Double {
    let (a, b) = logDerivatives(h: h)
    return 0.5 - 0.5 * (a + b)
  }

  /// (∂ln g/∂ln mL, ∂ln g/∂ln β) of the tip factor g (0 for an infinite fin).
  func logDerivatives(h: Double) -> (Double, Double) {
    switch tip {
    case .infinite: return (0, 0)
    case .adiabatic:
      let x = m(h: h) * length
      // d ln tanh x / d ln x = x (1 − t²)/t = 2x / sinh 2x (→ 1 as x → 0).
      return (x < 1e-8 ? 1 : 2 * x / sinh(2 * x), 0)
    case .convective:
      let mm = m(h: h), x = mm * length, t = tanh(x), beta = h / (mm * conductivity)
      let s = 1 - t * t, den = (1 + beta * t) * (t + beta)
      return (x * s * (1 - beta * beta) / den, beta * s / den)
    }
  }

  /// The length beyond which the fin is effectively infinite: tanh mL ≥ 0.99 at
  /// mL = 2.65 (Incropera & DeWitt, Ex. 3.9), m.
  package func effectivelyInfiniteLength(h: Double) -> Double { 2.65 / m(h: h) }
}
