/// Voigt notation used throughout feinvert: index order `xx yy zz yz xz xy`.
///
/// Engineering shear strains (γ = 2ε) are used in strain vectors, so that
/// `σ = C ε` with a symmetric 6×6 `C` and strain energy `½ εᵀ C ε`.
public enum Voigt {
  /// Component names in Voigt order, as they appear in outputs.
  public static let names = ["xx", "yy", "zz", "yz", "xz", "xy"]
  /// (i, j) tensor indices of each Voigt component.
  public static let pairs: [(Int, Int)] = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
}

/// A dense row-major square matrix of small size, for 6×6 constitutive matrices
/// and similar. Not for hot loops over elements: those use flat buffers.
public struct SmallMatrix: Sendable, Equatable {
  public let n: Int
  public var values: [Double]

  public init(n: Int, values: [Double]) {
    precondition(values.count == n * n, "SmallMatrix: values.count must equal n*n")
    self.n = n
    self.values = values
  }

  public init(zeros n: Int) { self.init(n: n, values: Array(repeating: 0, count: n * n)) }

  public static func identity(_ n: Int) -> SmallMatrix {
    var m = SmallMatrix(zeros: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  public subscript(i: Int, j: Int) -> Double {
    get { values[i * n + j] }
    set { values[i * n + j] = newValue }
  }

  public var transposed: SmallMatrix {
    var t = SmallMatrix(zeros: n)
    for i in 0..<n { for j in 0..<n { t[j, i] = self[i, j] } }
    return t
  }

  public static func * (a: SmallMatrix, b: SmallMatrix) -> SmallMatrix {
    precondition(a.n == b.n, "SmallMatrix: size mismatch")
    var c = SmallMatrix(zeros: a.n)
    for i in 0..<a.n {
      for k in 0..<a.n {
        let aik = a[i, k]
        if aik == 0 { continue }
        for j in 0..<a.n { c[i, j] += aik * b[k, j] }
      }
    }
    return c
  }

  public func multiply(_ x: [Double]) -> [Double] {
    precondition(x.count == n, "SmallMatrix: vector length mismatch")
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var s = 0.0
      for j in 0..<n { s += self[i, j] * x[j] }
      y[i] = s
    }
    return y
  }

  /// The Cholesky factor `L` (lower, row-major) if the matrix is symmetric positive
  /// definite, or `nil` when a pivot is not positive. Used to test compliances.
  /// The factorization is `DenseCholesky.factor(_:n:)`.
  public func cholesky() -> SmallMatrix? {
    DenseCholesky.factor(values, n: n).map { SmallMatrix(n: n, values: $0) }
  }

  /// The inverse by Gauss–Jordan elimination with partial pivoting, or `nil` if singular.
  public func inverse() -> SmallMatrix? {
    var a = self
    var inv = SmallMatrix.identity(n)
    for col in 0..<n {
      var pivot = col
      var best = abs(a[col, col])
      for r in (col + 1)..<n where abs(a[r, col]) > best {
        best = abs(a[r, col])
        pivot = r
      }
      guard best > 0, best.isFinite else { return nil }
      if pivot != col {
        for j in 0..<n {
          a.values.swapAt(col * n + j, pivot * n + j)
          inv.values.swapAt(col * n + j, pivot * n + j)
        }
      }
      let p = a[col, col]
      for j in 0..<n {
        a[col, j] /= p
        inv[col, j] /= p
      }
      for r in 0..<n where r != col {
        let f = a[r, col]
        if f == 0 { continue }
        for j in 0..<n {
          a[r, j] -= f * a[col, j]
          inv[r, j] -= f * inv[col, j]
        }
      }
    }
    return inv
  }
}
