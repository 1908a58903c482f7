/// Settings of the loop-extrusion job (`LoopExtrusionAnalysis.run`).
package struct LoopAnalysisSettings: Sendable {
  /// L, the ring of the simulations (kb); nil: unknown (lifetime data then give λ̂ only).
  package var ringSites: Int?
  /// d = L/N of the data (kb); nil: unknown, or (for snapshots) L over the loops per snapshot.
  package var separationKb: Double?
  /// Replicates of each prediction (≥ 3 by the spec).
  package var replicates = 3
  package var seed: UInt64 = 1
  /// The schedule of the predictions.
  package var schedule = LoopSimulationSchedule()

  package init() {}
}
