import Foundation
import Testing
@testable import Inversion

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
    let qr = HouseholderQR(matrix: randomMatrix(m, n, &rng), rows: m, columns: n)
    var q = [Double]()
    for k in 0..<n {
      var e = [Double](repeating: 0, count: m)
      e[k] = 1
      q += qr.applyQ(e)
    }
    return q
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
}
