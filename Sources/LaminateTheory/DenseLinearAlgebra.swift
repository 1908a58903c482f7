/// Small dense linear algebra kept inside this module, so that the analytic truths share
/// no numerics with the FE solver. Matrices are row-major `[Double]` of n × n.
enum DenseLinearAlgebra {
  /// Solves A x = b by Gaussian elimination with partial pivoting, or returns `nil` when a
  /// pivot is zero or not finite.
  static func solve(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    precondition(a.count == n * n && b.count == n, "DenseLinearAlgebra.solve: size mismatch")
    var m = a
    var x = b
    for col in 0..<n {
      var pivot = col
      var best = abs(m[col * n + col])
      for r in (col + 1)..<n where abs(m[r * n + col]) > best {
        best = abs(m[r * n + col])
        pivot = r
      }
      guard best > 0, best.isFinite else { return nil }
      if pivot != col {
        for j in 0..<n { m.swapAt(col * n + j, pivot * n + j) }
        x.swapAt(col, pivot)
      }
      let p = m[col * n + col]
      for r in (col + 1)..<n {
        let f = m[r * n + col] / p
        if f == 0 { continue }
        for j in col..<n { m[r * n + j] -= f * m[col * n + j] }
        x[r] -= f * x[col]
      }
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = x[i]
      for j in (i + 1)..<n { s -= m[i * n + j] * x[j] }
      x[i] = s / m[i * n + i]
    }
    return x
  }

  /// The product A B of two n × n matrices.
  static func multiply(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
    var c = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for k in 0..<n {
        let aik = a[i * n + k]
        if aik == 0 { continue }
        for j in 0..<n { c[i * n + j] += aik * b[k * n + j] }
      }
    }
    return c
  }

  /// The product A x of an n × n matrix and a vector.
  static func multiply(_ a: [Double], vector x: [Double], n: Int) -> [Double] {
    var y = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var s = 0.0
      for j in 0..<n { s += a[i * n + j] * x[j] }
      y[i] = s
    }
    return y
  }

  /// The 1-norm (largest absolute column sum).
  static func norm1(_ a: [Double], n: Int) -> Double {
    var best = 0.0
    for j in 0..<n {
      var s = 0.0
      for i in 0..<n { s += abs(a[i * n + j]) }
      best = max(best, s)
    }
    return best
  }

  /// The matrix exponential exp(A) by scaling and squaring with a Taylor series.
  ///
  /// A is scaled by 2^−s so that ‖A/2^s‖₁ ≤ 1/2; the Taylor series of the scaled matrix
  /// is summed until a term falls below 1e-17 of the sum in the 1-norm (at most 30 terms;
  /// with norm ≤ 1/2 the truncation error after k terms is below 2 (1/2)^(k+1)/(k+1)!, so
  /// about 17 terms reach round-off), then squared s times (Moler & Van Loan, "Nineteen
  /// dubious ways to compute the exponential of a matrix, twenty-five years later",
  /// SIAM Review 45 (2003) 3–49, methods 1 and 3). Used here for the constant 4×4 and
  /// 6×6 state matrices of Pagano's solutions, whose scaled norms are of order one.
  ///
  /// - Complexity: O(n³ (17 + s)).
  static func exponential(_ a: [Double], n: Int) -> [Double] {
    precondition(a.count == n * n, "DenseLinearAlgebra.exponential: size mismatch")
    let norm = norm1(a, n: n)
    precondition(norm.isFinite, "DenseLinearAlgebra.exponential: the matrix is not finite")
    var squarings = 0
    if norm > 0.5 { squarings = Int(ceil(log2(norm / 0.5))) }
    let scale = 1 / Double(1 << squarings)
    let x = a.map { $0 * scale }
    var identity = [Double](repeating: 0, count: n * n)
    for i in 0..<n { identity[i * n + i] = 1 }
    var sum = identity
    var term = identity
    for k in 1...30 {
      term = multiply(term, x, n: n)
      let inv = 1 / Double(k)
      for i in 0..<(n * n) { term[i] *= inv }
      for i in 0..<(n * n) { sum[i] += term[i] }
      if norm1(term, n: n) <= 1e-17 * norm1(sum, n: n) { break }
    }
    for _ in 0..<squarings { sum = multiply(sum, sum, n: n) }
    return sum
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
