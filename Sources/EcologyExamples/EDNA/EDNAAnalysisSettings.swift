/// Settings of the whole eDNA job (`EDNAAnalysis.run`).
package struct EDNAAnalysisSettings: Sendable {
  package var fit = EDNAFitSettings()
  /// Bootstrap replicates per fitted model (0: no bootstrap).
  package var bootstrapReplicates = 200
  /// The rule that decides between the models (`--decision`); `.bootstrap` needs
  /// `bootstrapReplicates >= 1`.
  package var decision = EDNADecisionRule.aic
  /// The level α of the bootstrap LR test.
  package var testLevel = 0.05
  /// Seed of the bootstrap and of the design's random starts.
  package var seed: UInt64 = 1
  /// n sites of a T-optimal design to propose (nil: none).
  package var designSize: Int?
  /// The candidate grid's range (km); nil: the sampled range.
  package var designRangeKm: (lower: Double, upper: Double)?
  /// The candidate grid's spacing (km).
  package var designSpacingKm = 0.25
  /// Starts of the exchange search.
  package var designStarts = 4
  /// θ_D for the design and for scoring the sampled sites (a `.distributed` source); nil:
  /// the distributed fit.
  package var nominal: EDNASource?
  /// The noise model of planned samples (the data's own, or the spec's default when the
  /// data carry a `sigma` column).
  package var designNoise = EDNANoiseModel.specDefault

  package init() {}
}
