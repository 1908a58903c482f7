import FECommon
import EngineeringExamples

/// The data of the fin worked example (`Validation/apps/fin/fins.csv`): the
/// Incropera Ex. 3.9 rods (D = 5 mm, θ_b = 75 K) at a true h = 100 W m⁻² K⁻¹, q with
/// 2 % Gaussian noise from `SplitMix64(seed:)`.
package enum FinExampleFiles {
  /// (k, L, tip) per row: copper, aluminium and stainless steel, short and long.
  static let cases: [(k: Double, length: Double?, tip: FinTip)] = [
    (398, 0.05, .convective), (180, 0.05, .adiabatic), (14, 0.05, .convective),
    (14, 0.3, .convective), (398, nil, .infinite),
  ]

  package static func text(seed: UInt64, h: Double = 100) -> String {
    var rng = SplitMix64(seed: seed)
    var text = "# Synthetic: Incropera & DeWitt Ex. 3.9 rods (D = 5 mm, T_base = 100 C, T_inf = 25 C), true h = \(h) W/m2/K,\n"
    text += "# q with 2% Gaussian noise (SplitMix64 seed \(seed)); SI units: m, W/m/K, C, W\n"
    text += "D,L,k,T_base,T_inf,q,sigma_q,tip\n"
    for c in cases {
      let fin = PinFin(diameter: 0.005, length: c.length ?? .infinity, conductivity: c.k, baseExcess: 75, tip: c.tip)
      let exact = fin.heatFlow(h: h)
      let sigma = 0.02 * exact
      let q = exact + sigma * rng.nextGaussian()
      text += "0.005,\(c.length.map { "\($0)" } ?? ""),\(c.k),100,25,\(q),\(sigma),\(c.tip.rawValue)\n"
    }
    return text
  }
}
