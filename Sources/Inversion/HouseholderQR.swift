/// A Householder QR factorization A = Q R of a dense column-major m × n matrix, m ≥ n.
///
/// Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 5.2.1. Q is kept as the n
/// Householder vectors below the diagonal of `packed` (with `beta`), R in and above it.
/// - Complexity: O(m n²) to factor, O(m n) per `applyQT`.
package struct HouseholderQR: Sendable {
  package var rows: Int
  package var columns: Int
  /// Column-major m × n: R on and above the diagonal, the Householder vectors (with
  /// implicit leading 1) below it.
  package var packed: [Double]
  package var beta: [Double]

  package init(matrix a: [Double], rows m: Int, columns n: Int) {
    precondition(m >= n, "HouseholderQR: needs rows >= columns")
    precondition(a.count == m * n, "HouseholderQR: a.count must be rows*columns")
    rows = m
    columns = n
    packed = a
    beta = [Double](repeating: 0, count: n)
    packed.withUnsafeMutableBufferPointer { ap in
      let base = ap.baseAddress!
      for k in 0..<n {
        let col = base + k * m
        // Norm of x = col[k..<m], scaled against overflow.
        var scale = 0.0
        for i in k..<m { scale = max(scale, abs(col[i])) }
        if scale == 0 { beta[k] = 0; continue }
        var sigma = 0.0
        for i in (k + 1)..<m { let t = col[i] / scale; sigma += t * t }
        let x0 = col[k] / scale
        let normx = (x0 * x0 + sigma).squareRoot()
        // v = x − α e1 with α = −sign(x0)‖x‖ (no cancellation); store v/v0.
        let alpha = x0 >= 0 ? -normx : normx
        let v0 = x0 - alpha
        if sigma == 0 && x0 >= 0 { beta[k] = 0; continue }  // already upper-triangular, R_kk ≥ 0
        for i in (k + 1)..<m { col[i] = (col[i] / scale) / v0 }
        // β = 2/(vᵀv) with v normalized to v0 = 1.
        let vtv = 1 + sigma / (v0 * v0)
        let b = 2 / vtv
        beta[k] = b
        col[k] = alpha * scale
        // Apply H = I − β v vᵀ to the remaining columns.
        for j in (k + 1)..<n {
          let cj = base + j * m
          var s = cj[k]
          for i in (k + 1)..<m { s += col[i] * cj[i] }
          s *= b
          cj[k] -= s
          for i in (k + 1)..<m { cj[i] -= s * col[i] }
        }
      }
    }
  }

  /// Qᵀ b (m entries).
  package func applyQT(_ b: [Double]) -> [Double] {
    precondition(b.count == rows, "applyQT: b.count must be rows")
    var y = b
    let m = rows
    packed.withUnsafeBufferPointer { ap in
      y.withUnsafeMutableBufferPointer { yp in
        for k in 0..<columns where beta[k] != 0 {
          let col = ap.baseAddress! + k * m
          var s = yp[k]
          for i in (k + 1)..<m { s += col[i] * yp[i] }
          s *= beta[k]
          yp[k] -= s
          for i in (k + 1)..<m { yp[i] -= s * col[i] }
        }
      }
    }
    return y
  }

  /// Q y for y of m entries.
  package func applyQ(_ b: [Double]) -> [Double] {
    precondition(b.count == rows, "applyQ: b.count must be rows")
    var y = b
    let m = rows
    packed.withUnsafeBufferPointer { ap in
      y.withUnsafeMutableBufferPointer { yp in
        for k in stride(from: columns - 1, through: 0, by: -1) where beta[k] != 0 {
          let col = ap.baseAddress! + k * m
          var s = yp[k]
          for i in (k + 1)..<m { s += col[i] * yp[i] }
          s *= beta[k]
          yp[k] -= s
          for i in (k + 1)..<m { yp[i] -= s * col[i] }
        }
      }
    }
    return y
  }

  /// R as a column-major n × n matrix.
  package var r: [Double] {
    var out = [Double](repeating: 0, count: columns * columns)
    for j in 0..<columns { for i in 0...j { out[j * columns + i] = packed[j * rows + i] } }
    return out
  }

  /// The largest |R_ii|, and whether every |R_ii| exceeds `relativeTolerance` times it.
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
