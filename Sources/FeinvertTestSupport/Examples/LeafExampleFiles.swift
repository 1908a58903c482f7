import FECommon
import EcologyExamples

/// The data of the leaf worked example (`Validation/apps/leaf/leaf.csv`): one noisy
/// replicate of `LeafSimulation.truth()` from `SplitMix64(seed:)`.
package enum LeafExampleFiles {
  package static func text(seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    let truth = LeafSimulation.truth()
    let s = LeafSimulation.noisy(truth, rng: &rng)
    var text = "# Synthetic: K_max = 10 mmol m-2 s-1 MPa-1, PLC logistic in psi (P50 = -2.5 MPa), K_AQP = 0 over the driest 7 of 15;\n"
    text += "# sigma_K = 8% of K_leaf, sigma_PLC = 0.03, SplitMix64 seed \(seed); t in h, psi in MPa, PLC a fraction\n"
    text += "t,psi,K_leaf,sigma_K_leaf,PLC,sigma_PLC\n"
    for i in 0..<s.count {
      text += "\(s.t[i]),\(s.psi[i]),\(s.kLeaf[i]),\(s.sigmaK[i]),\(s.plc[i]),\(s.sigmaPLC[i])\n"
    }
    return text
  }
}
