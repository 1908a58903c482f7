import Testing

@testable import SparseSolve

@Suite struct LUFactorTests {
  @Test func nonsymmetricRecoversChosenSolution() throws {
    let n = 30
    let dense = TestMatrices.randomNonsymmetric(n: n, density: 0.15, seed: 17)
    let a = CSCMatrix.fromDense(dense, n: n)
    let xTrue = (0..<n).map { (k: Int) -> Double in
      let base = Double(k % 5) - 2.0
      return base + 0.1 * Double(k)
    }
    let lu = try LUFactor(a)
    let x = try lu.solve(a.multiply(xTrue))
    // Strictly diagonally dominant by rows with margin 1: cond(A) is O(10), so LU with
    // partial pivoting is accurate to ~1e-14; 1e-12 leaves margin.
    #expect(TestMatrices.relativeError(x, xTrue) < 1e-12)
  }

  @Test func multipleRightHandSides() throws {
    let n = 15
    let dense = TestMatrices.randomNonsymmetric(n: n, density: 0.3, seed: 8)
    let a = CSCMatrix.fromDense(dense, n: n)
    var g = TestMatrices.Generator(state: 1)
    let xTrue = (0..<(3 * n)).map { _ in g.next() }
    var b: [Double] = []
    for c in 0..<3 { b += a.multiply(Array(xTrue[(c * n)..<((c + 1) * n)])) }
    let x = try LUFactor(a).solve(b, count: 3)
    // cond(A) = O(10) as above.
    #expect(TestMatrices.relativeError(x, xTrue) < 1e-12)
  }

  @Test func structurallySingularThrowsWithTheEmptyColumn() throws {
    // Column 3 has no entries at all: the matrix is structurally singular, and the only
    // zero pivot is column 3's.
    let n = 6
    var dense = TestMatrices.randomNonsymmetric(n: n, density: 0.5, seed: 9)
    for i in 0..<n { dense[i * n + 3] = 0 }
    let a = CSCMatrix.fromDense(dense, n: n)
    #expect(throws: SolveError.singular(column: 3)) { _ = try LUFactor(a) }
  }

  @Test func numericallySingularThrows() throws {
    // Two equal columns: rank n - 1 with every entry stored. Which column gets the zero pivot
    // depends on the pivoting, so only the case is checked.
    let dense: [Double] = [2, 1, 2, 1, 4, 1, 3, 2, 3]  // columns 0 and 2 equal
    let a = CSCMatrix.fromDense(dense, n: 3)
    #expect {
      _ = try LUFactor(a)
    } throws: { error in
      guard case .singular = error as? SolveError else { return false }
      return true
    }
  }

  /// The memory guard before UMFPACK's numeric factorization: a room below UMFPACK's own
  /// estimate refuses it (naming the room's source); a room above lets it through.
  @Test func memoryGuardUsesUMFPACKsEstimate() throws {
    let n = 30
    let a = CSCMatrix.fromDense(TestMatrices.randomNonsymmetric(n: n, density: 0.15, seed: 17), n: n)
    let tight = [MemoryGuard.Room(bytes: 100, source: "a test room")]
    let refused = Result { () throws(SolveError) -> LUFactor in try LUFactor(a, memoryRooms: tight) }
    switch refused {
    case .failure(.insufficientMemory(let predicted, let entries, _, let source)):
      #expect(predicted > 100 && entries >= Double(n) && source == "a test room")
    default:
      Issue.record("expected the guard to refuse, got \(refused)")
    }
    let roomy = [MemoryGuard.Room(bytes: 1e9, source: "a test room")]
    let x = try LUFactor(a, memoryRooms: roomy).solve(a.multiply([Double](repeating: 1, count: n)))
    #expect(TestMatrices.relativeError(x, [Double](repeating: 1, count: n)) < 1e-12)
  }
}
