import CSuiteSparse

extension CholeskyFactor {
  /// The entries of A⁻¹ at the stored positions of `pattern`, from the current factor.
  ///
  /// For trace and variance formulas that need A⁻¹ only where a sparse matrix is non-zero,
  /// such as tr(A⁻¹B) = Σ_ij (A⁻¹)_ij B_ij, at the cost of a factorization rather than of
  /// the n columns of A⁻¹ (`SelectedInverse`, Takahashi's recurrence, on a simplicial copy
  /// of CHOLMOD's factor; the factor itself is not changed).
  ///
  /// - Parameter pattern: an upper-triangle pattern whose every stored position is in the
  ///   analyzed pattern (the analyzed matrix itself, or a sub-pattern of it); a position
  ///   outside it is a precondition failure. Its values are ignored.
  /// - Returns: (A⁻¹)_ij for each stored entry of `pattern`, in its order.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library`.
  ///
  /// `factorize(_:)` must have succeeded, or a precondition failure occurs. The C functions
  /// are `cholmod_l_copy_factor`, `cholmod_l_change_factor` and `cholmod_l_factor_to_sparse`.
  public func inverseEntries(onPatternOf pattern: SymmetricCSCMatrix) throws(SolveError) -> [Double] {
    precondition(pattern.dimension == dimension, "CholeskyFactor.inverseEntries: dimension mismatch")
    return try lock.withLock { _ throws(SolveError) -> [Double] in
      precondition(isFactorized, "CholeskyFactor.inverseEntries: call factorize successfully first")
      let lower = try simplicialFactorLocked()
      let z = SelectedInverse.onFactorPattern(
        columnStarts: lower.columnStarts, rowIndices: lower.rowIndices, values: lower.values)
      var inversePermutation = [Int](repeating: 0, count: dimension)
      for (k, original) in lower.permutation.enumerated() { inversePermutation[original] = k }
      var result = [Double](repeating: 0, count: pattern.storedCount)
      for j in 0..<dimension {
        for e in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
          let a = inversePermutation[pattern.rowIndices[e]], b = inversePermutation[j]
          let (r, c) = a >= b ? (a, b) : (b, a)
          let start = lower.columnStarts[c], end = lower.columnStarts[c + 1]
          let position = r == c ? start : lower.rowIndices[(start + 1)..<end].binarySearch(r)
          precondition(position != nil, "CholeskyFactor.inverseEntries: (\(pattern.rowIndices[e]), \(j)) is not in the analyzed pattern")
          result[e] = z[position!]
        }
      }
      return result
    }
  }

  /// L of P A Pᵀ = L Lᵀ as compressed columns (diagonal first, then rows ascending) with P.
  private func simplicialFactorLocked() throws(SolveError) -> (
    columnStarts: [Int], rowIndices: [Int], values: [Double], permutation: [Int]
  ) {
    guard let copy = cholmod_l_copy_factor(factor, common) else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_copy_factor")
    }
    var copyOptional: UnsafeMutablePointer<cholmod_factor>? = copy
    defer { cholmod_l_free_factor(&copyOptional, common) }
    _ = cholmod_l_change_factor(CHOLMOD_REAL, 1 /* LLᵀ */, 0 /* simplicial */, 1 /* packed */, 1 /* monotonic */, copy, common)
    guard common.pointee.status >= CHOLMOD_OK else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_change_factor")
    }
    let permutation = Array(UnsafeBufferPointer(start: copy.pointee.Perm.assumingMemoryBound(to: Int.self), count: dimension))
    var sparse = cholmod_l_factor_to_sparse(copy, common)
    defer { if sparse != nil { cholmod_l_free_sparse(&sparse, common) } }
    guard let l = sparse, common.pointee.status >= CHOLMOD_OK else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_factor_to_sparse")
    }
    let n = dimension
    let p = l.pointee.p.assumingMemoryBound(to: Int.self)
    let i = l.pointee.i.assumingMemoryBound(to: Int.self)
    let x = l.pointee.x.assumingMemoryBound(to: Double.self)
    var columnStarts = [Int](repeating: 0, count: n + 1)
    var rowIndices = [Int](), values = [Double]()
    rowIndices.reserveCapacity(p[n])
    values.reserveCapacity(p[n])
    for j in 0..<n {
      // The diagonal first, then the rows below it ascending (CHOLMOD keeps the diagonal
      // first; the order of the others is not promised).
      var below = [(Int, Double)]()
      var diagonal = 0.0
      for e in p[j]..<p[j + 1] {
        if i[e] == j { diagonal = x[e] } else { below.append((i[e], x[e])) }
      }
      below.sort { $0.0 < $1.0 }
      rowIndices.append(j)
      values.append(diagonal)
      for (r, v) in below {
        rowIndices.append(r)
        values.append(v)
      }
      columnStarts[j + 1] = rowIndices.count
    }
    return (columnStarts, rowIndices, values, permutation)
  }
}

extension ArraySlice<Int> {
  /// The index of `value` in this ascending slice, or nil.
  fileprivate func binarySearch(_ value: Int) -> Int? {
    var lo = startIndex, hi = endIndex
    while lo < hi {
      let mid = (lo + hi) / 2
      if self[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo < endIndex && self[lo] == value ? lo : nil
  }
}
