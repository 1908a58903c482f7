import Foundation

/// The symmetric-definite generalized eigenproblem A v = θ B v (A symmetric, B symmetric
/// positive definite), solved densely: the simultaneous diagonalization VᵀAV = diag(θ),
/// VᵀBV = I.
///
/// Method (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.7.2, Alg. 8.7.1): the
/// Cholesky factor B = L Lᵀ reduces the pencil to the standard symmetric problem
/// C = L⁻¹ A L⁻ᵀ = Q diag(θ) Qᵀ, solved by Householder tridiagonalization and the implicit
/// QL iteration (the EISPACK routines `tred2` and `tql2`, Wilkinson & Reinsch, *Handbook for
/// Automatic Computation* II, 1971, contributions II/2 and II/3); then V = L⁻ᵀ Q. With B = I
/// (`init(symmetric:n:)`) it is the ordinary symmetric eigendecomposition.
///
/// Accuracy: the eigenvalues of C are accurate to a few ulps of ‖C‖; when B is
/// ill-conditioned the reduction loses about log₁₀ κ(B) digits in the small θ. A common use
/// is a pencil (A, A + τM) with A, M only semidefinite, which keeps B well conditioned and
/// gives θ ∈ [0, 1].
///
/// Matrices are dense n × n, row-major (symmetry is assumed: the average of the two
/// triangles is used); `a.count == b.count == n*n`, or a precondition failure occurs.
public struct GeneralizedSymmetricEigen: Sendable {
  /// The eigenvalues θ, ascending.
  public var values: [Double]
  /// The eigenvectors as columns, column-major: vector k is `vectors[k*n ..< (k+1)*n]`,
  /// normalized so that VᵀBV = I.
  public var vectors: [Double]
  public var n: Int

  /// Decomposes the pencil (A, B); nil when B is not numerically positive definite (a
  /// Cholesky pivot is not positive).
  ///
  /// - Complexity: about 9n³ flops (Cholesky n³/3, the two reductions 2n³, tridiagonalization
  ///   and accumulation 8n³/3, QL with vectors about 3n³ with two iterations per eigenvalue).
  public init?(a: [Double], b: [Double], n: Int) {
    precondition(a.count == n * n && b.count == n * n, "GeneralizedSymmetricEigen: a and b must be n*n")
    guard let l = DenseKernels.cholesky(Self.symmetrized(b, n: n), n: n) else { return nil }
    // X = L⁻¹ A (row by row), then C = L⁻¹ Xᵀ = L⁻¹ A L⁻ᵀ.
    let x = Self.forwardSubstituteRows(l, Self.symmetrized(a, n: n), n: n)
    var xt = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { xt[j * n + i] = x[i * n + j] } }
    let c = Self.symmetrized(Self.forwardSubstituteRows(l, xt, n: n), n: n)
    let (theta, q) = Self.symmetricEigen(c, n: n)
    // V = L⁻ᵀ Q, vector by vector: back substitution Lᵀ v = q with Lᵀ held row-major.
    var lt = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0...i { lt[j * n + i] = l[i * n + j] } }
    var vectors = q
    lt.withUnsafeBufferPointer { u in
      vectors.withUnsafeMutableBufferPointer { v in
        for k in 0..<n {
          let base = k * n
          for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = v[base + i]
            let row = i * n
            for r in (i + 1)..<max(i + 1, n) { sum -= u[row + r] * v[base + r] }
            v[base + i] = sum / u[row + i]
          }
        }
      }
    }
    self.values = theta
    self.vectors = vectors
    self.n = n
  }

  /// The ordinary symmetric eigendecomposition A = V diag(θ) Vᵀ (B = I, V orthogonal).
  public init(symmetric a: [Double], n: Int) {
    precondition(a.count == n * n, "GeneralizedSymmetricEigen: a must be n*n")
    let (theta, q) = Self.symmetricEigen(Self.symmetrized(a, n: n), n: n)
    self.values = theta
    self.vectors = q
    self.n = n
  }

  /// The eigenvalues alone of a symmetric A, ascending (no vectors: about a fifth of the work).
  public static func eigenvalues(symmetric a: [Double], n: Int) -> [Double] {
    precondition(a.count == n * n, "GeneralizedSymmetricEigen: a must be n*n")
    return symmetricEigenvalues(symmetrized(a, n: n), n: n)
  }

  /// Eigenvector `k` (ascending eigenvalue order).
  public func vector(_ k: Int) -> [Double] { Array(vectors[(k * n)..<((k + 1) * n)]) }

  // MARK: - Dense helpers

  static func symmetrized(_ a: [Double], n: Int) -> [Double] {
    var s = a
    for i in 0..<n {
      for j in (i + 1)..<max(i + 1, n) {
        let m = 0.5 * (a[i * n + j] + a[j * n + i])
        s[i * n + j] = m
        s[j * n + i] = m
      }
    }
    return s
  }


  /// Solves L X = Y for X (all row-major n × n) by forward substitution on whole rows.
  static func forwardSubstituteRows(_ l: [Double], _ y: [Double], n: Int) -> [Double] {
    var x = y
    l.withUnsafeBufferPointer { lp in
      x.withUnsafeMutableBufferPointer { xp in
        for i in 0..<n {
          let row = i * n
          for k in 0..<i {
            let lik = lp[row + k]
            if lik == 0 { continue }
            let other = k * n
            for col in 0..<n { xp[row + col] -= lik * xp[other + col] }
          }
          let inv = 1 / lp[row + i]
          for col in 0..<n { xp[row + col] *= inv }
        }
      }
    }
    return x
  }
}
