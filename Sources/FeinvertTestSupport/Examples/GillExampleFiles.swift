import FECommon
import EcologyExamples

/// The data of the gill worked example (`Validation/apps/gill/gill.csv`): four
/// measurements from true NTU values, ε with Gaussian noise from `SplitMix64(seed:)`.
package enum GillExampleFiles {
  /// (true NTU, C_r, σ_ε) per row.
  static let cases: [(ntu: Double, cr: Double, sigma: Double)] = [
    (1.5, 0.5, 0.03), (3, 0.6, 0.02), (6, 0.5, 0.01), (12, 0.3, 0.02),
  ]

  package static func text(seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    var text = "# Synthetic: true NTU = 1.5, 3, 6, 12; eps = eps(NTU, Cr) + sigma_eps * N(0, 1), SplitMix64 seed \(seed)\n"
    text += "eps,sigma_eps,Cr\n"
    for c in cases {
      let exact = CounterCurrentExchanger.effectiveness(ntu: c.ntu, capacityRatio: c.cr)
      let eps = max(0, exact + c.sigma * rng.nextGaussian())
      text += "\(eps),\(c.sigma),\(c.cr)\n"
    }
    return text
  }
}
