/// Exact power-of-two row and column scaling of a `LinearProgram`, for matrices whose
/// magnitudes GLPK's own scaling cannot take.
///
/// Why: `glp_scale_prob` computes its factors in floating point, and with entries near
/// 1e-300 a factor underflows; GLPK then *aborts the process* ("glp_set_rii: invalid
/// scale factor"), which no caller can catch. Such a program is first rescaled here, in
/// exponent arithmetic that cannot overflow, and handed to GLPK unscaled.
///
/// With row exponents r and column exponents s, the scaled program is A' = 2^r A 2^s
/// (a'_ij = a_ij·2^(r_i + s_j)) in the variables x' = 2^(−s) x: row bounds times 2^r,
/// column bounds times 2^(−s), objective coefficients times 2^s (so cᵀx and the optimum
/// are unchanged). Powers of two scale exactly, so only over- or underflow can change a
/// number, and that is checked.
struct LinearProgramScaling: Sendable, Equatable {
  /// r_i, one per row.
  var rowExponents: [Int]
  /// s_j, one per column.
  var columnExponents: [Int]

  /// The magnitudes GLPK's own scaling is trusted with: every nonzero |a_ij| in
  /// [1e-100, 1e100]. Outside it, this scaling is used instead.
  static let glpkSafeRange = 1e-100...1e100

  /// Whether GLPK may scale `lp` itself.
  static func glpkCanScale(_ lp: LinearProgram) -> Bool {
    lp.constraints.allSatisfy { $0 == 0 || glpkSafeRange.contains(abs($0)) }
  }

  /// Exponents from the binary exponents e_ij of the nonzeros: three passes of
  /// geometric-mean scaling (rows, then columns: −⌊(min + max)/2⌋ of e_ij plus the other
  /// side's exponent), then equilibration so that every row's and then every column's
  /// largest entry lies in [1, 2). Empty rows and columns keep exponent 0.
  init(_ lp: LinearProgram) {
    let m = lp.rows, n = lp.columns
    var exponent = [Int?](repeating: nil, count: m * n)  // column-major, nil for a zero
    for k in 0..<(m * n) where lp.constraints[k] != 0 { exponent[k] = Int(lp.constraints[k].exponent) }
    var r = [Int](repeating: 0, count: m), s = [Int](repeating: 0, count: n)
    /// min and max of e_ij + (the other side's exponent) along a row or column.
    func rowRange(_ i: Int) -> (Int, Int)? {
      var lo = Int.max, hi = Int.min
      for j in 0..<n { if let e = exponent[j * m + i] { lo = min(lo, e + s[j]); hi = max(hi, e + s[j]) } }
      return lo <= hi ? (lo, hi) : nil
    }
    func columnRange(_ j: Int) -> (Int, Int)? {
      var lo = Int.max, hi = Int.min
      for i in 0..<m { if let e = exponent[j * m + i] { lo = min(lo, e + r[i]); hi = max(hi, e + r[i]) } }
      return lo <= hi ? (lo, hi) : nil
    }
    func halfSum(_ range: (Int, Int)) -> Int { Int((Double(range.0 + range.1) / 2).rounded(.down)) }
    for _ in 0..<3 {
      for i in 0..<m { if let range = rowRange(i) { r[i] = -halfSum(range) } }
      for j in 0..<n { if let range = columnRange(j) { s[j] = -halfSum(range) } }
    }
    for i in 0..<m { if let range = rowRange(i) { r[i] = -range.1 } }
    for j in 0..<n { if let range = columnRange(j) { s[j] = -range.1 } }
    rowExponents = r
    columnExponents = s
  }

  /// The scaled program, or nil when a nonzero would underflow to 0 or a finite number
  /// would overflow (the data span more than double precision holds).
  func scaled(_ lp: LinearProgram) -> LinearProgram? {
    let m = lp.rows, n = lp.columns
    var out = lp
    var exact = true
    /// v·2^k, flagging a finite nonzero that turns infinite or zero.
    func times(_ v: Double, _ k: Int) -> Double {
      guard v.isFinite, v != 0 else { return v }
      let w = Double(sign: .plus, exponent: k, significand: v)
      if !w.isFinite || w == 0 { exact = false }
      return w
    }
    for j in 0..<n {
      for i in 0..<m { out.constraints[j * m + i] = times(lp.constraints[j * m + i], rowExponents[i] + columnExponents[j]) }
      out.objective[j] = times(lp.objective[j], columnExponents[j])
      out.columnLower[j] = times(lp.columnLower[j], -columnExponents[j])
      out.columnUpper[j] = times(lp.columnUpper[j], -columnExponents[j])
    }
    for i in 0..<m {
      out.rowLower[i] = times(lp.rowLower[i], rowExponents[i])
      out.rowUpper[i] = times(lp.rowUpper[i], rowExponents[i])
    }
    return exact ? out : nil
  }

  /// The scaled program's solution in the original variables: x = 2^s x', A x = 2^(−r) A'x',
  /// row duals 2^r y', reduced costs 2^(−s) d'; the objective is unchanged.
  func unscaled(_ solution: LinearProgramSolution) -> LinearProgramSolution {
    func times(_ v: Double, _ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: v) }
    var out = solution
    for j in 0..<columnExponents.count {
      out.x[j] = times(solution.x[j], columnExponents[j])
      out.reducedCosts[j] = times(solution.reducedCosts[j], -columnExponents[j])
    }
    for i in 0..<rowExponents.count {
      out.rowActivities[i] = times(solution.rowActivities[i], -rowExponents[i])
      out.rowDuals[i] = times(solution.rowDuals[i], rowExponents[i])
    }
    return out
  }
}
