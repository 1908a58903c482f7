import Foundation

/// Which sparse Cholesky code factors a symmetric positive definite matrix.
///
/// Both use the same fill-reducing ordering by default (METIS nested dissection of the
/// 3×3 node blocks), so they produce the same fill and flops; they differ in how the
/// numeric factorization uses the cores. Measured on the 376,431-DOF coupon of
/// `Benchmarks/RESULTS.md` (1.19e12 flops, 2 cores): CHOLMOD's left-looking supernodal
/// factorization, parallel only inside BLAS calls, about 23 s (51 GFLOP/s);
/// `SupernodalCholesky`, parallel over independent subtrees and then inside BLAS on the
/// top separators, 16.5 s (72 GFLOP/s) on a quiet run, with bitwise-reproducible results.
public enum FactorizationMethod: Sendable, Equatable {
  /// `SupernodalCholesky` with `threads` workers (subtrees, then BLAS threads on the top
  /// separators), on a METIS ordering of the `blockSize x blockSize` blocks. A dimension
  /// that is not a multiple of `blockSize` is ordered on the scalar graph (`blockSize` 1).
  case supernodal(threads: Int, blockSize: Int)
  /// CHOLMOD's supernodal factorization (`cholmod_l_*`) with the given ordering.
  case cholmod(FillReducingOrdering)
  /// `MixedPrecisionCholesky`: the analysis of `.supernodal`, a single-precision numeric
  /// factor, and solves refined to double precision by preconditioned CG, falling back to
  /// the double factor when single precision is not enough (`[solver] precision = "mixed"`).
  case mixedPrecision(threads: Int, blockSize: Int)
  /// A factor made outside this module (the PETSc backend's distributed solve): its name
  /// for summaries and its maker from the pattern.
  case external(ExternalFactorization)

  /// The default: `SupernodalCholesky` on all active cores, 3×3 blocks (3 DOF per node).
  public static var standard: FactorizationMethod {
    .supernodal(threads: defaultThreadCount, blockSize: 3)
  }

  /// The cores this process may use (Foundation reads the affinity mask on Linux), at least 1.
  public static var defaultThreadCount: Int {
    max(1, ProcessInfo.processInfo.activeProcessorCount)
  }

  /// A short name for summaries: `"feinvert supernodal, 2 threads"`, `"CHOLMOD"`.
  public var name: String {
    switch self {
    case .supernodal(let threads, _): return "feinvert supernodal, \(threads) thread\(threads == 1 ? "" : "s")"
    case .cholmod: return "CHOLMOD"
    case .mixedPrecision(let threads, _):
      return "feinvert supernodal, single-precision factor refined in double, \(threads) thread\(threads == 1 ? "" : "s")"
    case .external(let external): return external.name
    }
  }

  /// Orders and symbolically analyzes `pattern` (upper triangle) with this method; no
  /// numeric work. The statistics' analysis time includes the ordering.
  /// - Throws: `SolveError.outOfMemory`, or `SolveError.library` if METIS or CHOLMOD fails.
  public func makeFactor(pattern: SymmetricCSCMatrix) throws(SolveError) -> any SymmetricFactor {
    switch self {
    case .cholmod(let ordering):
      return try CholeskyFactor(pattern: pattern, ordering: ordering)
    case .external(let external):
      return try external.make(pattern)
    case .supernodal(let threads, let blockSize):
      let clock = ContinuousClock()
      let start = clock.now
      let block = blockSize >= 1 && pattern.dimension % blockSize == 0 ? blockSize : 1
      let perm = try FillReducingOrdering.blockNestedDissection(pattern, blockSize: block)
      let orderingSeconds = CholeskyFactor.seconds(start.duration(to: clock.now))
      let factor = try SupernodalCholesky(pattern: pattern, permutation: perm, threads: max(1, threads))
      factor.noteOrdering(
        name: block > 1 ? "METIS_NodeND on \(block)x\(block) blocks" : "METIS_NodeND", seconds: orderingSeconds)
      return factor
    case .mixedPrecision(let threads, let blockSize):
      let clock = ContinuousClock()
      let start = clock.now
      let block = blockSize >= 1 && pattern.dimension % blockSize == 0 ? blockSize : 1
      let perm = try FillReducingOrdering.blockNestedDissection(pattern, blockSize: block)
      let orderingSeconds = CholeskyFactor.seconds(start.duration(to: clock.now))
      let factor = try MixedPrecisionCholesky(pattern: pattern, permutation: perm, threads: max(1, threads))
      factor.noteOrdering(
        name: block > 1 ? "METIS_NodeND on \(block)x\(block) blocks" : "METIS_NodeND", seconds: orderingSeconds)
      return factor
    }
  }
}

/// A `SymmetricFactor` maker from another module, for `FactorizationMethod.external`; two are
/// equal when their names are.
public struct ExternalFactorization: Sendable, Equatable {
  public var name: String
  public var make: @Sendable (SymmetricCSCMatrix) throws(SolveError) -> any SymmetricFactor
  public init(name: String, make: @escaping @Sendable (SymmetricCSCMatrix) throws(SolveError) -> any SymmetricFactor) {
    self.name = name
    self.make = make
  }
  public static func == (a: ExternalFactorization, b: ExternalFactorization) -> Bool { a.name == b.name }
}
