import CGLPK
import FECommon
import Synchronization

/// The GLPK back end of `LinearProgram.solve()` (the GNU Linear Programming Kit,
/// Debian's libglpk-dev; Makhorin, *GLPK Reference Manual*, v5.0, ch. 2).
///
/// Strategy, per attempt: build the problem, scale it (`glp_scale_prob` with
/// `GLP_SF_AUTO`, or, for coefficients outside [1e-100, 1e100] where that would abort,
/// `LinearProgramScaling`), run `glp_simplex` with GLPK's terminal output off. The first
/// attempt is the primal simplex without presolve, from the standard basis: without
/// presolve GLPK keeps a basic solution whose status separates "no feasible point"
/// (`GLP_NOFEAS`) from "unbounded" (`GLP_UNBND`), which the presolver lumps into a
/// return code. If it breaks down (singular or ill-conditioned basis, undefined
/// status) or its optimum violates a bound by more than the feasibility tolerance
/// (checked here, in unscaled units), the second attempt is the dual-then-primal
/// simplex from an advanced (Bixby) basis, and the third uses the presolver. Only if
/// all three fail is a `NumericalError` thrown.
///
/// GLPK keeps process-wide state and aborts the process on invalid calls, so every
/// call goes through one lock, and the arguments are checked before they reach it
/// (an empty row range becomes `.infeasible` here, never a `glp_set_row_bnds` with
/// lb > ub).
enum LinearProgramGLPK {
  /// One GLPK call sequence at a time.
  static let lock = Mutex(())

  /// The simplex variant of one attempt.
  struct Attempt {
    var method: Int32
    var presolve: Bool
    var advancedBasis: Bool
  }

  static let attempts = [
    Attempt(method: Int32(GLP_PRIMAL), presolve: false, advancedBasis: false),
    Attempt(method: Int32(GLP_DUALP), presolve: false, advancedBasis: true),
    Attempt(method: Int32(GLP_PRIMAL), presolve: true, advancedBasis: false),
  ]

  static func solve(_ lp: LinearProgram) throws -> LinearProgramOutcome {
    let m = lp.rows, n = lp.columns
    for v in lp.objective + lp.constraints + lp.rowLower + lp.rowUpper + lp.columnLower + lp.columnUpper {
      precondition(!v.isNaN, "LinearProgram: NaN in the problem data")
    }
    // Bounds no point satisfies: lb > ub, lb = +∞ or ub = −∞.
    for (lo, up) in zip(lp.rowLower + lp.columnLower, lp.rowUpper + lp.columnUpper) {
      if lo > up || lo == .infinity || up == -.infinity { return .infeasible }
    }
    if n == 0 {
      // No variables: A x = 0 for every row; feasible iff every row range holds 0.
      for i in 0..<m where lp.rowLower[i] > 0 || lp.rowUpper[i] < 0 { return .infeasible }
      return .optimal(LinearProgramSolution(
        objectiveValue: 0, x: [], rowActivities: [Double](repeating: 0, count: m),
        rowDuals: [Double](repeating: 0, count: m), reducedCosts: []))
    }
    var failures = [String]()
    for attempt in attempts {
      switch lock.withLock({ _ in run(lp, attempt) }) {
      case .outcome(let outcome):
        if case .optimal(let s) = outcome, let violation = boundViolation(lp, s) {
          failures.append("an optimum that violates a bound by \(violation)")
          continue
        }
        return outcome
      case .failed(let reason):
        failures.append(reason)
      }
    }
    throw NumericalError(
      "the linear program (\(m) rows, \(n) columns) could not be solved by GLPK's simplex: "
        + failures.joined(separator: "; "))
  }

  enum AttemptResult {
    case outcome(LinearProgramOutcome)
    case failed(String)
  }

  /// The GLPK type code of a bound pair (both not NaN, lo ≤ up, lo < +∞, up > −∞).
  static func boundType(_ lo: Double, _ up: Double) -> Int32 {
    switch (lo.isFinite, up.isFinite) {
    case (false, false): return Int32(GLP_FR)
    case (true, false): return Int32(GLP_LO)
    case (false, true): return Int32(GLP_UP)
    case (true, true): return lo == up ? Int32(GLP_FX) : Int32(GLP_DB)
    }
  }

  /// One attempt; the caller holds the lock.
  static func run(_ original: LinearProgram, _ attempt: Attempt) -> AttemptResult {
    let m = original.rows, n = original.columns
    // Magnitudes GLPK's scaling would abort on are rescaled here first (exactly, by powers of 2).
    var lp = original
    var scaling: LinearProgramScaling?
    if !LinearProgramScaling.glpkCanScale(original) {
      let s = LinearProgramScaling(original)
      guard let scaled = s.scaled(original) else {
        return .failed("the coefficients span more orders of magnitude than double precision holds, even after exact scaling")
      }
      lp = scaled
      scaling = s
    }
    _ = glp_term_out(GLP_OFF)
    guard let p = glp_create_prob() else { return .failed("glp_create_prob returned nil") }
    defer { glp_delete_prob(p) }
    glp_set_obj_dir(p, lp.sense == .minimize ? GLP_MIN : GLP_MAX)
    if m > 0 { _ = glp_add_rows(p, Int32(m)) }
    _ = glp_add_cols(p, Int32(n))
    for i in 0..<m {
      let lo = lp.rowLower[i], up = lp.rowUpper[i]
      glp_set_row_bnds(p, Int32(i + 1), boundType(lo, up), lo.isFinite ? lo : 0, up.isFinite ? up : 0)
    }
    for j in 0..<n {
      let lo = lp.columnLower[j], up = lp.columnUpper[j]
      glp_set_col_bnds(p, Int32(j + 1), boundType(lo, up), lo.isFinite ? lo : 0, up.isFinite ? up : 0)
      glp_set_obj_coef(p, Int32(j + 1), lp.objective[j])
    }
    // The nonzeros, 1-based (GLPK ignores element 0 of each array).
    var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
    for j in 0..<n {
      for i in 0..<m where lp.constraints[j * m + i] != 0 {
        ia.append(Int32(i + 1))
        ja.append(Int32(j + 1))
        ar.append(lp.constraints[j * m + i])
      }
    }
    glp_load_matrix(p, Int32(ar.count - 1), ia, ja, ar)
    if scaling == nil { glp_scale_prob(p, GLP_SF_AUTO) }
    if attempt.advancedBasis && m > 0 { glp_adv_basis(p, 0) } else { glp_std_basis(p) }

    var parm = glp_smcp()
    glp_init_smcp(&parm)
    parm.msg_lev = GLP_MSG_OFF
    parm.meth = attempt.method
    parm.presolve = attempt.presolve ? GLP_ON : GLP_OFF
    let code = glp_simplex(p, &parm)

    switch code {
    case 0:
      break
    case GLP_ENOPFS:  // presolver: no primal feasible solution
      return .outcome(.infeasible)
    case GLP_ENODFS:  // presolver: no dual feasible solution, so infeasible or unbounded
      return feasibilityOnly(lp) ? .outcome(.unbounded) : .outcome(.infeasible)
    default:
      return .failed("glp_simplex returned \(simplexCodeName(code))")
    }
    switch glp_get_status(p) {
    case GLP_OPT:
      var x = [Double](repeating: 0, count: n), d = [Double](repeating: 0, count: n)
      var ax = [Double](repeating: 0, count: m), y = [Double](repeating: 0, count: m)
      for j in 0..<n {
        x[j] = glp_get_col_prim(p, Int32(j + 1))
        d[j] = glp_get_col_dual(p, Int32(j + 1))
      }
      for i in 0..<m {
        ax[i] = glp_get_row_prim(p, Int32(i + 1))
        y[i] = glp_get_row_dual(p, Int32(i + 1))
      }
      let solution = LinearProgramSolution(
        objectiveValue: glp_get_obj_val(p), x: x, rowActivities: ax, rowDuals: y, reducedCosts: d)
      return .outcome(.optimal(scaling?.unscaled(solution) ?? solution))
    case GLP_NOFEAS:
      return .outcome(.infeasible)
    case GLP_UNBND:
      return .outcome(.unbounded)
    case let status:
      return .failed("glp_simplex ended with solution status \(status) (neither optimal, infeasible nor unbounded)")
    }
  }

  /// Whether the feasible set is non-empty, by a zero-objective primal simplex; called
  /// with the lock held when the presolver reports dual infeasibility.
  static func feasibilityOnly(_ lp: LinearProgram) -> Bool {
    let zero = lp.with(objective: [Double](repeating: 0, count: lp.columns), sense: .minimize)
    if case .outcome(.optimal) = run(zero, Attempt(method: Int32(GLP_PRIMAL), presolve: false, advancedBasis: false)) {
      return true
    }
    return false
  }

  /// The largest bound violation of a reported optimum, if above the tolerance:
  /// GLPK's relative primal tolerance (1e-7) applied to each bound's magnitude
  /// (at least 1), with A x recomputed here from x.
  static func boundViolation(_ lp: LinearProgram, _ s: LinearProgramSolution) -> Double? {
    let m = lp.rows, n = lp.columns
    var worst = 0.0, over = false
    func check(_ v: Double, _ lo: Double, _ up: Double, scale: Double) {
      let tol = 1e-7 * max(1, scale)
      let e = max(lo - v, v - up, 0)
      if e > tol { over = true }
      worst = max(worst, e)
    }
    for j in 0..<n {
      let lo = lp.columnLower[j], up = lp.columnUpper[j]
      check(s.x[j], lo, up, scale: max(lo.isFinite ? abs(lo) : 0, up.isFinite ? abs(up) : 0))
    }
    for i in 0..<m {
      var ax = 0.0, size = 0.0
      for j in 0..<n {
        let t = lp.constraints[j * m + i] * s.x[j]
        ax += t
        size = max(size, abs(t))
      }
      let lo = lp.rowLower[i], up = lp.rowUpper[i]
      check(ax, lo, up, scale: max(size, lo.isFinite ? abs(lo) : 0, up.isFinite ? abs(up) : 0))
    }
    return over ? worst : nil
  }

  /// GLPK's name for a `glp_simplex` return code, for messages.
  static func simplexCodeName(_ code: Int32) -> String {
    switch code {
    case GLP_EBADB: return "GLP_EBADB (invalid initial basis)"
    case GLP_ESING: return "GLP_ESING (singular basis matrix)"
    case GLP_ECOND: return "GLP_ECOND (ill-conditioned basis matrix)"
    case GLP_EBOUND: return "GLP_EBOUND (incorrect double bounds)"
    case GLP_EFAIL: return "GLP_EFAIL (solver failure)"
    case GLP_EITLIM: return "GLP_EITLIM (iteration limit)"
    case GLP_ETMLIM: return "GLP_ETMLIM (time limit)"
    case GLP_EOBJLL, GLP_EOBJUL: return "an objective limit code (\(code))"
    default: return "code \(code)"
    }
  }
}
