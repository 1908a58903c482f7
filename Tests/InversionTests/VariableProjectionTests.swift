import FECommon
import Foundation
import Testing
@testable import Inversion

@Suite struct VariableProjectionTests {
  /// y = p·t + a with a eliminated: the problem seen by LM has p alone.
  struct SlopeOnly: LeastSquaresProblem {
    var t: [Double]
    var y: [Double]
    var coefficients: [Double] = []
    var parameterCount: Int { 1 }
    mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
      let m = t.count
      let r = (0..<m).map { p[0] * t[$0] - y[$0] }
      let e = VariableProjection.eliminate(
        residuals: r, jacobian: wantJacobian ? t : nil, basis: Array(repeating: 1, count: m), rows: m,
        parameterCount: 1, basisCount: 1)
      coefficients = e.coefficients
      return LeastSquaresEvaluation(residuals: e.residuals, jacobian: e.jacobian)
    }
  }

  /// A prepared basis gives the same bits as passing B, and its projection is orthogonal to
  /// B: Bᵀr⊥ = 0 (to round-off) and r = r⊥ − B a*.
  @Test func preparedBasisMatchesTheDirectCall() {
    var rng = SplitMix64(seed: 82)
    let m = 40, k = 3, n = 2
    let basis = (0..<(m * k)).map { _ in rng.gaussian() }
    let r = (0..<m).map { _ in rng.gaussian() }
    let jacobian = (0..<(m * n)).map { _ in rng.gaussian() }
    let direct = VariableProjection.eliminate(
      residuals: r, jacobian: jacobian, basis: basis, rows: m, parameterCount: n, basisCount: k)
    let prepared = VariableProjection.PreparedBasis(basis, rows: m, basisCount: k)
    for _ in 0..<2 {  // reused
      let again = VariableProjection.eliminate(residuals: r, jacobian: jacobian, basis: prepared, parameterCount: n)
      #expect(again.residuals == direct.residuals && again.jacobian! == direct.jacobian! && again.coefficients == direct.coefficients)
    }
    for c in 0..<k {
      let dot = (0..<m).reduce(0.0) { $0 + basis[c * m + $1] * direct.residuals[$1] }
      #expect(abs(dot) < 1e-12)
    }
    for i in 0..<m {
      let ba = (0..<k).reduce(0.0) { $0 + basis[$1 * m + i] * direct.coefficients[$1] }
      #expect(abs(direct.residuals[i] - ba - r[i]) < 1e-12)
    }
  }

  @Test func projectedFitEqualsJointFit() throws {
    var rng = SplitMix64(seed: 81)
    let t = (0..<25).map { Double($0) * 0.4 }
    let y = t.map { 1.7 * $0 - 0.8 + 0.1 * rng.gaussian() }
    let m = t.count
    let joint = LinearLeastSquares.solve(a: t + Array(repeating: 1, count: m), rows: m, columns: 2, b: y)
    var problem = SlopeOnly(t: t, y: y)
    var options = LevenbergMarquardtOptions()
    options.gradientTolerance = 1e-14
    options.objectiveTolerance = 0  // stop on the gradient or the step only
    options.stepTolerance = 1e-15
    let fit = try LevenbergMarquardt.minimize(&problem, initial: [1], bounds: nil, options: options)
    // A linear problem in p: the projected fit is exact to round-off, so 1e-10.
    #expect(abs(fit.estimate[0] - joint[0]) < 1e-10)
    _ = try problem.evaluate(fit.estimate, wantJacobian: false)
    #expect(abs(problem.coefficients[0] - joint[1]) < 1e-10)
    // Joint and projected residuals coincide.
    let jointResidual = (0..<m).map { joint[0] * t[$0] + joint[1] - y[$0] }
    for i in 0..<m { #expect(abs(fit.residuals[i] - jointResidual[i]) < 1e-10) }
  }

  @Test func coefficientCovarianceOfAnOffset() {
    // For B = 1 (m rows), Var(a | p) = s²/m.
    let cov = VariableProjection.coefficientCovariance(basis: Array(repeating: 1, count: 16), rows: 16, basisCount: 1, noiseVariance: 4)
    #expect(abs(cov[0] - 0.25) < 1e-14)
  }
}
