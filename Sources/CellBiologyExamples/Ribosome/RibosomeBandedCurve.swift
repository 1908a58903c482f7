import FECommon
import Foundation
import Inversion
import SparseSolve

/// GCV, L-curve and discrepancy quantities of the ribosome problem at any λ, from one CHOLMOD
/// factorization of the band K(λ) = A + λB (A = GᵀWG, B = D₂ᵀD₂) per λ: O(n·p²) time and
/// O(n·p) memory per λ, so the λ search scales to ORFs of any length.
///
/// At λ, with Z = K(λ)⁻¹ on the band (`RibosomeBandSolver.inverseOnBand`) and t_λ = K⁻¹GᵀWc:
///
/// - RSS_w = Σ w_i(c_i − (Gt_λ)_i)² and ‖D₂t_λ‖², from t_λ itself;
/// - n − tr H_λ = tr(I − ZA) = λ tr(ZB) = λ Σ_ij Z_ij B_ij, a sum over the band with no
///   cancellation (n − Σ Z∘A would lose digits where tr H ≈ n), and tr H = n minus it;
/// - for the L-curve, t′ = −K⁻¹Bt and t″ = −2K⁻¹Bt′ (two solves with the same factor), so
///   d‖D₂t‖²/dλ = 2tᵀBt′ and d²‖D₂t‖²/dλ² = 2(t′ᵀBt′ + tᵀBt″).
///
/// The values at the last λ are kept, since the rules ask for the point and the curvature at
/// one λ in turn.
package final class RibosomeBandedCurve: RibosomeLambdaCurve {
  package let profile: RibosomeProfile
  package let equations: RibosomeNormalEquations
  package let solver: RibosomeBandSolver
  package var n: Int { equations.n }
  private var last: (lambda: Double, t: [Double], point: LambdaCurvePoint)?

  /// Uses `solver`'s factor (one symbolic analysis for the λ search and the estimate).
  package init(profile: RibosomeProfile, equations: RibosomeNormalEquations, solver: RibosomeBandSolver) {
    self.profile = profile
    self.equations = equations
    self.solver = solver
  }

  package func point(_ lambda: Double) throws -> LambdaCurvePoint {
    try evaluate(lambda).point
  }

  package func curvature(_ lambda: Double) throws -> Double {
    let (t, p) = try evaluate(lambda)
    let b = equations.penalty
    let bt = b.multiply(t)
    let t1 = try solver.solve(lambda: lambda, bt).map { -$0 }
    let bt1 = b.multiply(t1)
    let t2 = try solver.solve(lambda: lambda, bt1).map { -2 * $0 }
    let e1 = 2 * dot(t, bt1)
    let e2 = 2 * (dot(t1, bt1) + dot(t, b.multiply(t2)))
    return Self.curvature(
      lambda: lambda, rss: p.residualNormSquared, roughness: p.regularizationNormSquared,
      roughnessDerivative: e1, roughnessSecondDerivative: e2)
  }

  private func evaluate(_ lambda: Double) throws -> (t: [Double], point: LambdaCurvePoint) {
    if let last, last.lambda == lambda { return (last.t, last.point) }
    let t = try solver.solve(lambda: lambda, equations.rhs)
    let dof = lambda * equations.penaltyTrace(inverseOnBand: try solver.inverseOnBand(lambda: lambda).values)
    let rss = equations.weightedResidualSquared(t, profile: profile)
    let point = LambdaCurvePoint(
      lambda: lambda, residualNormSquared: rss, regularizationNormSquared: RibosomeNormalEquations.roughness(t),
      traceInfluence: Double(n) - dof, gcv: dof > 0 ? Double(n) * rss / (dof * dof) : .infinity)
    last = (lambda, t, point)
    return (t, point)
  }

  private func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }
}
