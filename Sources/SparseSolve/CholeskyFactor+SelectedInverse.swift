import CSuiteSparse

extension CholeskyFactor {
  /// The entries of A⁻¹ at the stored positions of `pattern`, from the current factor.
  ///
  /// For trace and variance formulas that need A⁻¹ only where a sparse matrix is non-zero,
  /// such as tr(A⁻¹B) = Σ_ij (A⁻¹)_ij B_ij, at the cost of a factorization rather than of
  /// the n columns of A⁻¹ (`SelectedInverse`, Takahashi's recurrence, on CHOLMOD's factor:
  /// read directly when simplicial, through a simplicial copy when supernodal; the factor
  /// itself is not changed).
  ///
  /// - Parameter pattern: an upper-triangle pattern whose every stored position is in the
  ///   analyzed pattern (the analyzed matrix itself, or a sub-pattern of it); a position
  ///   outside it is a precondition failure. Its values are ignored.
  /// - Returns: (A⁻¹)_ij for each stored entry of `pattern`, in its order.
  /// - Throws: `SolveError.nonFinite(column:)` when the factor overflowed;
  ///   `SolveError.outOfMemory` or `SolveError.library`.
  ///
  /// `factorize(_:)` must have succeeded, or a precondition failure occurs. The C functions
  /// are `cholmod_l_copy_factor` and `cholmod_l_change_factor` (for a supernodal factor).
  public func inverseEntries(onPatternOf pattern: SymmetricCSCMatrix) throws(SolveError) -> [Double] {
    try selectedInverse(onPatternOf: pattern, derivativeAlong: nil).values
  }

  /// The entries of A⁻¹ and of d/dε (A + εE)⁻¹ = −A⁻¹EA⁻¹ at the stored positions of
  /// `pattern`, from the current factor, exactly (forward-mode differentiation of the
  /// factorization and of Takahashi's recurrence; no step size).
  ///
  /// Why: a sandwich covariance (A + λB)⁻¹A(A + λB)⁻¹ = Z + λ dZ/dλ needs the derivative
  /// along B; its diagonal then costs two passes over the factor instead of n solves.
  ///
  /// - Parameters:
  ///   - pattern: as for `inverseEntries(onPatternOf:)`.
  ///   - direction: E, upper triangle, every stored position in the analyzed pattern (a
  ///     precondition failure otherwise).
  /// - Returns: both, for each stored entry of `pattern`, in its order.
  /// - Throws: as `inverseEntries(onPatternOf:)`.
  public func inverseEntries(onPatternOf pattern: SymmetricCSCMatrix, derivativeAlong direction: SymmetricCSCMatrix)
    throws(SolveError) -> (values: [Double], derivatives: [Double])
  {
    let both = try selectedInverse(onPatternOf: pattern, derivativeAlong: direction)
    return (both.values, both.derivatives!)
  }

  private func selectedInverse(onPatternOf pattern: SymmetricCSCMatrix, derivativeAlong direction: SymmetricCSCMatrix?)
    throws(SolveError) -> (values: [Double], derivatives: [Double]?)
  {
    precondition(pattern.dimension == dimension, "CholeskyFactor.inverseEntries: dimension mismatch")
    precondition(direction == nil || direction!.dimension == dimension, "CholeskyFactor.inverseEntries: direction's dimension mismatch")
    return try lock.withLock { _ throws(SolveError) -> ([Double], [Double]?) in
      precondition(isFactorized, "CholeskyFactor.inverseEntries: call factorize successfully first")
      let (lower, permutation) = try simplicialFactorLocked()
      var inversePermutation = [Int](repeating: 0, count: dimension)
      for (k, original) in permutation.enumerated() { inversePermutation[original] = k }
      /// Where the original entry (i, j) of a symmetric matrix sits on L's pattern.
      func positionOnFactor(_ i: Int, _ j: Int) -> Int {
        let a = inversePermutation[i], b = inversePermutation[j]
        let (r, c) = a >= b ? (a, b) : (b, a)
        let start = lower.columnStarts[c], end = lower.columnStarts[c + 1]
        let position = lower.rowIndices.sortedIndex(of: r, in: start..<end)
        precondition(position != nil, "CholeskyFactor.inverseEntries: (\(i), \(j)) is not in the analyzed pattern")
        return position!
      }
      let z: [Double], dz: [Double]?
      if let direction {
        var onFactor = [Double](repeating: 0, count: lower.values.count)
        for j in 0..<dimension {
          for e in direction.columnStarts[j]..<direction.columnStarts[j + 1] {
            onFactor[positionOnFactor(direction.rowIndices[e], j)] += direction.values[e]
          }
        }
        (z, dz) = SelectedInverse.onFactorPattern(lower, derivativeAlong: onFactor)
      } else {
        (z, dz) = (SelectedInverse.onFactorPattern(lower), nil)
      }
      var values = [Double](repeating: 0, count: pattern.storedCount)
      var derivatives: [Double]? = dz == nil ? nil : values
      for j in 0..<dimension {
        for e in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
          let position = positionOnFactor(pattern.rowIndices[e], j)
          values[e] = z[position]
          if let dz { derivatives![e] = dz[position] }
        }
      }
      return (values, derivatives)
    }
  }

  /// L of P A Pᵀ = L Lᵀ as compressed columns (diagonal first, then rows ascending) with P.
  /// A simplicial LLᵀ factor is read as it is; a supernodal (or LDLᵀ) one through a
  /// simplicial LLᵀ copy.
  private func simplicialFactorLocked() throws(SolveError) -> (SelectedInverse.LowerFactor, permutation: [Int]) {
    var copy: UnsafeMutablePointer<cholmod_factor>? = nil
    defer { if copy != nil { cholmod_l_free_factor(&copy, common) } }
    var l = factor
    if factor.pointee.is_super != 0 || factor.pointee.is_ll == 0 {
      guard let c = cholmod_l_copy_factor(factor, common) else {
        throw Self.error(status: common.pointee.status, routine: "cholmod_l_copy_factor")
      }
      copy = c
      _ = cholmod_l_change_factor(CHOLMOD_REAL, 1 /* LLᵀ */, 0 /* simplicial */, 1 /* packed */, 1 /* monotonic */, c, common)
      guard common.pointee.status >= CHOLMOD_OK else {
        throw Self.error(status: common.pointee.status, routine: "cholmod_l_change_factor")
      }
      l = c
    }
    let n = dimension
    let permutation = Array(UnsafeBufferPointer(start: l.pointee.Perm.assumingMemoryBound(to: Int.self), count: n))
    let p = l.pointee.p.assumingMemoryBound(to: Int.self)
    let counts = l.pointee.nz.assumingMemoryBound(to: Int.self)
    let i = l.pointee.i.assumingMemoryBound(to: Int.self)
    let x = l.pointee.x.assumingMemoryBound(to: Double.self)
    var total = 0
    for j in 0..<n { total += counts[j] }
    var columnStarts = [Int](repeating: 0, count: n + 1)
    var rowIndices = [Int](repeating: 0, count: total), values = [Double](repeating: 0, count: total)
    var next = 0
    for j in 0..<n {
      // CHOLMOD keeps a simplicial column's diagonal first; the rows below it come out
      // ascending from its factorizations, but that is not promised, so check and sort.
      let start = p[j], count = counts[j]
      precondition(count >= 1 && i[start] == j, "CholeskyFactor: a simplicial column must start with its diagonal")
      // Finite input can still overflow in the factor; the recurrence needs l_jj > 0.
      guard x[start] > 0 && x[start].isFinite else { throw .nonFinite(column: permutation[j]) }
      var sorted = true
      for e in start..<(start + count) {
        rowIndices[next + e - start] = i[e]
        values[next + e - start] = x[e]
        if e > start + 1 && i[e] < i[e - 1] { sorted = false }
      }
      if !sorted {
        let below = (1..<count).map { (rowIndices[next + $0], values[next + $0]) }.sorted { $0.0 < $1.0 }
        for (q, (r, v)) in below.enumerated() {
          rowIndices[next + 1 + q] = r
          values[next + 1 + q] = v
        }
      }
      next += count
      columnStarts[j + 1] = next
    }
    return (SelectedInverse.LowerFactor(columnStarts: columnStarts, rowIndices: rowIndices, values: values), permutation)
  }
}
