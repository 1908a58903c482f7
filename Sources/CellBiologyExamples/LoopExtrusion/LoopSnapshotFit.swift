import Foundation
import Inversion

/// The processivity from snapshots of loop sizes (and coverage), by simulation.
///
/// A snapshot shows loops still growing and loops stopped by their neighbours, with no
/// record of which: the censoring point is missing, and the mean loop size is not an
/// estimate of λ (at λ = 240 kb, d = 120 kb it is about half). Instead λ is chosen so that
/// the simulator reproduces the observed mean loop size m and, when the data give the left
/// legs' positions, the coverage c: it minimizes J = rᵀΣ⁻¹r, r = (m_sim − m_obs,
/// c_sim − c_obs), with Σ = (covariance of the observed means) + (that of the simulated
/// ones), each from the spread of per-snapshot values (snapshots taken as independent, for
/// example different cells; mean loop size and coverage move together, so the 2×2
/// covariance is used, not two separate variances). J is minimized in log λ on a 10-point
/// grid from 0.5 m_obs to 8 m_obs, refined by Brent's method
/// (`ScalarMinimize.refineGridMinimum`). Every simulation uses the same seed (common random
/// numbers, see `LoopExtrusionSimulator`), so J is nearly smooth in λ. The standard error
/// is the Gauss–Newton one, 1/√(s′ᵀΣ⁻¹s′), with s′ = ∂(m, c)/∂λ by a central difference
/// (±10 %) under the same seed.
package struct LoopSnapshotFit: Sendable {
  package var estimate: Double
  package var standardError: Double
  /// The mean snapshot loop size taken as λ (the censored estimator with nothing censored).
  package var naiveEstimate: Double
  package var observedMeanKb: Double
  package var observedCoverage: Double?
  /// The simulated statistics at the estimate.
  package var simulatedMeanKb: Double
  package var simulatedCoverage: Double
  /// ∂m_sim/∂λ at the estimate (dimensionless).
  package var meanSlope: Double
  /// (λ, J) on the grid, for the report.
  package var profile: [(lambda: Double, objective: Double)]
  /// The minimum lies at an end of the grid: λ is only bounded.
  package var atGridEnd: Bool
  package var warnings: [String]

  /// Fits λ.
  ///
  /// - Parameters:
  ///   - observed: the snapshot statistics (loop sizes; coverages when known).
  ///   - ringSites, lefCount: L and N of the simulated ring (L ≥ 6N).
  ///   - seed: the common seed of every simulation.
  ///   - schedule: burn-in and snapshots of each simulation.
  package static func fit(
    observed: LoopSnapshotStatistics, ringSites: Int, lefCount: Int, seed: UInt64,
    schedule: LoopSimulationSchedule = LoopSimulationSchedule(burnInLifetimes: 8, snapshotIntervalLifetimes: 0.5, snapshots: 60)
  ) -> LoopSnapshotFit {
    let mObs = observed.meanLoopKb
    let cObs = observed.meanCoverage
    // Covariance of the observed (mean loop size, coverage): the sample covariance of the
    // per-snapshot values over S (they move together: a snapshot with longer loops covers
    // more), or, for one snapshot, the loops taken as independent.
    let observedCovariance = Self.covarianceOfMeans(observed.snapshotMeansKb.count >= 2 ? observed.snapshotMeansKb : observed.sortedLoopSizesKb,
                                                    observed.snapshotMeansKb.count >= 2 ? observed.snapshotCoverages : nil)
    var cache: [Double: (m: Double, c: Double, covariance: [Double])] = [:]
    func simulate(_ lambda: Double) -> (m: Double, c: Double, covariance: [Double]) {
      if let hit = cache[lambda] { return hit }
      let p = LoopExtrusionParameters(ringSites: ringSites, lefCount: lefCount, processivityKb: lambda)
      let s = LoopSimulation.snapshots(p, seed: seed, schedule: schedule)
      let result = (s.meanLoopKb, s.meanCoverage ?? .nan, Self.covarianceOfMeans(s.snapshotMeansKb, s.snapshotCoverages))
      cache[lambda] = result
      return result
    }
    let useCoverage = cObs != nil && observedCovariance[3].isFinite && observedCovariance[3] > 0
    /// Σ = observed + simulated covariance; with coverage the 2×2 matrix, else its (1,1) entry.
    func inverse(_ sim: [Double]) -> [Double] {
      let a = observedCovariance[0] + sim[0], d = observedCovariance[3] + sim[3], b = observedCovariance[1] + sim[1]
      guard useCoverage else { return [1 / a, 0, 0, 0] }
      let det = a * d - b * b
      return det > 0 ? [d / det, -b / det, -b / det, a / det] : [1 / a, 0, 0, 1 / d]
    }
    func quadratic(_ w: [Double], _ x: Double, _ y: Double) -> Double { w[0] * x * x + 2 * w[1] * x * y + w[3] * y * y }
    func objective(_ logLambda: Double) -> Double {
      let s = simulate(exp(logLambda))
      return quadratic(inverse(s.covariance), s.m - mObs, useCoverage ? s.c - (cObs ?? 0) : 0)
    }
    let lo = log(max(2.5, 0.5 * mObs)), hi = log(min(max(8 * mObs, 10), LoopExtrusionAnalysis.maximumSimulatedProcessivityKb))
    let grid = (0..<10).map { lo + (hi - lo) * Double($0) / 9 }
    let values = grid.map(objective)
    // Brent to ~0.3 % in λ (5e-4 of log λ ≈ 5): below the simulation noise of J.
    let refined = ScalarMinimize.refineGridMinimum(grid: grid, values: values, relativeTolerance: 5e-4, absoluteTolerance: 1e-3, objective)
    let estimate = exp(refined.x)
    let at = simulate(estimate)
    let up = simulate(estimate * 1.1), down = simulate(estimate / 1.1)
    let dLambda = estimate * (1.1 - 1 / 1.1)
    let slopeM = (up.m - down.m) / dLambda
    let slopeC = (up.c - down.c) / dLambda
    let information = quadratic(inverse(at.covariance), slopeM, useCoverage ? slopeC : 0)
    var warnings: [String] = []
    if refined.atGridEnd {
      warnings.append(refined.gridIndex == 0
        ? "the best lambda is at the low end of the search (\(Self.format(estimate)) kb): lambda is only bounded above"
        : "the best lambda is at the high end of the search (\(Self.format(estimate)) kb): the loops are limited by their neighbours, and lambda is only bounded below")
    }
    let naive = mObs
    warnings.append("the plain estimator on snapshots (mean loop size \(Self.format(naive)) kb taken as lambda) is biased: snapshots miss the "
      + "censoring point; the simulation fit gives \(Self.format(estimate)) kb (\(Self.format(estimate / naive))x)")
    if !useCoverage {
      warnings.append(cObs == nil ? "no left_kb column: coverage is unknown and lambda is fitted to the mean loop size alone"
        : "one snapshot: the coverage has no standard error and lambda is fitted to the mean loop size alone")
    }
    return LoopSnapshotFit(
      estimate: estimate, standardError: information > 0 ? 1 / information.squareRoot() : .infinity,
      naiveEstimate: naive, observedMeanKb: mObs, observedCoverage: cObs, simulatedMeanKb: at.m, simulatedCoverage: at.c,
      meanSlope: slopeM, profile: zip(grid, values).map { (exp($0.0), $0.1) }, atGridEnd: refined.atGridEnd,
      warnings: warnings)
  }

  static func format(_ x: Double) -> String { String(format: "%.4g", x) }

  /// The 2×2 covariance (row-major) of the means of paired values x_k, y_k over k (sample
  /// covariance / count); y absent: only the (1,1) entry, the others 0 and NaN.
  static func covarianceOfMeans(_ x: [Double], _ y: [Double]?) -> [Double] {
    let n = Double(x.count)
    guard x.count >= 2 else { return [.nan, 0, 0, .nan] }
    let mx = x.reduce(0, +) / n
    var sxx = 0.0, sxy = 0.0, syy = 0.0
    let my = y.map { $0.reduce(0, +) / n } ?? 0
    for k in x.indices {
      sxx += (x[k] - mx) * (x[k] - mx)
      if let y { sxy += (x[k] - mx) * (y[k] - my); syy += (y[k] - my) * (y[k] - my) }
    }
    let scale = 1 / ((n - 1) * n)
    return [sxx * scale, sxy * scale, sxy * scale, y == nil ? .nan : syy * scale]
  }
}
