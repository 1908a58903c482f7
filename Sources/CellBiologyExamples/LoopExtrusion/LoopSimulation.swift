/// Runs of `LoopExtrusionSimulator` that produce what the app needs: snapshot statistics
/// and lifetime records.
package enum LoopSimulation {
  /// Burn-in, then `schedule.snapshots` snapshots of loop sizes and coverage.
  package static func snapshots(_ parameters: LoopExtrusionParameters, seed: UInt64,
                               schedule: LoopSimulationSchedule = LoopSimulationSchedule()) -> LoopSnapshotStatistics {
    var sim = LoopExtrusionSimulator(parameters: parameters, seed: seed)
    sim.advance(steps: schedule.burnInSteps(parameters))
    var means: [Double] = [], coverages: [Double] = [], sizes: [Double] = []
    sizes.reserveCapacity(schedule.snapshots * parameters.lefCount)
    let interval = schedule.intervalSteps(parameters)
    for k in 0..<schedule.snapshots {
      if k > 0 { sim.advance(steps: interval) }
      let s = sim.loopSizesKb()
      means.append(Double(s.reduce(0, +)) / Double(s.count))
      sizes.append(contentsOf: s.map(Double.init))
      coverages.append(sim.coverage())
    }
    return LoopSnapshotStatistics(snapshotMeansKb: means, snapshotCoverages: coverages, loopSizesKb: sizes)
  }

  /// Burn-in of `burnInLifetimes` τ, then the lifetimes that start during `recordingSteps`
  /// steps (those still running at the end censored at their current length).
  package static func lifetimes(_ parameters: LoopExtrusionParameters, seed: UInt64, burnInLifetimes: Double = 20,
                               recordingSteps: Int) -> LoopLifetimeRecords {
    var sim = LoopExtrusionSimulator(parameters: parameters, seed: seed)
    sim.advance(steps: max(200, Int((burnInLifetimes * parameters.meanLifetimeSteps).rounded())))
    sim.startRecording()
    sim.advance(steps: recordingSteps)
    return sim.finishRecording()
  }
}
