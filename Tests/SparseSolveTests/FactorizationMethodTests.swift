import FECommon
import Testing

@testable import SparseSolve

/// The two factorization methods behind `FactorizationMethod`: each is the other's
/// independent check, on an elasticity-like pattern with 3x3 node blocks.
@Suite struct FactorizationMethodTests {
  static let grid = TestMatrices.elasticityLike(nx: 16, ny: 10, nz: 5, shift: 0.01)

  @Test func supernodalAndCholmodAgree() throws {
    let a = Self.grid
    let xTrue = SupernodalCholeskyTests.chosenSolution(a.dimension, count: 3)
    let b = SupernodalCholeskyTests.multiply(a, xTrue, count: 3)
    var solutions: [[Double]] = []
    for method in [FactorizationMethod.supernodal(threads: 2, blockSize: 3), .supernodal(threads: 1, blockSize: 3),
                   .cholmod(.nestedDissectionOfBlocks(blockSize: 3))] {
      let factor = try method.makeFactor(pattern: a)
      try factor.factorize(a)
      let x = try factor.solve(b, count: 3)
      // cond(A) ≈ 1e4 (see SupernodalCholeskyTests): backward-stable solves land within
      // ~1e-12 of x_true; 1e-10 leaves room and still catches any wrong entry.
      #expect(TestMatrices.relativeError(x, xTrue) < 1e-10, "\(method.name)")
      #expect(factor.statistics.orderingName == "METIS_NodeND on 3x3 blocks")
      #expect(factor.statistics.analysisSeconds > 0)
      solutions.append(x)
    }
    #expect(TestMatrices.relativeError(solutions[0], solutions[2]) < 1e-10)
  }

  @Test func dimensionNotAMultipleOfTheBlockIsOrderedOnScalars() throws {
    let dense = TestMatrices.randomSPD(n: 50, density: 0.1, seed: 7)
    let a = SymmetricCSCMatrix.fromDense(dense, n: 50)
    let factor = try FactorizationMethod.supernodal(threads: 2, blockSize: 3).makeFactor(pattern: a)
    #expect(factor.statistics.orderingName == "METIS_NodeND")
    try factor.factorize(a)
    let xTrue = SupernodalCholeskyTests.chosenSolution(50)
    let reference = try #require(TestMatrices.denseCholeskySolve(dense, n: 50, a.multiply(xTrue)))
    #expect(TestMatrices.relativeError(try factor.solve(a.multiply(xTrue), count: 1), reference) < 1e-12)
  }

  /// The kernel leaves the strict upper triangle of each diagonal block unwritten (so its
  /// pages need never be resident); no kernel may read it either. With the whole storage
  /// poisoned by NaN before each factorization, the solution must still match CHOLMOD's.
  @Test(arguments: [1, 2])
  func unwrittenStorageIsNeverRead(threads: Int) throws {
    let a = Self.grid
    let cholmod = try CholeskyFactor(pattern: a, ordering: .nestedDissectionOfBlocks(blockSize: 3))
    try cholmod.factorize(a)
    let factor = try SupernodalCholesky(pattern: a, permutation: cholmod.permutation, threads: threads)
    let xTrue = SupernodalCholeskyTests.chosenSolution(a.dimension)
    let b = a.multiply(xTrue)
    for _ in 0..<2 {  // the first factorization allocates, the second reuses the storage
      factor.fillStorage(with: .nan)
      try factor.factorize(a)
      let x = try factor.solve(b)
      #expect(x.allSatisfy { $0.isFinite })
      #expect(TestMatrices.relativeError(x, try cholmod.solve(b)) < 1e-10)
    }
  }

  @Test func bothReportTheNegativePivotColumn() throws {
    var a = Self.grid
    // Make node 40's z row negative on the diagonal: not positive definite there.
    let column = 3 * 40 + 2
    let k = try #require(a.entryIndex(row: column, column: column))
    a.values[k] = -1
    var columns: [Int] = []
    for method in [FactorizationMethod.standard, .cholmod(.nestedDissectionOfBlocks(blockSize: 3))] {
      let factor = try method.makeFactor(pattern: a)
      do {
        try factor.factorize(a)
        Issue.record("\(method.name) factorized an indefinite matrix")
      } catch {
        guard case .notPositiveDefinite(let c) = error else {
          Issue.record("\(method.name): \(error)")
          continue
        }
        columns.append(c)
      }
    }
    // Every leading principal submatrix of P A Pᵀ without that column is one of the SPD
    // grid's, and the pivot at that column is a_cc − vᵀB⁻¹v ≤ a_cc < 0, whatever the order:
    // both methods must fail exactly there.
    #expect(columns == [column, column])
  }

  /// Two threads, a real top part and boundary updates: repeated factorizations, in one
  /// instance and in fresh ones, give the same solution to the last bit (the update order is
  /// fixed by the analysis, not by the threads' timing).
  @Test func parallelFactorizationIsBitwiseReproducible() throws {
    let a = TestMatrices.elasticityLike(nx: 20, ny: 20, nz: 6, shift: 0.01)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a, blockSize: 3)
    let b = a.multiply(SupernodalCholeskyTests.chosenSolution(a.dimension))
    var first: [Double]? = nil
    for _ in 0..<3 {
      let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: 2)
      let tree = factor.treeSummary
      #expect(tree.subtrees >= 4 && tree.top >= 1)
      for _ in 0..<3 {
        try factor.factorize(a)
        let x = try factor.solve(b)
        if let first { #expect(x == first) } else { first = x }
      }
    }
  }

  @Test func standardUsesEveryAvailableCore() {
    #expect(FactorizationMethod.defaultThreadCount >= 1)
    guard case .supernodal(let threads, 3) = FactorizationMethod.standard else {
      Issue.record("standard is not supernodal on 3x3 blocks")
      return
    }
    #expect(threads == FactorizationMethod.defaultThreadCount)
  }
}

/// The mixed-precision factor on matrices of the SparseSolve tests: its solves against the
/// double supernodal factor's, several right-hand sides, a zero one, and a matrix that is
/// not positive definite (the fallback's double factor refuses it at the same column).
@Suite struct MixedPrecisionCholeskyTests {
  @Test func solvesLikeTheDoubleFactor() throws {
    let a = TestMatrices.elasticityLike(nx: 9, ny: 7, nz: 5, shift: 1e-3)
    let double = try FactorizationMethod.supernodal(threads: 2, blockSize: 3).makeFactor(pattern: a)
    let mixed = try FactorizationMethod.mixedPrecision(threads: 2, blockSize: 3).makeFactor(pattern: a)
    try double.factorize(a)
    try mixed.factorize(a)
    var rng = SplitMix64(seed: 9)
    let n = a.dimension
    var b = (0..<(3 * n)).map { _ in rng.nextUnit() - 0.5 }
    for i in n..<(2 * n) { b[i] = 0 }  // a zero right-hand side: x = 0, no iteration
    let x = try double.solve(b, count: 3)
    let y = try mixed.solve(b, count: 3)
    let scale = x.map(abs).max()!
    let difference = zip(x, y).map { abs($0 - $1) }.max()!
    #expect(difference <= 1e-11 * scale, "difference \(difference) of \(scale)")
    #expect(y[n..<(2 * n)].allSatisfy { $0 == 0 })
    let summary = try #require(mixed.statistics.mixedPrecision)
    #expect(summary.singleFactorizations == 1 && summary.fallbackReason == nil && summary.solves == 3)
    #expect(summary.cgIterations >= 2)
  }

  @Test func indefiniteMatrixIsRefusedAfterTheFallback() throws {
    var a = TestMatrices.elasticityLike(nx: 5, ny: 4, nz: 3, shift: 0.01)
    // A negative diagonal entry: not positive definite in any precision.
    let k = try #require(a.entryIndex(row: 7, column: 7))
    a.values[k] = -1
    let double = try FactorizationMethod.supernodal(threads: 1, blockSize: 3).makeFactor(pattern: a)
    let mixed = try FactorizationMethod.mixedPrecision(threads: 1, blockSize: 3).makeFactor(pattern: a)
    var doubleColumn = -1, mixedColumn = -2
    do { try double.factorize(a) } catch .notPositiveDefinite(let c) { doubleColumn = c } catch { Issue.record("\(error)") }
    do { try mixed.factorize(a) } catch .notPositiveDefinite(let c) { mixedColumn = c } catch { Issue.record("\(error)") }
    #expect(doubleColumn == mixedColumn)
    let summary = try #require(mixed.statistics.mixedPrecision)
    #expect(summary.fallbackReason?.contains("broke down") == true)
  }
}
