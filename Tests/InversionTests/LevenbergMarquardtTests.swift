import FECommon
import Foundation
import Testing
@testable import Inversion

@Suite struct LevenbergMarquardtTests {
  let names = ["A", "k", "c"]
  /// 30 % off the truth (5, 0.7, 1) in mixed directions.
  let start = [6.5, 0.49, 1.3]

  @Test func exponentialDecayWithinThreeStandardErrors() throws {
    var problem = ExponentialDecay(seed: 1)
    let fit = try LevenbergMarquardt.minimize(&problem, initial: start, bounds: nil, options: .init())
    #expect(fit.converged, "\(fit.stopReason)")
    let u = UncertaintyAnalysis.analyze(fit: fit, parameterNames: names, noiseKnown: true)
    for i in 0..<3 {
      // 3 SE: a Gaussian estimate misses by more with probability 0.3 %, and this seed is fixed.
      #expect(abs(fit.estimate[i] - ExponentialDecay.truth[i]) < 3 * u.standardErrors[i])
    }
    // With 40 residuals of unit variance, ½‖r‖² ≈ (40 − 3)/2 ± √(2·37)/2 ≈ 18.5 ± 4.3.
    #expect(fit.objective > 5 && fit.objective < 40)
    #expect(fit.history.contains { $0.accepted })
    #expect(fit.activeBounds == [false, false, false])
  }

  @Test func confidenceIntervalsCoverTheTruth() throws {
    // Over 50 seeds each 95 % interval (Student t, σ estimated) should cover the truth
    // about 47.5 times; ≥ 43 fails with probability < 1 % per parameter for an exact
    // interval (binomial(50, 0.95)), leaving room for the small nonlinearity bias.
    var covered = [0, 0, 0]
    for seed in 0..<50 {
      var problem = ExponentialDecay(seed: UInt64(1000 + seed))
      let fit = try LevenbergMarquardt.minimize(&problem, initial: start, bounds: nil, options: .init())
      #expect(fit.converged)
      let u = UncertaintyAnalysis.analyze(fit: fit, parameterNames: names, noiseKnown: false)
      for i in 0..<3 {
        let (lo, hi) = u.confidenceIntervals95[i]
        if lo <= ExponentialDecay.truth[i] && ExponentialDecay.truth[i] <= hi { covered[i] += 1 }
      }
    }
    for i in 0..<3 { #expect(covered[i] >= 43, "parameter \(names[i]) covered \(covered[i]) / 50") }
  }

  @Test func rosenbrockConvergesToOneOne() throws {
    var problem = Rosenbrock()
    var options = LevenbergMarquardtOptions()
    options.maxIterations = 200
    var records = 0
    let fit = try LevenbergMarquardt.minimize(&problem, initial: [-1.2, 1], bounds: nil, options: options) { _ in records += 1 }
    #expect(fit.converged, "\(fit.stopReason)")
    // The residual is zero at (1, 1) and the Jacobian regular, so LM converges quadratically:
    // 1e-8 is far above round-off and far below any unconverged iterate.
    #expect(abs(fit.estimate[0] - 1) < 1e-8 && abs(fit.estimate[1] - 1) < 1e-8)
    #expect(records == fit.history.count)
  }

  @Test func activeUpperBoundHoldsTheEstimate() throws {
    var problem = ExponentialDecay(seed: 2)
    // The rate k = 0.7 is forbidden above 0.5: the fit must sit at 0.5.
    let bounds = ParameterBounds(lower: [0, 0, -.infinity], upper: [.infinity, 0.5, .infinity])
    let fit = try LevenbergMarquardt.minimize(&problem, initial: [4, 0.3, 0.5], bounds: bounds, options: .init())
    #expect(fit.converged, "\(fit.stopReason)")
    #expect(fit.estimate[1] == 0.5)  // bounds are kept exactly, not up to round-off
    #expect(fit.activeBounds == [false, true, false])
    // The free parameters are at the minimum given k = 0.5: the gradient there vanishes.
    let g = (0..<3).map { j in (0..<fit.residuals.count).reduce(0) { $0 + fit.jacobian[j * fit.residuals.count + $1] * fit.residuals[$1] } }
    // Relative to the size of the terms (‖J_j‖‖r‖), as the gradient test itself is.
    for j in [0, 2] {
      let col = Array(fit.jacobian[(j * fit.residuals.count)..<((j + 1) * fit.residuals.count)])
      #expect(abs(g[j]) <= 1e-6 * norm(col) * norm(fit.residuals))
    }
    // The gradient on k pushes it up, against the bound.
    #expect(g[1] < 0)
    let u = UncertaintyAnalysis.analyze(fit: fit, parameterNames: names, noiseKnown: true)
    #expect(u.standardErrors[1] == 0)
    #expect(u.confidenceIntervals95[1] == (0.5, 0.5))
  }

  @Test func boundedRosenbrockStopsOnTheBox() throws {
    var problem = Rosenbrock()
    var options = LevenbergMarquardtOptions()
    options.maxIterations = 200
    // With x₁ ≤ 0.5 the minimum of ½‖r‖² lies on x₁ = 0.5, x₂ = 0.25.
    let bounds = ParameterBounds(lower: [-2, -2], upper: [0.5, 2])
    let fit = try LevenbergMarquardt.minimize(&problem, initial: [-1.2, 1], bounds: bounds, options: options)
    #expect(fit.converged, "\(fit.stopReason)")
    #expect(fit.estimate[0] == 0.5)
    // x₂ = x₁² exactly at the constrained optimum; 1e-8 as for the unconstrained case.
    #expect(abs(fit.estimate[1] - 0.25) < 1e-8)
    #expect(fit.activeBounds == [true, false])
  }

  @Test func fixedTikhonovMatchesTheLinearClosedForm() throws {
    var rng = SplitMix64(seed: 7)
    let m = 30, n = 5
    let a = randomMatrix(m, n, &rng)
    let b = (0..<m).map { _ in rng.gaussian() }
    let initial = [1.0, -2, 0.5, 3, -0.25]
    let lambda = 0.8
    var problem = LinearProblem(a: a, b: b, rows: m, parameterCount: n)
    var options = LevenbergMarquardtOptions()
    options.regularization = .tikhonov(lambda: lambda)
    options.gradientTolerance = 1e-14
    let fit = try LevenbergMarquardt.minimize(&problem, initial: initial, bounds: nil, options: options)
    // Closed form: p = p0 + (AᵀA + λ²S⁻²)⁻¹ Aᵀ(b − A p0), S = diag(|p0|).
    let scale = initial.map { abs($0) }
    var g = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { g[i * n + j] = (0..<m).reduce(0) { $0 + a[i * m + $1] * a[j * m + $1] } } }
    for i in 0..<n { g[i * n + i] += lambda * lambda / (scale[i] * scale[i]) }
    let r0 = zip(b, matVec(a, m, n, initial)).map { $0 - $1 }
    let delta = gaussSolve(g, matTVec(a, m, n, r0), n: n)
    let expected = (0..<n).map { initial[$0] + delta[$0] }
    // Well-conditioned 30×5 random system: the LM solution agrees to near round-off.
    for i in 0..<n { #expect(abs(fit.estimate[i] - expected[i]) <= 1e-9 * max(1, abs(expected[i]))) }
    #expect(fit.lambda == lambda)
    // The reported objective is the data term alone.
    #expect(abs(fit.objective - 0.5 * fit.residuals.reduce(0) { $0 + $1 * $1 }) <= 1e-14 * fit.objective)
  }

  @Test func automaticDiscrepancyLambdaHitsTheTarget() throws {
    // Shaw's kernel, noise σ = 1e-3, residuals divided by σ: the discrepancy rule (noise
    // known) must give ‖r‖² = m.
    let n = 24
    let (a0, xTrue) = shawProblem(n: n)
    var rng = SplitMix64(seed: 11)
    let sigma = 1e-3
    let b0 = matVec(a0, n, n, xTrue).map { $0 + sigma * rng.gaussian() }
    let a = a0.map { $0 / sigma }, b = b0.map { $0 / sigma }
    var problem = LinearProblem(a: a, b: b, rows: n, parameterCount: n)
    var options = LevenbergMarquardtOptions()
    options.regularization = .tikhonovAuto(rule: .discrepancy(noiseKnown: true))
    options.scaling = Array(repeating: 1, count: n)
    options.gradientTolerance = 1e-12
    options.objectiveTolerance = 1e-15
    options.maxIterations = 200
    let fit = try LevenbergMarquardt.minimize(&problem, initial: Array(repeating: 0.5, count: n), bounds: nil, options: options)
    let r2 = fit.residuals.reduce(0) { $0 + $1 * $1 }
    // The bisection stops at 1e-10 relative on converged fits; 1e-6 leaves room for the
    // inner LM tolerance on a problem with condition number ~1e18.
    #expect(abs(r2 - Double(n)) <= 1e-6 * Double(n), "‖r‖² = \(r2)")
    #expect(fit.lambda != nil && fit.lambdaChoice != nil)
    #expect(fit.evaluations > fit.history.count)  // the search's fits are counted too
  }

  @Test func automaticGCVAndLCurveGiveAReasonableLambda() throws {
    let n = 24
    let (a0, xTrue) = shawProblem(n: n)
    var rng = SplitMix64(seed: 12)
    let sigma = 1e-3
    let b0 = matVec(a0, n, n, xTrue).map { $0 + sigma * rng.gaussian() }
    let a = a0.map { $0 / sigma }, b = b0.map { $0 / sigma }
    for rule in [RegularizationRule.generalizedCrossValidation, .lCurve] {
      var problem = LinearProblem(a: a, b: b, rows: n, parameterCount: n)
      var options = LevenbergMarquardtOptions()
      options.regularization = .tikhonovAuto(rule: rule)
      options.scaling = Array(repeating: 1, count: n)
      options.prior = Array(repeating: 0, count: n)
      options.maxIterations = 200
      let fit = try LevenbergMarquardt.minimize(&problem, initial: Array(repeating: 0.5, count: n), bounds: nil, options: options)
      let error = norm(zip(fit.estimate, xTrue).map { $0 - $1 }) / norm(xTrue)
      // Tikhonov on Shaw at this noise recovers x to roughly 5–15 %; an unregularized
      // solve is off by orders of magnitude. 0.5 separates the two.
      #expect(error < 0.5, "\(rule): relative error \(error), λ = \(fit.lambda ?? -1)")
    }
  }

  /// A straight-line fit to 2000 points whose Jacobian carries a relative error of 1e-6 (as
  /// a forward model's sensitivities do): at the optimum every step it proposes raises the
  /// exact objective, by far less than 1e-10 of it, so each is rejected. LM stops at the first such step, as MINPACK does,
  /// instead of growing the damping through a run of rejections; from a distant start it
  /// still reaches the closed-form optimum (the normal equations solved by Cramer's rule).
  @Test func rejectedStepsAtTheOptimumStop() throws {
    struct PerturbedLine: LeastSquaresProblem {
      let t = (0..<2000).map { Double($0) / 2000 }
      var b: [Double] { t.enumerated().map { i, x in 3 * x + 1 + sin(Double(i) * 1.7) } }
      var parameterCount: Int { 2 }
      mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
        let data = b
        let r = t.indices.map { p[0] * t[$0] + p[1] - data[$0] }
        guard wantJacobian else { return LeastSquaresEvaluation(residuals: r, jacobian: nil) }
        var jac = [Double](repeating: 0, count: 2 * t.count)
        for i in t.indices {
          // An error correlated with the residuals, so that Jᵀr ≠ 0 at the optimum.
          jac[i] = t[i] * (1 + 1e-6 * sin(Double(i) * 1.7))
          jac[t.count + i] = 1 + 1e-6 * sin(Double(i) * 1.7)
        }
        return LeastSquaresEvaluation(residuals: r, jacobian: jac)
      }
    }
    var problem = PerturbedLine()
    let t = problem.t, b = problem.b, m = Double(t.count)
    let st = t.reduce(0, +), stt = t.reduce(0) { $0 + $1 * $1 }
    let sb = b.reduce(0, +), stb = zip(t, b).reduce(0) { $0 + $1.0 * $1.1 }
    let det = stt * m - st * st
    let optimum = [(stb * m - st * sb) / det, (stt * sb - st * stb) / det]
    let atOptimum = try LevenbergMarquardt.minimize(&problem, initial: optimum, bounds: nil, options: .init())
    #expect(atOptimum.converged && atOptimum.stopReason.contains("rejected step"), "\(atOptimum.stopReason)")
    #expect(atOptimum.iterations == 1)
    #expect(atOptimum.estimate == optimum)
    let fromAfar = try LevenbergMarquardt.minimize(&problem, initial: [10, -5], bounds: nil, options: .init())
    #expect(fromAfar.converged, "\(fromAfar.stopReason)")
    // The Jacobian's 1e-6 error limits the estimate to about 1e-6 relative.
    for k in 0..<2 { #expect(abs(fromAfar.estimate[k] - optimum[k]) <= 1e-5 * abs(optimum[k]), "\(fromAfar.estimate)") }
    #expect(fromAfar.iterations <= 10, "\(fromAfar.iterations) iterations: \(fromAfar.stopReason)")
  }

  @Test func nonFiniteStartThrows() {
    struct Bad: LeastSquaresProblem {
      var parameterCount: Int { 1 }
      mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
        LeastSquaresEvaluation(residuals: [.nan], jacobian: wantJacobian ? [1] : nil)
      }
    }
    var problem = Bad()
    #expect(throws: (any Error).self) {
      _ = try LevenbergMarquardt.minimize(&problem, initial: [1], bounds: nil, options: .init())
    }
  }

  @Test func modelErrorsPropagate() {
    struct Failing: LeastSquaresProblem, Sendable {
      struct Boom: Error {}
      var parameterCount: Int { 1 }
      mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation { throw Boom() }
    }
    var problem = Failing()
    #expect(throws: Failing.Boom.self) {
      _ = try LevenbergMarquardt.minimize(&problem, initial: [1], bounds: nil, options: .init())
    }
  }

  @Test func evaluationCountsAreConsistent() throws {
    // One evaluation at the start, one per attempt, and one more with the Jacobian after
    // each accepted attempt.
    var problem = ExponentialDecay(seed: 5)
    let fit = try LevenbergMarquardt.minimize(&problem, initial: start, bounds: nil, options: .init())
    let accepted = fit.history.filter(\.accepted).count
    #expect(fit.iterations == fit.history.count)
    #expect(fit.evaluations == 1 + fit.history.count + accepted)
    #expect(fit.jacobianEvaluations == 1 + accepted)
    // Accepted objectives decrease strictly.
    let objectives = fit.history.filter(\.accepted).map(\.objective)
    #expect(zip(objectives, objectives.dropFirst()).allSatisfy { $0 > $1 })
  }

  @Test func iterationLimitIsNotAnError() throws {
    var problem = Rosenbrock()
    var options = LevenbergMarquardtOptions()
    options.maxIterations = 3
    let fit = try LevenbergMarquardt.minimize(&problem, initial: [-1.2, 1], bounds: nil, options: options)
    #expect(!fit.converged)
    #expect(fit.stopReason.contains("iteration limit"))
    #expect(fit.iterations == 3)
  }
}

/// The absolute objective tolerance stops a fit whose steps no longer gain anything
/// measurable, earlier than the strict relative default, at the same answer.
@Suite struct AbsoluteObjectiveToleranceTests {
  struct Line: LeastSquaresProblem {
    let t: [Double] = (0..<40).map { Double($0) / 39 }
    let y: [Double]
    var parameterCount: Int { 2 }
    init() { y = t.map { 2 * exp(-1.5 * $0) + 0.01 * sin(37 * $0) } }
    mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
      let r = zip(t, y).map { (p[0] * exp(-p[1] * $0) - $1) / 0.01 }
      var j: [Double]? = nil
      if wantJacobian {
        j = t.map { exp(-p[1] * $0) / 0.01 } + t.map { -p[0] * $0 * exp(-p[1] * $0) / 0.01 }
      }
      return LeastSquaresEvaluation(residuals: r, jacobian: j)
    }
  }

  @Test func stopsWhenTheGainIsBelowTheAbsoluteTolerance() throws {
    var strict = Line(), loose = Line()
    let a = try LevenbergMarquardt.minimize(&strict, initial: [1, 1], bounds: nil, options: LevenbergMarquardtOptions())
    var options = LevenbergMarquardtOptions()
    options.absoluteObjectiveTolerance = 1e-3
    let b = try LevenbergMarquardt.minimize(&loose, initial: [1, 1], bounds: nil, options: options)
    #expect(a.converged && b.converged)
    #expect(b.iterations <= a.iterations)
    // Residuals are in units of their noise, so ½χ² within 1e-3 of the minimum: the
    // estimates agree to a small fraction of a standard error (here 1e-2 relative is ample).
    #expect(abs(b.objective - a.objective) <= 1e-3)
    for i in 0..<2 { #expect(abs(b.estimate[i] - a.estimate[i]) <= 1e-2 * abs(a.estimate[i])) }
  }
}
