import Testing

@testable import SparseSolve

@Suite struct SymmetricCSCMatrixTests {
  @Test func multiplyMatchesDenseProduct() {
    let n = 9
    let dense = TestMatrices.randomSPD(n: n, density: 0.4, seed: 13)
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let x = (0..<n).map { (k: Int) -> Double in Double(k) - 4.0 }
    var expected = [Double](repeating: 0, count: n)
    for i in 0..<n { for j in 0..<n { expected[i] += dense[i * n + j] * x[j] } }
    // Same products summed in a different order: a few ulps of max|y|.
    #expect(TestMatrices.relativeError(a.multiply(x), expected) < 1e-14)
  }

  @Test func entryIndexFindsStoredEntriesOnly() {
    let dense: [Double] = [4, 1, 0, 1, 4, 2, 0, 2, 4]
    let a = SymmetricCSCMatrix.fromDense(dense, n: 3)
    #expect(a.entryIndex(row: 0, column: 1).map { a.values[$0] } == 1)
    #expect(a.entryIndex(row: 1, column: 2).map { a.values[$0] } == 2)
    #expect(a.entryIndex(row: 2, column: 2).map { a.values[$0] } == 4)
    #expect(a.entryIndex(row: 0, column: 2) == nil)
  }

  @Test func generalMultiplyMatchesDense() {
    let n = 7
    let dense = TestMatrices.randomNonsymmetric(n: n, density: 0.4, seed: 4)
    let a = CSCMatrix.fromDense(dense, n: n)
    let x = (0..<n).map { (k: Int) -> Double in Double(k * k) }
    var expected = [Double](repeating: 0, count: n)
    for i in 0..<n { for j in 0..<n { expected[i] += dense[i * n + j] * x[j] } }
    // Same products summed in a different order: a few ulps of max|y|.
    #expect(TestMatrices.relativeError(a.multiply(x), expected) < 1e-14)
  }
}
