import FECommon
import Foundation

/// The synthetic dehydration series of the leaf validation (`shared/spec/apps.md` §2).
///
/// Fifteen times t = 0…14; ψ falls linearly from −0.2 to −3.5 MPa; PLC follows a
/// logistic vulnerability curve PLC = 1/(1 + e^{−2.5(−ψ − 2.5)}) (ψ₅₀ = −2.5 MPa, little
/// embolism at turgor loss, after Scoffoni et al. 2017), reaching 0.92 at the driest
/// point; K_max = 10 mmol m⁻² s⁻¹ MPa⁻¹; K_AQP(t) = 6 (1 − t/8)² for t < 8 and 0 over the
/// driest seven points (t = 8…14). Noise: σ_K = 8 % of the true K_leaf, σ_PLC = 0.03.
package enum LeafSimulation {
  package static let kMax = 10.0
  package static let relativeSigmaK = 0.08
  package static let sigmaPLC = 0.03

  /// The noise-free series (with the σ's it would be measured with).
  package static func truth() -> LeafSeries {
    let n = 15
    var t = [Double](), psi = [Double](), k = [Double](), plc = [Double]()
    for i in 0..<n {
      let p = -0.2 - 3.3 * Double(i) / Double(n - 1)
      let embolized = 1 / (1 + exp(-2.5 * (-p - 2.5)))
      let aqp = i < 8 ? 6 * (1 - Double(i) / 8) * (1 - Double(i) / 8) : 0
      t.append(Double(i)); psi.append(p); plc.append(embolized)
      k.append(kMax * (1 - embolized) + aqp)
    }
    return LeafSeries(t: t, psi: psi, kLeaf: k, sigmaK: k.map { relativeSigmaK * $0 },
                      plc: plc, sigmaPLC: [Double](repeating: sigmaPLC, count: n))
  }

  /// One noisy replicate: K_leaf and PLC each plus σ·N(0, 1) from `rng`.
  package static func noisy(_ truth: LeafSeries, rng: inout SplitMix64) -> LeafSeries {
    var s = truth
    for i in 0..<s.count {
      s.kLeaf[i] += truth.sigmaK[i] * rng.nextGaussian()
      s.plc[i] += truth.sigmaPLC[i] * rng.nextGaussian()
    }
    return s
  }
}
