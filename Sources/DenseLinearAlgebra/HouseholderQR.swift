import CLAPACK

/// A Householder QR factorization A = Q R of a dense column-major m × n matrix, m ≥ n.
///
/// Method: LAPACK's blocked `dgeqrf` (OpenBLAS), products with Q by `dormqr` and the thin
/// Q by `dorgqr` (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.2.3, the compact WY
/// form). Q is kept as LAPACK leaves it: the n Householder vectors below the diagonal of
/// `packed` (implicit leading 1) with their scalars `tau`, R in and above the diagonal.
/// - Complexity: about 2mn² − 2n³/3 flops to factor, most in BLAS-3; O(m n) per product
///   with a vector.
package struct HouseholderQR: Sendable {
  package var rows: Int
  package var columns: Int
  /// Column-major m × n: R on and above the diagonal, the Householder vectors (with
  /// implicit leading 1) below it.
  package var packed: [Double]
  /// τ_k of the reflector H_k = I − τ_k v_k v_kᵀ; Q = H_1 H_2 ⋯ H_n.
  package var tau: [Double]

  /// Factors `a` (column-major); needs `rows >= columns`, `a.count == rows*columns` and
  /// `rows` within LAPACK's 32-bit integers, or a precondition failure occurs.
  package init(matrix a: [Double], rows m: Int, columns n: Int) {
    precondition(m >= n, "HouseholderQR: needs rows >= columns")
    precondition(a.count == m * n, "HouseholderQR: a.count must be rows*columns")
    precondition(m <= Int(Int32.max), "HouseholderQR: rows must fit LAPACK's 32-bit integers")
    rows = m
    columns = n
    packed = a
    tau = [Double](repeating: 0, count: n)
    guard n > 0 else { return }
    var mm = Int32(m), nn = Int32(n), lda = Int32(m), info: Int32 = 0
    var lwork: Int32 = -1
    var query = [Double](repeating: 0, count: 1)
    dgeqrf_(&mm, &nn, &packed, &lda, &tau, &query, &lwork, &info)
    lwork = Int32(max(1, Int(query[0].rounded(.up))))
    var work = [Double](repeating: 0, count: Int(lwork))
    dgeqrf_(&mm, &nn, &packed, &lda, &tau, &work, &lwork, &info)
    // dgeqrf's only failure is an illegal argument, which the preconditions exclude.
    precondition(info == 0, "HouseholderQR: dgeqrf returned info = \(info)")
  }

  /// Qᵀ b (m entries).
  package func applyQT(_ b: [Double]) -> [Double] {
    precondition(b.count == rows, "applyQT: b.count must be rows")
    return applied(transposed: true, to: b, columns: 1)
  }

  /// Q y for y of m entries.
  package func applyQ(_ b: [Double]) -> [Double] {
    precondition(b.count == rows, "applyQ: b.count must be rows")
    return applied(transposed: false, to: b, columns: 1)
  }

  /// Q C for a column-major m × `count` matrix C, in one blocked call.
  package func applyQ(toColumns c: [Double], count: Int) -> [Double] {
    precondition(c.count == rows * count, "applyQ(toColumns:): c.count must be rows*count")
    return applied(transposed: false, to: c, columns: count)
  }

  /// The thin Q: the first n columns of Q, column-major m × n, orthonormal.
  package var thinQ: [Double] {
    var q = packed
    guard columns > 0 else { return q }
    var mm = Int32(rows), nn = Int32(columns), kk = Int32(columns), lda = Int32(rows), info: Int32 = 0
    var lwork: Int32 = -1
    var query = [Double](repeating: 0, count: 1)
    dorgqr_(&mm, &nn, &kk, &q, &lda, tau, &query, &lwork, &info)
    lwork = Int32(max(1, Int(query[0].rounded(.up))))
    var work = [Double](repeating: 0, count: Int(lwork))
    dorgqr_(&mm, &nn, &kk, &q, &lda, tau, &work, &lwork, &info)
    precondition(info == 0, "HouseholderQR: dorgqr returned info = \(info)")
    return q
  }

  /// Qᵀ C or Q C by `dormqr`, for C column-major m × `count`.
  private func applied(transposed: Bool, to c: [Double], columns count: Int) -> [Double] {
    var y = c
    guard columns > 0, count > 0 else { return y }
    var side = CChar(UInt8(ascii: "L")), trans = CChar(UInt8(ascii: transposed ? "T" : "N"))
    var mm = Int32(rows), nn = Int32(count), kk = Int32(columns), lda = Int32(rows), ldc = Int32(rows)
    var info: Int32 = 0
    // A private copy of the reflectors: dormqr writes to them transiently (see the shim).
    var reflectors = packed
    var lwork: Int32 = -1
    var query = [Double](repeating: 0, count: 1)
    dormqr_(&side, &trans, &mm, &nn, &kk, &reflectors, &lda, tau, &y, &ldc, &query, &lwork, &info, 1, 1)
    lwork = Int32(max(1, Int(query[0].rounded(.up))))
    var work = [Double](repeating: 0, count: Int(lwork))
    dormqr_(&side, &trans, &mm, &nn, &kk, &reflectors, &lda, tau, &y, &ldc, &work, &lwork, &info, 1, 1)
    precondition(info == 0, "HouseholderQR: dormqr returned info = \(info)")
    return y
  }

  /// R as a column-major n × n matrix.
  package var r: [Double] {
    var out = [Double](repeating: 0, count: columns * columns)
    for j in 0..<columns { for i in 0...j { out[j * columns + i] = packed[j * rows + i] } }
    return out
  }

  /// Whether every |R_ii| exceeds `relativeTolerance` times the largest |R_ii|.
  package func hasFullRank(relativeTolerance: Double = 1e-12) -> Bool {
    var big = 0.0
    for i in 0..<columns { big = max(big, abs(packed[i * rows + i])) }
    if big == 0 { return columns == 0 }
    for i in 0..<columns where abs(packed[i * rows + i]) <= relativeTolerance * big { return false }
    return true
  }

  /// The least-squares solution of A x ≈ b by back substitution on R x = (Qᵀb)[0..<n].
  /// Assumes full rank (check `hasFullRank`).
  package func solve(_ b: [Double]) -> [Double] {
    let y = applyQT(b)
    var x = Array(y[0..<columns])
    let n = columns
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = x[i]
      for j in (i + 1)..<max(i + 1, n) { s -= packed[j * rows + i] * x[j] }
      x[i] = s / packed[i * rows + i]
    }
    return x
  }
}
