import DenseLinearAlgebra
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

  /// One fit at fixed λ: the loop of the type's discussion, as named steps of
  /// `DampedIteration` (linearize, stationarity test, damped solve, accept or reject).
  static func fit<P: LeastSquaresProblem>(
    _ problem: inout P, start: [Double], box: ParameterBounds, scale: [Double], prior: [Double],
    lambda: Double, options: LevenbergMarquardtOptions, progress: ((IterationRecord) -> Void)?
  ) throws -> FitResult {
    var run = try DampedIteration(&problem, start: start, box: box, scale: scale, prior: prior,
                                  lambda: lambda, options: options)
    var stop: Stop = (false, "the iteration limit (\(options.maxIterations)) was reached")
    while run.iteration < options.maxIterations {
      if run.needsLinearization {
        run.linearize()
        if let stationary = run.stationarity() { stop = stationary; break }
      }
      run.iteration += 1
      let free = run.freeParameters()
      if free.isEmpty { stop = (true, "every parameter is held at a bound by the gradient"); break }
      guard let step = run.dampedStep(free: free) else {
        stop = (false, "the damped normal equations could not be solved")
        break
      }
      let fTrial = try run.objective(at: step, &problem)
      let accepted = fTrial < run.f
      let record = IterationRecord(iteration: run.iteration, objective: fTrial, stepNorm: step.stepNorm,
                                   damping: run.mu, accepted: accepted)
      run.history.append(record)
      progress?(record)
      let stopped = accepted ? try run.accept(step, objective: fTrial, &problem) : run.reject(step, objective: fTrial)
      if let stopped { stop = stopped; break }
    }
    return run.result(stop)
  }

  /// Whether the iteration stopped converged, and why in plain words (`FitResult.stopReason`).
  typealias Stop = (converged: Bool, reason: String)

  /// The two objective tolerances of `LevenbergMarquardtOptions`.
  enum ObjectiveTolerance { case relative, absolute }

  /// Whether parameter i is held at a bound: on it, with the descent direction −g pointing out.
  static func isActive(_ i: Int, x: [Double], g: [Double], lower: [Double], upper: [Double]) -> Bool {
    (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0)
  }
}

/// One fit at fixed λ in progress, in the notation of `LevenbergMarquardt`'s discussion:
/// the iterate x = p/s, its linearization (A, g), Moré's D and the damping μ, ν. Each
/// method is one step of that loop; `fit` calls them in the order of the single loop they
/// came from, so the arithmetic and the problem's evaluations are unchanged.
private struct DampedIteration {
  let options: LevenbergMarquardtOptions, box: ParameterBounds
  let scale, xPrior, xLower, xUpper: [Double]
  let lambda, lambda2: Double
  let n, m: Int
  var p, x: [Double]
  var current: LeastSquaresEvaluation  // r and J (unscaled) at p
  var f: Double  // F(x) = ½‖r‖² + ½λ²‖x − x_prior‖²
  var a: [Double], g: [Double], d: [Double]
  var mu: Double, nu = 2.0
  var needsLinearization = true
  var iteration = 0, evaluations = 1, jacobianEvaluations = 1
  var history: [IterationRecord] = []

  /// A projected trial step δ = x_trial − x: its norm, ‖x‖, and the decrease L(0) − L(δ)
  /// the undamped quadratic model predicts for it.
  struct Step { var xTrial, pTrial: [Double], stepNorm, xNorm, predicted: Double }

  /// Evaluates r and J at `start` (inside the box); throws `NumericalError` if not finite.
  init<P: LeastSquaresProblem>(
    _ problem: inout P, start: [Double], box: ParameterBounds, scale: [Double], prior: [Double],
    lambda: Double, options: LevenbergMarquardtOptions
  ) throws {
    (n, self.options, self.box, self.scale, self.lambda, lambda2) = (start.count, options, box, scale, lambda, lambda * lambda)
    current = try LevenbergMarquardt.evaluate(&problem, start, jacobian: true, m: nil)
    m = current.residuals.count
    guard current.residuals.allSatisfy(\.isFinite), current.jacobian!.allSatisfy(\.isFinite) else {
      throw NumericalError("the residuals or the Jacobian at the initial guess are not finite")
    }
    let n = n
    p = start
    x = (0..<n).map { start[$0] / scale[$0] }
    xPrior = (0..<n).map { prior[$0] / scale[$0] }
    xLower = (0..<n).map { box.lower[$0] / scale[$0] }
    xUpper = (0..<n).map { box.upper[$0] / scale[$0] }
    (mu, a, g, d, f) = (options.initialDamping, [Double](repeating: 0, count: n * n), [Double](repeating: 0, count: n), [Double](repeating: 0, count: n), 0)
    f = 0.5 * (DenseKernels.squaredNorm(current.residuals) + lambda2 * regularizationSquared(x))
  }

  /// ‖x − x_prior‖².
  func regularizationSquared(_ x: [Double]) -> Double {
    var s = 0.0
    for i in 0..<n { s += (x[i] - xPrior[i]) * (x[i] - xPrior[i]) }
    return s
  }

  /// Linearize (step 1): the Gauss–Newton model of F at x, A = JsᵀJs + λ²I,
  /// g = Jsᵀr + λ²(x − x_prior) (Madsen, Nielsen & Tingleff 2004, *Methods for Non-Linear
  /// Least Squares Problems*, eq. 3.7b, plus the Tikhonov term), and D the running maximum
  /// of diag(A), which makes the damping invariant to the parameters' units (Moré 1978,
  /// *Lecture Notes in Math.* 630:105).
  mutating func linearize() {
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
  }

  /// Stationarity test after a linearization: zero residuals, or MINPACK's `gtol` test
  /// (Moré, Garbow & Hillstrom 1980, ANL-80-74) on the free parameters, the cosine
  /// |g_i|/(‖J_aug,i‖‖r_aug‖): scale-free, unlike MNT's ‖g‖∞ ≤ ε₁ (eq. 3.15a).
  func stationarity() -> LevenbergMarquardt.Stop? {
    let rNorm = (2 * f).squareRoot()
    if rNorm == 0 { return (true, "the residuals are zero") }
    var worst = 0.0
    for i in 0..<n where !isActive(i) {
      let colNorm = a[i * n + i].squareRoot()
      if colNorm > 0 { worst = max(worst, abs(g[i]) / (colNorm * rNorm)) }
    }
    return worst <= options.gradientTolerance ? (true, "the projected gradient is below the tolerance (cosine \(worst))") : nil
  }

  /// Parameter i held at a bound (step 2; `LevenbergMarquardt.isActive`).
  func isActive(_ i: Int) -> Bool { LevenbergMarquardt.isActive(i, x: x, g: g, lower: xLower, upper: xUpper) }

  /// The parameters not held at a bound, ascending.
  func freeParameters() -> [Int] { (0..<n).filter { !isActive($0) } }

  /// Damped solve (steps 3–4): (A_FF + μ D_FF) δ_F = −g_F by Cholesky (MNT 2004, eq. 3.13,
  /// with Marquardt's scaled D for I), μ raised tenfold until the system is numerically
  /// positive definite, then projected onto the box: for large μ a scaled projected-gradient
  /// step, hence descent (Bertsekas 1982). Sets μ to the value used; nil if none below 1e20 is.
  mutating func dampedStep(free: [Int]) -> Step? {
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
    guard let step = solved else { return nil }
    mu = muTry
    for (ii, i) in free.enumerated() { delta[i] = step[ii] }
    var xTrial = x
    for i in 0..<n { xTrial[i] = min(max(x[i] + delta[i], xLower[i]), xUpper[i]) }
    var dx = [Double](repeating: 0, count: n)
    for i in 0..<n { dx[i] = xTrial[i] - x[i] }
    let stepNorm = DenseKernels.squaredNorm(dx).squareRoot()
    let xNorm = DenseKernels.squaredNorm(x).squareRoot()
    // L(0) − L(δ) = −gᵀδ − ½δᵀAδ along the projected step (MNT eq. 3.7b; the projection
    // rules out their shortcut ½δᵀ(μδ − g), eq. 3.14).
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
    return Step(xTrial: xTrial, pTrial: pTrial, stepNorm: stepNorm, xNorm: xNorm, predicted: predicted)
  }

  /// F at the trial point from r alone (step 5); +∞ when r is not finite, a rejection.
  mutating func objective<P: LeastSquaresProblem>(at step: Step, _ problem: inout P) throws -> Double {
    let trial = try LevenbergMarquardt.evaluate(&problem, step.pTrial, jacobian: false, m: m)
    evaluations += 1
    return trial.residuals.allSatisfy(\.isFinite)
      ? 0.5 * (DenseKernels.squaredNorm(trial.residuals) + lambda2 * regularizationSquared(step.xTrial))
      : .infinity
  }

  /// Accept (F decreased): gain ratio ρ = (F(x) − F(x_trial))/(L(0) − L(δ)) and Nielsen's
  /// μ ← μ·max(⅓, 1 − (2ρ − 1)³), ν ← 2 (MNT 2004, eq. 2.18 and Algorithm 3.16), which
  /// follows the model's quality smoothly instead of by fixed factors; r and J at the new
  /// point; then MINPACK's `ftol` test and MNT's step test ‖δ‖ ≤ ε₂(‖x‖ + ε₂) (eq. 3.15b).
  mutating func accept<P: LeastSquaresProblem>(_ step: Step, objective fTrial: Double, _ problem: inout P) throws -> LevenbergMarquardt.Stop? {
    let actual = f - fTrial
    let rho = step.predicted > 0 ? actual / step.predicted : 1
    mu *= max(1.0 / 3.0, 1 - pow(2 * rho - 1, 3))
    nu = 2
    let fOld = f
    (p, x, f) = (step.pTrial, step.xTrial, fTrial)
    current = try LevenbergMarquardt.evaluate(&problem, p, jacobian: true, m: m)
    evaluations += 1
    jacobianEvaluations += 1
    guard current.jacobian!.allSatisfy(\.isFinite) else { throw NumericalError("the Jacobian is not finite at an accepted point") }
    needsLinearization = true
    if let tolerance = objectiveToleranceMet(change: actual, predicted: step.predicted, objective: fOld) {
      return (true, tolerance == .relative
        ? "the relative decrease of the objective is below the tolerance"
        : "the decrease of the objective is below the absolute tolerance")
    }
    let small = step.stepNorm <= options.stepTolerance * (step.xNorm + options.stepTolerance)
    return small ? (true, "the relative step is below the tolerance") : nil
  }

  /// Reject (F did not decrease): the step test, MINPACK's `ftol` test on |F − F_trial|,
  /// then μ ← μ·ν, ν ← 2ν (MNT 2004, Algorithm 3.16), stopping when μ passes 1e16.
  mutating func reject(_ step: Step, objective fTrial: Double) -> LevenbergMarquardt.Stop? {
    if step.stepNorm <= options.stepTolerance * (step.xNorm + options.stepTolerance) {
      return (true, "no decrease along a step below the step tolerance")
    }
    // At the optimum the objective's round-off exceeds what a step can gain, so every
    // trial is rejected and only the damping grows. As MINPACK's lmder does after
    // every step, accepted or not: stop when both the actual change and the predicted
    // decrease are below the objective tolerances.
    if let tolerance = objectiveToleranceMet(change: abs(f - fTrial), predicted: step.predicted, objective: f) {
      return (true, "a rejected step changed the objective by less than the \(tolerance == .relative ? "relative" : "absolute") "
        + "tolerance: the optimum is reached to round-off")
    }
    mu *= nu
    nu *= 2
    return mu > 1e16 ? (false, "the damping grew past 1e16 without a decrease") : nil
  }

  /// Which objective tolerance a change of the objective and its predicted decrease both
  /// meet (relative to `objective`, or absolute), if any.
  func objectiveToleranceMet(change: Double, predicted: Double, objective: Double) -> LevenbergMarquardt.ObjectiveTolerance? {
    if change <= options.objectiveTolerance * objective && predicted <= options.objectiveTolerance * objective { return .relative }
    if change <= options.absoluteObjectiveTolerance && predicted <= options.absoluteObjectiveTolerance { return .absolute }
    return nil
  }

  /// The outcome; a parameter within 1e-10·s_i of a bound is reported active.
  func result(_ stop: LevenbergMarquardt.Stop) -> FitResult {
    var active = [Bool](repeating: false, count: n)
    for i in 0..<n {
      let tol: Double = 1e-10 * scale[i]
      active[i] = abs(p[i] - box.lower[i]) <= tol || abs(p[i] - box.upper[i]) <= tol
    }
    return FitResult(
      estimate: p, converged: stop.converged, stopReason: stop.reason, iterations: iteration,
      evaluations: evaluations, jacobianEvaluations: jacobianEvaluations,
      objective: 0.5 * DenseKernels.squaredNorm(current.residuals), residuals: current.residuals,
      jacobian: current.jacobian!, lambda: lambda > 0 ? lambda : nil, history: history,
      activeBounds: active, scales: scale)
  }
}
