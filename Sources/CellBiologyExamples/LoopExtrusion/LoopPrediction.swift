import Foundation

/// Loop sizes and coverage predicted by simulation for a given λ and separation, over
/// several seeded replicates.
package struct LoopPrediction: Sendable {
  /// One replicate's statistics.
  package struct Replicate: Sendable, Equatable {
    package var seed: UInt64
    package var meanLoopKb: Double
    package var medianLoopKb: Double
    package var coverage: Double
  }

  package var parameters: LoopExtrusionParameters
  package var replicates: [Replicate]

  /// Simulates `replicates` replicates (seeds seed, seed + 1, …), each with `schedule`.
  /// `replicates` must be ≥ 1, or a precondition failure occurs.
  package static func simulate(_ parameters: LoopExtrusionParameters, replicates: Int, seed: UInt64,
                              schedule: LoopSimulationSchedule = LoopSimulationSchedule()) -> LoopPrediction {
    precondition(replicates >= 1, "LoopPrediction: at least one replicate")
    let runs = (0..<replicates).map { k -> Replicate in
      let s = LoopSimulation.snapshots(parameters, seed: seed &+ UInt64(k), schedule: schedule)
      return Replicate(seed: seed &+ UInt64(k), meanLoopKb: s.meanLoopKb, medianLoopKb: s.medianLoopKb,
                       coverage: s.meanCoverage ?? .nan)
    }
    return LoopPrediction(parameters: parameters, replicates: runs)
  }

  static func meanAndSD(_ v: [Double]) -> (mean: Double, sd: Double) {
    let n = Double(v.count)
    let m = v.reduce(0, +) / n
    let sd = v.count > 1 ? (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot() : .nan
    return (m, sd)
  }

  /// Mean and between-replicate sd of the mean loop size, kb.
  package var meanLoopKb: (mean: Double, sd: Double) { Self.meanAndSD(replicates.map(\.meanLoopKb)) }
  /// Mean and sd of the median loop size, kb.
  package var medianLoopKb: (mean: Double, sd: Double) { Self.meanAndSD(replicates.map(\.medianLoopKb)) }
  /// Mean and sd of the coverage.
  package var coverage: (mean: Double, sd: Double) { Self.meanAndSD(replicates.map(\.coverage)) }
}
