import FECommon
import Foundation
import Testing
@testable import DenseLinearAlgebra

@Suite struct SingularValueDecompositionTests {
  @Test func diagonalMatrix() {
    let d = [3.0, -1, 2, 0.5]
    var a = [Double](repeating: 0, count: 16)
    for i in 0..<4 { a[i * 4 + i] = d[i] }
    let svd = SingularValueDecomposition(matrix: a, rows: 4, columns: 4)
    // A diagonal matrix needs no rotation: the values are exact.
    #expect(svd.singularValues == [3, 2, 1, 0.5])
  }

  /// An orthonormal m × n matrix from the Q of a random QR.
  func orthonormal(_ m: Int, _ n: Int, _ rng: inout SplitMix64) -> [Double] {
    HouseholderQR(matrix: randomMatrix(m, n, &rng), rows: m, columns: n).thinQ
  }

  @Test func constructedUSigmaVt() {
    var rng = SplitMix64(seed: 21)
    let m = 12, n = 4
    let u = orthonormal(m, n, &rng), v = orthonormal(n, n, &rng)
    let sigma = [10.0, 1, 1e-3, 1e-8]
    var a = [Double](repeating: 0, count: m * n)
    for j in 0..<n { for i in 0..<m { for k in 0..<n { a[j * m + i] += u[k * m + i] * sigma[k] * v[k * n + j] } } }
    let svd = SingularValueDecomposition(matrix: a, rows: m, columns: n, computeLeftVectors: true)
    // Backward-stable SVD: each σ to within a few ε·σ₁ (Demmel & Veselić); 1e-13·σ₁ is that
    // with room for the construction's own round-off.
    for k in 0..<n { #expect(abs(svd.singularValues[k] - sigma[k]) <= 1e-13 * sigma[0]) }
    // V orthogonal and A v_k = σ_k u_k.
    for p in 0..<n {
      for q in 0..<n {
        let dot = (0..<n).reduce(0) { $0 + svd.rightVectors[p * n + $1] * svd.rightVectors[q * n + $1] }
        #expect(abs(dot - (p == q ? 1 : 0)) < 1e-13)
      }
      let av = matVec(a, m, n, svd.rightVector(p))
      for i in 0..<m { #expect(abs(av[i] - svd.singularValues[p] * svd.leftVectors![p * m + i]) < 1e-13 * sigma[0]) }
    }
  }

  @Test func wideMatrixHasZeroTrailingValues() {
    var rng = SplitMix64(seed: 22)
    let a = randomMatrix(3, 5, &rng)
    let svd = SingularValueDecomposition(matrix: a, rows: 3, columns: 5)
    #expect(svd.singularValues.count == 5)
    #expect(svd.rank() == 3)
    // The two null vectors: A v = 0 to round-off.
    for k in 3..<5 { #expect(norm(matVec(a, 3, 5, svd.rightVector(k))) < 1e-13 * svd.singularValues[0]) }
  }

  /// The columns of a Sylvester–Hadamard matrix (entries ±1, HᵀH = m I) scaled by d: AᵀA =
  /// m·diag(d²) exactly, so σ = √m·d exactly, with no construction round-off. Graded over
  /// 12 decades, this is the case one-sided Jacobi gets to full relative accuracy and AᵀA
  /// cannot (its eigenvalues below ε·σ₁² are lost).
  @Test func gradedColumnsToRelativeAccuracy() {
    for (m, n) in [(8, 4), (4, 4), (16, 6)] {
      var h: [[Double]] = [[1]]
      while h.count < m { h = h.map { $0 + $0 } + h.map { $0 + $0.map { -$0 } } }
      let d = (0..<n).map { pow(10.0, -12.0 * Double($0) / Double(n - 1)) }
      var a = [Double](repeating: 0, count: m * n)
      for j in 0..<n { for i in 0..<m { a[j * m + i] = h[i][j] * d[j] } }
      let svd = SingularValueDecomposition(matrix: a, rows: m, columns: n, computeLeftVectors: true)
      for k in 0..<n {
        // Relative, not absolute: 1e-14 of each σ, down to σ = 1e-12·σ₁.
        #expect(abs(svd.singularValues[k] - Double(m).squareRoot() * d[k]) <= 1e-14 * Double(m).squareRoot() * d[k], "m \(m) σ_\(k)")
        // v_k = ±e_k, u_k = ±(column k of H)/√m.
        #expect(abs(abs(svd.rightVectors[k * n + k]) - 1) < 1e-14)
        let u = Array(svd.leftVectors![(k * m)..<((k + 1) * m)])
        let sign = u[0] * h[0][k] > 0 ? 1.0 : -1.0
        for i in 0..<m { #expect(abs(u[i] - sign * h[i][k] / Double(m).squareRoot()) < 1e-14) }
      }
    }
  }

  /// Random tall, square and wide matrices against a second solver: σ² against LAPACK's
  /// symmetric eigenvalues of AᵀA (dsyevd, a different algorithm), which for these well
  /// conditioned matrices are accurate to a few ε·σ₁²; and A = U Σ Vᵀ, VᵀV = I, UᵀU = I on
  /// the nonzero σ.
  @Test func randomMatricesAgainstEigenvaluesOfTheGram() {
    var rng = SplitMix64(seed: 23)
    for (m, n) in [(40, 7), (7, 7), (3, 7), (1, 4), (200, 30), (5, 1)] {
      let a = randomMatrix(m, n, &rng)
      let svd = SingularValueDecomposition(matrix: a, rows: m, columns: n, computeLeftVectors: true)
      var gram = [Double](repeating: 0, count: n * n)
      for p in 0..<n { for q in 0..<n { for i in 0..<m { gram[p * n + q] += a[p * m + i] * a[q * m + i] } } }
      let eig = GeneralizedSymmetricEigen.eigenvalues(symmetric: gram, n: n).reversed().map { max($0, 0) }
      let top = svd.singularValues[0]
      for k in 0..<n {
        #expect(abs(svd.singularValues[k] * svd.singularValues[k] - eig[k]) <= 1e-13 * top * top, "\(m)×\(n) σ_\(k)")
      }
      let u = svd.leftVectors!
      let rank = svd.rank()
      #expect(rank == min(m, n))
      for i in 0..<m {
        for j in 0..<n {
          var s = 0.0
          for k in 0..<n { s += u[k * m + i] * svd.singularValues[k] * svd.rightVectors[k * n + j] }
          #expect(abs(s - a[j * m + i]) <= 1e-13 * top)
        }
      }
      for p in 0..<n {
        for q in 0..<n {
          let vv = (0..<n).reduce(0) { $0 + svd.rightVectors[p * n + $1] * svd.rightVectors[q * n + $1] }
          #expect(abs(vv - (p == q ? 1 : 0)) < 1e-13)
          guard p < rank && q < rank else { continue }
          let uu = (0..<m).reduce(0) { $0 + u[p * m + $1] * u[q * m + $1] }
          #expect(abs(uu - (p == q ? 1 : 0)) < 1e-13)
        }
      }
    }
  }

  /// An exactly rank-deficient matrix (a zero column and a repeated one): the zero σ are
  /// exact or at round-off, their left vectors are zero where σ is exactly zero, and the
  /// null vectors are null.
  @Test func rankDeficientHasNullVectors() {
    var rng = SplitMix64(seed: 24)
    let m = 9
    let c0 = randomMatrix(m, 1, &rng), c1 = randomMatrix(m, 1, &rng)
    let zero = [Double](repeating: 0, count: m)
    let a = c0 + zero + c1 + c0
    let svd = SingularValueDecomposition(matrix: a, rows: m, columns: 4, computeLeftVectors: true)
    #expect(svd.rank() == 2)
    for k in 2..<4 {
      #expect(svd.singularValues[k] <= 1e-14 * svd.singularValues[0])
      #expect(norm(matVec(a, m, 4, svd.rightVector(k))) <= 1e-14 * svd.singularValues[0])
      if svd.singularValues[k] == 0 { #expect(svd.leftVectors![(k * m)..<((k + 1) * m)].allSatisfy { $0 == 0 }) }
    }
  }

  /// The graded Hadamard case at the ends of the exponent range (σ from 2e300 down to the
  /// subnormal 2e-309): the same relative accuracy.
  @Test func extremeScales() {
    let h: [[Double]] = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]]
    let d = [1.0, 1e-3, 1e-6, 1e-9]
    for scale in [1e300, 1e-300] {
      var a = [Double](repeating: 0, count: 16)
      for j in 0..<4 { for i in 0..<4 { a[j * 4 + i] = h[i][j] * d[j] * scale } }
      let svd = SingularValueDecomposition(matrix: a, rows: 4, columns: 4, computeLeftVectors: true)
      for k in 0..<4 {
        let exact = 2 * d[k] * scale
        #expect(abs(svd.singularValues[k] - exact) <= 1e-14 * exact, "scale \(scale) σ_\(k)")
        // A unit left vector, except for σ = 2e-309, below the underflow threshold
        // (Double.leastNormalMagnitude), where it is zero as documented.
        let u = svd.leftVectors![(k * 4)..<((k + 1) * 4)]
        #expect(abs(u.reduce(0) { $0 + $1 * $1 } - (exact > Double.leastNormalMagnitude ? 1 : 0)) < 1e-14)
      }
    }
  }

  @Test func nonFiniteEntriesGiveNaN() {
    for bad in [Double.nan, .infinity] {
      let svd = SingularValueDecomposition(matrix: [1, 2, bad, 4, 5, 6], rows: 3, columns: 2, computeLeftVectors: true)
      #expect(svd.singularValues.count == 2 && svd.singularValues.allSatisfy(\.isNaN))
      #expect(svd.rightVectors.allSatisfy(\.isNaN) && svd.leftVectors!.allSatisfy(\.isNaN))
    }
  }

  @Test func emptyShapes() {
    #expect(SingularValueDecomposition(matrix: [], rows: 0, columns: 0).singularValues.isEmpty)
    let wide = SingularValueDecomposition(matrix: [], rows: 0, columns: 3, computeLeftVectors: true)
    #expect(wide.singularValues == [0, 0, 0] && wide.rank() == 0)
  }

  /// The QR against its definition: Q orthonormal, Q R = A, Qᵀ(Q y) = y, and the
  /// least-squares solution against the normal equations solved by Cramer's rule (3 × 3).
  @Test func householderQRReproducesTheMatrix() {
    var rng = SplitMix64(seed: 25)
    let m = 50, n = 3
    let a = randomMatrix(m, n, &rng), b = randomMatrix(m, 1, &rng)
    let qr = HouseholderQR(matrix: a, rows: m, columns: n)
    let q = qr.thinQ, r = qr.r
    for i in 0..<m {
      for j in 0..<n {
        let s = (0...j).reduce(0) { $0 + q[$1 * m + i] * r[j * n + $1] }
        #expect(abs(s - a[j * m + i]) < 1e-13)
      }
    }
    for p in 0..<n { for s in 0..<n {
      let d = (0..<m).reduce(0) { $0 + q[p * m + $1] * q[s * m + $1] }
      #expect(abs(d - (p == s ? 1 : 0)) < 1e-14) } }
    let back = qr.applyQT(qr.applyQ(b))
    for i in 0..<m { #expect(abs(back[i] - b[i]) < 1e-13) }
    let twice = qr.applyQ(toColumns: b + b, count: 2), once = qr.applyQ(b)
    for i in 0..<(2 * m) { #expect(abs(twice[i] - once[i % m]) < 1e-14) }
    // Normal equations G x = Aᵀb by Cramer's rule, an independent 3 × 3 solve.
    var g = [[Double]](repeating: [0, 0, 0], count: 3), rhs = [0.0, 0, 0]
    for p in 0..<3 { for i in 0..<m { rhs[p] += a[p * m + i] * b[i]; for s in 0..<3 { g[p][s] += a[p * m + i] * a[s * m + i] } } }
    func det(_ c: [[Double]]) -> Double {
      c[0][0] * (c[1][1] * c[2][2] - c[1][2] * c[2][1]) - c[0][1] * (c[1][0] * c[2][2] - c[1][2] * c[2][0])
        + c[0][2] * (c[1][0] * c[2][1] - c[1][1] * c[2][0])
    }
    let x = qr.solve(b)
    for k in 0..<3 {
      var ck = g
      for row in 0..<3 { ck[row][k] = rhs[row] }
      #expect(abs(x[k] - det(ck) / det(g)) < 1e-12)
    }
  }
}
