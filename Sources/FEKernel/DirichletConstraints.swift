import SparseSolve

/// Prescribed displacements imposed by symmetric elimination that keeps the pattern.
///
/// For each prescribed DOF p with value ū_p the column's contributions move to
/// the right-hand side (f_i −= K_ip ū_p for free i), row and column p are zeroed,
/// and K_pp is set to a positive scale s with f_p = s ū_p. The matrix stays
/// symmetric positive definite with the same pattern, so the symbolic analysis of
/// the first solve serves every later one, and the solution carries ū_p exactly.
/// The scale is the mean of the free diagonal, so the conditioning is not harmed.
public struct DirichletConstraints: Sendable {
  /// Whether each DOF is prescribed.
  public let isPrescribed: [Bool]
  /// Prescribed value of each DOF (0 where free).
  public let values: [Double]

  public init(dofCount: Int, prescribed: [(dof: Int, value: Double)], inactiveNodes: [Int]) {
    var mask = [Bool](repeating: false, count: dofCount)
    var values = [Double](repeating: 0, count: dofCount)
    for (dof, v) in prescribed {
      mask[dof] = true
      values[dof] = v
    }
    for node in inactiveNodes {
      for c in 0..<3 { mask[DOF.index(node: node, component: c)] = true }
    }
    self.isPrescribed = mask
    self.values = values
  }

  public var prescribedCount: Int { isPrescribed.reduce(0) { $0 + ($1 ? 1 : 0) } }

  /// Imposes the constraints on an assembled upper-triangle matrix and its right-hand side.
  ///
  /// - Parameters:
  ///   - matrix: K, upper triangle; modified in place (values only).
  ///   - rhs: f, one or more columns of length `dimension`, column-major; modified in place.
  ///     Every column gets the same prescribed values unless `homogeneous` is true
  ///     (then prescribed entries are set to 0 and no lifting is applied, as for
  ///     sensitivity and adjoint right-hand sides).
  /// - Returns: the diagonal scale used.
  @discardableResult
  public func apply(to matrix: inout SymmetricCSCMatrix, rhs: inout [Double], columns: Int = 1, homogeneous: Bool = false) -> Double {
    let n = matrix.dimension
    precondition(rhs.count == n * columns, "DirichletConstraints.apply: rhs size")
    let scale = diagonalScale(of: matrix)
    for j in 0..<n {
      for p in matrix.columnStarts[j]..<matrix.columnStarts[j + 1] {
        let i = matrix.rowIndices[p]
        let kij = matrix.values[p]
        if i == j {
          if isPrescribed[j] { matrix.values[p] = scale }
          continue
        }
        switch (isPrescribed[i], isPrescribed[j]) {
        case (false, true):
          if !homogeneous { for c in 0..<columns { rhs[c * n + i] -= kij * values[j] } }
          matrix.values[p] = 0
        case (true, false):
          if !homogeneous { for c in 0..<columns { rhs[c * n + j] -= kij * values[i] } }
          matrix.values[p] = 0
        case (true, true):
          matrix.values[p] = 0
        case (false, false):
          break
        }
      }
    }
    for j in 0..<n where isPrescribed[j] {
      for c in 0..<columns { rhs[c * n + j] = homogeneous ? 0 : scale * values[j] }
    }
    return scale
  }

  /// The scale put on prescribed diagonal entries: the mean of the free diagonal.
  func diagonalScale(of matrix: SymmetricCSCMatrix) -> Double {
    var diagonalSum = 0.0, freeCount = 0
    for j in 0..<matrix.dimension where !isPrescribed[j] {
      let end = matrix.columnStarts[j + 1] - 1
      diagonalSum += matrix.values[end]
      freeCount += 1
    }
    return freeCount > 0 && diagonalSum > 0 ? diagonalSum / Double(freeCount) : 1
  }

  /// The right-hand side `apply` would give a zero load for other prescribed values on
  /// the same DOFs: −K_fp v_p on free DOFs, s v_p on prescribed ones. `matrix` is the
  /// unconstrained upper triangle (before `apply`); `values` has one entry per DOF.
  public func lift(of matrix: SymmetricCSCMatrix, values v: [Double]) -> [Double] {
    let n = matrix.dimension
    precondition(v.count == n, "DirichletConstraints.lift: values size")
    let scale = diagonalScale(of: matrix)
    var lift = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for p in matrix.columnStarts[j]..<matrix.columnStarts[j + 1] {
        let i = matrix.rowIndices[p]
        if i == j { continue }
        switch (isPrescribed[i], isPrescribed[j]) {
        case (false, true): lift[i] -= matrix.values[p] * v[j]
        case (true, false): lift[j] -= matrix.values[p] * v[i]
        default: break
        }
      }
    }
    for j in 0..<n where isPrescribed[j] { lift[j] = scale * v[j] }
    return lift
  }
}
