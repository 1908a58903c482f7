import Inversion

/// The `[fit]` and `[fit.parameters]` tables of the model.
public struct FitSettings: Sendable {
  public var parameters: [FitParameter]
  public var regularization: Regularization
  public var maxIterations: Int
  /// `[fit] discretization`: the discretization-error budget (default `check`).
  public var discretization: DiscretizationMode = .check
  /// `[fit] restarts`: further starts from other initial points, to tell a local
  /// minimum from a wrong model (default 0).
  public var restarts = 0
  /// `[fit] intervals = "profile"` with `[fit] profile = [...]`: the parameters that get
  /// profile-likelihood intervals beside the linearized ones.
  public var profileParameters: [String] = []
  /// `[fit] factor_reuse`: solve later iterates by CG preconditioned with the kept factor
  /// of an earlier one (`LaminateForwardModel.reuseFactors`); default false.
  public var factorReuse = false
  /// `[fit] factor_reuse_iterations`: CG iterations past which K is factorized anew.
  public var factorReuseIterations = 20

  public init(parameters: [FitParameter], regularization: Regularization = .none, maxIterations: Int = 50) {
    self.parameters = parameters
    self.regularization = regularization
    self.maxIterations = maxIterations
  }
}
