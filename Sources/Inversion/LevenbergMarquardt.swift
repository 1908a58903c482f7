import FECommon
import Foundation

/// Bounded, scaled, optionally Tikhonov-regularized Levenberg–Marquardt.
///
/// ## The iteration
///
/// In scaled parameters x_i = p_i/s_i (s = `options.scaling`), with Js = J·diag(s), the
/// objective is F(x) = ½‖r‖² + ½λ²‖x − x_prior‖² (λ = 0 without regularization). Each
/// attempt:
///
/// 1. g = Jsᵀr + λ²(x − x_prior), A = JsᵀJs + λ²I.
/// 2. Active set: a parameter on its lower bound with g_i > 0, or on its upper bound with
///    g_i < 0 (the descent direction points out of the box), is held fixed.
/// 3. On the free set F, solve (A_FF + μ D_FF) δ_F = −g_F by Cholesky, D = running maximum of
///    diag(A) (Moré 1978), μ Marquardt's damping.
/// 4. Project: x_trial = clamp(x + δ). For large μ the step tends to a diagonally scaled
///    projected gradient step, a descent direction for the box, so an accepted step always
///    exists (Bertsekas 1982, *SIAM J. Control Optim.* 20:221).
/// 5. Evaluate r(x_trial) without the Jacobian. Accept if F decreased; then evaluate again at
///    the same point with the Jacobian (a problem may cache its last forward solve for this).
///    Damping follows Nielsen (1999, IMM-REP-1999-05): on acceptance with gain ratio ρ,
///    μ ← μ·max(⅓, 1 − (2ρ − 1)³); on rejection μ ← μ·ν, ν ← 2ν.
///
/// Stopping tests are documented on `LevenbergMarquardtOptions`. A residual evaluation
/// that is not finite at a trial point counts as a rejected step; at the initial guess it
/// is a `NumericalError`.
///
/// ## Automatic λ
///
/// `.tikhonovAuto(rule)` fits on a grid of λ from large to small, each fit warm-started
/// from the previous estimate, and evaluates the rule on the linearization at each
/// estimate: tr H_λ = Σ σ_i²/(σ_i² + λ²), σ_i the singular values of the scaled data
/// Jacobian there. GCV is then refined by golden section in log λ, discrepancy by
/// bisection in log λ to 1e-10 relative in ‖r‖²; the L-curve corner is taken on the grid.
public enum LevenbergMarquardt {
  /// Minimizes ½‖r(p)‖² (+ the regularization) from `initial` within `bounds`.
  ///
  /// - Parameters:
  ///   - problem: the residual model; `initial.count` must equal `problem.parameterCount`.
  ///   - initial: the starting parameters (clamped into the bounds first).
  ///   - bounds: box constraints, or nil.
  ///   - options: tolerances, scaling and regularization.
  ///   - progress: called after every step attempt.
  /// - Returns: the fit; `converged == false` is a result, not an error.
  /// - Throws: whatever `problem.evaluate` throws, and `NumericalError` when the residuals
  ///   at the initial guess are not finite.
  public static func minimize<P: LeastSquaresProblem>(
    _ problem: inout P, initial: [Double], bounds: ParameterBounds?, options: LevenbergMarquardtOptions,
    progress: ((IterationRecord) -> Void)? = nil
  ) throws -> FitResult {
    let n = problem.parameterCount
    precondition(initial.count == n, "LevenbergMarquardt: initial.count must equal parameterCount")
    let box = bounds ?? .unbounded(n)
    precondition(box.lower.count == n, "LevenbergMarquardt: bounds must have parameterCount entries")
    let start = box.clamp(initial)
    let scale = options.scaling ?? initial.map { $0 == 0 || !$0.isFinite ? 1 : abs($0) }
    precondition(scale.count == n && scale.allSatisfy { $0 > 0 && $0.isFinite },
                 "LevenbergMarquardt: scaling must be n positive finite numbers")
    let prior = options.prior ?? initial
    precondition(prior.count == n, "LevenbergMarquardt: prior.count must equal parameterCount")

    switch options.regularization {
    case .none:
      return try fit(&problem, start: start, box: box, scale: scale, prior: prior, lambda: 0,
                     options: options, progress: progress)
    case .tikhonov(let lambda):
      precondition(lambda >= 0 && lambda.isFinite, "LevenbergMarquardt: lambda must be >= 0")
      var result = try fit(&problem, start: start, box: box, scale: scale, prior: prior, lambda: lambda,
                           options: options, progress: progress)
      result.lambda = lambda
      return result
    case .tikhonovAuto(let rule):
      return try automatic(&problem, rule: rule, start: start, box: box, scale: scale, prior: prior,
                           options: options, progress: progress)
    }
  }

  // MARK: - One fit at fixed λ

  static func evaluate<P: LeastSquaresProblem>(
    _ problem: inout P, _ p: [Double], jacobian: Bool, m: Int?
  ) throws -> LeastSquaresEvaluation {
    let e = try problem.evaluate(p, wantJacobian: jacobian)
    if let m { precondition(e.residuals.count == m, "LeastSquaresProblem: residual count changed between calls") }
    if jacobian {
      precondition(e.jacobian?.count == e.residuals.count * p.count,
                   "LeastSquaresProblem: jacobian must be residuals.count × parameterCount")
    }
    return e
  }

  static func fit<P: LeastSquaresProblem>(
    _ problem: inout P, start: [Double], box: ParameterBounds, scale: [Double], prior: [Double],
    lambda: Double, options: LevenbergMarquardtOptions, progress: ((IterationRecord) -> Void)?
  ) throws -> FitResult {
    let n = start.count
    let lambda2 = lambda * lambda
    var evaluations = 1, jacobianEvaluations = 1
    var current = try evaluate(&problem, start, jacobian: true, m: nil)
    let m = current.residuals.count
    guard current.residuals.allSatisfy(\.isFinite), current.jacobian!.allSatisfy(\.isFinite) else {
      throw NumericalError("the residuals or the Jacobian at the initial guess are not finite")
    }
    var p = start
    var x = (0..<n).map { p[$0] / scale[$0] }
    let xPrior = (0..<n).map { prior[$0] / scale[$0] }
    let xLower = (0..<n).map { box.lower[$0] / scale[$0] }
    let xUpper = (0..<n).map { box.upper[$0] / scale[$0] }

    /// Which objective tolerance a change of the objective and its predicted decrease both
    /// meet (relative to `objective`, or absolute), if any.
    func objectiveToleranceMet(change: Double, predicted: Double, objective: Double) -> ObjectiveTolerance? {
      if change <= options.objectiveTolerance * objective && predicted <= options.objectiveTolerance * objective { return .relative }
      if change <= options.absoluteObjectiveTolerance && predicted <= options.absoluteObjectiveTolerance { return .absolute }
      return nil
    }
    func regularizationSquared(_ x: [Double]) -> Double {
      var s = 0.0
      for i in 0..<n { s += (x[i] - xPrior[i]) * (x[i] - xPrior[i]) }
      return s
    }
    var f = 0.5 * (DenseKernels.squaredNorm(current.residuals) + lambda2 * regularizationSquared(x))
    var mu = options.initialDamping
    var nu = 2.0
    var d = [Double](repeating: 0, count: n)
    var history: [IterationRecord] = []
    var converged = false
    var reason = "the iteration limit (\(options.maxIterations)) was reached"
    var iteration = 0
    var needsLinearization = true
    var g = [Double](repeating: 0, count: n)
    var a = [Double](repeating: 0, count: n * n)

    mainLoop: while iteration < options.maxIterations {
      if needsLinearization {
        var js = current.jacobian!
        for j in 0..<n { for i in 0..<m { js[j * m + i] *= scale[j] } }
        a = DenseKernels.normalMatrix(js, rows: m, columns: n)
        g = DenseKernels.transposeTimes(js, rows: m, columns: n, current.residuals)
        for i in 0..<n {
          a[i * n + i] += lambda2
          g[i] += lambda2 * (x[i] - xPrior[i])
          d[i] = max(d[i], a[i * n + i])
        }
        needsLinearization = false
        // Gradient test (projected): cosine of r_aug with each free column of J_aug.
        let rNorm = (2 * f).squareRoot()
        if rNorm == 0 { converged = true; reason = "the residuals are zero"; break mainLoop }
        var worst = 0.0
        for i in 0..<n where !isActive(i, x: x, g: g, lower: xLower, upper: xUpper) {
          let colNorm = a[i * n + i].squareRoot()
          if colNorm > 0 { worst = max(worst, abs(g[i]) / (colNorm * rNorm)) }
        }
        if worst <= options.gradientTolerance {
          converged = true
          reason = "the projected gradient is below the tolerance (cosine \(worst))"
          break mainLoop
        }
      }
      iteration += 1
      let free = (0..<n).filter { !isActive($0, x: x, g: g, lower: xLower, upper: xUpper) }
      if free.isEmpty {
        converged = true
        reason = "every parameter is held at a bound by the gradient"
        break mainLoop
      }
      // Damped reduced system.
      let dMax = d.max() ?? 1
      let k = free.count
      var delta = [Double](repeating: 0, count: n)
      var muTry = mu
      var solved: [Double]? = nil
      while solved == nil && muTry < 1e20 {
        var ar = [Double](repeating: 0, count: k * k)
        var rhs = [Double](repeating: 0, count: k)
        for (ii, i) in free.enumerated() {
          rhs[ii] = -g[i]
          for (jj, j) in free.enumerated() { ar[ii * k + jj] = a[i * n + j] }
          ar[ii * k + ii] += muTry * max(d[i], 1e-12 * dMax, .leastNormalMagnitude)
        }
        solved = DenseKernels.choleskySolve(ar, n: k, rhs)
        if solved == nil { muTry = max(muTry * 10, 1e-12) }
      }
      guard let step = solved else {
        reason = "the damped normal equations could not be solved"
        break mainLoop
      }
      mu = muTry
      for (ii, i) in free.enumerated() { delta[i] = step[ii] }
      var xTrial = x
      for i in 0..<n { xTrial[i] = min(max(x[i] + delta[i], xLower[i]), xUpper[i]) }
      var dx = [Double](repeating: 0, count: n)
      for i in 0..<n { dx[i] = xTrial[i] - x[i] }
      let stepNorm = DenseKernels.squaredNorm(dx).squareRoot()
      let xNorm = DenseKernels.squaredNorm(x).squareRoot()
      // Predicted decrease of the quadratic model along the projected step.
      var predicted = 0.0
      for i in 0..<n {
        var adx = 0.0
        for j in 0..<n { adx += a[i * n + j] * dx[j] }
        predicted -= g[i] * dx[i] + 0.5 * dx[i] * adx
      }
      let pTrial = (0..<n).map { i -> Double in
        // Keep bound values exact (avoid s·(l/s) round-off off the box).
        if xTrial[i] == xLower[i] { return box.lower[i] }
        if xTrial[i] == xUpper[i] { return box.upper[i] }
        return xTrial[i] * scale[i]
      }
      let trial = try evaluate(&problem, pTrial, jacobian: false, m: m)
      evaluations += 1
      let fTrial: Double = trial.residuals.allSatisfy(\.isFinite)
        ? 0.5 * (DenseKernels.squaredNorm(trial.residuals) + lambda2 * regularizationSquared(xTrial))
        : .infinity
      let accepted = fTrial < f
      let record = IterationRecord(iteration: iteration, objective: fTrial, stepNorm: stepNorm, damping: mu, accepted: accepted)
      history.append(record)
      progress?(record)
      if accepted {
        let actual = f - fTrial
        let rho = predicted > 0 ? actual / predicted : 1
        mu *= max(1.0 / 3.0, 1 - pow(2 * rho - 1, 3))
        nu = 2
        let fOld = f
        p = pTrial
        x = xTrial
        f = fTrial
        current = try evaluate(&problem, p, jacobian: true, m: m)
        evaluations += 1
        jacobianEvaluations += 1
        guard current.jacobian!.allSatisfy(\.isFinite) else {
          throw NumericalError("the Jacobian is not finite at an accepted point")
        }
        needsLinearization = true
        if let tolerance = objectiveToleranceMet(change: actual, predicted: predicted, objective: fOld) {
          converged = true
          reason = tolerance == .relative
            ? "the relative decrease of the objective is below the tolerance"
            : "the decrease of the objective is below the absolute tolerance"
          break mainLoop
        }
        if stepNorm <= options.stepTolerance * (xNorm + options.stepTolerance) {
          converged = true
          reason = "the relative step is below the tolerance"
          break mainLoop
        }
      } else {
        if stepNorm <= options.stepTolerance * (xNorm + options.stepTolerance) {
          converged = true
          reason = "no decrease along a step below the step tolerance"
          break mainLoop
        }
        // At the optimum the objective's round-off exceeds what a step can gain, so every
        // trial is rejected and only the damping grows. As MINPACK's lmder does after
        // every step, accepted or not: stop when both the actual change and the predicted
        // decrease are below the objective tolerances.
        if let tolerance = objectiveToleranceMet(change: abs(f - fTrial), predicted: predicted, objective: f) {
          converged = true
          reason = "a rejected step changed the objective by less than the \(tolerance == .relative ? "relative" : "absolute") "
            + "tolerance: the optimum is reached to round-off"
          break mainLoop
        }
        mu *= nu
        nu *= 2
        if mu > 1e16 {
          reason = "the damping grew past 1e16 without a decrease"
          break mainLoop
        }
      }
    }
    var active = [Bool](repeating: false, count: n)
    for i in 0..<n {
      let tol: Double = 1e-10 * scale[i]
      active[i] = abs(p[i] - box.lower[i]) <= tol || abs(p[i] - box.upper[i]) <= tol
    }
    return FitResult(
      estimate: p, converged: converged, stopReason: reason, iterations: iteration,
      evaluations: evaluations, jacobianEvaluations: jacobianEvaluations,
      objective: 0.5 * DenseKernels.squaredNorm(current.residuals), residuals: current.residuals,
      jacobian: current.jacobian!, lambda: lambda > 0 ? lambda : nil, history: history,
      activeBounds: active, scales: scale)
  }

  /// Whether parameter i is held at a bound: on it, with the descent direction −g pointing out.
  /// The two objective tolerances of `LevenbergMarquardtOptions`.
  enum ObjectiveTolerance { case relative, absolute }

  static func isActive(_ i: Int, x: [Double], g: [Double], lower: [Double], upper: [Double]) -> Bool {
    (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)
  }
}
