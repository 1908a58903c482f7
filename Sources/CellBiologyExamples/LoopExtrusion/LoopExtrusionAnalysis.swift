import Foundation

/// The loop-extrusion inversion end to end (`shared/spec/apps.md` §5): the processivity
/// from censored lifetimes (or from snapshots, by simulation), then the loops predicted at
/// the data's density and at half the cohesin density (d → 2d).
package struct LoopExtrusionAnalysis: Sendable {
  /// What the data were.
  package enum Data: Sendable {
    /// One row per lifetime: extruded length and whether it was censored.
    case lifetimes(LoopLifetimeRecords)
    /// Loops seen in snapshots (and their coverage when positions are known).
    case snapshots(LoopSnapshotStatistics)
  }

  /// The censored-exponential fit (lifetime data).
  package var censoredFit: CensoredExponentialFit?
  /// The simulation fit (snapshot data).
  package var snapshotFit: LoopSnapshotFit?
  /// λ̂, kb (+∞ when every lifetime was censored).
  package var processivityKb: Double
  /// Its standard error, kb.
  package var standardErrorKb: Double
  /// A 95 % interval (profile likelihood for lifetimes; ±1.96 SE for snapshots).
  package var interval95: (lower: Double, upper: Double)
  /// The ring and LEF count used for the predictions (nil without L and d).
  package var ring: (sites: Int, lefCount: Int)?
  /// At the data's separation d, with λ̂.
  package var predictionAtData: LoopPrediction?
  /// At 2d (half the cohesin density), with λ̂.
  package var predictionHalfDensity: LoopPrediction?
  /// At 2d with the ends of λ's interval (one replicate each), when they are finite.
  package var predictionHalfDensityRange: (lower: LoopPrediction, upper: LoopPrediction)?
  package var warnings: [String]

  static func format(_ x: Double) -> String { String(format: "%.4g", x) }

  /// The largest λ simulated for a prediction (τ = 10⁵ steps).
  package static let maximumSimulatedProcessivityKb = 2e5

  /// Runs the analysis.
  ///
  /// For snapshots, N is the number of loops per snapshot (`lefCount`) and the ring L must be
  /// given (or d, then L = N·d). L must be ≥ 6N and ≥ 12·(N at 2d)… checked by the reader.
  package static func run(_ data: Data, lefCountPerSnapshot: Int? = nil, settings: LoopAnalysisSettings) -> LoopExtrusionAnalysis {
    var warnings: [String] = []
    var censoredFit: CensoredExponentialFit?
    var snapshotFit: LoopSnapshotFit?
    let lambda: Double, se: Double
    var interval: (lower: Double, upper: Double)
    var ring: (sites: Int, lefCount: Int)?
    if let l = settings.ringSites, let d = settings.separationKb {
      // N = ⌊L/d⌋, so that L/N ≥ d ≥ 6 kb (the simulator's minimum separation).
      ring = (l, max(1, Int(Double(l) / d)))
    }
    switch data {
    case .lifetimes(let records):
      let fit = CensoredExponentialFit(lengths: records.lengthsKb, censored: records.censored)
      censoredFit = fit
      lambda = fit.estimate
      se = fit.standardError
      interval = fit.interval95
      warnings.append("\(format(100 * fit.censoredFraction)) % of the \(fit.count) lifetimes are censored (obstructed before unbinding); "
        + "ignoring the censoring would give \(format(fit.naiveEstimate)) kb, \(format(fit.estimate / fit.naiveEstimate))x too small")
      if fit.uncensoredCount == 0 {
        warnings.append("no lifetime ended unobstructed: lambda is only bounded below, lambda > \(format(fit.interval95.lower)) kb (95 %)")
      } else if fit.uncensoredCount < 10 {
        warnings.append("only \(fit.uncensoredCount) uncensored lifetimes: the interval is wide and asymmetric")
      }
    case .snapshots(let stats):
      let n = lefCountPerSnapshot ?? 1
      let l = settings.ringSites ?? Int((Double(n) * (settings.separationKb ?? 0)).rounded())
      ring = (l, n)
      let fit = LoopSnapshotFit.fit(observed: stats, ringSites: l, lefCount: n, seed: settings.seed)
      snapshotFit = fit
      lambda = fit.estimate
      se = fit.standardError
      interval = (max(lambda - 1.959964 * se, 0), lambda + 1.959964 * se)
      warnings += fit.warnings
    }
    var atData: LoopPrediction?, half: LoopPrediction?
    var range: (lower: LoopPrediction, upper: LoopPrediction)?
    if let ring, lambda.isFinite, lambda <= maximumSimulatedProcessivityKb {
      let p = LoopExtrusionParameters(ringSites: ring.sites, lefCount: ring.lefCount, processivityKb: max(lambda, 2))
      atData = LoopPrediction.simulate(p, replicates: settings.replicates, seed: settings.seed, schedule: settings.schedule)
      let halfCount = max(1, Int((Double(ring.lefCount) / 2).rounded()))
      let q = LoopExtrusionParameters(ringSites: ring.sites, lefCount: halfCount, processivityKb: max(lambda, 2))
      half = LoopPrediction.simulate(q, replicates: settings.replicates, seed: settings.seed &+ 1000, schedule: settings.schedule)
      if interval.lower.isFinite && interval.upper.isFinite && interval.lower >= 2 {
        range = (LoopPrediction.simulate(q.with(processivityKb: interval.lower), replicates: 1, seed: settings.seed &+ 2000, schedule: settings.schedule),
                 LoopPrediction.simulate(q.with(processivityKb: interval.upper), replicates: 1, seed: settings.seed &+ 2000, schedule: settings.schedule))
      }
    } else if ring == nil {
      warnings.append("no ring length and separation given (ring_kb, separation_kb): no prediction at half density")
    } else if lambda.isFinite {
      warnings.append("lambda = \(format(lambda)) kb exceeds \(format(maximumSimulatedProcessivityKb)) kb: no prediction "
        + "(a simulation would take over 10^6 steps per lifetime)")
    } else {
      warnings.append("lambda is unbounded: no prediction")
    }
    return LoopExtrusionAnalysis(
      censoredFit: censoredFit, snapshotFit: snapshotFit, processivityKb: lambda, standardErrorKb: se, interval95: interval,
      ring: ring, predictionAtData: atData, predictionHalfDensity: half, predictionHalfDensityRange: range, warnings: warnings)
  }
}
