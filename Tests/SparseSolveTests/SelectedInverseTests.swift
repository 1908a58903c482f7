import Testing

@testable import SparseSolve

/// `CholeskyFactor.inverseEntries` against A⁻¹ from a dense Cholesky solve of each unit
/// vector (`TestMatrices.denseCholeskySolve`, which shares no code with CHOLMOD or with
/// Takahashi's recurrence).
@Suite struct SelectedInverseTests {
  /// Dense A⁻¹ (row-major) column by column.
  static func denseInverse(_ a: [Double], n: Int) throws -> [Double] {
    var z = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var e = [Double](repeating: 0, count: n)
      e[j] = 1
      let column = try #require(TestMatrices.denseCholeskySolve(a, n: n, e))
      for i in 0..<n { z[i * n + j] = column[i] }
    }
    return z
  }

  static func dense(_ m: SymmetricCSCMatrix) -> [Double] {
    let n = m.dimension
    var a = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      for e in m.columnStarts[j]..<m.columnStarts[j + 1] {
        let i = m.rowIndices[e]
        a[i * n + j] = m.values[e]
        a[j * n + i] = m.values[e]
      }
    }
    return a
  }

  /// The band of half-width p (a smoothing normal matrix's shape), values on it.
  static func band(n: Int, p: Int) -> SymmetricCSCMatrix {
    var starts = [0], rows = [Int](), values = [Double]()
    for j in 0..<n {
      for i in max(0, j - p)...j {
        rows.append(i)
        // Diagonally dominant with a spread of scales: SPD, condition number O(10³).
        values.append(i == j ? 2.0 * Double(p) + 0.001 * Double(j % 7 + 1) + (j % 5 == 0 ? 5 : 0) : -1.0 + 0.1 * Double((i + j) % 3))
      }
      starts.append(rows.count)
    }
    return SymmetricCSCMatrix(dimension: n, columnStarts: starts, rowIndices: rows, values: values)
  }

  func check(_ a: SymmetricCSCMatrix, ordering: FillReducingOrdering, tolerance: Double) throws {
    let n = a.dimension
    let z = try Self.denseInverse(Self.dense(a), n: n)
    let factor = try CholeskyFactor(pattern: a, ordering: ordering)
    try factor.factorize(a)
    let entries = try factor.inverseEntries(onPatternOf: a)
    var scale = 0.0
    for v in z { scale = max(scale, abs(v)) }
    for j in 0..<n {
      for e in a.columnStarts[j]..<a.columnStarts[j + 1] {
        let i = a.rowIndices[e]
        #expect(abs(entries[e] - z[i * n + j]) <= tolerance * scale, "(\(i), \(j)) with \(ordering)")
      }
    }
    // A sub-pattern (the diagonal only) gives the same values there.
    let diagonal = SymmetricCSCMatrix(
      dimension: n, columnStarts: Array(0...n), rowIndices: Array(0..<n), values: [Double](repeating: 0, count: n))
    let d = try factor.inverseEntries(onPatternOf: diagonal)
    for j in 0..<n { #expect(abs(d[j] - z[j * n + j]) <= tolerance * scale) }
  }

  // Dense random SPD (ratio ≥ 1 diagonally dominant, cond O(10)): the supernodal factor
  // with fill; both inverses are accurate to a few hundred ulps, so 1e-12 of max|Z|.
  @Test(arguments: TestMatrices.allOrderings)
  func randomSPDMatchesDenseInverse(ordering: FillReducingOrdering) throws {
    let n = 24
    try check(SymmetricCSCMatrix.fromDense(TestMatrices.randomSPD(n: n, density: 0.2, seed: 7), n: n),
      ordering: ordering, tolerance: 1e-12)
  }

  // A 3-D 27-point grid of 3×3 blocks: nested-dissection fill, many supernodes.
  @Test(arguments: TestMatrices.allOrderings)
  func elasticityGridMatchesDenseInverse(ordering: FillReducingOrdering) throws {
    try check(TestMatrices.elasticityLike(nx: 4, ny: 3, nz: 3, shift: 0.5), ordering: ordering, tolerance: 1e-11)
  }

  // Bands of half-width 1…4 under AMD (the ribosome normal matrix's use): cond ≤ 1e3.
  @Test(arguments: [1, 2, 3, 4])
  func bandMatchesDenseInverse(halfWidth: Int) throws {
    try check(Self.band(n: 60, p: halfWidth), ordering: .amd, tolerance: 1e-12)
  }

  // tr(A⁻¹B) = Σ (A⁻¹)_ij B_ij over both triangles, against the dense product's trace.
  @Test func traceOfInverseTimesMatrix() throws {
    let a = Self.band(n: 40, p: 2)
    var b = a
    for e in b.values.indices { b.values[e] = Double(e % 4) - 1.5 }
    let factor = try CholeskyFactor(pattern: a, ordering: .amd)
    try factor.factorize(a)
    let z = try factor.inverseEntries(onPatternOf: a)
    var trace = 0.0
    for j in 0..<a.dimension {
      for e in a.columnStarts[j]..<a.columnStarts[j + 1] {
        trace += (a.rowIndices[e] == j ? 1 : 2) * z[e] * b.values[e]
      }
    }
    let n = a.dimension
    let zd = try Self.denseInverse(Self.dense(a), n: n), bd = Self.dense(b)
    var reference = 0.0
    for i in 0..<n { for k in 0..<n { reference += zd[i * n + k] * bd[k * n + i] } }
    #expect(abs(trace - reference) <= 1e-12 * abs(reference) + 1e-13)
  }
}
