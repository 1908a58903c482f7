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

  func check(_ a: SymmetricCSCMatrix, ordering: FillReducingOrdering, kind: CholeskyFactor.Kind = .supernodal, tolerance: Double) throws {
    let n = a.dimension
    let z = try Self.denseInverse(a.dense(), n: n)
    let factor = try CholeskyFactor(pattern: a, ordering: ordering, kind: kind)
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

  // A simplicial L Lᵀ factor is read directly (no supernodal-to-simplicial copy): bands and
  // the filled 3-D grid.
  @Test(arguments: TestMatrices.allOrderings)
  func simplicialFactorMatchesDenseInverse(ordering: FillReducingOrdering) throws {
    try check(Self.band(n: 60, p: 2), ordering: ordering, kind: .simplicial, tolerance: 1e-12)
    try check(TestMatrices.elasticityLike(nx: 4, ny: 3, nz: 3, shift: 0.5), ordering: ordering, kind: .simplicial, tolerance: 1e-11)
    let factor = try CholeskyFactor(pattern: Self.band(n: 10, p: 1), ordering: ordering, kind: .simplicial)
    try factor.factorize(Self.band(n: 10, p: 1))
    #expect(!factor.statistics.isSupernodal)
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
    let zd = try Self.denseInverse(a.dense(), n: n), bd = b.dense()
    var reference = 0.0
    for i in 0..<n { for k in 0..<n { reference += zd[i * n + k] * bd[k * n + i] } }
    #expect(abs(trace - reference) <= 1e-12 * abs(reference) + 1e-13)
  }

  /// d/dε (A + εE)⁻¹ = −A⁻¹EA⁻¹ on the pattern, against the dense product, for a direction
  /// E with a pattern smaller than A's (a second-difference penalty's shape on a wider band,
  /// and a random sub-pattern of a filled 3-D grid).
  @Test(arguments: TestMatrices.allOrderings, [CholeskyFactor.Kind.supernodal, .simplicial])
  func derivativeMatchesDenseSandwich(ordering: FillReducingOrdering, kind: CholeskyFactor.Kind) throws {
    for a in [Self.band(n: 50, p: 3), TestMatrices.elasticityLike(nx: 3, ny: 3, nz: 2, shift: 0.7)] {
      let n = a.dimension
      var e = a
      for k in e.values.indices { e.values[k] = (k % 3 == 1) ? 0 : 0.5 + Double(k % 5) - 2 }
      let factor = try CholeskyFactor(pattern: a, ordering: ordering, kind: kind)
      try factor.factorize(a)
      let (z, dz) = try factor.inverseEntries(onPatternOf: a, derivativeAlong: e)
      let zd = try Self.denseInverse(a.dense(), n: n), ed = e.dense()
      var ze = [Double](repeating: 0, count: n * n)  // Z E
      for i in 0..<n { for k in 0..<n where zd[i * n + k] != 0 { for j in 0..<n { ze[i * n + j] += zd[i * n + k] * ed[k * n + j] } } }
      var scale = 0.0, dScale = 0.0
      var reference = [Double](repeating: 0, count: a.storedCount)
      for j in 0..<n {
        for s in a.columnStarts[j]..<a.columnStarts[j + 1] {
          let i = a.rowIndices[s]
          var v = 0.0
          for k in 0..<n { v -= ze[i * n + k] * zd[k * n + j] }
          reference[s] = v
          dScale = max(dScale, abs(v))
          scale = max(scale, abs(zd[i * n + j]))
        }
      }
      #expect(dScale > 0)
      for s in 0..<a.storedCount {
        #expect(abs(dz[s] - reference[s]) <= 1e-11 * dScale, "entry \(s) of \(n) with \(ordering)")
      }
      // The values are those of inverseEntries(onPatternOf:).
      #expect(z == (try factor.inverseEntries(onPatternOf: a)))
    }
  }

  /// The sandwich K⁻¹AK⁻¹ = Z + λ dZ/dλ for K = A + λB, against central differences of Z
  /// in λ (a check of the sign and the direction, independent of the dense products).
  @Test func derivativeMatchesFiniteDifferenceInLambda() throws {
    let a = Self.band(n: 30, p: 2)
    var b = a
    for k in b.values.indices { b.values[k] = a.rowIndices[k] == 0 ? 0 : Double(k % 3) }
    func k(_ lambda: Double) -> SymmetricCSCMatrix {
      var m = a
      for e in m.values.indices { m.values[e] += lambda * b.values[e] }
      return m
    }
    let factor = try CholeskyFactor(pattern: a, ordering: .amd)
    let lambda = 0.3, h = 1e-4
    try factor.factorize(k(lambda))
    let (_, dz) = try factor.inverseEntries(onPatternOf: a, derivativeAlong: b)
    try factor.factorize(k(lambda + h))
    let plus = try factor.inverseEntries(onPatternOf: a)
    try factor.factorize(k(lambda - h))
    let minus = try factor.inverseEntries(onPatternOf: a)
    let scale = dz.map(abs).max()!
    // Central difference: O(h²·Z‴) ≈ 1e-8 of the scale, round-off ε/h ≈ 1e-12.
    for e in dz.indices { #expect(abs(dz[e] - (plus[e] - minus[e]) / (2 * h)) <= 1e-7 * scale) }
  }
}
