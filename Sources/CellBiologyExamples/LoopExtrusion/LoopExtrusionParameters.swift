/// The loop-extrusion model of `shared/spec/apps.md` §5 on a ring of sites.
///
/// Units: 1 site = 1 kb; time in steps; each leg attempts one site per step, so the
/// extrusion speed is v = 1 kb per step per side. The mean residence time is then
/// τ = λ/(2v) = λ/2 steps, and an unobstructed lifetime extrudes 2 kb per step: its
/// length is 2 × a geometric number of steps with mean τ, so mean λ (the discrete
/// counterpart of Exp(mean λ)). Loop sizes and coverage depend on λ and the separation
/// d = L/N only, not on v and τ apart.
package struct LoopExtrusionParameters: Sendable, Equatable {
  /// L, the ring's length in sites (kb).
  package var ringSites: Int
  /// N, the number of loop-extruding factors (LEFs).
  package var lefCount: Int
  /// λ = 2vτ, the processivity in kb.
  package var processivityKb: Double

  /// The smallest separation accepted: with L ≥ 6N at most a third of the sites hold legs,
  /// so a free pair of adjacent sites always exists for loading (pigeonhole: ≥ 4N free
  /// sites in ≤ 2N runs).
  package static let minimumSeparationKb = 6.0

  /// `lefCount ≥ 1`, `ringSites ≥ 6·lefCount` and `processivityKb ≥ 2`, or a precondition
  /// failure occurs (values from a file are checked at the edge).
  package init(ringSites: Int, lefCount: Int, processivityKb: Double) {
    precondition(lefCount >= 1 && ringSites >= 6 * lefCount, "LoopExtrusionParameters: need N >= 1 and L >= 6N")
    precondition(processivityKb >= 2 && processivityKb.isFinite, "LoopExtrusionParameters: processivity must be >= 2 kb")
    self.ringSites = ringSites
    self.lefCount = lefCount
    self.processivityKb = processivityKb
  }

  /// d = L/N, kb.
  package var separationKb: Double { Double(ringSites) / Double(lefCount) }

  /// τ = λ/2, steps.
  package var meanLifetimeSteps: Double { processivityKb / 2 }

  /// The probability p = 1/τ that a bound LEF unbinds in a step (the test after the moves).
  package var unbindingProbability: Double { min(1, 2 / processivityKb) }

  /// The same ring and LEF count with another processivity.
  package func with(processivityKb lambda: Double) -> LoopExtrusionParameters {
    LoopExtrusionParameters(ringSites: ringSites, lefCount: lefCount, processivityKb: lambda)
  }
}
