import FECommon
import SparseSolve

/// How a solver reuses a factor of an earlier stiffness (a fit's earlier iterate) for the
/// solves of a new one: conjugate gradients on the new K, preconditioned with the kept
/// factor, and a new factorization only when that takes too many iterations.
///
/// The kept factor is of a stiffness whose parameters differ a little from the current
/// ones, so `(L Lᵀ)⁻¹ K` is close to the identity and CG converges in a few iterations,
/// each one pair of triangular solves (a fraction of a factorization's cost).
public struct FactorReusePolicy: Sendable, Equatable {
  /// CG iterations past which a reused solve gives up and K is factorized anew (the
  /// solve is then direct); stated in the fit's summary.
  public var maxIterations: Int
  /// The relative residual ‖K u − f‖ / ‖f‖ every column of a reused solve reaches; tie it
  /// to the fit's stopping test (`LaminateFitRun` uses 1e-3 of its step tolerance).
  public var relativeTolerance: Double

  public init(maxIterations: Int = 20, relativeTolerance: Double = 1e-11) {
    precondition(maxIterations >= 1 && relativeTolerance > 0, "FactorReusePolicy: positive limits")
    self.maxIterations = maxIterations
    self.relativeTolerance = relativeTolerance
  }
}

/// What factor reuse did in a solver: solves by CG on a kept factor, their iterations,
/// and the refactorizations they forced.
public struct FactorReuseCounters: Sendable, Equatable {
  /// Right-hand sides solved by CG on a kept factor.
  public var reusedColumns = 0
  /// CG iterations over all of them.
  public var cgIterations = 0
  /// Factorizations forced by a CG past `maxIterations`.
  public var refactorizations = 0
  public init() {}
}

extension ElasticSolver {
  /// Assembles and constrains K(stiffness); factorizes it unless `reuse` is set and a
  /// factor of an earlier stiffness exists (whose factorization succeeded), which then
  /// preconditions the next solves.
  ///
  /// With `reuse == nil` this is `factorize(stiffness:)`.
  public func update(stiffness: [[Double]]) throws {
    guard reuse != nil, factor != nil, factorIsUsable else {
      try factorize(stiffness: stiffness)
      factorIsStale = false
      return
    }
    assembleConstrained(stiffness: stiffness)
    factorIsStale = true
  }

  /// The solves of `solveConstrained` (lifts applied): direct with a current factor; by
  /// CG preconditioned with a stale one, refactorizing when that fails.
  func solveWithFactor(_ rhs: [Double], columns: Int) throws -> [Double] {
    guard let factor, let k = constrainedMatrix else { preconditionFailure("ElasticSolver: no factor") }
    if factorIsStale, let policy = reuse {
      let outcome = try Self.preconditionedCG(
        k, rhs: rhs, columns: columns, tolerance: policy.relativeTolerance, maxIterations: policy.maxIterations
      ) { r, count throws(SolveError) in try factor.solve(r, count: count) }
      reuseCounters.cgIterations += outcome.iterations
      if let x = outcome.solution {
        reuseCounters.reusedColumns += columns
        return x
      }
      // Too many iterations: the kept factor is too far from K. Factorize K itself.
      let clock = ContinuousClock()
      let t0 = clock.now
      factorIsUsable = false
      do throws(SolveError) { try factor.factorize(k) } catch { throw describe(error) }
      factorIsUsable = true
      timings.factorizationSeconds = (clock.now - t0).seconds
      timings.factorizations += 1
      reuseCounters.refactorizations += 1
      factorIsStale = false
    }
    do throws(SolveError) { return try factor.solve(rhs, count: columns) } catch { throw describe(error) }
  }

  /// Conjugate gradients on the columns of `rhs` (column-major, `columns` of them) together,
  /// each with its own step lengths, the preconditioner applied to all unconverged columns
  /// in one call. A column stops when ‖r‖ ≤ tolerance ‖b‖.
  ///
  /// - Returns: the solution, or nil when some column needs more than `maxIterations`
  ///   iterations; and the iterations spent (the largest over the columns).
  static func preconditionedCG(
    _ a: SymmetricCSCMatrix, rhs: [Double], columns: Int, tolerance: Double, maxIterations: Int,
    preconditioner: ([Double], Int) throws(SolveError) -> [Double]
  ) throws -> (solution: [Double]?, iterations: Int) {
    let n = a.dimension
    func dot(_ x: [Double], _ y: [Double], _ c: Int) -> Double {
      var s = 0.0
      for i in (c * n)..<((c + 1) * n) { s += x[i] * y[i] }
      return s
    }
    var x = [Double](repeating: 0, count: n * columns)
    var r = rhs
    var active = (0..<columns).filter { c in rhs[(c * n)..<((c + 1) * n)].contains { $0 != 0 } }
    let bNorm = (0..<columns).map { dot(rhs, rhs, $0).squareRoot() }
    // z = M⁻¹ r for the active columns, gathered into one block.
    func applyPreconditioner(_ r: [Double], _ cols: [Int]) throws -> [Double] {
      var block = [Double](repeating: 0, count: n * cols.count)
      for (i, c) in cols.enumerated() { block.replaceSubrange((i * n)..<((i + 1) * n), with: r[(c * n)..<((c + 1) * n)]) }
      let solved: [Double]
      do throws(SolveError) { solved = try preconditioner(block, cols.count) } catch { throw error }
      var z = [Double](repeating: 0, count: n * columns)
      for (i, c) in cols.enumerated() { z.replaceSubrange((c * n)..<((c + 1) * n), with: solved[(i * n)..<((i + 1) * n)]) }
      return z
    }
    if active.isEmpty { return (x, 0) }
    var z = try applyPreconditioner(r, active)
    var p = z
    var rz = (0..<columns).map { dot(r, z, $0) }
    var iterations = 0
    while !active.isEmpty {
      if iterations >= maxIterations { return (nil, iterations) }
      iterations += 1
      var stillActive = [Int]()
      for c in active {
        let pc = Array(p[(c * n)..<((c + 1) * n)])
        let q = a.multiply(pc)
        var pq = 0.0
        for i in 0..<n { pq += pc[i] * q[i] }
        guard pq > 0, pq.isFinite else { return (nil, iterations) }
        let alpha = rz[c] / pq
        var rr = 0.0
        for i in 0..<n {
          x[c * n + i] += alpha * pc[i]
          r[c * n + i] -= alpha * q[i]
          rr += r[c * n + i] * r[c * n + i]
        }
        if rr.squareRoot() > tolerance * bNorm[c] { stillActive.append(c) }
      }
      active = stillActive
      if active.isEmpty { break }
      z = try applyPreconditioner(r, active)
      for c in active {
        let rzNew = dot(r, z, c)
        let beta = rzNew / rz[c]
        rz[c] = rzNew
        for i in (c * n)..<((c + 1) * n) { p[i] = z[i] + beta * p[i] }
      }
    }
    return (x, iterations)
  }
}
