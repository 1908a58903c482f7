import FECommon
import Foundation
import Testing
@testable import Inversion

@Suite struct GeneralizedSymmetricEigenTests {
  /// The second-difference matrix tridiag(−1, 2, −1) of order n has the eigenvalues
  /// 2 − 2cos(kπ/(n + 1)), k = 1…n (analytic).
  @Test func secondDifferenceSpectrum() {
    let n = 40
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      a[i * n + i] = 2
      if i > 0 { a[i * n + i - 1] = -1; a[(i - 1) * n + i] = -1 }
    }
    let eig = GeneralizedSymmetricEigen(symmetric: a, n: n)
    for k in 1...n {
      let exact = 2 - 2 * cos(Double(k) * .pi / Double(n + 1))
      // Backward stable: errors of a few ulps of ‖A‖ = 4.
      #expect(abs(eig.values[k - 1] - exact) < 1e-13)
    }
    // Orthonormal vectors.
    for p in 0..<n { for q in 0..<n {
      let dot = (0..<n).reduce(0.0) { $0 + eig.vectors[p * n + $1] * eig.vectors[q * n + $1] }
      #expect(abs(dot - (p == q ? 1 : 0)) < 1e-13)
    } }
  }

  /// A random symmetric A and SPD B: A V = B V Θ, VᵀBV = I, values ascending and equal to
  /// those of the Jacobi solver (FECommon.SymmetricEigen) on L⁻¹AL⁻ᵀ computed independently.
  @Test func randomPencil() throws {
    var rng = SplitMix64(seed: 77)
    let n = 25
    var a = [Double](repeating: 0, count: n * n), r = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0...i {
      let x = rng.gaussian()
      a[i * n + j] = x; a[j * n + i] = x
    } }
    for i in 0..<(n * n) { r[i] = rng.gaussian() }
    var b = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n {
      b[i * n + j] = (0..<n).reduce(0.0) { $0 + r[i * n + $1] * r[j * n + $1] } + (i == j ? Double(n) : 0)
    } }
    let eig = try #require(GeneralizedSymmetricEigen(a: a, b: b, n: n))
    for k in 1..<n { #expect(eig.values[k - 1] <= eig.values[k]) }
    let scale = eig.values.map(abs).max()!
    for k in 0..<n {
      let v = eig.vector(k)
      for i in 0..<n {
        let av = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * v[$1] }
        let bv = (0..<n).reduce(0.0) { $0 + b[i * n + $1] * v[$1] }
        // κ(B) ≈ 5 here: residuals at round-off of ‖A‖·‖V‖.
        #expect(abs(av - eig.values[k] * bv) < 1e-11 * max(1, scale))
      }
      for q in 0..<n {
        let w = eig.vector(q)
        var vbw = 0.0
        for i in 0..<n { for j in 0..<n { vbw += v[i] * b[i * n + j] * w[j] } }
        #expect(abs(vbw - (k == q ? 1 : 0)) < 1e-11)
      }
    }
    // Independent route: B = LLᵀ (DenseKernels), C = L⁻¹AL⁻ᵀ, Jacobi eigenvalues.
    let l = try #require(DenseKernels.cholesky(b, n: n))
    var c = [Double](repeating: 0, count: n * n)
    var x = a  // X = L⁻¹A column by column
    for col in 0..<n { for i in 0..<n {
      var s = x[i * n + col]
      for q in 0..<i { s -= l[i * n + q] * x[q * n + col] }
      x[i * n + col] = s / l[i * n + i]
    } }
    var y = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { y[i * n + j] = x[j * n + i] } }
    for col in 0..<n { for i in 0..<n {
      var s = y[i * n + col]
      for q in 0..<i { s -= l[i * n + q] * y[q * n + col] }
      y[i * n + col] = s / l[i * n + i]
    } }
    c = y
    let jacobi = SymmetricEigen(symmetric: c, n: n)
    for k in 0..<n { #expect(abs(jacobi.values[k] - eig.values[k]) < 1e-12 * max(1, scale)) }
  }

  /// The values-only path agrees with the full decomposition.
  @Test func eigenvaluesOnly() {
    var rng = SplitMix64(seed: 78)
    let n = 30
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0...i { let x = rng.gaussian(); a[i * n + j] = x; a[j * n + i] = x } }
    let full = GeneralizedSymmetricEigen(symmetric: a, n: n).values
    let only = GeneralizedSymmetricEigen.eigenvalues(symmetric: a, n: n)
    let scale = full.map(abs).max()!
    for k in 0..<n { #expect(abs(full[k] - only[k]) < 1e-13 * scale) }
  }

  /// B not positive definite: nil, not a crash.
  @Test func indefiniteB() {
    let b: [Double] = [1, 2, 2, 1]
    #expect(GeneralizedSymmetricEigen(a: [1, 0, 0, 1], b: b, n: 2) == nil)
  }

  /// Repeated eigenvalues (a multiple of the identity) and n = 1 work.
  @Test func degenerateCases() {
    let eig = GeneralizedSymmetricEigen(symmetric: [3, 0, 0, 0, 3, 0, 0, 0, 3], n: 3)
    #expect(eig.values.allSatisfy { abs($0 - 3) < 1e-15 })
    let one = GeneralizedSymmetricEigen(symmetric: [5], n: 1)
    #expect(one.values == [5] && abs(abs(one.vectors[0]) - 1) < 1e-15)
  }
}
