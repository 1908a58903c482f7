import FECommon
import Foundation
import Inversion

/// What the three λ rules need of the ribosome problem at any λ ≥ 0: RSS_w, ‖D₂t_λ‖², tr H_λ
/// and GCV (`point`), and the L-curve's curvature.
///
/// Production evaluates them by one CHOLMOD factorization of K(λ) per λ
/// (`RibosomeBandedCurve`); the tests also by a simultaneous diagonalization, as an
/// independent check.
package protocol RibosomeLambdaCurve {
  /// The number of codons n.
  var n: Int { get }
  /// RSS_w, ‖D₂t‖², tr H and GCV = n·RSS_w/(n − tr H)² at λ ≥ 0.
  func point(_ lambda: Double) throws -> LambdaCurvePoint
  /// The curvature of the L-curve (ln‖r‖, ln‖D₂t‖) at λ > 0.
  func curvature(_ lambda: Double) throws -> Double
}

extension RibosomeLambdaCurve {
  /// The L-curve's curvature κ = (ρ′η″ − ρ″η′)/(ρ′² + η′²)^{3/2} in s = ln λ, with
  /// ρ = ½ ln RSS_w and η = ½ ln‖D₂t‖² (Hansen 1998, eq. 7.5's convention, as in
  /// `LambdaSearch.curvatures`), from ‖D₂t‖² and its first two λ-derivatives; the residual's
  /// follow from dRSS/dλ = −λ d‖D₂t‖²/dλ (t_λ minimizes RSS_w + λ‖D₂t‖²).
  static func curvature(lambda: Double, rss: Double, roughness eta: Double, roughnessDerivative e1: Double,
    roughnessSecondDerivative e2: Double) -> Double
  {
    guard rss > 0, eta > 0 else { return 0 }
    let r1 = -lambda * e1, r2 = -e1 - lambda * e2
    // Derivatives in s = ln λ, then of ρ and η.
    let rs = lambda * r1, rss2 = lambda * r1 + lambda * lambda * r2
    let es = lambda * e1, ess = lambda * e1 + lambda * lambda * e2
    let rhoS = 0.5 * rs / rss, rhoSS = 0.5 * (rss2 / rss - (rs / rss) * (rs / rss))
    let etaS = 0.5 * es / eta, etaSS = 0.5 * (ess / eta - (es / eta) * (es / eta))
    let den = pow(rhoS * rhoS + etaS * etaS, 1.5)
    return den > 0 ? (rhoS * etaSS - rhoSS * etaS) / den : 0
  }

  /// Chooses λ by all three rules on the unconstrained problem: each is evaluated on
  /// `RibosomeLambdaSelection.lambdaGrid`, then refined in s = ln λ — Brent's minimization
  /// (`ScalarMinimize`) for GCV and for the L-curve's maximum curvature, Brent's root
  /// (`ScalarRoot`) for the discrepancy RSS_w(λ) = n (RSS_w increases with λ).
  ///
  /// - Throws: `NumericalError` if the root finder fails on a bracket it was given, or
  ///   what `point` and `curvature` throw.
  package func selectLambda() throws -> RibosomeLambdaSelection {
    let grid = RibosomeLambdaSelection.lambdaGrid
    let s = grid.map { log($0) }
    let points = try grid.map { try point($0) }
    let kappa = try grid.map { try curvature($0) }
    let lo = grid.first!, hi = grid.last!

    func choice(_ rule: RibosomeLambdaRule, _ lambda: Double, note: String?) throws -> RibosomeLambdaChoice {
      let p = try point(lambda)
      return RibosomeLambdaChoice(
        rule: rule, lambda: lambda, traceInfluence: p.traceInfluence, residualSquared: p.residualNormSquared,
        gcv: p.gcv, curvature: try curvature(lambda), note: note)
    }
    func endNote(_ what: String, _ solution: ScalarMinimize.Solution) -> String? {
      guard solution.atGridEnd else { return nil }
      let end = solution.gridIndex == 0 ? "smallest" : "largest"
      return "the \(what) lies at the \(end) λ of the grid [\(lo), \(hi)]; the true optimum may lie beyond it"
    }

    let gcvBest = try ScalarMinimize.refineGridMinimum(
      grid: s, values: points.map(\.gcv), absoluteTolerance: 1e-9) { try point(exp($0)).gcv }
    let gcv = try choice(.gcv, exp(gcvBest.x), note: endNote("GCV minimum", gcvBest))

    let cornerBest = try ScalarMinimize.refineGridMinimum(
      grid: s, values: kappa.map { -$0 }, absoluteTolerance: 1e-9) { -(try curvature(exp($0))) }
    var cornerNote = endNote("maximum curvature of the L-curve", cornerBest)
    if !(kappa.max() ?? 0 > 0) { cornerNote = "the L-curve has no corner (no positive curvature) on the grid" }
    let lCurve = try choice(.lCurve, exp(cornerBest.x), note: cornerNote)

    let target = Double(n)
    let discrepancy: RibosomeLambdaChoice
    if let k = points.firstIndex(where: { $0.residualNormSquared >= target }), k > 0 {
      let root = try ScalarRoot.brent(in: s[k - 1], s[k], absoluteTolerance: 1e-10, relativeTolerance: 1e-12) {
        try point(exp($0)).residualNormSquared - target
      }
      discrepancy = try choice(.discrepancy, exp(root.x), note: nil)
    } else if points[0].residualNormSquared >= target {
      discrepancy = try choice(.discrepancy, lo, note:
        "RSS_w = \(points[0].residualNormSquared) exceeds n = \(n) already at λ = \(lo): the counts scatter more than Poisson noise around any smooth profile (over-dispersion, or a kernel that does not fit); the smallest λ was taken")
    } else {
      discrepancy = try choice(.discrepancy, hi, note:
        "RSS_w stays below n = \(n) up to λ = \(hi): the counts scatter less than Poisson noise; the largest λ was taken")
    }
    return RibosomeLambdaSelection(
      gcv: gcv, lCurve: lCurve, discrepancy: discrepancy, grid: grid, gcvValues: points.map(\.gcv))
  }
}
