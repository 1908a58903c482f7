/// A weighted nonlinear least-squares problem: minimize ½‖r(p)‖² over the parameters p.
///
/// The residuals are already weighted, r_i = (model_i − data_i)/σ_i, so ½‖r‖² is the
/// negative log-likelihood of Gaussian noise up to a constant. The protocol knows
/// nothing of what the model is: a finite-element coupon, a rate profile or a
/// regression line all look the same from here.
public protocol LeastSquaresProblem {
  /// The number of parameters n.
  var parameterCount: Int { get }

  /// Residuals and, when `wantJacobian`, the Jacobian ∂r/∂p.
  ///
  /// The Jacobian is `residuals.count` × `parameterCount`, column-major: column j
  /// (∂r/∂p_j) is `jacobian[j*m ..< (j+1)*m]`. `residuals.count` must be the same at
  /// every call, or a precondition failure occurs in the minimizer.
  /// - Throws: whatever the model throws (for example a numerical failure); the
  ///   minimizer propagates it unchanged.
  mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation
}

/// The residuals (and optionally the Jacobian) at one parameter vector.
public struct LeastSquaresEvaluation: Sendable {
  /// Weighted residuals r_i = (model_i − data_i)/σ_i; m entries.
  public var residuals: [Double]
  /// ∂r/∂p, m × n column-major, or nil when not requested.
  public var jacobian: [Double]?

  public init(residuals: [Double], jacobian: [Double]?) {
    self.residuals = residuals
    self.jacobian = jacobian
  }
}

/// Box constraints lower_i ≤ p_i ≤ upper_i; ±infinity means unbounded on that side.
public struct ParameterBounds: Sendable, Equatable {
  public var lower: [Double]
  public var upper: [Double]

  /// `lower.count` must equal `upper.count` and `lower[i] <= upper[i]`, or a
  /// precondition failure occurs (bounds from a file are validated at the edge).
  public init(lower: [Double], upper: [Double]) {
    precondition(lower.count == upper.count, "ParameterBounds: lower and upper differ in length")
    for i in lower.indices {
      precondition(!(lower[i] > upper[i]), "ParameterBounds: lower[\(i)] > upper[\(i)]")
    }
    self.lower = lower
    self.upper = upper
  }

  /// No bounds on `n` parameters.
  public static func unbounded(_ n: Int) -> ParameterBounds {
    ParameterBounds(
      lower: Array(repeating: -.infinity, count: n), upper: Array(repeating: .infinity, count: n))
  }

  /// `p` clamped into the box.
  public func clamp(_ p: [Double]) -> [Double] {
    var q = p
    for i in q.indices { q[i] = min(max(q[i], lower[i]), upper[i]) }
    return q
  }
}

/// The regularization added to the data term.
///
/// Tikhonov adds λ² ‖(p − prior)/scale‖² to ‖r‖² (so ½λ²‖…‖² to the objective), in
/// scaled parameters: the prior is the initial guess unless
/// `LevenbergMarquardtOptions.prior` is given, and the scale is
/// `LevenbergMarquardtOptions.scaling` (default |initial|, or 1 where that is 0).
public enum Regularization: Sendable, Equatable {
  case none
  /// A fixed λ (dimensionless, since the residuals and the scaled parameters are).
  case tikhonov(lambda: Double)
  /// λ chosen by a rule; see `RegularizationRule`.
  case tikhonovAuto(rule: RegularizationRule)
}

/// How an automatic Tikhonov λ is chosen.
public enum RegularizationRule: Sendable, Equatable {
  /// Morozov's discrepancy principle: the λ whose data misfit ‖r‖² equals m σ².
  /// With `noiseKnown` the residuals are already divided by the true σ, so the target
  /// is ‖r‖² = m. Otherwise σ² is estimated as ‖r_λ‖²/(m − tr H_λ) at the GCV λ
  /// (Wahba 1990, *Spline Models for Observational Data*, eq. 4.7.4).
  case discrepancy(noiseKnown: Bool)
  /// Generalized cross-validation: minimize m‖r_λ‖²/(m − tr H_λ)² (Golub, Heath & Wahba
  /// 1979, *Technometrics* 21:215, eq. 1.4), H the (linearized) influence matrix.
  case generalizedCrossValidation
  /// The corner of the L-curve (log ‖r_λ‖, log ‖L x_λ‖): the point of maximum curvature
  /// (Hansen & O'Leary 1993, *SIAM J. Sci. Comput.* 14:1487).
  case lCurve
}
