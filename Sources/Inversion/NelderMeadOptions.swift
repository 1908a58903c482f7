/// Settings of `NelderMead.minimize`.
public struct NelderMeadOptions: Sendable {
  /// Objective evaluations allowed in all (runs and restarts together).
  public var maxEvaluations = 4000
  /// Relative agreement of the vertex values: max |f_i − f_best| ≤ tol·(|f_best| + tol).
  public var functionTolerance = 1e-12
  /// Simplex size per coordinate, relative to that coordinate's initial step.
  public var stepTolerance = 1e-8
  /// Restarts at the best point after the simplex collapses (McKinnon's stall).
  public var restarts = 2
  /// Gao & Han's dimension-dependent coefficients instead of the standard ones.
  public var adaptive = true

  public init() {}
}

/// The outcome of `NelderMead.minimize`.
public struct NelderMeadResult: Sendable {
  /// The best point found.
  public var estimate: [Double]
  /// The objective there (+∞ if no finite value was ever found).
  public var value: Double
  /// False when the evaluation limit stopped the search.
  public var converged: Bool
  /// Plain words: which test stopped the search.
  public var stopReason: String
  /// Simplex iterations over all runs.
  public var iterations: Int
  /// Objective evaluations over all runs.
  public var evaluations: Int
  /// Restarts performed.
  public var restarts: Int

  public init(estimate: [Double], value: Double, converged: Bool, stopReason: String, iterations: Int,
              evaluations: Int, restarts: Int) {
    self.estimate = estimate
    self.value = value
    self.converged = converged
    self.stopReason = stopReason
    self.iterations = iterations
    self.evaluations = evaluations
    self.restarts = restarts
  }
}
