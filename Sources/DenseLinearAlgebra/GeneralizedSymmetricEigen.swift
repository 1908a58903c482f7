import CLAPACK
import Foundation

/// The symmetric-definite generalized eigenproblem A v = θ B v (A symmetric, B symmetric
/// positive definite), solved densely: the simultaneous diagonalization VᵀAV = diag(θ),
/// VᵀBV = I.
///
/// Method: LAPACK's `dsygvd` (OpenBLAS): the Cholesky factor B = L Lᵀ reduces the pencil
/// to the standard problem C = L⁻¹ A L⁻ᵀ = Q diag(θ) Qᵀ (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §8.7.2), solved by blocked Householder tridiagonalization and
/// divide and conquer (`dsyevd`); then V = L⁻ᵀ Q. With B = I (`init(symmetric:n:)`) it is
/// `dsyevd` alone. The blocked routines run on BLAS-3; against the EISPACK `tred2`/`tql2`
/// transcription this type used to hold, the ribosome app became 2.7× faster at n = 300,
/// 7.8× at 1000 (5.3 s → 0.7 s) and 12.7× at 2000 (`Benchmarks/RESULTS.md`).
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
  /// Cholesky pivot is not positive), when an entry is NaN or infinite or, which LAPACK
  /// documents but this code has never seen, when the iteration fails to converge.
  ///
  /// - Complexity: about 9n³ flops, most of them in BLAS-3 (Cholesky n³/3, the reduction n³,
  ///   tridiagonalization 4n³/3, divide and conquer with vectors up to 4n³, back
  ///   transformation n³).
  public init?(a: [Double], b: [Double], n: Int) {
    precondition(a.count == n * n && b.count == n * n, "GeneralizedSymmetricEigen: a and b must be n*n")
    guard let (values, vectors) = Self.lapackEigen(a: Self.symmetrized(a, n: n), b: Self.symmetrized(b, n: n), n: n, vectors: true)
    else { return nil }
    self.values = values
    self.vectors = vectors
    self.n = n
  }

  /// The ordinary symmetric eigendecomposition A = V diag(θ) Vᵀ (B = I, V orthogonal). With
  /// a NaN or infinite entry (or if LAPACK reports no convergence) values and vectors are NaN.
  public init(symmetric a: [Double], n: Int) {
    precondition(a.count == n * n, "GeneralizedSymmetricEigen: a must be n*n")
    let nan = [Double](repeating: .nan, count: n)
    let (values, vectors) = Self.lapackEigen(a: Self.symmetrized(a, n: n), b: nil, n: n, vectors: true)
      ?? (nan, [Double](repeating: .nan, count: n * n))
    self.values = values
    self.vectors = vectors
    self.n = n
  }

  /// The eigenvalues alone of a symmetric A, ascending (no vectors: tridiagonalization and
  /// the root-free QR iteration `dsterf`, about a fifth of the work); NaN for a NaN or
  /// infinite entry.
  public static func eigenvalues(symmetric a: [Double], n: Int) -> [Double] {
    precondition(a.count == n * n, "GeneralizedSymmetricEigen: a must be n*n")
    return lapackEigen(a: symmetrized(a, n: n), b: nil, n: n, vectors: false)?.values ?? [Double](repeating: .nan, count: n)
  }

  /// Eigenvector `k` (ascending eigenvalue order).
  public func vector(_ k: Int) -> [Double] { Array(vectors[(k * n)..<((k + 1) * n)]) }

  // MARK: - LAPACK

  /// `dsygvd` (with `b`) or `dsyevd` (without), after a workspace query. The inputs are
  /// symmetric, so row-major and column-major storage coincide; on return the columns of
  /// `a` (column-major) are the eigenvectors, which is this type's layout.
  ///
  /// - Returns: nil when an entry is not finite, when `dsygvd` reports B not positive
  ///   definite (info > n), or when either routine reports no convergence (0 < info ≤ n).
  private static func lapackEigen(a: [Double], b: [Double]?, n: Int, vectors: Bool) -> (values: [Double], vectors: [Double])? {
    if n == 0 { return ([], []) }
    // LAPACK does not check: dsyevd returns 0 for diag(NaN, 1) (measured).
    guard a.allSatisfy(\.isFinite), b?.allSatisfy(\.isFinite) ?? true else { return nil }
    // dsygvd's workspace, 1 + 6n + 2n², must fit LAPACK's 32-bit integers.
    precondition(n <= 32_766, "GeneralizedSymmetricEigen: n must be at most 32766 for LAPACK's 32-bit workspace sizes")
    var matrix = a
    var pencil = b ?? []
    var values = [Double](repeating: 0, count: n)
    var order = Int32(n), lda = Int32(n), ldb = Int32(n), info: Int32 = 0, itype: Int32 = 1
    var jobz = CChar(UInt8(ascii: vectors ? "V" : "N")), uplo = CChar(UInt8(ascii: "L"))
    /// One call of the routine; `lwork == -1` asks for the workspace sizes.
    func call(_ work: inout [Double], _ lwork: Int32, _ iwork: inout [Int32], _ liwork: Int32) {
      var lwork = lwork, liwork = liwork
      if b != nil {
        dsygvd_(&itype, &jobz, &uplo, &order, &matrix, &lda, &pencil, &ldb, &values, &work, &lwork, &iwork, &liwork, &info, 1, 1)
      } else {
        dsyevd_(&jobz, &uplo, &order, &matrix, &lda, &values, &work, &lwork, &iwork, &liwork, &info, 1, 1)
      }
    }
    var workQuery = [Double](repeating: 0, count: 1), iworkQuery = [Int32](repeating: 0, count: 1)
    call(&workQuery, -1, &iworkQuery, -1)
    guard info == 0 else { return nil }
    let lwork = max(1, Int(workQuery[0].rounded(.up))), liwork = max(1, Int(iworkQuery[0]))
    var work = [Double](repeating: 0, count: lwork), iwork = [Int32](repeating: 0, count: liwork)
    call(&work, Int32(lwork), &iwork, Int32(liwork))
    guard info == 0 else { return nil }
    return (values, vectors ? matrix : [])
  }

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
}
