/// Settings of the loop-extrusion job (`LoopExtrusionAnalysis.run`).
public struct LoopAnalysisSettings: Sendable {
  /// L, the ring of the simulations (kb); nil: unknown (lifetime data then give λ̂ only).
  public var ringSites: Int?
  /// d = L/N of the data (kb); nil: unknown, or (for snapshots) L over the loops per snapshot.
  public var separationKb: Double?
  /// Replicates of each prediction (≥ 3 by the spec).
  public var replicates = 3
  public var seed: UInt64 = 1
  /// The schedule of the predictions.
  public var schedule = LoopSimulationSchedule()

  public init() {}
}
