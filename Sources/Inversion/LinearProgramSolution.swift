/// An optimal solution of a `LinearProgram`.
public struct LinearProgramSolution: Sendable {
  /// cᵀx at the optimum.
  public var objectiveValue: Double
  /// The optimal x (a vertex of the feasible set).
  public var x: [Double]
  /// A x at the optimum.
  public var rowActivities: [Double]
  /// The row multipliers y (∂ optimum / ∂ row bound of the active side), as GLPK
  /// reports them: strong duality gives cᵀx = Σ y_i·(active row bound) +
  /// Σ d_j·(active column bound).
  public var rowDuals: [Double]
  /// The reduced costs d = c − Aᵀy.
  public var reducedCosts: [Double]
}
