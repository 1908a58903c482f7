import FECommon
import Foundation
import Testing
@testable import DenseLinearAlgebra

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

  /// A pencil large enough for LAPACK's blocked reduction and divide and conquer: the 1-D
  /// linear finite-element stiffness tridiag(−1, 2, −1) against the consistent mass
  /// tridiag(1/6, 2/3, 1/6). Both share the sine vectors sin(ikπ/(n + 1)), so
  /// θ_k = (2 − 2cos t)/(2/3 + cos(t)/3), t = kπ/(n + 1) (analytic), and the B-normalized
  /// vector k is ± that sine scaled to VᵀBV = 1.
  @Test func finiteElementPencilAgainstAnalyticSpectrum() throws {
    let n = 300
    var a = [Double](repeating: 0, count: n * n), b = a
    for i in 0..<n {
      a[i * n + i] = 2; b[i * n + i] = 2.0 / 3
      if i > 0 {
        a[i * n + i - 1] = -1; a[(i - 1) * n + i] = -1
        b[i * n + i - 1] = 1.0 / 6; b[(i - 1) * n + i] = 1.0 / 6
      }
    }
    let eig = try #require(GeneralizedSymmetricEigen(a: a, b: b, n: n))
    for k in [1, 2, 50, 150, 299, 300] {
      let t = Double(k) * .pi / Double(n + 1)
      let exact = (2 - 2 * cos(t)) / (2.0 / 3 + cos(t) / 3)
      // κ(B) = 3, ‖A‖ = 4, θ_max ≈ 12: a few ulps of 12.
      #expect(abs(eig.values[k - 1] - exact) < 1e-12, "θ_\(k)")
      var sine = (1...n).map { sin(Double($0) * t) }
      var bNorm = 0.0
      for i in 0..<n {
        var bs = b[i * n + i] * sine[i]
        if i > 0 { bs += b[i * n + i - 1] * sine[i - 1] }
        if i < n - 1 { bs += b[i * n + i + 1] * sine[i + 1] }
        bNorm += sine[i] * bs
      }
      sine = sine.map { $0 / bNorm.squareRoot() }
      let v = eig.vector(k - 1)
      let sign: Double = zip(v, sine).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
      let worst = zip(v, sine).map { abs($0.0 - sign * $0.1) }.max()!
      // Neighbouring eigenvalues differ by ≥ 1e-4, so the vectors are determined to ~1e-11.
      #expect(worst < 1e-9, "vector \(k): \(worst)")
    }
  }

  /// NaN entries give NaN results (or nil), not a crash and not LAPACK's silent [0, −0].
  @Test func notANumberInputGivesNotANumber() {
    let eig = GeneralizedSymmetricEigen(symmetric: [1, .nan, .nan, 2], n: 2)
    #expect(eig.values.allSatisfy { $0.isNaN })
    let valuesOnly = GeneralizedSymmetricEigen.eigenvalues(symmetric: [.nan, 0, 0, 1], n: 2)
    #expect(valuesOnly.contains { $0.isNaN }, "\(valuesOnly)")
    #expect(GeneralizedSymmetricEigen(a: [1, 0, 0, 1], b: [.infinity, 0, 0, 1], n: 2) == nil)
    #expect(GeneralizedSymmetricEigen.eigenvalues(symmetric: [], n: 0).isEmpty)
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
