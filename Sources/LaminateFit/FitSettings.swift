import Inversion

/// The `[fit]` and `[fit.parameters]` tables of the model.
public struct FitSettings: Sendable {
  public var parameters: [FitParameter]
  public var regularization: Regularization
  public var maxIterations: Int

  public init(parameters: [FitParameter], regularization: Regularization = .none, maxIterations: Int = 50) {
    self.parameters = parameters
    self.regularization = regularization
    self.maxIterations = maxIterations
  }
}
