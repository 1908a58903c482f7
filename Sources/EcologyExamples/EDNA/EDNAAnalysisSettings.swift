/// Settings of the whole eDNA job (`EDNAAnalysis.run`).
public struct EDNAAnalysisSettings: Sendable {
  public var fit = EDNAFitSettings()
  /// Bootstrap replicates per fitted model (0: no bootstrap).
  public var bootstrapReplicates = 200
  /// Seed of the bootstrap and of the design's random starts.
  public var seed: UInt64 = 1
  /// n sites of a T-optimal design to propose (nil: none).
  public var designSize: Int?
  /// The candidate grid's range (km); nil: the sampled range.
  public var designRangeKm: (lower: Double, upper: Double)?
  /// The candidate grid's spacing (km).
  public var designSpacingKm = 0.25
  /// Starts of the exchange search.
  public var designStarts = 4
  /// θ_D for the design and for scoring the sampled sites (a `.distributed` source); nil:
  /// the distributed fit.
  public var nominal: EDNASource?
  /// The noise model of planned samples (the data's own, or the spec's default when the
  /// data carry a `sigma` column).
  public var designNoise = EDNANoiseModel.specDefault

  public init() {}
}
