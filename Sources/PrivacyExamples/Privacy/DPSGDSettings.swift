/// The hyper-parameters of a DP-SGD run (Abadi et al., "Deep Learning with Differential
/// Privacy", CCS 2016, Alg. 1, with Poisson sampling as the accountant assumes).
package struct DPSGDSettings: Sendable, Equatable {
  /// q: the probability each training record joins a step's batch.
  package var sampleRate: Double
  /// C: the L2 norm each per-example gradient is clipped to (standardized units).
  package var clipNorm: Double
  /// σ: the noise multiplier; the noise added to the clipped sum is N(0, σ²C²I).
  /// 0 gives clipped SGD without privacy (ε = ∞).
  package var noiseMultiplier: Double
  /// T: the number of steps.
  package var steps: Int
  /// η: the step size applied to the noisy sum divided by the expected batch q·n.
  package var learningRate: Double

  package init(sampleRate: Double, clipNorm: Double, noiseMultiplier: Double, steps: Int, learningRate: Double) {
    self.sampleRate = sampleRate
    self.clipNorm = clipNorm
    self.noiseMultiplier = noiseMultiplier
    self.steps = steps
    self.learningRate = learningRate
  }
}
