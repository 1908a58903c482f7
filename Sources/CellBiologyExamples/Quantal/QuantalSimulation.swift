import FECommon
import Foundation

/// The binomial–gamma synapse of the spec's validation (`shared/spec/apps.md` §4): N sites,
/// each releasing with probability p a quantum whose size is Gamma-distributed with mean q
/// and coefficient of variation CV (shape 1/CV², scale q·CV²), plus Gaussian background noise
/// of s.d. σ_bg. The sum of k quanta is then Gamma(k/CV², q·CV²).
package enum QuantalSimulation {
  /// The synapse and the recording design; the defaults are the spec's.
  package struct Design: Sendable {
    package var sites = 10
    /// q, pA.
    package var quantalSize = 25.0
    package var quantalCV = 0.3
    package var releaseProbabilities = [0.1, 0.2, 0.4, 0.6, 0.8]
    package var trialsPerCondition = 150
    /// σ_bg, pA.
    package var backgroundSigma = 3.0
    package init() {}

    /// q_app = q(1 + CV²).
    package var apparentQuantalSize: Double { quantalSize * (1 + quantalCV * quantalCV) }
  }

  /// Trial amplitudes per condition (in the order of `releaseProbabilities`).
  package static func trials(_ design: Design, seed: UInt64) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    let shapePerQuantum = 1 / (design.quantalCV * design.quantalCV)
    let scale = design.quantalSize * design.quantalCV * design.quantalCV
    return design.releaseProbabilities.map { p in
      (0..<design.trialsPerCondition).map { _ in
        var released = 0
        for _ in 0..<design.sites where rng.nextUnit() < p { released += 1 }
        var amplitude = design.backgroundSigma * rng.nextGaussian()
        if released > 0 {
          amplitude += GammaSampler.sample(shape: Double(released) * shapePerQuantum, scale: scale, using: &rng)
        }
        return amplitude
      }
    }
  }
}
