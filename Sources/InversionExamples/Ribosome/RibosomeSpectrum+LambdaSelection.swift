import FECommon
import Foundation
import Inversion

extension RibosomeSpectrum {
  /// The λ grid of the spec: 10⁻⁴ … 10⁶ at 0.05 decades (201 points).
  public static let lambdaGrid: [Double] = (0...200).map { pow(10, -4 + 0.05 * Double($0)) }

  /// Chooses λ by all three rules on the unconstrained problem: each is evaluated on
  /// `lambdaGrid` in O(n) per point, then refined in s = ln λ — Brent's minimization
  /// (`ScalarMinimize`) for GCV and for the L-curve's maximum curvature, Brent's root
  /// (`ScalarRoot`) for the discrepancy RSS_w(λ) = n (RSS_w increases with λ).
  ///
  /// - Throws: `NumericalError` if the root finder fails on a bracket it was given.
  public func selectLambda() throws -> RibosomeLambdaSelection {
    let grid = Self.lambdaGrid
    let s = grid.map { log($0) }
    let points = grid.map { point($0) }
    let kappa = grid.map { curvature($0) }
    let lo = grid.first!, hi = grid.last!

    func choice(_ rule: RibosomeLambdaRule, _ lambda: Double, note: String?) -> RibosomeLambdaChoice {
      let p = point(lambda)
      return RibosomeLambdaChoice(
        rule: rule, lambda: lambda, traceInfluence: p.traceInfluence, residualSquared: p.residualNormSquared,
        gcv: p.gcv, curvature: curvature(lambda), note: note)
    }
    func endNote(_ what: String, _ solution: ScalarMinimize.Solution) -> String? {
      guard solution.atGridEnd else { return nil }
      let end = solution.gridIndex == 0 ? "smallest" : "largest"
      return "the \(what) lies at the \(end) λ of the grid [\(lo), \(hi)]; the true optimum may lie beyond it"
    }

    let gcvBest = ScalarMinimize.refineGridMinimum(
      grid: s, values: points.map(\.gcv), absoluteTolerance: 1e-9) { point(exp($0)).gcv }
    let gcv = choice(.gcv, exp(gcvBest.x), note: endNote("GCV minimum", gcvBest))

    let cornerBest = ScalarMinimize.refineGridMinimum(
      grid: s, values: kappa.map { -$0 }, absoluteTolerance: 1e-9) { -curvature(exp($0)) }
    var cornerNote = endNote("maximum curvature of the L-curve", cornerBest)
    if !(kappa.max() ?? 0 > 0) { cornerNote = "the L-curve has no corner (no positive curvature) on the grid" }
    let lCurve = choice(.lCurve, exp(cornerBest.x), note: cornerNote)

    let target = Double(n)
    let discrepancy: RibosomeLambdaChoice
    if let k = points.firstIndex(where: { $0.residualNormSquared >= target }), k > 0 {
      let root = try ScalarRoot.brent(in: s[k - 1], s[k], absoluteTolerance: 1e-10, relativeTolerance: 1e-12) {
        point(exp($0)).residualNormSquared - target
      }
      discrepancy = choice(.discrepancy, exp(root.x), note: nil)
    } else if points[0].residualNormSquared >= target {
      discrepancy = choice(.discrepancy, lo, note:
        "RSS_w = \(points[0].residualNormSquared) exceeds n = \(n) already at λ = \(lo): the counts scatter more than Poisson noise around any smooth profile (over-dispersion, or a kernel that does not fit); the smallest λ was taken")
    } else {
      discrepancy = choice(.discrepancy, hi, note:
        "RSS_w stays below n = \(n) up to λ = \(hi): the counts scatter less than Poisson noise; the largest λ was taken")
    }
    return RibosomeLambdaSelection(
      gcv: gcv, lCurve: lCurve, discrepancy: discrepancy, grid: grid, gcvValues: points.map(\.gcv))
  }
}
