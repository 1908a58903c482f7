/// What `PrivacyExperiment.run` does: the split, the attack's target attribute, the
/// DP-SGD hyper-parameters shared by every point of the curve, the noise multipliers
/// that make the curve, δ, and how many seeded runs each point averages.
package struct PrivacyExperimentSettings: Sendable, Equatable {
  /// The sensitive feature's column in the data set.
  package var sensitiveColumn: Int
  /// The fraction of records that train (members); the rest are non-members.
  package var trainFraction: Double
  /// The seed of the split (`TrainTestSplit`) and of the DP-SGD runs' seeds.
  package var seed: UInt64
  /// σ of each curve point (0: clipped SGD without noise, ε = ∞).
  package var noiseMultipliers: [Double]
  /// q, C, T, η of every run (its `noiseMultiplier` is ignored: each point sets its own).
  package var training: DPSGDSettings
  /// δ of the (ε, δ) guarantees.
  package var delta: Double
  /// Seeded DP-SGD runs averaged at each σ.
  package var runs: Int

  package init(sensitiveColumn: Int, trainFraction: Double, seed: UInt64, noiseMultipliers: [Double],
              training: DPSGDSettings, delta: Double, runs: Int) {
    self.sensitiveColumn = sensitiveColumn
    self.trainFraction = trainFraction
    self.seed = seed
    self.noiseMultipliers = noiseMultipliers
    self.training = training
    self.delta = delta
    self.runs = runs
  }

  /// The defaults of `feinvert app privacy`: half the records train (split seed 1);
  /// q = 0.1, C = 1, T = 1000, η = 0.1; σ = 0, 1, 2, 4, 8, 16; δ = 1e-5; 40 runs.
  package static func defaults(sensitiveColumn: Int) -> PrivacyExperimentSettings {
    PrivacyExperimentSettings(
      sensitiveColumn: sensitiveColumn, trainFraction: 0.5, seed: 1, noiseMultipliers: [0, 1, 2, 4, 8, 16],
      training: DPSGDSettings(sampleRate: 0.1, clipNorm: 1, noiseMultiplier: 0, steps: 1000, learningRate: 0.1),
      delta: 1e-5, runs: 40)
  }
}
