import CSuiteSparse
import Foundation
import Synchronization

/// A sparse Cholesky factor computed in single precision and refined to double-precision
/// answers: `[solver] precision = "mixed"`.
///
/// The symbolic analysis is `SupernodalCholesky`'s (same ordering, supernodes, parallel
/// phases); the numeric factor `P A Pᵀ ≈ L Lᵀ` is computed with `spotrf`, `strsm`, `ssyrk`,
/// `sgemm`, which run at about twice the rate of their double twins and store half the
/// bytes. `solve` then refines in double, as LAPACK's `dsposv` does, but with conjugate
/// gradients as the inner solver:
///
/// 1. `r = b − A x` in double (the true residual);
/// 2. stop when `‖r‖∞ ≤ √n · ε · ‖A‖∞ · ‖x‖∞` (ε the double unit roundoff: `dsposv`'s
///    test, a backward error as small as a double factorization's);
/// 3. else `A d = r` by conjugate gradients in double preconditioned with `(L Lᵀ)⁻¹` applied
///    in single precision, until the inner residual drops by `innerReduction`;
///    `x += d`, and back to 1.
///
/// **Fallback.** When the single factor breaks down (a pivot that is not positive in single
/// precision, or not finite), or the refinement stalls (a sweep that does not reduce the
/// residual by half, more than `maxSweeps` sweeps, or an inner solve past
/// `maxInnerIterations`), the single factor is freed and the matrix is factored in double
/// (the same analysis), which then serves every later solve and factorization of this
/// object; `statistics.mixedPrecision` says so and why. The two factors are never held at
/// once.
///
/// Calls are serialized by an internal lock; OpenBLAS's thread count is handled as by
/// `SupernodalCholesky`.
public final class MixedPrecisionCholesky: @unchecked Sendable {
  /// The number of rows and columns of the factored matrix.
  public let dimension: Int
  /// Worker threads of the factorization.
  public let threads: Int
  /// Largest number of refinement sweeps (true residuals) per right-hand side.
  public var maxSweeps = 8
  /// Largest number of CG iterations of one sweep before the refinement is called stalled.
  public var maxInnerIterations = 200
  /// Each sweep's CG stops when its residual has dropped by this factor.
  public var innerReduction = 1e-6

  private let symbolic: SupernodalSymbolic
  /// The structure's owner; its values are the single factor while `useDouble` is false.
  private var single: SupernodalKernel<Float>
  /// The fallback, sharing `single`'s structure; values only after a fallback.
  private var double: SupernodalKernel<Double>
  private var useDouble = false
  private var matrix: SymmetricCSCMatrix?
  private var normInf = 0.0
  private let storedCount: Int
  private var isFactorized = false
  private var currentStatistics: FactorStatistics
  private let lock = Mutex(())

  /// Analyzes `pattern` under `permutation`, as `SupernodalCholesky.init` does.
  ///
  /// - Throws: `SolveError.outOfMemory` if the factor would not be addressable.
  public init(pattern: SymmetricCSCMatrix, permutation: [Int], threads: Int = 2) throws(SolveError) {
    precondition(pattern.dimension > 0, "MixedPrecisionCholesky: dimension must be positive")
    precondition(threads >= 1, "MixedPrecisionCholesky: threads must be at least 1")
    let clock = ContinuousClock()
    let start = clock.now
    var symbolic = SupernodalSymbolic(pattern: pattern, permutation: permutation, threads: threads)
    guard symbolic.valueStart.last! < 1 << 40, symbolic.maxSupernodeEntries <= Int(Int32.max) else {
      throw .outOfMemory
    }
    single = SupernodalKernel<Float>(symbolic, workers: threads)
    double = single.sharingStructure(as: Double.self)
    symbolic.rows = []
    symbolic.assemblySource = []
    symbolic.assemblyDestination = []
    self.symbolic = symbolic
    dimension = pattern.dimension
    self.threads = threads
    storedCount = pattern.storedCount
    currentStatistics = symbolic.statistics(analysisSeconds: CholeskyFactor.seconds(start.duration(to: clock.now)))
    currentStatistics.mixedPrecision = MixedPrecisionSummary()
    // Per thread: a single-precision update panel and its relative indices (Int32).
    let updateRows = Double(max(1, symbolic.maxUpdateRows))
    currentStatistics.workspaceBytes = Double(threads) * (updateRows * Double(SupernodalKernel<Float>.panelWidth) * 4 + (2 * updateRows + 2) * 4)
  }

  deinit {
    double.deallocateValues()
    single.deallocate()  // the structure and the single values
  }

  /// Fill, flops, timings, and what the mixed precision did (`mixedPrecision`).
  public var statistics: FactorStatistics { lock.withLock { _ in currentStatistics } }

  /// Names the ordering and adds its seconds (as `SupernodalCholesky.noteOrdering`).
  package func noteOrdering(name: String, seconds: Double) {
    lock.withLock { _ in
      currentStatistics.orderingName = name
      currentStatistics.analysisSeconds += seconds
    }
  }

  /// Factors `matrix` in single precision, or in double after a fallback.
  ///
  /// - Throws: `SolveError.notPositiveDefinite(column:)` when the double factor (tried
  ///   whenever the single one breaks down) finds a pivot that is not positive.
  public func factorize(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    try lock.withLock { _ throws(SolveError) in
      try SupernodalCholesky.blasThreadState.withLock { _ throws(SolveError) in try factorizeLocked(matrix) }
    }
  }

  private func factorizeLocked(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    precondition(
      matrix.dimension == dimension && matrix.storedCount == storedCount,
      "MixedPrecisionCholesky.factorize: matrix must have the analyzed pattern")
    isFactorized = false
    currentStatistics.factorizationCount += 1
    guard storedCount > 0 else { throw .notPositiveDefinite(column: symbolic.perm[0]) }
    let clock = ContinuousClock()
    let start = clock.now
    self.matrix = matrix
    normInf = Self.infinityNorm(matrix)
    defer { currentStatistics.factorizationSeconds = CholeskyFactor.seconds(start.duration(to: clock.now)) }
    if !useDouble {
      // Beyond about 1e37 an entry, or the factor's growth, would overflow single precision.
      if !(normInf < 1e37) {
        try fallBack(because: "the matrix has entries beyond single precision's range (‖A‖∞ = \(String(format: "%.3g", normInf)))")
        return
      }
      if single.values == nil { single.values = .allocate(capacity: max(1, single.storedEntries)) }
      let (failed, _) = SupernodalCholesky.runNumeric(
        kernel: single, symbolic: symbolic, workers: threads, matrix: matrix, progress: progressTracker())
      if failed != Int.max {
        try fallBack(
          because: "the single-precision factor broke down (pivot not positive at column \(symbolic.perm[failed]))")
        return
      }
      if !single.diagonalIsPositiveFinite() {
        try fallBack(because: "the single-precision factor broke down (a pivot not finite)")
        return
      }
      currentStatistics.mixedPrecision?.singleFactorizations += 1
      isFactorized = true
      return
    }
    try factorDouble(matrix)
  }

  /// Frees the single factor and factors `matrix` in double from now on.
  private func fallBack(because reason: String) throws(SolveError) {
    useDouble = true
    single.deallocateValues()
    currentStatistics.mixedPrecision?.fallbackReason = reason
    guard let matrix else { preconditionFailure("MixedPrecisionCholesky: fallback without a matrix") }
    try factorDouble(matrix)
  }

  private func factorDouble(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    if double.values == nil { double.values = .allocate(capacity: max(1, double.storedEntries)) }
    let (failed, _) = SupernodalCholesky.runNumeric(
      kernel: double, symbolic: symbolic, workers: threads, matrix: matrix, progress: progressTracker())
    if failed != Int.max { throw .notPositiveDefinite(column: symbolic.perm[failed]) }
    currentStatistics.mixedPrecision?.doubleFactorizations += 1
    isFactorized = true
  }

  private func progressTracker() -> FactorizationProgressTracker? {
    SupernodalCholesky.defaultProgress.map {
      FactorizationProgressTracker(reporting: $0, total: symbolic.supernodeFlopsTotal)
    }
  }

  /// `max_i Σ_j |a_ij|` of the full symmetric matrix.
  static func infinityNorm(_ a: SymmetricCSCMatrix) -> Double {
    var rowSums = [Double](repeating: 0, count: a.dimension)
    for j in 0..<a.dimension {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] {
        let i = a.rowIndices[k]
        let v = abs(a.values[k])
        rowSums[i] += v
        if i != j { rowSums[j] += v }
      }
    }
    return rowSums.max() ?? 0
  }

  /// Solves `A X = B` to double-precision accuracy (see the type's discussion).
  ///
  /// `factorize(_:)` must have succeeded, and `rhs.count` must equal `dimension * count`,
  /// or a precondition failure occurs.
  /// - Throws: `SolveError.notPositiveDefinite` if a fallback's double factorization fails.
  public func solve(_ rhs: [Double], count: Int = 1) throws(SolveError) -> [Double] {
    try lock.withLock { _ throws(SolveError) in try solveLocked(rhs, count: count) }
  }

  private func solveLocked(_ rhs: [Double], count: Int) throws(SolveError) -> [Double] {
    precondition(isFactorized, "MixedPrecisionCholesky.solve: call factorize successfully first")
    precondition(count >= 1 && rhs.count == dimension * count, "MixedPrecisionCholesky.solve: rhs.count must equal dimension * count")
    if useDouble { return directSolve(rhs, count: count, kernel: double) }
    var result = [Double](repeating: 0, count: rhs.count)
    let n = dimension
    for c in 0..<count {
      let b = Array(rhs[(c * n)..<((c + 1) * n)])
      switch refine(b) {
      case .solved(let x, let iterations):
        result.replaceSubrange((c * n)..<((c + 1) * n), with: x)
        currentStatistics.mixedPrecision?.cgIterations += iterations
        currentStatistics.mixedPrecision?.solves += 1
      case .stalled(let reason, let iterations):
        currentStatistics.mixedPrecision?.cgIterations += iterations
        isFactorized = false
        try SupernodalCholesky.blasThreadState.withLock { _ throws(SolveError) in
          try fallBack(because: reason)
        }
        return directSolve(rhs, count: count, kernel: double)
      }
    }
    return result
  }

  enum Refinement {
    case solved([Double], iterations: Int)
    case stalled(String, iterations: Int)
  }

  /// Iterative refinement with preconditioned CG sweeps for one right-hand side.
  func refine(_ b: [Double]) -> Refinement {
    guard let a = matrix else { preconditionFailure("MixedPrecisionCholesky: no matrix") }
    let n = dimension
    var x = [Double](repeating: 0, count: n)
    guard b.contains(where: { $0 != 0 }) else { return .solved(x, iterations: 0) }
    let tolerance = Double(n).squareRoot() * Double.ulpOfOne / 2 * normInf
    var iterations = 0
    var r = b
    var previous = Double.infinity
    // Past the test, sweeps go on while they halve the residual (to the rounding floor of
    // r = b − A x, as close to A⁻¹ b as a refined double factorization gets), at most two.
    var accepted: (x: [Double], residual: Double)?
    var extra = 0
    for sweep in 0...maxSweeps {
      if sweep > 0 {
        let ax = a.multiply(x)
        for i in 0..<n { r[i] = b[i] - ax[i] }
      }
      let rNorm = r.reduce(0) { max($0, abs($1)) }
      let xNorm = x.reduce(0) { max($0, abs($1)) }
      if let best = accepted {
        if !(rNorm <= 0.5 * best.residual) { return .solved(rNorm < best.residual ? x : best.x, iterations: iterations) }
        accepted = (x, rNorm)
        extra += 1
        if extra == 2 { return .solved(x, iterations: iterations) }
      } else if sweep > 0 && rNorm <= tolerance * xNorm {
        accepted = (x, rNorm)
      }
      guard accepted != nil || (rNorm.isFinite && rNorm <= 0.5 * previous) else {
        return .stalled(
          "the mixed-precision refinement stalled (residual \(String(format: "%.2e", rNorm / max(tolerance * xNorm, .leastNormalMagnitude))) times double precision's after \(iterations) CG iterations)",
          iterations: iterations)
      }
      previous = rNorm
      guard let inner = conjugateGradient(a, r) else {
        if let best = accepted { return .solved(best.x, iterations: iterations + maxInnerIterations) }
        return .stalled(
          "the mixed-precision refinement stalled (CG not converged in \(maxInnerIterations) iterations)",
          iterations: iterations + maxInnerIterations)
      }
      iterations += inner.iterations
      for i in 0..<n { x[i] += inner.correction[i] }
    }
    if let best = accepted { return .solved(best.x, iterations: iterations) }
    return .stalled("the mixed-precision refinement stalled (\(maxSweeps) sweeps)", iterations: iterations)
  }

  /// `A d = r` by CG preconditioned with the single factor, until the residual drops by
  /// `innerReduction`; nil when it does not within `maxInnerIterations`.
  func conjugateGradient(_ a: SymmetricCSCMatrix, _ r0: [Double]) -> (correction: [Double], iterations: Int)? {
    let n = dimension
    var d = [Double](repeating: 0, count: n)
    var r = r0
    var z = applyPreconditioner(r)
    var p = z
    var rz = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
    let r0Norm = r0.reduce(0) { $0 + $1 * $1 }.squareRoot()
    for k in 1...maxInnerIterations {
      let q = a.multiply(p)
      let pq = zip(p, q).reduce(0) { $0 + $1.0 * $1.1 }
      guard pq > 0, pq.isFinite, rz.isFinite else { return nil }
      let alpha = rz / pq
      for i in 0..<n {
        d[i] += alpha * p[i]
        r[i] -= alpha * q[i]
      }
      let rNorm = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if rNorm <= innerReduction * r0Norm { return (d, k) }
      z = applyPreconditioner(r)
      let rzNew = zip(r, z).reduce(0) { $0 + $1.0 * $1.1 }
      let beta = rzNew / rz
      rz = rzNew
      for i in 0..<n { p[i] = z[i] + beta * p[i] }
    }
    return nil
  }

  /// `(L Lᵀ)⁻¹ r` with the single factor: `r` scaled to unit ∞-norm (so single precision
  /// neither underflows nor overflows), permuted, solved in single, scaled back.
  func applyPreconditioner(_ r: [Double]) -> [Double] {
    let n = dimension
    let scale = r.reduce(0) { max($0, abs($1)) }
    guard scale > 0 else { return r }
    let perm = symbolic.perm
    var x = [Float](repeating: 0, count: n)
    for k in 0..<n { x[k] = Float(r[perm[k]] / scale) }
    var scratch = [Float](repeating: 0, count: max(1, symbolic.maxUpdateRows))
    x.withUnsafeMutableBufferPointer { xb in
      scratch.withUnsafeMutableBufferPointer { sb in
        single.forward(xb.baseAddress!, count: 1, scratch: sb.baseAddress!)
        single.backward(xb.baseAddress!, count: 1, scratch: sb.baseAddress!)
      }
    }
    var z = [Double](repeating: 0, count: n)
    for k in 0..<n { z[perm[k]] = Double(x[k]) * scale }
    return z
  }

  /// Forward and backward substitution with a factor in double.
  private func directSolve(_ rhs: [Double], count: Int, kernel: SupernodalKernel<Double>) -> [Double] {
    let result = kernel.solve(rhs, count: count, symbolic: symbolic)
    currentStatistics.mixedPrecision?.solves += count
    return result
  }
}

/// What a mixed-precision factor did, for summaries: factorizations in each precision,
/// the CG iterations that refined its solves, and why it fell back to double, if it did.
public struct MixedPrecisionSummary: Sendable, Equatable {
  /// Numeric factorizations in single precision that succeeded.
  public var singleFactorizations = 0
  /// Numeric factorizations in double (after a fallback).
  public var doubleFactorizations = 0
  /// Right-hand sides solved.
  public var solves = 0
  /// CG iterations over all solves.
  public var cgIterations = 0
  /// Why the factor fell back to double precision; nil if it did not.
  public var fallbackReason: String?

  public init() {}

  /// One line for a summary: `"mixed precision: 1 single-precision factorization, 3 solves
  /// refined by 14 CG iterations"`, or the fallback and its reason.
  public var description: String {
    var s = "mixed precision: \(singleFactorizations) single-precision factorization\(singleFactorizations == 1 ? "" : "s")"
    s += ", \(solves) solve\(solves == 1 ? "" : "s") refined by \(cgIterations) CG iteration\(cgIterations == 1 ? "" : "s")"
    if let fallbackReason {
      s += "; FELL BACK to the double factor (\(doubleFactorizations) double factorization\(doubleFactorizations == 1 ? "" : "s")): \(fallbackReason)"
    }
    return s
  }
}

extension SupernodalKernel {
  /// Whether every diagonal entry of the factor is positive and finite (a factor computed
  /// in single precision may overflow without a pivot turning negative).
  func diagonalIsPositiveFinite() -> Bool {
    guard let l = values else { return false }
    for s in 0..<superCount {
      let ncol = superStart[s + 1] - superStart[s]
      let nrow = rowStart[s + 1] - rowStart[s]
      let ls = l + valueStart[s]
      for j in 0..<ncol {
        let v = ls[j * nrow + j]
        guard v > 0, v.isFinite else { return false }
      }
    }
    return true
  }
}

extension MixedPrecisionCholesky: SymmetricFactor {}
