import DenseLinearAlgebra
/// Dense linear least squares: min ‖A x − b‖², optionally with a Tikhonov term λ²‖L x‖²,
/// non-negativity or box bounds.
///
/// Matrices are column-major (`a[j*rows + i]` is A_ij); weights are the caller's: scale
/// row i of A and b by 1/σ_i first. Counts must match (`a.count == rows*columns`,
/// `b.count == rows`), or a precondition failure occurs.
public enum LinearLeastSquares {
  /// The least-squares solution of A x ≈ b.
  ///
  /// Householder QR (Golub & Van Loan, Alg. 5.3.2) when rows ≥ columns and R has no
  /// diagonal entry at or below 1e-12 of its largest; otherwise the minimum-norm solution
  /// V Σ⁺ Uᵀ b from the SVD, dropping singular values at or below 1e-12 σ₁.
  /// - Complexity: O(m n²).
  public static func solve(a: [Double], rows: Int, columns: Int, b: [Double]) -> [Double] {
    precondition(a.count == rows * columns && b.count == rows, "LinearLeastSquares.solve: size mismatch")
    if columns == 0 { return [] }
    if rows >= columns {
      let qr = HouseholderQR(matrix: a, rows: rows, columns: columns)
      if qr.hasFullRank(relativeTolerance: 1e-12) { return qr.solve(b) }
    }
    return minimumNorm(a: a, rows: rows, columns: columns, b: b, relativeTolerance: 1e-12)
  }

  /// The minimum-norm least-squares solution by the SVD (singular values at or below
  /// `relativeTolerance`·σ₁ are treated as zero).
  public static func minimumNorm(a: [Double], rows: Int, columns n: Int, b: [Double], relativeTolerance: Double) -> [Double] {
    let svd = SingularValueDecomposition(matrix: a, rows: rows, columns: n, computeLeftVectors: true)
    let u = svd.leftVectors!
    var x = [Double](repeating: 0, count: n)
    let top = svd.singularValues.first ?? 0
    for q in 0..<n where svd.singularValues[q] > relativeTolerance * top && top > 0 {
      var c = 0.0
      for i in 0..<rows { c += u[q * rows + i] * b[i] }
      c /= svd.singularValues[q]
      for j in 0..<n { x[j] += c * svd.rightVectors[q * n + j] }
    }
    return x
  }

  /// Non-negative least squares, min ‖A x − b‖ subject to x ≥ 0, by Lawson & Hanson's
  /// active-set algorithm (*Solving Least Squares Problems*, 1974, ch. 23, Alg. NNLS).
  ///
  /// At the solution the KKT conditions hold: x ≥ 0, w = Aᵀ(b − A x) ≤ tol where x = 0 and
  /// |w| ≤ tol where x > 0, tol = 10·ε·max(m, n)·‖A‖_F·‖b‖.
  /// - Returns: x and the number of outer iterations (variables freed).
  public static func nonNegative(a: [Double], rows: Int, columns: Int, b: [Double]) -> (x: [Double], iterations: Int) {
    let n = columns
    let lower = [Double](repeating: 0, count: n), upper = [Double](repeating: .infinity, count: n)
    let (x, iterations) = activeSet(a: a, rows: rows, columns: columns, b: b, lower: lower, upper: upper)
    return (x, iterations)
  }

  /// Bounded-variable least squares, min ‖A x − b‖ subject to lower ≤ x ≤ upper (±infinity
  /// allowed), by Stark & Parker's BVLS (1995, *Comput. Stat.* 10:129): Lawson–Hanson's
  /// active set with each bound variable at its lower or its upper bound.
  ///
  /// KKT at the solution: w = Aᵀ(b − A x) ≤ tol where x is at a lower bound, ≥ −tol at an
  /// upper bound, |w| ≤ tol where free (tol as for `nonNegative`). `lower[i] <= upper[i]`,
  /// or a precondition failure occurs.
  public static func bounded(a: [Double], rows: Int, columns: Int, b: [Double], lower: [Double], upper: [Double]) -> [Double] {
    activeSet(a: a, rows: rows, columns: columns, b: b, lower: lower, upper: upper).x
  }

  /// Tikhonov-regularized least squares, min ‖A x − b‖² + λ²‖L x‖², by Householder QR
  /// of the stacked system [A; λL] x ≈ [b; 0] (no normal equations, so no squared
  /// condition number). `l` is `lRows` × columns column-major; nil means L = I.
  public static func tikhonov(
    a: [Double], rows: Int, columns: Int, b: [Double], lambda: Double, regularizer l: [Double]?, lRows: Int
  ) -> [Double] {
    let s = stacked(a: a, rows: rows, columns: columns, b: b, lambda: lambda, regularizer: l, lRows: lRows)
    return solve(a: s.a, rows: s.rows, columns: columns, b: s.b)
  }

  /// The stacked system [A; λL], [b; 0] of a Tikhonov problem, for use with `bounded` or
  /// `nonNegative` (regularized and constrained).
  public static func stacked(
    a: [Double], rows m: Int, columns n: Int, b: [Double], lambda: Double, regularizer l: [Double]?, lRows: Int
  ) -> (a: [Double], rows: Int, b: [Double]) {
    precondition(a.count == m * n && b.count == m, "LinearLeastSquares.tikhonov: size mismatch")
    let p = l == nil ? n : lRows
    if let l { precondition(l.count == lRows * n, "LinearLeastSquares.tikhonov: l.count must be lRows*columns") }
    let rows = m + p
    var s = [Double](repeating: 0, count: rows * n)
    for j in 0..<n {
      for i in 0..<m { s[j * rows + i] = a[j * m + i] }
      if let l {
        for i in 0..<p { s[j * rows + m + i] = lambda * l[j * p + i] }
      } else {
        s[j * rows + m + j] = lambda
      }
    }
    return (s, rows, b + [Double](repeating: 0, count: p))
  }

  // MARK: - The active-set core shared by NNLS and BVLS

  enum Side { case lower, upper, free }

  static func activeSet(
    a: [Double], rows m: Int, columns n: Int, b: [Double], lower: [Double], upper: [Double]
  ) -> (x: [Double], iterations: Int) {
    precondition(a.count == m * n && b.count == m && lower.count == n && upper.count == n,
                 "LinearLeastSquares: size mismatch")
    for j in 0..<n { precondition(!(lower[j] > upper[j]), "LinearLeastSquares: lower[\(j)] > upper[\(j)]") }
    if n == 0 { return ([], 0) }
    let eps = Double.ulpOfOne
    let tol = 10 * eps * Double(max(m, n)) * DenseKernels.squaredNorm(a).squareRoot()
      * max(DenseKernels.squaredNorm(b).squareRoot(), 1e-300)
    var side = [Side](repeating: .free, count: n)
    var x = [Double](repeating: 0, count: n)
    for j in 0..<n {
      if lower[j].isFinite { side[j] = .lower; x[j] = lower[j] }
      else if upper[j].isFinite { side[j] = .upper; x[j] = upper[j] }
    }

    // Solves for the free variables with the others fixed, stepping back into the box
    // (Lawson–Hanson's inner loop). `entering` is the variable just freed, if any; returns
    // false when that variable would leave at once (numerical round-off: skip it).
    func inner(entering: Int?) -> Bool {
      var first = true
      while true {
        let free = (0..<n).filter { side[$0] == .free }
        if free.isEmpty { return true }
        var rhs = b
        for j in 0..<n where side[j] != .free && x[j] != 0 {
          for i in 0..<m { rhs[i] -= a[j * m + i] * x[j] }
        }
        let z = solve(a: DenseKernels.selectColumns(a, rows: m, free), rows: m, columns: free.count, b: rhs)
        if first, let t = entering, let pos = free.firstIndex(of: t) {
          let wrong = (x[t] == lower[t] && z[pos] <= lower[t]) || (x[t] == upper[t] && z[pos] >= upper[t])
          if wrong { side[t] = x[t] == lower[t] ? .lower : .upper; return false }
        }
        first = false
        var alpha = 1.0
        var blocking = false
        for (k, j) in free.enumerated() {
          if z[k] < lower[j] {
            blocking = true
            alpha = min(alpha, (lower[j] - x[j]) / (z[k] - x[j]))
          } else if z[k] > upper[j] {
            blocking = true
            alpha = min(alpha, (upper[j] - x[j]) / (z[k] - x[j]))
          }
        }
        if !blocking {
          for (k, j) in free.enumerated() { x[j] = z[k] }
          return true
        }
        alpha = max(0, min(alpha, 1))
        for (k, j) in free.enumerated() {
          x[j] += alpha * (z[k] - x[j])
          let span = max(abs(x[j]), 1)
          if x[j] <= lower[j] + 1e-14 * span && lower[j].isFinite && z[k] < x[j] + 1e-300 {
            x[j] = lower[j]; side[j] = .lower
          } else if x[j] >= upper[j] - 1e-14 * span && upper[j].isFinite && z[k] > x[j] - 1e-300 {
            x[j] = upper[j]; side[j] = .upper
          }
        }
        // Guarantee progress: at least the first blocking variable leaves the free set.
        if !free.contains(where: { side[$0] != .free }) {
          var worst = -1, worstAlpha = Double.infinity
          for (k, j) in free.enumerated() {
            let bound = z[k] < lower[j] ? lower[j] : (z[k] > upper[j] ? upper[j] : .nan)
            if bound.isNaN { continue }
            let aj = (bound - x[j]) / (z[k] - x[j])
            if aj < worstAlpha { worstAlpha = aj; worst = j }
          }
          if worst >= 0 {
            x[worst] = z[free.firstIndex(of: worst)!] < lower[worst] ? lower[worst] : upper[worst]
            side[worst] = x[worst] == lower[worst] ? .lower : .upper
          }
        }
      }
    }

    _ = inner(entering: nil)
    var iterations = 0
    var skipped = Set<Int>()
    while iterations < 3 * n + 10 {
      var r = b
      for j in 0..<n where x[j] != 0 { for i in 0..<m { r[i] -= a[j * m + i] * x[j] } }
      let w = DenseKernels.transposeTimes(a, rows: m, columns: n, r)
      var best = -1, bestViolation = tol
      for j in 0..<n where !skipped.contains(j) && lower[j] < upper[j] {
        let v: Double
        switch side[j] {
        case .lower: v = w[j]
        case .upper: v = -w[j]
        case .free: v = 0
        }
        if v > bestViolation { bestViolation = v; best = j }
      }
      if best < 0 { break }
      iterations += 1
      side[best] = .free
      if inner(entering: best) { skipped.removeAll() } else { skipped.insert(best) }
    }
    return (x, iterations)
  }
}
