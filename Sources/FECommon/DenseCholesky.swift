/// The dense Cholesky factorization A = L Lᵀ of a symmetric n × n matrix: the one dense
/// Cholesky of the project (style guide §1).
///
/// Matrices are row-major `[Double]` of n·n entries, entry (i, j) at `a[i*n + j]`; only
/// the diagonal and the lower triangle of A are read (symmetry is assumed, not checked).
/// The factor L is row-major too, lower triangular, with zeros above the diagonal.
///
/// Method: the column-by-column (left-looking) Cholesky–Banachiewicz-Crout order of
/// Golub & Van Loan, *Matrix Computations*, 4th ed., Algorithm 4.2.1 (gaxpy Cholesky):
/// for each column j, the pivot d_j = a_jj − Σ_{k<j} l_jk², l_jj = √d_j, then
/// l_ij = (a_ij − Σ_{k<j} l_ik l_jk)/l_jj for i > j. Every sum runs k = 0, 1, …, j − 1 in
/// that order; callers rely on the results being bit-for-bit reproducible.
///
/// For large or sparse systems use `SparseSolve` (CHOLMOD) or LAPACK's `dpotrf`; this is for
/// n up to a few hundred (6 × 6 compliances, normal equations of a fit, correlation
/// matrices of a report).
/// - Complexity: n³/3 multiply-adds to factor, n² per solve.
public enum DenseCholesky {
  /// The result of `semidefiniteFactor`: a factor, or where the matrix is found indefinite.
  public enum SemidefiniteOutcome: Sendable, Equatable {
    /// The lower factor L (row-major n × n) with A = L Lᵀ to round-off; a column whose
    /// pivot was taken as zero is zero on and below the diagonal.
    case factor([Double])
    /// The first pivot below −tolerance, d_row = a_row,row − Σ_{k<row} l_row,k², and its
    /// row (0-based).
    case indefinite(row: Int, pivot: Double)
  }

  /// The lower Cholesky factor L of a symmetric positive definite A (row-major n × n), or
  /// nil when a pivot d_j is not positive or not finite (A is not numerically positive
  /// definite, or holds a NaN or an infinity).
  ///
  /// `a.count` must equal `n * n`, or a precondition failure occurs.
  /// - Complexity: n³/3 multiply-adds.
  @inlinable
  public static func factor(_ a: [Double], n: Int) -> [Double]? {
    precondition(a.count == n * n, "DenseCholesky.factor: a.count must be n*n")
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var d = a[j * n + j]
      for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
      guard d > 0, d.isFinite else { return nil }
      let ljj = d.squareRoot()
      l[j * n + j] = ljj
      for i in (j + 1)..<n {
        var s = a[i * n + j]
        for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
        l[i * n + j] = s / ljj
      }
    }
    return l
  }

  /// The Cholesky factor of a symmetric positive *semi*definite A (row-major n × n), which
  /// allows zero pivots (a rank-deficient A, such as a correlation matrix with ρ = ±1) to
  /// round-off.
  ///
  /// A pivot d_j ≥ −`tolerance` is taken as max(d_j, 0), so l_jj = √max(d_j, 0); when that
  /// root is at most 1e-12 the column below it is set to zero instead of divided by it (the
  /// column is then linearly dependent on the earlier ones, to round-off). This is
  /// Higham's semidefinite Cholesky without pivoting (*Accuracy and Stability of Numerical
  /// Algorithms*, 2nd ed., §10.3) with absolute thresholds, so it suits matrices whose
  /// diagonal is of order one, such as correlation matrices; scale others first.
  ///
  /// `a.count` must equal `n * n`, or a precondition failure occurs.
  /// - Parameter tolerance: how far below zero a pivot may fall and still count as zero
  ///   (absolute; 1e-9 for a correlation matrix read from a file).
  /// - Returns: `.factor(L)`, or `.indefinite(row:pivot:)` at the first pivot below
  ///   −`tolerance`.
  /// - Complexity: n³/3 multiply-adds.
  @inlinable
  public static func semidefiniteFactor(_ a: [Double], n: Int, tolerance: Double) -> SemidefiniteOutcome {
    precondition(a.count == n * n, "DenseCholesky.semidefiniteFactor: a.count must be n*n")
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var d = a[j * n + j]
      for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
      if d < -tolerance { return .indefinite(row: j, pivot: d) }
      let root = max(d, 0).squareRoot()
      l[j * n + j] = root
      for i in (j + 1)..<n {
        var v = a[i * n + j]
        for k in 0..<j { v -= l[i * n + k] * l[j * n + k] }
        l[i * n + j] = root > 1e-12 ? v / root : 0
      }
    }
    return .factor(l)
  }

  /// Solves L Lᵀ x = b given the factor L from `factor(_:n:)`: forward substitution
  /// L y = b (`forwardSolve`), then back substitution Lᵀ x = y (Golub & Van Loan, *Matrix
  /// Computations*, 4th ed., §3.1.1–3.1.2).
  ///
  /// `l.count` must equal `n * n` and `b.count` must equal `n`, or a precondition failure
  /// occurs. A factor from `semidefiniteFactor` with a zero pivot gives infinities or NaN.
  /// - Complexity: n² multiply-adds.
  @inlinable
  public static func solve(factor l: [Double], n: Int, _ b: [Double]) -> [Double] {
    var y = forwardSolve(factor: l, n: n, b)
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = y[i]
      for k in (i + 1)..<n { s -= l[k * n + i] * y[k] }
      y[i] = s / l[i * n + i]
    }
    return y
  }

  /// Solves L y = b by forward substitution, L lower triangular (row-major n × n), such as
  /// the factor from `factor(_:n:)`; y = L⁻¹b is b in the coordinates that whiten A.
  ///
  /// `l.count` must equal `n * n` and `b.count` must equal `n`, or a precondition failure
  /// occurs.
  /// - Complexity: n²/2 multiply-adds.
  @inlinable
  public static func forwardSolve(factor l: [Double], n: Int, _ b: [Double]) -> [Double] {
    precondition(l.count == n * n && b.count == n, "DenseCholesky: size mismatch")
    var y = b
    for i in 0..<n {
      var s = y[i]
      for k in 0..<i { s -= l[i * n + k] * y[k] }
      y[i] = s / l[i * n + i]
    }
    return y
  }
}
