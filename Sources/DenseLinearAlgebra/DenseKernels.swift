import FECommon

/// Dense kernels on contiguous column-major matrices, shared by the dense solvers of this
/// package (`Inversion`, `HouseholderQR` and its neighbours here).
///
/// A matrix with `rows` m and `columns` n is a `[Double]` of m·n entries, column j at
/// `a[j*m ..< (j+1)*m]`. Every function requires the counts to match, or a precondition
/// failure occurs. Inner loops run on unsafe buffer pointers (style guide §5).
package enum DenseKernels {
  /// JᵀJ (n × n, symmetric, so row- and column-major coincide).
  /// - Complexity: O(m n²).
  package static func normalMatrix(_ j: [Double], rows m: Int, columns n: Int) -> [Double] {
    precondition(j.count == m * n, "normalMatrix: j.count must be rows*columns")
    var g = [Double](repeating: 0, count: n * n)
    j.withUnsafeBufferPointer { jp in
      g.withUnsafeMutableBufferPointer { gp in
        for a in 0..<n {
          let ca = jp.baseAddress! + a * m
          for b in a..<n {
            let cb = jp.baseAddress! + b * m
            var s = 0.0
            for i in 0..<m { s += ca[i] * cb[i] }
            gp[a * n + b] = s
            gp[b * n + a] = s
          }
        }
      }
    }
    return g
  }

  /// Jᵀr (n entries).
  package static func transposeTimes(_ j: [Double], rows m: Int, columns n: Int, _ r: [Double]) -> [Double] {
    precondition(j.count == m * n && r.count == m, "transposeTimes: size mismatch")
    var g = [Double](repeating: 0, count: n)
    j.withUnsafeBufferPointer { jp in
      r.withUnsafeBufferPointer { rp in
        for a in 0..<n {
          let ca = jp.baseAddress! + a * m
          var s = 0.0
          for i in 0..<m { s += ca[i] * rp[i] }
          g[a] = s
        }
      }
    }
    return g
  }

  /// J x (m entries).
  package static func times(_ j: [Double], rows m: Int, columns n: Int, _ x: [Double]) -> [Double] {
    precondition(j.count == m * n && x.count == n, "times: size mismatch")
    var y = [Double](repeating: 0, count: m)
    j.withUnsafeBufferPointer { jp in
      y.withUnsafeMutableBufferPointer { yp in
        for a in 0..<n where x[a] != 0 {
          let ca = jp.baseAddress! + a * m
          let xa = x[a]
          for i in 0..<m { yp[i] += ca[i] * xa }
        }
      }
    }
    return y
  }

  /// ‖x‖² (plain sum of squares; residual norms here are far from overflow).
  package static func squaredNorm(_ x: [Double]) -> Double {
    x.withUnsafeBufferPointer { xp in
      var s = 0.0
      for v in xp { s += v * v }
      return s
    }
  }

  /// Columns `keep` of a column-major m × n matrix, in that order.
  package static func selectColumns(_ a: [Double], rows m: Int, _ keep: [Int]) -> [Double] {
    var out = [Double]()
    out.reserveCapacity(m * keep.count)
    for j in keep { out.append(contentsOf: a[(j * m)..<((j + 1) * m)]) }
    return out
  }

  /// Solves the symmetric positive definite system A x = b (A n × n, row-major) by
  /// Cholesky; nil when a pivot is not positive (A not numerically positive definite).
  /// `DenseCholesky.factor` then `DenseCholesky.solve`.
  package static func choleskySolve(_ a: [Double], n: Int, _ b: [Double]) -> [Double]? {
    guard let l = DenseCholesky.factor(a, n: n) else { return nil }
    return DenseCholesky.solve(factor: l, n: n, b)
  }

  /// The lower Cholesky factor L (row-major n × n, A = L Lᵀ), or nil: `DenseCholesky.factor`.
  package static func cholesky(_ a: [Double], n: Int) -> [Double]? { DenseCholesky.factor(a, n: n) }

  /// Solves L Lᵀ x = b given the factor from `cholesky`: `DenseCholesky.solve`.
  package static func choleskySolve(factor l: [Double], n: Int, _ b: [Double]) -> [Double] {
    DenseCholesky.solve(factor: l, n: n, b)
  }
}
