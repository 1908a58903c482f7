/// Settings of `LevenbergMarquardt.minimize`.
///
/// Tolerances are relative and act on scaled parameters x_i = p_i / scale_i, so they do
/// not depend on the units of the parameters.
public struct LevenbergMarquardtOptions: Sendable {
  /// Step attempts (accepted or rejected). Each attempt costs one residual evaluation.
  public var maxIterations = 50
  /// Converged when, for every free parameter, the cosine between the residual vector and
  /// that Jacobian column, |J_jᵀ r|/(‖J_j‖‖r‖), is below this (MINPACK's `gtol`; Moré 1978,
  /// *Lecture Notes in Math.* 630:105). Parameters held at an active bound are excluded
  /// (the projected gradient).
  public var gradientTolerance = 1e-8
  /// Converged when a step satisfies ‖δx‖ ≤ stepTolerance · (‖x‖ + stepTolerance), x the
  /// scaled parameters.
  public var stepTolerance = 1e-8
  /// Converged when both the actual and the predicted relative decrease of the objective
  /// are below this; tested after rejected steps too (|actual change|), as in MINPACK,
  /// since at the optimum round-off can make every step a rejection.
  public var objectiveTolerance = 1e-10
  /// Converged also when both the actual and the predicted decrease of the objective
  /// are below this absolute amount (0: off; also tested after rejected steps). For residuals divided by their known
  /// noise σ the objective is ½χ², and a decrease below 1e-3 means the step moved the
  /// parameters by a few hundredths of a standard error (√(2·1e-3) ≈ 0.045 SE): further
  /// iterations change nothing the data can tell.
  public var absoluteObjectiveTolerance = 0.0
  /// Marquardt's λ at the start: the damping term is μ·diag(JᵀJ) (running maximum of the
  /// diagonal, as in MINPACK), so 1e-3 is the classic choice (Marquardt 1963, *J. SIAM*
  /// 11:431).
  public var initialDamping = 1e-3
  /// The typical magnitude of each parameter; default |initial_i|, or 1 where that is 0.
  /// Every entry must be positive and finite, or a precondition failure occurs.
  public var scaling: [Double]?
  public var regularization: Regularization = .none
  /// The Tikhonov prior (unscaled parameters); default the initial guess.
  public var prior: [Double]?
  /// For `.tikhonovAuto`: the λ values tried. Default 13 values, σ₁·10^(−k/2), k = 0…12,
  /// σ₁ the largest singular value of the scaled Jacobian at the initial guess.
  public var lambdaGrid: [Double]?

  public init() {}
}

/// One step attempt of the minimizer.
public struct IterationRecord: Sendable, Equatable {
  /// 1-based attempt number (within one fit; the λ search of `.tikhonovAuto` restarts it).
  public var iteration: Int
  /// The objective ½(‖r‖² + λ²‖(p − prior)/scale‖²) after the attempt (the trial value
  /// when rejected).
  public var objective: Double
  /// ‖δx‖ of the (projected) step in scaled parameters.
  public var stepNorm: Double
  /// Marquardt's μ used for this step.
  public var damping: Double
  public var accepted: Bool

  public init(iteration: Int, objective: Double, stepNorm: Double, damping: Double, accepted: Bool) {
    self.iteration = iteration
    self.objective = objective
    self.stepNorm = stepNorm
    self.damping = damping
    self.accepted = accepted
  }
}

/// The outcome of a fit. Not converging is not an error: `converged` says so and
/// `stopReason` says why.
public struct FitResult: Sendable {
  public var estimate: [Double]
  public var converged: Bool
  /// Plain words: which test stopped the iteration.
  public var stopReason: String
  /// Step attempts; for `.tikhonovAuto`, summed over every fit of the λ search.
  public var iterations: Int
  /// Residual evaluations (with or without Jacobian), summed likewise.
  public var evaluations: Int
  /// Evaluations that asked for the Jacobian, summed likewise.
  public var jacobianEvaluations: Int
  /// ½‖r‖² of the data term only, at the estimate.
  public var objective: Double
  /// Data residuals at the estimate.
  public var residuals: [Double]
  /// Data Jacobian ∂r/∂p at the estimate (m × n column-major, unscaled).
  public var jacobian: [Double]
  /// The Tikhonov λ used (nil without regularization).
  public var lambda: Double?
  /// The λ search of `.tikhonovAuto` (nil otherwise).
  public var lambdaChoice: LambdaChoice?
  /// Every step attempt of the final fit.
  public var history: [IterationRecord]
  /// True where the estimate sits on a bound (within 1e-10 of the parameter scale).
  public var activeBounds: [Bool]
  /// The scales used (`options.scaling` or the default), for `UncertaintyAnalysis.analyze`.
  public var scales: [Double]

  public init(
    estimate: [Double], converged: Bool, stopReason: String, iterations: Int, evaluations: Int,
    jacobianEvaluations: Int, objective: Double, residuals: [Double], jacobian: [Double],
    lambda: Double?, lambdaChoice: LambdaChoice? = nil, history: [IterationRecord],
    activeBounds: [Bool], scales: [Double]
  ) {
    self.estimate = estimate
    self.converged = converged
    self.stopReason = stopReason
    self.iterations = iterations
    self.evaluations = evaluations
    self.jacobianEvaluations = jacobianEvaluations
    self.objective = objective
    self.residuals = residuals
    self.jacobian = jacobian
    self.lambda = lambda
    self.lambdaChoice = lambdaChoice
    self.history = history
    self.activeBounds = activeBounds
    self.scales = scales
  }
}
