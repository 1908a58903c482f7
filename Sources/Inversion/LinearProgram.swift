/// A linear program in bounded form: optimize cᵀx subject to row bounds on A x and
/// column bounds on x.
///
///     minimize (or maximize)  cᵀx
///     subject to              rowLower ≤ A x ≤ rowUpper
///                             columnLower ≤ x ≤ columnUpper
///
/// An equality row has equal bounds; a free side is ±infinity (`-.infinity` below,
/// `.infinity` above). A is dense, column-major (`constraints[j*rows + i]` is A_ij),
/// which suits the small problems of the inversion layer (flux-variability analysis,
/// feasibility bounds); GLPK stores it sparsely, so zeros cost nothing in the solve.
///
/// `solve()` returns the outcome as a value: `.optimal` with the solution, or
/// `.infeasible`, or `.unbounded` (the objective improves without limit over the
/// feasible set). Only a breakdown of the solver itself is thrown.
///
/// Sizes must agree (`objective.count == columns`, `constraints.count == rows*columns`,
/// the bound arrays of length `rows` and `columns`) and no entry may be NaN, or a
/// precondition failure occurs. A lower bound above its upper bound is allowed: the
/// problem is then infeasible.
public struct LinearProgram: Sendable {
  /// Whether cᵀx is minimized or maximized.
  public enum Sense: Sendable, Equatable {
    case minimize, maximize
  }

  public var sense: Sense
  /// c, one entry per column (variable).
  public var objective: [Double]
  /// A, `rows` × `columns`, column-major.
  public var constraints: [Double]
  public var rows: Int
  public var columns: Int
  /// Lower bounds of A x (−infinity where absent).
  public var rowLower: [Double]
  /// Upper bounds of A x (+infinity where absent).
  public var rowUpper: [Double]
  /// Lower bounds of x (−infinity where absent).
  public var columnLower: [Double]
  /// Upper bounds of x (+infinity where absent).
  public var columnUpper: [Double]

  /// A linear program; see the type's discussion for the sizes.
  ///
  /// - Parameters:
  ///   - columnLower: defaults to 0 for every variable (x ≥ 0).
  ///   - columnUpper: defaults to +infinity for every variable.
  public init(
    sense: Sense, objective: [Double], constraints: [Double], rows: Int,
    rowLower: [Double], rowUpper: [Double], columnLower: [Double]? = nil, columnUpper: [Double]? = nil
  ) {
    let n = objective.count
    self.sense = sense
    self.objective = objective
    self.constraints = constraints
    self.rows = rows
    self.columns = n
    self.rowLower = rowLower
    self.rowUpper = rowUpper
    self.columnLower = columnLower ?? [Double](repeating: 0, count: n)
    self.columnUpper = columnUpper ?? [Double](repeating: .infinity, count: n)
    precondition(constraints.count == rows * n, "LinearProgram: constraints.count must be rows*columns")
    precondition(rowLower.count == rows && rowUpper.count == rows, "LinearProgram: row bounds must have rows entries")
    precondition(self.columnLower.count == n && self.columnUpper.count == n,
                 "LinearProgram: column bounds must have columns entries")
  }

  /// The same program with another objective (and sense): the flux-variability loop
  /// solves one program per variable and direction over the same feasible set.
  public func with(objective c: [Double], sense s: Sense) -> LinearProgram {
    precondition(c.count == columns, "LinearProgram.with: objective.count must be columns")
    var p = self
    p.objective = c
    p.sense = s
    return p
  }

  /// Solves the program by the simplex method (GLPK; see `LinearProgram+GLPK.swift`).
  ///
  /// - Returns: `.optimal` with x, the objective, A x and the multipliers;
  ///   `.infeasible` when no x satisfies the bounds; `.unbounded` when the objective
  ///   is unbounded over a non-empty feasible set.
  /// - Throws: `NumericalError` when the solver breaks down (a singular or
  ///   ill-conditioned basis it cannot recover from, the iteration limit).
  public func solve() throws -> LinearProgramOutcome {
    try LinearProgramGLPK.solve(self)
  }
}
