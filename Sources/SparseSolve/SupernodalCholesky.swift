import CSuiteSparse
import Dispatch
import Synchronization

/// A sparse Cholesky factor `P A Pᵀ = L Lᵀ` computed by a right-looking supernodal method in
/// Swift, with the dense work in OpenBLAS, parallel over the elimination tree.
///
/// `init(pattern:permutation:threads:)` does the symbolic analysis once: elimination tree
/// (Liu), postorder, column counts (Gilbert–Ng–Peyton), fundamental supernodes with CHOLMOD's
/// relaxed amalgamation (`nrelax = 4, 16, 48`, `zrelax = 0.8, 0.1, 0.05`), the supernodes' row
/// structures, the storage layout, and a split of the supernodal tree into independent
/// subtrees plus a top part. `factorize(_:)` then runs in three phases:
///
/// 1. **Subtrees.** `threads` workers take whole subtrees, largest first, and factor them with
///    single-threaded BLAS. The updates a subtree owes the top supernodes are held back.
/// 2. **Boundary.** Those updates are applied by target column: each worker owns a range of
///    columns carrying about equal flops and takes the source supernodes in ascending order.
/// 3. **Top.** The top supernodes (the largest separators) are factored in order with
///    `threads` OpenBLAS threads, their update panels shared among the workers.
///
/// Every entry of the factor thus receives its updates in an order fixed by the analysis, so
/// the factor, and every solve, is the same to the last bit from run to run whatever the
/// threads' timing (for a given `threads`).
///
/// ```swift
/// let perm = try SupernodalCholesky.nestedDissectionPermutation(of: k, blockSize: 3)
/// let factor = try SupernodalCholesky(pattern: k, permutation: perm)
/// try factor.factorize(k)
/// let u = try factor.solve(f)
/// ```
///
/// Memory is the factor (`statistics.factorStoredEntries` doubles, of which the strict upper
/// triangles of the diagonal blocks are never touched, so never resident), the assembly map
/// (8 bytes per stored entry of `A`), and `maxUpdateRows x 512` doubles per thread.
///
/// OpenBLAS's thread count is global: `factorize` sets it per phase and restores the caller's
/// value before returning. Calls on one instance are serialized by an internal lock.
public final class SupernodalCholesky: @unchecked Sendable {
  /// Seconds of the phases of the most recent `factorize`.
  public struct PhaseSeconds: Sendable, Equatable {
    /// Zeroing the factor and copying in the entries of `A`.
    public var assembly = 0.0
    /// The subtree phase (tree-level parallelism).
    public var subtrees = 0.0
    /// The subtrees' updates into the top supernodes, applied by ranges of target columns.
    public var boundary = 0.0
    /// The top supernodes (BLAS-level parallelism).
    public var top = 0.0
    /// For each worker, the seconds from the start of the subtree phase until it found no
    /// subtree left (the rest of `subtrees` it was idle).
    public var subtreeWorkers: [Double] = []
  }

  /// The number of rows and columns of the factored matrix.
  public let dimension: Int
  /// Worker threads of `factorize` (also the OpenBLAS thread count of the top phase).
  public let threads: Int

  private let symbolic: SupernodalSymbolic
  private var kernel: SupernodalKernel<Double>
  private let storedCount: Int
  private var isFactorized = false
  private var currentStatistics: FactorStatistics
  private var currentPhases = PhaseSeconds()
  private let lock = Mutex(())
  /// Progress reports of `factorize` (share of flops done); nil: `defaultProgress`.
  public var progressReporting: FactorizationProgressReporting? {
    get { lock.withLock { _ in ownProgress } }
    set { lock.withLock { _ in ownProgress = newValue } }
  }
  private var ownProgress: FactorizationProgressReporting?

  /// Analyzes the pattern of `pattern` under `permutation`; no numeric work is done.
  ///
  /// - Parameters:
  ///   - pattern: the upper triangle, 0-based compressed sparse columns; only its pattern is
  ///     used. `pattern.dimension` must be positive, or a precondition failure occurs.
  ///   - permutation: `permutation[k]` is the original index of the `k`-th pivot (CHOLMOD's
  ///     `Perm`), e.g. from `nestedDissectionPermutation(of:blockSize:)`. It must be a
  ///     permutation of `0 ..< dimension`, or a precondition failure occurs. It is composed with
  ///     a postorder of the elimination tree, which changes neither fill nor flops.
  ///   - threads: workers of the subtree phase and BLAS threads of the top phase (at least 1).
  /// - Throws: `SolveError.outOfMemory` if the factor would not be addressable.
  public init(pattern: SymmetricCSCMatrix, permutation: [Int], threads: Int = 2) throws(SolveError) {
    precondition(pattern.dimension > 0, "SupernodalCholesky: dimension must be positive")
    precondition(threads >= 1, "SupernodalCholesky: threads must be at least 1")
    let clock = ContinuousClock()
    let start = clock.now
    var symbolic = SupernodalSymbolic(pattern: pattern, permutation: permutation, threads: threads)
    // Refuse a factor beyond 2^40 doubles (8 TiB), or one supernode beyond 2^31 entries (the
    // assembly map's 32-bit offsets), before allocating anything for it.
    guard symbolic.valueStart.last! < 1 << 40, symbolic.maxSupernodeEntries <= Int(Int32.max) else {
      throw .outOfMemory
    }
    kernel = SupernodalKernel<Double>(symbolic, workers: threads)
    // The kernel holds its own copies; drop the large arrays.
    symbolic.rows = []
    symbolic.assemblySource = []
    symbolic.assemblyDestination = []
    self.symbolic = symbolic
    dimension = pattern.dimension
    self.threads = threads
    storedCount = pattern.storedCount
    currentStatistics = symbolic.statistics(analysisSeconds: CholeskyFactor.seconds(start.duration(to: clock.now)))
    // Per thread: an update panel (`maxUpdateRows x panelWidth` doubles) and its relative
    // indices (`2 maxUpdateRows + 2` Int32), as `factorize` allocates them.
    let updateRows = Double(max(1, symbolic.maxUpdateRows))
    currentStatistics.workspaceBytes = Double(threads) * (updateRows * Double(SupernodalKernel<Double>.panelWidth) * 8 + (2 * updateRows + 2) * 4)
  }

  deinit {
    kernel.deallocate()
  }

  /// A fill-reducing permutation from `METIS_NodeND` on the graph of `blockSize x blockSize`
  /// blocks, the same one `CholeskyFactor` uses for `.nestedDissectionOfBlocks(blockSize:)`.
  ///
  /// `pattern.dimension` must be a multiple of `blockSize`, or a precondition failure occurs.
  /// - Returns: `perm[k]`, the original (0-based) index of the `k`-th pivot.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library` if METIS fails.
  public static func nestedDissectionPermutation(
    of pattern: SymmetricCSCMatrix, blockSize: Int = 3
  ) throws(SolveError) -> [Int] {
    try FillReducingOrdering.blockNestedDissection(pattern, blockSize: blockSize)
  }

  /// Fill, flops and timings. `factorNonzeros` and `flops` count the exact factor as CHOLMOD
  /// does (`Σ cⱼ` and `Σ cⱼ²` over the column counts `cⱼ`, diagonal included);
  /// `factorStoredEntries` includes the explicit zeros of relaxed supernodes.
  public var statistics: FactorStatistics {
    lock.withLock { _ in currentStatistics }
  }

  /// Seconds of the phases of the most recent `factorize`.
  public var phaseSeconds: PhaseSeconds {
    lock.withLock { _ in currentPhases }
  }

  /// Supernodes, subtrees handed to the workers, top supernodes, and the estimated share of
  /// flops in the top phase. For tests and measurements.
  package var treeSummary: (supernodes: Int, subtrees: Int, top: Int, topFlopsShare: Double) {
    (
      symbolic.superCount, symbolic.subtreeRoots.count, symbolic.topSupernodes.count,
      symbolic.topFlops / max(1, symbolic.topFlops + symbolic.subtreeFlops)
    )
  }

  /// The OpenBLAS kernel family in use (`openblas_get_corename`), e.g. `"SkylakeX"`.
  ///
  /// Where CPUID hides the OS's AVX support (some sandboxes), OpenBLAS falls back to
  /// `"Prescott"` kernels, about 5x slower; `OPENBLAS_CORETYPE=SkylakeX` in the environment
  /// of the process overrides that.
  package static var blasCoreName: String {
    openblas_get_corename().map { String(cString: $0) } ?? "unknown"
  }

  /// OpenBLAS's global thread count (`openblas_get_num_threads` / `openblas_set_num_threads`);
  /// it also sets CHOLMOD's parallelism. For measurements.
  package static var blasThreads: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(newValue)) }
  }

  /// The permutation actually used (the caller's, postordered): entry `k` is the original
  /// index of pivot `k`.
  package var permutation: [Int] { symbolic.perm }

  /// Computes the numeric factor of `matrix`, reusing the symbolic analysis.
  ///
  /// `matrix` must have the analyzed pattern (dimension and entry count are checked by
  /// precondition). After a throw, `solve` may not be called until a `factorize` succeeds.
  ///
  /// The factor's storage is allocated by the first call and reused; the workspaces are
  /// allocated per call.
  ///
  /// - Throws: `SolveError.notPositiveDefinite(column:)` with the original (0-based) column of
  ///   the first pivot (in factorization order) that was not positive. With several threads,
  ///   independent subtrees that fail are all factored up to their failure, and the smallest
  ///   failing pivot position is reported, which is the one a sequential factorization finds.
  public func factorize(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    try lock.withLock { _ throws(SolveError) in
      try Self.blasThreadState.withLock { _ throws(SolveError) in try factorizeLocked(matrix) }
    }
  }

  /// Serializes factorizations process-wide: each sets OpenBLAS's global thread count per
  /// phase, and two running at once would undo each other's settings.
  static let blasThreadState = Mutex(())

  /// Allocates the factor's storage if needed and fills every stored entry with `value`,
  /// the strict upper triangles of the diagonal blocks included. For tests: a factorization
  /// after `fillStorage(with: .nan)` must not depend on any entry it does not write first.
  package func fillStorage(with value: Double) {
    lock.withLock { _ in
      if kernel.values == nil {
        kernel.values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, kernel.storedEntries))
      }
      kernel.values!.update(repeating: value, count: kernel.storedEntries)
    }
  }

  /// Names the ordering and adds the seconds spent computing it, for statistics that cover
  /// the whole analysis (`FactorizationMethod` orders, then analyzes).
  package func noteOrdering(name: String, seconds: Double) {
    lock.withLock { _ in
      currentStatistics.orderingName = name
      currentStatistics.analysisSeconds += seconds
    }
  }

  private func factorizeLocked(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    precondition(
      matrix.dimension == dimension && matrix.storedCount == storedCount,
      "SupernodalCholesky.factorize: matrix must have the analyzed pattern")
    isFactorized = false
    currentStatistics.factorizationCount += 1
    // No stored entries: the first pivot is zero.
    guard storedCount > 0 else { throw .notPositiveDefinite(column: symbolic.perm[0]) }
    if kernel.values == nil {
      kernel.values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, kernel.storedEntries))
    }
    let clock = ContinuousClock()
    let start = clock.now
    let progress = (ownProgress ?? Self.defaultProgress).map {
      FactorizationProgressTracker(reporting: $0, total: self.symbolic.supernodeFlopsTotal)
    }
    let (failed, phases) = Self.runNumeric(
      kernel: kernel, symbolic: symbolic, workers: threads, matrix: matrix, progress: progress)
    currentPhases = phases
    currentStatistics.factorizationSeconds = CholeskyFactor.seconds(start.duration(to: clock.now))
    if failed != Int.max { throw .notPositiveDefinite(column: symbolic.perm[failed]) }
    progress?.finish()
    isFactorized = true
  }

  /// Solves `A X = B` for one or more right-hand sides in one call, with `dtrsm` and `dgemm`
  /// on each supernode.
  ///
  /// `factorize(_:)` must have succeeded, `count` must be at least 1, and `rhs.count` must
  /// equal `dimension * count`, or a precondition failure occurs.
  ///
  /// - Parameters:
  ///   - rhs: `B`, column-major `dimension x count`.
  ///   - count: the number of right-hand sides.
  /// - Returns: `X`, column-major `dimension x count`.
  public func solve(_ rhs: [Double], count: Int = 1) throws(SolveError) -> [Double] {
    lock.withLock { _ in solveLocked(rhs, count: count) }
  }

  private func solveLocked(_ rhs: [Double], count: Int) -> [Double] {
    precondition(isFactorized, "SupernodalCholesky.solve: call factorize successfully first")
    precondition(count >= 1, "SupernodalCholesky.solve: count must be at least 1")
    precondition(rhs.count == dimension * count, "SupernodalCholesky.solve: rhs.count must equal dimension * count")
    return kernel.solve(rhs, count: count, symbolic: symbolic)
  }
}

extension SupernodalKernel where T == Double {
  /// `X = (L Lᵀ)⁻¹ B` for `count` columns of `rhs` in the matrix's own order: permuted by
  /// `symbolic.perm`, forward and backward substitution, permuted back. The one solve of the
  /// double factor and of the mixed-precision factor's fallback.
  func solve(_ rhs: [Double], count: Int, symbolic: SupernodalSymbolic) -> [Double] {
    let n = rhs.count / count
    let perm = symbolic.perm
    var x = [Double](repeating: 0, count: n * count)
    var scratch = [Double](repeating: 0, count: max(1, symbolic.maxUpdateRows) * count)
    for c in 0..<count {
      for k in 0..<n { x[c * n + k] = rhs[c * n + perm[k]] }
    }
    x.withUnsafeMutableBufferPointer { xb in
      scratch.withUnsafeMutableBufferPointer { sb in
        forward(xb.baseAddress!, count: count, scratch: sb.baseAddress!)
        backward(xb.baseAddress!, count: count, scratch: sb.baseAddress!)
      }
    }
    var result = [Double](repeating: 0, count: n * count)
    for c in 0..<count {
      for k in 0..<n { result[c * n + perm[k]] = x[c * n + k] }
    }
    return result
  }
}

/// A pointer handed to worker closures; the caller guarantees it outlives them.
struct SendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafePointer<T>
  init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}

/// A mutable pointer handed to worker closures, each of which writes its own part.
struct SendableMutablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Per-worker scratch of a factorization: update panels and relative row indices.
struct Workspaces<T>: @unchecked Sendable {
  let doubles: [UnsafeMutablePointer<T>]
  let indices: [UnsafeMutablePointer<Int32>]

  init(count: Int, doubles: Int, indices: Int) {
    self.doubles = (0..<count).map { _ in .allocate(capacity: doubles) }
    self.indices = (0..<count).map { _ in .allocate(capacity: indices) }
  }

  func deallocate() {
    for p in doubles { p.deallocate() }
    for p in indices { p.deallocate() }
  }
}

extension SupernodalCholesky {
  /// The three phases of a numeric factorization (see the type's discussion) on `kernel`,
  /// whose values must be allocated, in its precision `T`.
  ///
  /// - Returns: the first permuted column whose pivot was not positive (`Int.max`: none),
  ///   and the phases' seconds.
  static func runNumeric<T: FactorScalar>(
    kernel: SupernodalKernel<T>, symbolic: SupernodalSymbolic, workers: Int, matrix: SymmetricCSCMatrix,
    progress: FactorizationProgressTracker?
  ) -> (failed: Int, phases: PhaseSeconds) {
    let clock = ContinuousClock()
    let start = clock.now
    let previousBLASThreads = openblas_get_num_threads()
    defer { openblas_set_num_threads(previousBLASThreads) }
    let failure = Mutex(Int.max)
    var phases = PhaseSeconds()
    let updateRows = max(1, symbolic.maxUpdateRows)
    let workspaces = Workspaces<T>(count: workers, doubles: updateRows * SupernodalKernel<T>.panelWidth, indices: 2 * updateRows + 2)
    matrix.values.withUnsafeBufferPointer { aBuffer in
      let a = SendablePointer(aBuffer.baseAddress!)
      // Zero and assemble the top supernodes, then each worker assembles and factors whole
      // subtrees, largest first.
      openblas_set_num_threads(1)
      let top = symbolic.topSupernodes
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        var k = w
        while k < top.count {
          kernel.assemble(top[k], from: a.pointer)
          k += workers
        }
      }
      let afterAssembly = clock.now
      phases.assembly = CholeskyFactor.seconds(start.duration(to: afterAssembly))
      let roots = symbolic.subtreeRoots
      let next = Atomic<Int>(0)
      let busy = Mutex([Double](repeating: 0, count: workers))
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        let workspace = workspaces.doubles[w]
        let relative = workspaces.indices[w]
        defer {
          let seconds = CholeskyFactor.seconds(afterAssembly.duration(to: clock.now))
          busy.withLock { $0[w] = seconds }
        }
        while true {
          let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
          if k >= roots.count { break }
          let root = roots[k]
          let first = kernel.subtreeFirst[root]
          for s in first...root { kernel.assemble(s, from: a.pointer) }
          for s in first...root {
            let column = kernel.factor(s, workspace: workspace, relative: relative)
            if column >= 0 {
              failure.withLock { $0 = min($0, column) }
              break
            }
            progress?.add(symbolic.ownFlops(s))
          }
        }
      }
      let afterSubtrees = clock.now
      phases.subtrees = CholeskyFactor.seconds(afterAssembly.duration(to: afterSubtrees))
      phases.subtreeWorkers = busy.withLock { $0 }
      if failure.withLock({ $0 }) == Int.max {
        // The subtrees' held-back updates into the top: each worker its own target columns,
        // sources in a fixed order, so the result does not depend on the workers' timing.
        let ranges = kernel.boundaryRanges
        DispatchQueue.concurrentPerform(iterations: ranges.count) { w in
          kernel.applyBoundary(targets: ranges[w], workspace: workspaces.doubles[w], relative: workspaces.indices[w])
        }
        let afterBoundary = clock.now
        phases.boundary = CholeskyFactor.seconds(afterSubtrees.duration(to: afterBoundary))
        // Each top supernode: dpotrf and dtrsm with `workers` BLAS threads, then its update
        // panels shared among the workers (single-threaded BLAS; panels write disjoint columns,
        // so the scatter runs in parallel too).
        for s in top {
          openblas_set_num_threads(Int32(workers))
          let column = kernel.factorDiagonal(s)
          if column >= 0 {
            failure.withLock { $0 = column }
            break
          }
          let panels = kernel.panelCount(s)
          if panels < 2 * workers {
            for panel in 0..<panels {
              kernel.update(s, panel: panel, workspace: workspaces.doubles[0], relative: workspaces.indices[0])
            }
            progress?.add(symbolic.ownFlops(s))
            continue
          }
          openblas_set_num_threads(1)
          let nextPanel = Atomic<Int>(0)
          DispatchQueue.concurrentPerform(iterations: workers) { w in
            while true {
              let panel = nextPanel.wrappingAdd(1, ordering: .relaxed).oldValue
              if panel >= panels { break }
              kernel.update(s, panel: panel, workspace: workspaces.doubles[w], relative: workspaces.indices[w])
            }
          }
          progress?.add(symbolic.ownFlops(s))
        }
      }
      phases.top = CholeskyFactor.seconds(afterSubtrees.duration(to: clock.now)) - phases.boundary
    }
    workspaces.deallocate()
    return (failure.withLock { $0 }, phases)
  }
}
