import FECommon
import Testing

@testable import SparseSolve

/// `SupernodalCholesky` against the dense reference and against CHOLMOD (`CholeskyFactor`)
/// with the same permutation.
@Suite struct SupernodalCholeskyTests {
  /// A deterministic right-hand side pattern that is not smooth.
  static func chosenSolution(_ n: Int, count: Int = 1) -> [Double] {
    var g = TestMatrices.Generator(state: 2024)
    return (0..<(n * count)).map { _ in g.next() }
  }

  static func multiply(_ a: SymmetricCSCMatrix, _ x: [Double], count: Int) -> [Double] {
    let n = a.dimension
    var b: [Double] = []
    for c in 0..<count { b += a.multiply(Array(x[(c * n)..<((c + 1) * n)])) }
    return b
  }

  @Test(arguments: [(60, 0.05, 1), (200, 0.02, 2), (300, 0.01, 3), (120, 0.3, 4)])
  func randomSPDMatchesDenseCholesky(n: Int, density: Double, seed: Int) throws {
    let dense = TestMatrices.randomSPD(n: n, density: density, seed: UInt64(seed))
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let xTrue = Self.chosenSolution(n)
    let b = a.multiply(xTrue)
    let reference = try #require(TestMatrices.denseCholeskySolve(dense, n: n, b))
    let nd = try SupernodalCholesky.nestedDissectionPermutation(of: a, blockSize: 1)
    for permutation in [Array(0..<n), Array((0..<n).reversed()), nd] {
      for threads in [1, 2] {
        let factor = try SupernodalCholesky(pattern: a, permutation: permutation, threads: threads)
        try factor.factorize(a)
        let x = try factor.solve(b)
        // Strictly diagonally dominant: cond(A) = O(10), so both Cholesky solves are within a
        // few hundred ulps of each other and of x_true; 1e-12 still catches any wrong entry.
        #expect(TestMatrices.relativeError(x, reference) < 1e-12)
        #expect(TestMatrices.relativeError(x, xTrue) < 1e-12)
      }
    }
  }

  @Test(arguments: [1, 2])
  func elasticityGridMatchesCholmod(threads: Int) throws {
    let a = TestMatrices.elasticityLike(nx: 20, ny: 20, nz: 6, shift: 0.01)
    let n = a.dimension
    let cholmod = try CholeskyFactor(pattern: a, ordering: .nestedDissectionOfBlocks(blockSize: 3))
    try cholmod.factorize(a)
    // CHOLMOD's own (postordered) METIS permutation: METIS calls from concurrently running
    // tests may not return the same ordering, so share one.
    let factor = try SupernodalCholesky(pattern: a, permutation: cholmod.permutation, threads: threads)
    if threads > 1 {
      let tree = factor.treeSummary
      #expect(tree.subtrees >= 2 * threads)  // the parallel phase really runs
      #expect(tree.top >= 1)
    }
    try factor.factorize(a)
    // Same ordering, so the exact fill and flop counts must agree with CHOLMOD's analysis.
    #expect(factor.statistics.factorNonzeros == cholmod.statistics.factorNonzeros)
    #expect(abs(factor.statistics.flops - cholmod.statistics.flops) <= 1e-9 * cholmod.statistics.flops)
    let xTrue = Self.chosenSolution(n)
    let b = a.multiply(xTrue)
    let x = try factor.solve(b)
    let xCholmod = try cholmod.solve(b)
    // cond(A) = cond(L + 0.01 I) cond(M) ≈ (27 / 0.01) * 3 ≈ 1e4, so the backward-stable solves
    // are within ~1e4 * eps * growth ≈ 1e-12 of x_true; 1e-10 is the brief's bound.
    #expect(TestMatrices.relativeError(x, xTrue) < 1e-10)
    #expect(TestMatrices.relativeError(x, xCholmod) < 1e-10)
  }

  @Test func multipleRightHandSides() throws {
    let a = TestMatrices.elasticityLike(nx: 9, ny: 7, nz: 4, shift: 0.1)
    let n = a.dimension
    let count = 5
    let xTrue = Self.chosenSolution(n, count: count)
    let b = Self.multiply(a, xTrue, count: count)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let factor = try SupernodalCholesky(pattern: a, permutation: perm)
    try factor.factorize(a)
    let x = try factor.solve(b, count: count)
    #expect(x.count == n * count)
    for c in 0..<count {
      let range = (c * n)..<((c + 1) * n)
      // cond(A) ≈ 27 / 0.1 * 3 ≈ 1e3: error ~1e-13; 1e-10 is the brief's bound.
      #expect(TestMatrices.relativeError(Array(x[range]), Array(xTrue[range])) < 1e-10)
      // Column c solved alone takes the same operations (dgemv-sized dgemm), so only
      // summation-order rounding in BLAS may differ: a few ulps.
      let single = try factor.solve(Array(b[range]))
      #expect(TestMatrices.relativeError(single, Array(x[range])) < 1e-13)
    }
  }

  @Test(arguments: [1, 2])
  func refactorizationWithNewValues(threads: Int) throws {
    let a = TestMatrices.elasticityLike(nx: 12, ny: 10, nz: 5, shift: 0.5)
    let n = a.dimension
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
    try factor.factorize(a)
    // Same pattern, other values (another shift), then the first values again.
    let b2 = TestMatrices.elasticityLike(nx: 12, ny: 10, nz: 5, shift: 2)
    let xTrue = Self.chosenSolution(n)
    for matrix in [b2, a] {
      try factor.factorize(matrix)
      let x = try factor.solve(matrix.multiply(xTrue))
      // cond <= (27 + 0.5) / 0.5 * 3 ≈ 2e2: error ~1e-13; 1e-10 is the brief's bound.
      #expect(TestMatrices.relativeError(x, xTrue) < 1e-10)
    }
    #expect(factor.statistics.factorizationCount == 3)
    #expect(factor.statistics.analysisCount == 1)
  }

  /// A zero row and column (an unconstrained DOF) at original column `column`.
  static func withZeroRow(_ a: SymmetricCSCMatrix, column: Int) -> SymmetricCSCMatrix {
    var z = a
    for j in 0..<a.dimension {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] where j == column || a.rowIndices[k] == column {
        z.values[k] = 0
      }
    }
    return z
  }

  @Test(arguments: [1, 2])
  func singularMatrixReportsOriginalColumn(threads: Int) throws {
    let a = TestMatrices.elasticityLike(nx: 20, ny: 20, nz: 6, shift: 0.01)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
    let cholmod = try CholeskyFactor(pattern: a)
    for column in [0, 3 * 437 + 1, a.dimension - 1] {
      let singular = Self.withZeroRow(a, column: column)
      #expect(throws: SolveError.notPositiveDefinite(column: column)) { try factor.factorize(singular) }
      #expect(throws: SolveError.notPositiveDefinite(column: column)) { try cholmod.factorize(singular) }
    }
    // A failure leaves the factor usable for the next good matrix.
    try factor.factorize(a)
    let xTrue = Self.chosenSolution(a.dimension)
    // cond ≈ 1e4 as above; 1e-10 is the brief's bound.
    #expect(TestMatrices.relativeError(try factor.solve(a.multiply(xTrue)), xTrue) < 1e-10)
  }

  @Test(arguments: [1, 2])
  func indefiniteMatrixReportsSameColumnAsCholmod(threads: Int) throws {
    let a = TestMatrices.elasticityLike(nx: 20, ny: 20, nz: 6, shift: 0.01)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
    let cholmod = try CholeskyFactor(pattern: a)
    for column in [5, 3 * 1111 + 2] {
      var indefinite = a
      let k = try #require(a.entryIndex(row: column, column: column))
      indefinite.values[k] = -1
      // The permuted columns before `column` are untouched, so its pivot is the first that is
      // not positive for both codes.
      #expect(throws: SolveError.notPositiveDefinite(column: column)) { try factor.factorize(indefinite) }
      #expect(throws: SolveError.notPositiveDefinite(column: column)) { try cholmod.factorize(indefinite) }
    }
  }

  @Test func denseMatrixIsOneSupernode() throws {
    let n = 40
    let dense = TestMatrices.randomSPD(n: n, density: 1, seed: 11)
    let a = SymmetricCSCMatrix.fromDense(dense, n: n)
    let factor = try SupernodalCholesky(pattern: a, permutation: Array(0..<n))
    #expect(factor.treeSummary.supernodes == 1)
    #expect(factor.statistics.factorNonzeros == Double(n * (n + 1) / 2))
    try factor.factorize(a)
    let xTrue = Self.chosenSolution(n)
    // Diagonally dominant, cond = O(10): a few hundred ulps.
    #expect(TestMatrices.relativeError(try factor.solve(a.multiply(xTrue)), xTrue) < 1e-12)
  }
}
