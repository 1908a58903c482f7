import CSuiteSparse
import Synchronization

/// A sparse Cholesky factor `P A Pᵀ = L Lᵀ` of a symmetric positive definite matrix, computed
/// by CHOLMOD (64-bit `cholmod_l_*` routines, supernodal by default; simplicial on request,
/// for narrow bands where dense blocks do not pay).
///
/// Create one per sparsity pattern: `init(pattern:ordering:)` does the fill-reducing ordering
/// and the symbolic analysis once. Then call `factorize(_:)` for each set of values on that
/// pattern (the analysis is reused, never redone) and `solve(_:count:)` for right-hand sides.
///
/// ```swift
/// let factor = try CholeskyFactor(pattern: k)  // symbolic analysis
/// try factor.factorize(k)                       // numeric factorization
/// let u = try factor.solve(f)                   // u = K⁻¹ f
/// ```
///
/// The supernodal factorization does its dense block work in BLAS, so its parallelism is
/// whatever the BLAS provides (OpenBLAS threads on Debian, `OPENBLAS_NUM_THREADS`).
///
/// Calls on one instance are serialized by an internal lock, so the factor may be shared
/// between tasks; they do not run concurrently.
public final class CholeskyFactor: @unchecked Sendable {
  /// The number of rows and columns of the factored matrix.
  public let dimension: Int
  /// The ordering requested at creation.
  public let ordering: FillReducingOrdering
  /// The factorization requested at creation.
  public let kind: Kind

  /// How CHOLMOD factorizes.
  public enum Kind: Sendable {
    /// Dense supernodes through BLAS: for FE matrices, whose fill makes large dense blocks.
    case supernodal
    /// Column by column, L Lᵀ (`final_ll`): for narrow bands, where a supernode is a few
    /// columns and BLAS calls cost more than they save (a 34 000-codon pentadiagonal band
    /// factorizes several times faster this way).
    case simplicial
  }

  let common: UnsafeMutablePointer<cholmod_common>
  /// A CHOLMOD-allocated copy of the pattern (upper, sorted, packed); values are overwritten
  /// by each `factorize`.
  private let matrix: UnsafeMutablePointer<cholmod_sparse>
  let factor: UnsafeMutablePointer<cholmod_factor>
  /// Entries in the analyzed pattern (upper triangle).
  private let storedCount: Int
  private(set) var isFactorized = false
  private var currentStatistics: FactorStatistics
  let lock = Mutex(())

  /// Orders and symbolically analyzes a symmetric pattern; no numeric work is done.
  ///
  /// Only the pattern of `pattern` (its `columnStarts` and `rowIndices`) is used. Its values
  /// are copied too but are replaced by each `factorize(_:)`.
  ///
  /// - Parameters:
  ///   - pattern: the upper triangle of the matrix, 0-based compressed sparse columns.
  ///     `pattern.dimension` must be positive, or a precondition failure occurs.
  ///   - ordering: the fill-reducing ordering. The default orders the 3x3 node blocks of an
  ///     FE matrix with `3 * node + component` numbering by METIS nested dissection.
  ///   - kind: supernodal (the default) or simplicial.
  /// - Throws: `SolveError.outOfMemory`, or `SolveError.library` if CHOLMOD or METIS fails.
  ///
  /// The corresponding C functions are `cholmod_l_analyze` and `cholmod_l_analyze_p`.
  public init(
    pattern: SymmetricCSCMatrix,
    ordering: FillReducingOrdering = .nestedDissectionOfBlocks(blockSize: 3),
    kind: Kind = .supernodal
  ) throws(SolveError) {
    precondition(pattern.dimension > 0, "CholeskyFactor: dimension must be positive")
    let n = pattern.dimension
    let nnz = pattern.storedCount
    let clock = ContinuousClock()
    let start = clock.now

    let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
    cholmod_l_start(common)
    common.pointee.print = 0  // CHOLMOD prints warnings to stdout otherwise
    switch kind {
    case .supernodal:
      common.pointee.supernodal = CHOLMOD_SUPERNODAL
    case .simplicial:
      common.pointee.supernodal = CHOLMOD_SIMPLICIAL
      common.pointee.final_ll = 1
    }

    func cleanUp(_ a: UnsafeMutablePointer<cholmod_sparse>?) {
      var a = a
      if a != nil { cholmod_l_free_sparse(&a, common) }
      cholmod_l_finish(common)
      common.deallocate()
    }

    guard
      let a = cholmod_l_allocate_sparse(
        n, n, nnz, 1 /* sorted */, 1 /* packed */, 1 /* stype: upper */, CHOLMOD_REAL, common)
    else {
      let error = Self.error(status: common.pointee.status, routine: "cholmod_l_allocate_sparse")
      cleanUp(nil)
      throw error
    }
    pattern.columnStarts.withUnsafeBytes { a.pointee.p.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    if nnz > 0 {
      pattern.rowIndices.withUnsafeBytes { a.pointee.i.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
      pattern.values.withUnsafeBytes { a.pointee.x.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    var userPerm: [Int]? = nil
    var name: String
    switch ordering {
    case .cholmodDefault:
      common.pointee.nmethods = 0
      name = "CHOLMOD default"
    case .amd:
      common.pointee.nmethods = 1
      common.pointee.method.0.ordering = CHOLMOD_AMD
      name = "AMD"
    case .metis:
      common.pointee.nmethods = 1
      common.pointee.method.0.ordering = CHOLMOD_METIS
      name = "METIS"
    case .nestedDissectionOfBlocks(let blockSize):
      if blockSize >= 1 && n % blockSize == 0 {
        do {
          userPerm = try FillReducingOrdering.blockNestedDissection(pattern, blockSize: blockSize)
        } catch {
          cleanUp(a)
          throw error
        }
        common.pointee.nmethods = 1
        common.pointee.method.0.ordering = CHOLMOD_GIVEN
        name = "METIS_NodeND on \(blockSize)x\(blockSize) blocks"
      } else {
        common.pointee.nmethods = 0
        name = "CHOLMOD default (dimension \(n) is not a multiple of \(blockSize))"
      }
    }

    let analyzed: UnsafeMutablePointer<cholmod_factor>?
    if var perm = userPerm {
      analyzed = perm.withUnsafeMutableBufferPointer { cholmod_l_analyze_p(a, $0.baseAddress, nil, 0, common) }
    } else {
      analyzed = cholmod_l_analyze(a, common)
    }
    guard let l = analyzed, common.pointee.status >= CHOLMOD_OK else {
      let error = Self.error(status: common.pointee.status, routine: "cholmod_l_analyze")
      var l = analyzed
      if l != nil { cholmod_l_free_factor(&l, common) }
      cleanUp(a)
      throw error
    }
    if name.hasPrefix("CHOLMOD default") {
      name += ": " + Self.name(of: l.pointee.ordering)  // the method CHOLMOD selected
    }
    let elapsed = start.duration(to: clock.now)

    self.dimension = n
    self.storedCount = nnz
    self.ordering = ordering
    self.kind = kind
    self.common = common
    self.matrix = a
    self.factor = l
    self.currentStatistics = FactorStatistics(
      factorNonzeros: common.pointee.lnz,
      flops: common.pointee.fl,
      analysisSeconds: Self.seconds(elapsed),
      factorizationSeconds: 0,
      orderingName: name,
      isSupernodal: l.pointee.is_super != 0,
      factorStoredEntries: Double(l.pointee.is_super != 0 ? l.pointee.xsize : Int(common.pointee.lnz)),
      analysisCount: 1,
      factorizationCount: 0,
      // The supernodal numeric factorization's largest update matrix (`L->maxcsize` doubles).
      workspaceBytes: Double(l.pointee.is_super != 0 ? l.pointee.maxcsize : 0) * 8)
  }

  deinit {
    var l: UnsafeMutablePointer<cholmod_factor>? = factor
    cholmod_l_free_factor(&l, common)
    var a: UnsafeMutablePointer<cholmod_sparse>? = matrix
    cholmod_l_free_sparse(&a, common)
    _ = cholmod_l_free_work(common)
    // Every object allocated through this Common has been freed (dense solve buffers too).
    assert(common.pointee.malloc_count == 0, "CholeskyFactor: CHOLMOD objects leaked")
    cholmod_l_finish(common)
    common.deallocate()
  }

  /// Computes the numeric factor of `matrix`, reusing the symbolic analysis.
  ///
  /// `matrix` must have the pattern given at creation: its dimension and entry counts are
  /// checked by precondition, the index arrays themselves by `assert`. Only its values are
  /// copied. After a throw, `solve` may not be called until a later `factorize` succeeds.
  ///
  /// - Throws: `SolveError.notPositiveDefinite(column:)` with the original (0-based) column
  ///   of the first pivot that was not positive; `SolveError.nonFinite(column:)` for a NaN or
  ///   infinite entry; `SolveError.outOfMemory`; or `SolveError.library`.
  ///
  /// The corresponding C function is `cholmod_l_factorize`.
  public func factorize(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    try lock.withLock { _ throws(SolveError) in try factorizeLocked(matrix) }
  }

  private func factorizeLocked(_ values: SymmetricCSCMatrix) throws(SolveError) {
    precondition(
      values.dimension == dimension && values.storedCount == storedCount,
      "CholeskyFactor.factorize: matrix must have the analyzed pattern")
    assert(hasStoredPattern(values), "CholeskyFactor.factorize: matrix must have the analyzed pattern")
    let clock = ContinuousClock()
    let start = clock.now
    isFactorized = false
    // CHOLMOD's pivot test (d ≤ 0) lets a NaN through, and the factor is then NaN.
    for j in 0..<dimension {
      for e in values.columnStarts[j]..<values.columnStarts[j + 1] where !values.values[e].isFinite {
        throw .nonFinite(column: j)
      }
    }
    if values.storedCount > 0 {
      values.values.withUnsafeBytes { matrix.pointee.x.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }
    currentStatistics.factorizationCount += 1
    _ = cholmod_l_factorize(matrix, factor, common)  // returns 1 even when not positive definite
    currentStatistics.factorizationSeconds = Self.seconds(start.duration(to: clock.now))
    currentStatistics.isSupernodal = factor.pointee.is_super != 0
    currentStatistics.factorStoredEntries = Double(factor.pointee.xsize)
    // An error (negative status) first: L->minor may then be stale from an earlier failure.
    guard common.pointee.status >= CHOLMOD_OK else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_factorize")
    }
    let f = factor.pointee
    if f.minor < f.n {  // CHOLMOD_NOT_POSDEF; minor counts columns of P A Pᵀ
      let perm = f.Perm.assumingMemoryBound(to: Int.self)
      throw .notPositiveDefinite(column: perm[Int(f.minor)])
    }
    isFactorized = true
  }

  /// Solves `A X = B` for one or more right-hand sides in one call.
  ///
  /// `factorize(_:)` must have succeeded, `count` must be at least 1, and `rhs.count` must
  /// equal `dimension * count`, or a precondition failure occurs.
  ///
  /// - Parameters:
  ///   - rhs: `B`, column-major `dimension x count` (right-hand side `c` is
  ///     `rhs[c * dimension ..< (c + 1) * dimension]`).
  ///   - count: the number of right-hand sides.
  /// - Returns: `X`, column-major `dimension x count`.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library`.
  ///
  /// The corresponding C function is `cholmod_l_solve` (with `CHOLMOD_A`).
  public func solve(_ rhs: [Double], count: Int = 1) throws(SolveError) -> [Double] {
    try lock.withLock { _ throws(SolveError) -> [Double] in try solveLocked(rhs, count: count) }
  }

  private func solveLocked(_ rhs: [Double], count: Int) throws(SolveError) -> [Double] {
    precondition(isFactorized, "CholeskyFactor.solve: call factorize successfully first")
    precondition(count >= 1, "CholeskyFactor.solve: count must be at least 1")
    precondition(rhs.count == dimension * count, "CholeskyFactor.solve: rhs.count must equal dimension * count")
    guard let b = cholmod_l_allocate_dense(dimension, count, dimension, CHOLMOD_REAL, common) else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_allocate_dense")
    }
    var bOptional: UnsafeMutablePointer<cholmod_dense>? = b
    defer { cholmod_l_free_dense(&bOptional, common) }
    rhs.withUnsafeBytes { b.pointee.x.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    var x = cholmod_l_solve(CHOLMOD_A, factor, b, common)
    defer { if x != nil { cholmod_l_free_dense(&x, common) } }
    guard let solution = x, common.pointee.status >= CHOLMOD_OK else {
      throw Self.error(status: common.pointee.status, routine: "cholmod_l_solve")
    }
    let values = solution.pointee.x.assumingMemoryBound(to: Double.self)
    return Array(UnsafeBufferPointer(start: values, count: dimension * count))
  }

  /// Fill, flops, timings and the ordering of this factor.
  public var statistics: FactorStatistics {
    lock.withLock { _ in currentStatistics }
  }

  /// The fill-reducing permutation actually used: entry `k` is the original (0-based) index
  /// of the `k`-th pivot (CHOLMOD's `L->Perm`).
  package var permutation: [Int] {
    lock.withLock { _ in
      Array(UnsafeBufferPointer(start: factor.pointee.Perm.assumingMemoryBound(to: Int.self), count: dimension))
    }
  }

  private func hasStoredPattern(_ m: SymmetricCSCMatrix) -> Bool {
    let p = matrix.pointee.p.assumingMemoryBound(to: Int.self)
    let i = matrix.pointee.i.assumingMemoryBound(to: Int.self)
    for j in 0...dimension where p[j] != m.columnStarts[j] { return false }
    for k in 0..<m.storedCount where i[k] != m.rowIndices[k] { return false }
    return true
  }

  static func error(status: Int32, routine: String) -> SolveError {
    status == CHOLMOD_OUT_OF_MEMORY ? .outOfMemory : .library(status: Int(status), routine: routine)
  }

  private static func name(of ordering: Int32) -> String {
    switch ordering {
    case CHOLMOD_NATURAL: return "natural"
    case CHOLMOD_GIVEN: return "given"
    case CHOLMOD_AMD: return "AMD"
    case CHOLMOD_METIS: return "METIS"
    case CHOLMOD_NESDIS: return "NESDIS"
    case CHOLMOD_COLAMD: return "COLAMD"
    case CHOLMOD_POSTORDERED: return "natural, postordered"
    default: return "ordering \(ordering)"
    }
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
