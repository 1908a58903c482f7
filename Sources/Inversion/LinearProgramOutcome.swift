/// What solving a linear program found.
public enum LinearProgramOutcome: Sendable {
  /// An optimal vertex.
  case optimal(LinearProgramSolution)
  /// The bounds admit no point.
  case infeasible
  /// The objective is unbounded (below for a minimization, above for a maximization)
  /// over a non-empty feasible set.
  case unbounded

  /// The solution when optimal, else nil.
  public var solution: LinearProgramSolution? {
    if case .optimal(let s) = self { return s }
    return nil
  }
}
