import FECommon
import Testing

@testable import SparseSolve

@Suite struct CholeskyFactorTests {
  @Test(arguments: TestMatrices.allOrderings)
  func smallSPDMatchesDenseCholesky(ordering: FillReducingOrdering) throws {
    let n = 24
    let dense = TestMatrices.randomSPD(n: n, density: 0.2, seed: 7)
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    var g = TestMatrices.Generator(state: 99)
    let b = (0..<n).map { _ in g.next() }
    let reference = try #require(TestMatrices.denseCholeskySolve(dense, n: n, b))
    let factor = try CholeskyFactor(pattern: a, ordering: ordering)
    try factor.factorize(a)
    let x = try factor.solve(b)
    // Diagonally dominant with ratio >= 1: cond(A) is O(10), so both solvers are accurate to
    // a few hundred ulps; 1e-12 leaves a wide margin and still catches a wrong permutation.
    #expect(TestMatrices.relativeError(x, reference) < 1e-12)
    #expect(factor.statistics.isSupernodal)
  }

  @Test(arguments: TestMatrices.allOrderings)
  func recoversChosenSolutionOnElasticityLikeGrid(ordering: FillReducingOrdering) throws {
    let a = TestMatrices.elasticityLike(nx: 5, ny: 4, nz: 3, shift: 1)
    let n = a.dimension
    let xTrue = (0..<n).map { (k: Int) -> Double in
      let base = Double(k % 7) - 3.0
      return base + 0.25 * Double(k % 3)
    }
    let b = a.multiply(xTrue)
    let factor = try CholeskyFactor(pattern: a, ordering: ordering)
    try factor.factorize(a)
    let x = try factor.solve(b)
    // cond(A) = cond(L + I) * cond(M) <= 27 * 3 ≈ 1e2, so the backward-stable Cholesky error
    // is ~1e2 * n-ish * eps ≈ 1e-13 at most; 1e-12 is the brief's bound.
    #expect(TestMatrices.relativeError(x, xTrue) < 1e-12)
    #expect(factor.statistics.factorNonzeros >= Double(a.storedCount))
    #expect(factor.statistics.flops > 0)
  }

  @Test func multipleRightHandSidesInOneCall() throws {
    let a = TestMatrices.elasticityLike(nx: 4, ny: 3, nz: 3, shift: 0.5)
    let n = a.dimension
    let count = 4
    var g = TestMatrices.Generator(state: 3)
    let xTrue = (0..<(n * count)).map { _ in g.next() }
    var b: [Double] = []
    for c in 0..<count { b += a.multiply(Array(xTrue[(c * n)..<((c + 1) * n)])) }
    let factor = try CholeskyFactor(pattern: a)
    try factor.factorize(a)
    let x = try factor.solve(b, count: count)
    #expect(x.count == n * count)
    for c in 0..<count {
      let column = Array(x[(c * n)..<((c + 1) * n)])
      // cond(A) <= 27.5/0.5 * 3 ≈ 2e2: error ~1e-13; 1e-12 is the brief's bound.
      #expect(TestMatrices.relativeError(column, Array(xTrue[(c * n)..<((c + 1) * n)])) < 1e-12)
      // Column c alone must agree with column c of the batched solve: the same triangular
      // solves in the same order, so only summation-order rounding may differ.
      let single = try factor.solve(Array(b[(c * n)..<((c + 1) * n)]))
      #expect(TestMatrices.relativeError(column, single) < 1e-14)
    }
  }

  @Test func refactorizationReusesTheAnalysis() throws {
    let a = TestMatrices.elasticityLike(nx: 4, ny: 4, nz: 2, shift: 1)
    let n = a.dimension
    let factor = try CholeskyFactor(pattern: a)
    let before = factor.statistics
    try factor.factorize(a)
    // New values on the same pattern: a different shift and a scaled matrix.
    var a2 = TestMatrices.elasticityLike(nx: 4, ny: 4, nz: 2, shift: 3)
    a2.values = a2.values.map { 2.5 * $0 }
    try factor.factorize(a2)
    let after = factor.statistics
    #expect(after.analysisCount == 1)
    #expect(after.factorizationCount == 2)
    #expect(after.analysisSeconds == before.analysisSeconds)
    #expect(after.flops == before.flops)
    let xTrue = (0..<n).map { (k: Int) -> Double in Double((k * 37) % 11) / 11.0 - 0.5 }
    let x = try factor.solve(a2.multiply(xTrue))
    // cond(A2) <= (26 + 3)/3 * 3 ≈ 30: error ~1e-14; 1e-12 as elsewhere.
    #expect(TestMatrices.relativeError(x, xTrue) < 1e-12)
  }

  @Test func everyOrderingGivesTheSameSolution() throws {
    let a = TestMatrices.elasticityLike(nx: 6, ny: 5, nz: 3, shift: 0.2)
    var g = TestMatrices.Generator(state: 11)
    let b = (0..<a.dimension).map { _ in g.next() }
    var solutions: [[Double]] = []
    for ordering in TestMatrices.allOrderings {
      let factor = try CholeskyFactor(pattern: a, ordering: ordering)
      try factor.factorize(a)
      solutions.append(try factor.solve(b))
    }
    for s in solutions.dropFirst() {
      // cond(A) <= 26.2/0.2 * 3 ≈ 4e2: each solution is within ~1e-13 of the exact one, so
      // two of them differ by at most twice that.
      #expect(TestMatrices.relativeError(s, solutions[0]) < 1e-12)
    }
  }

  @Test(arguments: TestMatrices.allOrderings)
  func zeroRowIsReportedAtItsOriginalColumn(ordering: FillReducingOrdering) throws {
    // SPD except that row/column 7 is entirely zero (its diagonal stored as an explicit 0):
    // whatever the ordering, the only pivot that can fail is column 7's, and it is exactly 0.
    let n = 12
    var dense = TestMatrices.randomSPD(n: n, density: 0.3, seed: 5)
    for k in 0..<n {
      dense[7 * n + k] = 0
      dense[k * n + 7] = 0
    }
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let factor = try CholeskyFactor(pattern: a, ordering: ordering)
    #expect(throws: SolveError.notPositiveDefinite(column: 7)) { try factor.factorize(a) }
  }

  @Test func arrowheadSingularThroughFirstRowFailsAtColumnZero() throws {
    // [[3,1,1,1],[1,1,0,0],[1,0,1,0],[1,0,0,1]]: the Schur complement of the leaves in node 0
    // is 3 - 1 - 1 - 1 = 0 exactly. AMD eliminates the degree-1 leaves first, so the failure
    // is the last pivot (minor = 3) and must be reported as original column 0, not 3.
    let dense: [Double] = [3, 1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1]
    let a = SymmetricCSCMatrix.fromDense(dense, n: 4)
    let factor = try CholeskyFactor(pattern: a, ordering: .amd)
    #expect(throws: SolveError.notPositiveDefinite(column: 0)) { try factor.factorize(a) }
    #expect(factor.permutation.last == 0)
  }

  @Test func freeFloatingLaplacianFailsAtTheLastPivot() throws {
    // 1D Laplacian without Dirichlet conditions: singular, with every proper leading principal
    // submatrix (in any order) nonsingular, so the failure is at the last pivot. With AMD
    // (ends first) all pivots are exactly 1 and the last is exactly 0, so it does fail.
    let n = 10
    var dense = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      dense[i * n + i] = (i == 0 || i == n - 1) ? 1 : 2
      if i + 1 < n {
        dense[i * n + i + 1] = -1
        dense[(i + 1) * n + i] = -1
      }
    }
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let factor = try CholeskyFactor(pattern: a, ordering: .amd)
    let last = try #require(factor.permutation.last)
    #expect(throws: SolveError.notPositiveDefinite(column: last)) { try factor.factorize(a) }
  }

  @Test(arguments: TestMatrices.allOrderings)
  func indefiniteMatrixFailsAtTheNegativeDiagonal(ordering: FillReducingOrdering) throws {
    // Tridiagonal, diagonal 4 and off-diagonal -1, except A[5,5] = -4. Eliminating the other
    // (diagonally dominant) unknowns keeps their pivots >= 4 - 2/3.7 > 0 and leaves column
    // 5's pivot <= -4 + 2/3.7 < 0, so column 5 fails first in every ordering.
    let n = 12
    var dense = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      dense[i * n + i] = i == 5 ? -4 : 4
      if i + 1 < n {
        dense[i * n + i + 1] = -1
        dense[(i + 1) * n + i] = -1
      }
    }
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let factor = try CholeskyFactor(pattern: a, ordering: ordering)
    #expect(throws: SolveError.notPositiveDefinite(column: 5)) { try factor.factorize(a) }
  }

  @Test func refactorizationAfterFailureSucceeds() throws {
    let n = 12
    var dense = TestMatrices.randomSPD(n: n, density: 0.3, seed: 21)
    let good = SymmetricCSCMatrix.fromDense(dense, n: n)
    var bad = good
    let d = try #require(bad.entryIndex(row: 4, column: 4))
    bad.values[d] = -1
    let factor = try CholeskyFactor(pattern: good)
    #expect(throws: SolveError.notPositiveDefinite(column: 4)) { try factor.factorize(bad) }
    try factor.factorize(good)
    let b = (0..<n).map { Double($0) }
    let reference = try #require(TestMatrices.denseCholeskySolve(dense, n: n, b))
    // cond = O(10) as in smallSPDMatchesDenseCholesky.
    #expect(TestMatrices.relativeError(try factor.solve(b), reference) < 1e-12)
    dense[0] = 0  // silence "never mutated"
  }

  @Test func blockOrderingFallsBackWhenDimensionIsNotAMultiple() throws {
    let dense = TestMatrices.randomSPD(n: 10, density: 0.3, seed: 2)
    let a = SymmetricCSCMatrix.fromDense(dense, n: 10)
    let factor = try CholeskyFactor(pattern: a, ordering: .nestedDissectionOfBlocks(blockSize: 3))
    #expect(factor.statistics.orderingName.hasPrefix("CHOLMOD default"))
    let blocks = try CholeskyFactor(
      pattern: TestMatrices.elasticityLike(nx: 3, ny: 3, nz: 2, shift: 1),
      ordering: .nestedDissectionOfBlocks(blockSize: 3))
    #expect(blocks.statistics.orderingName == "METIS_NodeND on 3x3 blocks")
    #expect(blocks.permutation.sorted() == Array(0..<blocks.dimension))
  }

  @Test func blockNestedDissectionBeatsNaturalOrderOnA3DGrid() throws {
    // Guards the perm/iperm convention of METIS_NodeND: the inverse of a nested-dissection
    // permutation scatters separators and would fill far more than AMD does.
    let a = TestMatrices.elasticityLike(nx: 10, ny: 10, nz: 6, shift: 1)
    let nd = try CholeskyFactor(pattern: a, ordering: .nestedDissectionOfBlocks(blockSize: 3))
    let amd = try CholeskyFactor(pattern: a, ordering: .amd)
    // Measured ratio is about 1 (see the final report); 1.5 allows for METIS version changes.
    #expect(nd.statistics.factorNonzeros < 1.5 * amd.statistics.factorNonzeros)
  }
}

@Suite struct SolveErrorTests {
  @Test func exitCodeAndMessages() {
    let errors: [SolveError] = [
      .notPositiveDefinite(column: 3), .singular(column: 2), .singular(column: nil),
      .outOfMemory, .library(status: -4, routine: "cholmod_l_factorize"),
    ]
    for e in errors {
      #expect(e.exitCode == 3)
      #expect(e.description.hasSuffix("."))
    }
    #expect(SolveError.notPositiveDefinite(column: 3).description.contains("column 3"))
  }

  /// A NaN or infinite entry is refused with its column: CHOLMOD's pivot test (d ≤ 0) lets a
  /// NaN through and would return a NaN factor.
  @Test(arguments: [Double.nan, .infinity, -.infinity])
  func nonFiniteEntryThrowsWithItsColumn(bad: Double) throws {
    var a = TestMatrices.elasticityLike(nx: 2, ny: 2, nz: 2, shift: 1)
    let factor = try CholeskyFactor(pattern: a)
    let entry = a.columnStarts[7] + 1  // column 7
    a.values[entry] = bad
    #expect(throws: SolveError.nonFinite(column: 7)) { try factor.factorize(a) }
  }
}
