/// The singular value decomposition A = U Σ Vᵀ of a dense column-major m × n matrix.
///
/// Algorithm: when m > n, a Householder QR first (A = Q R), then one-sided (Hestenes)
/// Jacobi rotations on the n × n factor R until every pair of columns is orthogonal to
/// `1e-15` relative (Demmel & Veselić 1992, *SIAM J. Matrix Anal. Appl.* 13:1204; Golub &
/// Van Loan, 4th ed., §8.6.4). One-sided Jacobi computes the small singular values to high
/// *relative* accuracy when the columns are well scaled, far better than the eigenvalues
/// of AᵀA, which lose everything below √ε·σ_max; that is why the identifiability tests
/// (σ_min/σ_max down to 1e-9) use this and not `SymmetricEigen` of JᵀJ.
///
/// There are always n singular values: when m < n the last n − m are zero (up to
/// round-off), and their right vectors span the null space.
/// - Complexity: O(m n²) for the QR plus O(n³) per Jacobi sweep (typically 6–10 sweeps).
public struct SingularValueDecomposition: Sendable {
  /// σ_1 ≥ σ_2 ≥ … ≥ σ_n ≥ 0.
  public var singularValues: [Double]
  /// V, n × n column-major: column k (`rightVectors[k*n ..< (k+1)*n]`) is v_k.
  public var rightVectors: [Double]
  /// U, m × n column-major (thin), when requested; column k is A v_k / σ_k, and zero
  /// where σ_k = 0.
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
    var qr: HouseholderQR? = nil
    var work: [Double]
    var wr: Int  // rows of the matrix the rotations act on
    if m > n {
      let f = HouseholderQR(matrix: matrix, rows: m, columns: n)
      work = f.r
      wr = n
      qr = f
    } else {
      work = matrix
      wr = m
    }
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    SingularValueDecomposition.jacobi(&work, rows: wr, columns: n, v: &v)
    // Column norms are the singular values.
    var sigma = [Double](repeating: 0, count: n)
    for j in 0..<n {
      var s = 0.0
      for i in 0..<wr { s += work[j * wr + i] * work[j * wr + i] }
      sigma[j] = s.squareRoot()
    }
    let order = (0..<n).sorted { sigma[$0] > sigma[$1] }
    singularValues = order.map { sigma[$0] }
    var vs = [Double](repeating: 0, count: n * n)
    for (k, j) in order.enumerated() { for i in 0..<n { vs[k * n + i] = v[j * n + i] } }
    rightVectors = vs
    if computeLeftVectors {
      var u = [Double](repeating: 0, count: m * n)
      for (k, j) in order.enumerated() where sigma[j] > 0 {
        var col = [Double](repeating: 0, count: m)
        for i in 0..<wr { col[i] = work[j * wr + i] / sigma[j] }
        if let qr { col = qr.applyQ(col) }
        for i in 0..<m { u[k * m + i] = col[i] }
      }
      leftVectors = u
    } else {
      leftVectors = nil
    }
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

  /// One-sided Jacobi on the columns of `a` (rows × columns), accumulating the rotations in v.
  static func jacobi(_ a: inout [Double], rows m: Int, columns n: Int, v: inout [Double]) {
    guard n > 1 else { return }
    let tolerance = 1e-15
    a.withUnsafeMutableBufferPointer { ap in
      v.withUnsafeMutableBufferPointer { vp in
        let base = ap.baseAddress!, vbase = vp.baseAddress!
        for _ in 0..<60 {
          var rotated = false
          for p in 0..<(n - 1) {
            for q in (p + 1)..<n {
              let cp = base + p * m, cq = base + q * m
              var alpha = 0.0, beta = 0.0, gamma = 0.0
              for i in 0..<m {
                alpha += cp[i] * cp[i]
                beta += cq[i] * cq[i]
                gamma += cp[i] * cq[i]
              }
              if gamma == 0 || abs(gamma) <= tolerance * (alpha * beta).squareRoot() { continue }
              rotated = true
              let zeta = (beta - alpha) / (2 * gamma)
              let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
              let c = 1 / (1 + t * t).squareRoot()
              let s = c * t
              for i in 0..<m {
                let x = cp[i], y = cq[i]
                cp[i] = c * x - s * y
                cq[i] = s * x + c * y
              }
              let vp_ = vbase + p * n, vq = vbase + q * n
              for i in 0..<n {
                let x = vp_[i], y = vq[i]
                vp_[i] = c * x - s * y
                vq[i] = s * x + c * y
              }
            }
          }
          if !rotated { break }
        }
      }
    }
  }
}
