import CLAPACK

/// The singular value decomposition A = U Σ Vᵀ of a dense column-major m × n matrix.
///
/// Method: when m > n, a Householder QR first (A = Q R, LAPACK's `dgeqrf`), then LAPACK's
/// one-sided Jacobi SVD `dgesvj` (Drmač & Veselić, *SIAM J. Matrix Anal. Appl.* 29:1322 and
/// 1343, 2008) on the n × n factor R; when m < n, `dgesvj` on A padded with zero rows to
/// n × n. One-sided Jacobi computes the small singular values to high *relative* accuracy
/// when the columns are well scaled (Demmel & Veselić 1992, *SIAM J. Matrix Anal. Appl.*
/// 13:1204), far better than the eigenvalues of AᵀA, which lose everything below
/// √ε·σ_max; that is why the identifiability tests (σ_min/σ_max down to 1e-9) use this and
/// not an eigendecomposition of JᵀJ.
///
/// There are always n singular values: when m < n the last n − m are zero (up to
/// round-off), and their right vectors span the null space. A matrix with a NaN or infinite
/// entry gives NaN singular values and vectors.
/// - Complexity: O(m n²) for the QR (BLAS-3) plus O(n³) per Jacobi sweep (typically 5–10).
public struct SingularValueDecomposition: Sendable {
  /// σ_1 ≥ σ_2 ≥ … ≥ σ_n ≥ 0.
  public var singularValues: [Double]
  /// V, n × n column-major: column k (`rightVectors[k*n ..< (k+1)*n]`) is v_k.
  public var rightVectors: [Double]
  /// U, m × n column-major (thin), when requested; column k is A v_k / σ_k, and zero
  /// where σ_k is zero or below the underflow threshold (about 2.2e-308).
  public var leftVectors: [Double]?
  public var rows: Int
  public var columns: Int

  /// Decomposes `matrix` (column-major, `rows` × `columns`); `matrix.count` must be
  /// `rows * columns`, or a precondition failure occurs.
  public init(matrix: [Double], rows: Int, columns: Int) {
    self.init(matrix: matrix, rows: rows, columns: columns, computeLeftVectors: false)
  }

  /// As `init(matrix:rows:columns:)`, also computing the thin U when `computeLeftVectors`.
  public init(matrix: [Double], rows m: Int, columns n: Int, computeLeftVectors: Bool) {
    precondition(matrix.count == m * n, "SingularValueDecomposition: matrix.count must be rows*columns")
    rows = m
    columns = n
    guard matrix.allSatisfy(\.isFinite) else {
      singularValues = [Double](repeating: .nan, count: n)
      rightVectors = [Double](repeating: .nan, count: n * n)
      leftVectors = computeLeftVectors ? [Double](repeating: .nan, count: m * n) : nil
      return
    }
    // The square matrix dgesvj works on: R of the QR when m > n, A itself when m = n, A
    // with n − m zero rows appended when m < n (dgesvj needs rows ≥ columns).
    var qr: HouseholderQR? = nil
    var square: [Double]
    if m > n {
      let f = HouseholderQR(matrix: matrix, rows: m, columns: n)
      square = f.r
      qr = f
    } else if m == n {
      square = matrix
    } else {
      square = [Double](repeating: 0, count: n * n)
      for j in 0..<n { for i in 0..<m { square[j * n + i] = matrix[j * m + i] } }
    }
    let (sigma, v, computedLeft) = Self.oneSidedJacobi(&square, order: n, upperTriangular: m > n,
                                                       leftVectors: computeLeftVectors)
    singularValues = sigma
    rightVectors = v
    guard computeLeftVectors else { leftVectors = nil; return }
    // Columns past the computed ones (σ zero or underflowed) are zero, as documented.
    for j in computedLeft..<n { for i in 0..<n { square[j * n + i] = 0 } }
    if let qr {
      var padded = [Double](repeating: 0, count: m * n)
      for j in 0..<n { for i in 0..<n { padded[j * m + i] = square[j * n + i] } }
      leftVectors = qr.applyQ(toColumns: padded, count: n)
    } else if m == n {
      leftVectors = square
    } else {
      var u = [Double](repeating: 0, count: m * n)
      for j in 0..<n { for i in 0..<m { u[j * m + i] = square[j * n + i] } }
      leftVectors = u
    }
  }

  /// `dgesvj` on the n × n column-major `a` (overwritten by the left singular vectors when
  /// `leftVectors`).
  /// - Returns: σ descending, V column-major, and how many leading columns of `a` hold
  ///   computed left vectors (those with σ above the underflow threshold).
  private static func oneSidedJacobi(_ a: inout [Double], order n: Int, upperTriangular: Bool,
                                     leftVectors: Bool) -> (sigma: [Double], v: [Double], computedLeft: Int) {
    if n == 0 { return ([], [], 0) }
    // 1 × 1 directly: dgesvj's quick return for N = 1 reports no computed left vector
    // (WORK(3) = 0) and states its scale the other way round (WORK(1) = 1/SCALE).
    if n == 1 {
      let sigma = abs(a[0])
      if leftVectors { a[0] = sigma > 0 ? (a[0] > 0 ? 1 : -1) : 0 }
      return ([sigma], [1], sigma > 0 ? 1 : 0)
    }
    precondition(n <= 46_340, "SingularValueDecomposition: columns must be at most 46340 for LAPACK's 32-bit sizes")
    var joba = CChar(UInt8(ascii: upperTriangular ? "U" : "G"))
    var jobu = CChar(UInt8(ascii: leftVectors ? "U" : "N")), jobv = CChar(UInt8(ascii: "V"))
    var mm = Int32(n), nn = Int32(n), lda = Int32(n), mv: Int32 = 0, ldv = Int32(n), info: Int32 = 0
    var sva = [Double](repeating: 0, count: n)
    var v = [Double](repeating: 0, count: n * n)
    var lwork = Int32(max(6, 2 * n))
    var work = [Double](repeating: 0, count: Int(lwork))
    dgesvj_(&joba, &jobu, &jobv, &mm, &nn, &a, &lda, &sva, &mv, &v, &ldv, &work, &lwork, &info, 1, 1, 1)
    // info < 0 is an illegal argument, which the sizes above exclude; info > 0 means 30
    // sweeps did not reach orthogonality to √n·ε, and the result is still a decomposition
    // with small residual (LAPACK's documentation), so it is used as it is.
    precondition(info >= 0, "SingularValueDecomposition: dgesvj returned info = \(info)")
    // σ = SCALE·SVA, SCALE = WORK(1) ≠ 1 only when some σ would overflow or underflow.
    let scale = work[0]
    let sigma = sva.map { scale * $0 }
    return (sigma, v, leftVectors ? Int(work[2].rounded()) : 0)
  }

  /// Right singular vector k (descending σ order).
  public func rightVector(_ k: Int) -> [Double] {
    Array(rightVectors[(k * columns)..<((k + 1) * columns)])
  }

  /// The numerical rank: singular values above `relativeTolerance · σ_1`.
  public func rank(relativeTolerance: Double = 1e-12) -> Int {
    guard let top = singularValues.first, top > 0 else { return 0 }
    return singularValues.filter { $0 > relativeTolerance * top }.count
  }
}
