import Foundation
import Testing

@testable import LaminateTheory

/// The module's own small dense routines, on cases with closed-form answers.
@Suite struct DenseLinearAlgebraTests {
  /// exp of t [[0, 1], [−1, 0]] is the rotation [[cos t, sin t], [−sin t, cos t]], for
  /// norms that need no squaring and many squarings. Round-off: 1e-13 (t = 40 squares
  /// 7 times, amplifying the 1e-16 error about 2⁷-fold).
  @Test(arguments: [0.1, 1.0, 3.0, 40.0])
  func rotationGenerator(t: Double) {
    let e = DenseLinearAlgebra.exponential([0, t, -t, 0], n: 2)
    let expected = [cos(t), sin(t), -sin(t), cos(t)]
    for (x, y) in zip(e, expected) { #expect(abs(x - y) < 1e-13, "\(e) vs \(expected)") }
  }

  /// exp(A) exp(−A) = I for a non-normal 6×6 matrix with both growing and decaying modes,
  /// and exp of a diagonal matrix is the exponential of its entries.
  @Test func inverseAndDiagonal() {
    var a = [Double](repeating: 0, count: 36)
    for i in 0..<6 {
      for j in 0..<6 { a[i * 6 + j] = sin(Double(3 * i + 7 * j + 1)) * (i == j ? 2 : 0.7) }
    }
    let e = DenseLinearAlgebra.exponential(a, n: 6)
    let f = DenseLinearAlgebra.exponential(a.map { -$0 }, n: 6)
    let p = DenseLinearAlgebra.multiply(e, f, n: 6)
    let scale = DenseLinearAlgebra.norm1(e, n: 6) * DenseLinearAlgebra.norm1(f, n: 6)
    for i in 0..<6 {
      for j in 0..<6 { #expect(abs(p[i * 6 + j] - (i == j ? 1 : 0)) < 1e-14 * scale) }
    }
    let d = DenseLinearAlgebra.exponential([2.5, 0, 0, -4], n: 2)
    #expect(abs(d[0] - exp(2.5)) < 1e-14 * exp(2.5) && abs(d[3] - exp(-4)) < 1e-13 * exp(-4))
    #expect(d[1] == 0 && d[2] == 0)
    // A nilpotent Jordan block: exp(t N) = I + t N + t² N²/2 exactly.
    let n = DenseLinearAlgebra.exponential([0, 3, 0, 0, 0, 3, 0, 0, 0], n: 3)
    let expected: [Double] = [1, 3, 4.5, 0, 1, 3, 0, 0, 1]
    for (x, y) in zip(n, expected) { #expect(abs(x - y) < 1e-14 * 4.5) }
  }

  /// Gaussian elimination with pivoting on a matrix whose leading entry is zero.
  @Test func solveNeedsPivoting() throws {
    let x = try #require(DenseLinearAlgebra.solve([0, 2, 1, 1, 1, 0, 3, 0, 1], [5, 3, 7], n: 3))
    // Solution (1, 2, 1)... check by substitution.
    let r = DenseLinearAlgebra.multiply([0, 2, 1, 1, 1, 0, 3, 0, 1], vector: x, n: 3)
    for (u, v) in zip(r, [5.0, 3, 7]) { #expect(abs(u - v) < 1e-14 * 7) }
    #expect(DenseLinearAlgebra.solve([1, 2, 2, 4], [1, 1], n: 2) == nil)
  }
}
