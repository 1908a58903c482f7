/// How long a loop-extrusion simulation runs and when it is observed, in units of the
/// mean lifetime τ = λ/2 steps (so the same schedule suits every λ).
///
/// The defaults: a burn-in of 20 τ (the slowest relaxation seen, of a dense ring started
/// with every LEF freshly loaded, is a few lifetimes: the mean loop size is within 1 % of
/// its plateau after ~5 τ at λ = 240 kb, d = 120 kb), then snapshots every τ/2.
package struct LoopSimulationSchedule: Sendable, Equatable {
  /// Burn-in before any observation, in lifetimes τ (at least 200 steps).
  package var burnInLifetimes = 20.0
  /// Steps between snapshots, in lifetimes τ (at least 1 step).
  package var snapshotIntervalLifetimes = 0.5
  /// Snapshots per replicate.
  package var snapshots = 200

  package init() {}

  package init(burnInLifetimes: Double, snapshotIntervalLifetimes: Double, snapshots: Int) {
    self.burnInLifetimes = burnInLifetimes
    self.snapshotIntervalLifetimes = snapshotIntervalLifetimes
    self.snapshots = snapshots
  }

  /// Burn-in steps at mean lifetime τ.
  package func burnInSteps(_ parameters: LoopExtrusionParameters) -> Int {
    max(200, Int((burnInLifetimes * parameters.meanLifetimeSteps).rounded()))
  }

  /// Steps between snapshots at mean lifetime τ.
  package func intervalSteps(_ parameters: LoopExtrusionParameters) -> Int {
    max(1, Int((snapshotIntervalLifetimes * parameters.meanLifetimeSteps).rounded()))
  }
}
