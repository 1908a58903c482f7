import FECommon
import Testing

/// `DenseCholesky` against truths computed without it: L·Lᵀ rebuilt here entry by entry,
/// Schur-complement pivots by hand, and a known solution x of A x = b.
@Suite struct DenseCholeskyTests {
  /// A = GᵀG + n·I for a random G (row-major n × n): symmetric, eigenvalues ≥ n, so
  /// κ(A) is small and the factor is well determined.
  static func spd(_ n: Int, seed: UInt64) -> [Double] {
    var rng = SplitMix64(seed: seed)
    let g = (0..<(n * n)).map { _ in rng.nextGaussian() }
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        var s = i == j ? Double(n) : 0
        for k in 0..<n { s += g[k * n + i] * g[k * n + j] }
        a[i * n + j] = s
      }
    }
    return a
  }

  /// max |(L Lᵀ)_ij − a_ij| / max |a_ij|, L read from its lower triangle only; and whether
  /// L is lower triangular with a non-negative diagonal.
  static func reconstruction(_ l: [Double], _ a: [Double], n: Int) -> (error: Double, lowerTriangular: Bool) {
    var worst = 0.0, scale = 0.0, lower = true
    for i in 0..<n {
      if l[i * n + i] < 0 { lower = false }
      for j in 0..<n {
        if j > i && l[i * n + j] != 0 { lower = false }
        var s = 0.0
        for k in 0...min(i, j) { s += l[i * n + k] * l[j * n + k] }
        worst = max(worst, abs(s - a[i * n + j]))
        scale = max(scale, abs(a[i * n + j]))
      }
    }
    return (worst / scale, lower)
  }

  @Test(arguments: [1, 2, 6, 30])
  func strictFactorReconstructs(n: Int) throws {
    let a = Self.spd(n, seed: 100 + UInt64(n))
    let l = try #require(DenseCholesky.factor(a, n: n))
    let (error, lowerTriangular) = Self.reconstruction(l, a, n: n)
    #expect(lowerTriangular)
    // Cholesky is backward stable: ‖LLᵀ − A‖ ≤ c·n·ε·‖A‖ (Higham 2002, Thm 10.3); n ≤ 30
    // gives a few 1e-15, and 1e-14 leaves room for c.
    #expect(error <= 1e-14, "n = \(n): \(error)")
    // The semidefinite variant takes the same path when every pivot is well above zero.
    #expect(DenseCholesky.semidefiniteFactor(a, n: n, tolerance: 1e-9) == .factor(l))
    // SmallMatrix.cholesky delegates here.
    #expect(SmallMatrix(n: n, values: a).cholesky()?.values == l)
  }

  @Test func solveRecoversAKnownSolution() throws {
    let n = 12
    let a = Self.spd(n, seed: 7)
    let x = (0..<n).map { Double($0) - 5.5 }
    let b = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + a[i * n + $1] * x[$1] } }
    let l = try #require(DenseCholesky.factor(a, n: n))
    let solved = DenseCholesky.solve(factor: l, n: n, b)
    // κ(A) ≤ (‖G‖² + n)/n is below about 5 here, so x is recovered to a few ε·κ·‖x‖.
    for i in 0..<n { #expect(abs(solved[i] - x[i]) <= 1e-13 * 5.5, "x_\(i)") }
    // forwardSolve is the first half: L·(L⁻¹b) = b.
    let y = DenseCholesky.forwardSolve(factor: l, n: n, b)
    for i in 0..<n {
      let ly = (0...i).reduce(0.0) { $0 + l[i * n + $1] * y[$1] }
      #expect(abs(ly - b[i]) <= 1e-13 * b.map(abs).max()!)
    }
  }

  /// A correlation matrix with ρ₁₂ = 1 (the first two parameters move together): positive
  /// semidefinite of rank 2. The strict factor refuses it at row 1 (pivot exactly 0); the
  /// semidefinite factor returns L with a zero column 1, and L·Lᵀ = A.
  @Test func rankDeficientCorrelation() throws {
    let a: [Double] = [1, 1, 0.5,
                       1, 1, 0.5,
                       0.5, 0.5, 1]
    #expect(DenseCholesky.factor(a, n: 3) == nil)
    guard case .factor(let l) = DenseCholesky.semidefiniteFactor(a, n: 3, tolerance: 1e-9) else {
      Issue.record("a positive semidefinite matrix was reported indefinite")
      return
    }
    // By hand: l₁₁ = 1, l₂₁ = 1, l₃₁ = ½; pivot 2 is 1 − 1 = 0, so column 2 is zero; pivot 3
    // is 1 − ¼ = ¾.
    #expect(l == [1, 0, 0, 1, 0, 0, 0.5, 0, 0.75.squareRoot()])
    let (error, lowerTriangular) = Self.reconstruction(l, a, n: 3)
    #expect(lowerTriangular && error <= 1e-14)
  }

  /// ρ = −1 between parameters 2 and 4 of four, built as C = V Vᵀ with unit rows of V (rank
  /// 3): the pivots that should be zero come out at round-off, of either sign, and are
  /// accepted within the tolerance (the strict factor may accept or refuse them, depending on
  /// the sign the round-off takes).
  @Test func rankDeficientFromFactors() throws {
    let v: [[Double]] = [[1, 0, 0], [0.6, 0.8, 0], [0.48, 0.64, 0.6], [-0.6, -0.8, 0]]
    let n = 4
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { a[i * n + j] = zip(v[i], v[j]).reduce(0.0) { $0 + $1.0 * $1.1 } } }
    guard case .factor(let l) = DenseCholesky.semidefiniteFactor(a, n: n, tolerance: 1e-9) else {
      Issue.record("a positive semidefinite matrix was reported indefinite")
      return
    }
    // The dependent column's pivot d is at round-off (|d| ≤ 1e-15, so √d ≤ 4e-8).
    #expect(abs(l[3 * n + 3]) <= 1e-7)
    #expect(Self.reconstruction(l, a, n: n).error <= 1e-14)
  }

  /// A pivot just below zero is accepted as zero within the tolerance and refused outside it.
  @Test func toleranceDecides() {
    let a: [Double] = [1, 1, 1, 1 - 1e-10]  // pivot 2 = −1e-10 (to round-off)
    #expect(DenseCholesky.factor(a, n: 2) == nil)
    guard case .factor(let l) = DenseCholesky.semidefiniteFactor(a, n: 2, tolerance: 1e-9) else {
      Issue.record("a pivot of −1e-10 was refused at tolerance 1e-9")
      return
    }
    #expect(l == [1, 0, 1, 0])
    guard case .indefinite(let row, let pivot) = DenseCholesky.semidefiniteFactor(a, n: 2, tolerance: 1e-11) else {
      Issue.record("a pivot of −1e-10 was accepted at tolerance 1e-11")
      return
    }
    #expect(row == 1 && abs(pivot + 1e-10) <= 1e-15)
  }

  /// Indefinite matrices report the first negative pivot and its row, checked against the
  /// Schur complements worked out by hand.
  @Test func indefiniteReportsTheRow() {
    // [[1, 2], [2, 1]]: pivot 2 = 1 − 2² = −3.
    #expect(DenseCholesky.semidefiniteFactor([1, 2, 2, 1], n: 2, tolerance: 1e-9) == .indefinite(row: 1, pivot: -3))
    #expect(DenseCholesky.factor([1, 2, 2, 1], n: 2) == nil)
    // Entries in [−1, 1] with a unit diagonal, yet not a correlation matrix:
    // pivot 2 = 1 − 0.81 = 0.19; l₃₂ = (−0.9 − 0.81)/√0.19; pivot 3 = 1 − 0.81 − 1.71²/0.19.
    let a: [Double] = [1, 0.9, 0.9,
                       0.9, 1, -0.9,
                       0.9, -0.9, 1]
    guard case .indefinite(let row, let pivot) = DenseCholesky.semidefiniteFactor(a, n: 3, tolerance: 1e-9) else {
      Issue.record("an indefinite matrix was factored")
      return
    }
    let expected = 0.19 - 1.71 * 1.71 / 0.19
    #expect(row == 2)
    // Relative to the pivot's size, a few ε of cancellation (1 − 0.81 loses no digits to speak of).
    #expect(abs(pivot - expected) <= 1e-13 * abs(expected), "\(pivot) vs \(expected)")
    #expect(DenseCholesky.factor(a, n: 3) == nil)
    // A negative first diagonal entry: row 0.
    #expect(DenseCholesky.semidefiniteFactor([-1, 0, 0, 1], n: 2, tolerance: 1e-9) == .indefinite(row: 0, pivot: -1))
  }

  @Test func notFiniteOrEmpty() {
    #expect(DenseCholesky.factor([.nan, 0, 0, 1], n: 2) == nil)
    #expect(DenseCholesky.factor([.infinity, 0, 0, 1], n: 2) == nil)
    #expect(DenseCholesky.factor([], n: 0) == [])
    #expect(DenseCholesky.semidefiniteFactor([], n: 0, tolerance: 1e-9) == .factor([]))
    #expect(DenseCholesky.solve(factor: [], n: 0, []) == [])
  }
}
