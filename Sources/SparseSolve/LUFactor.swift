import CSuiteSparse
import Synchronization

/// A sparse LU factor `P R A Q = L U` of a general square matrix, computed by UMFPACK
/// (64-bit `umfpack_dl_*` routines).
///
/// The factorization (symbolic and numeric) is done at creation; `solve(_:count:)` may then
/// be called any number of times. Calls on one instance are serialized by an internal lock.
public final class LUFactor: @unchecked Sendable {
  /// The number of rows and columns of the factored matrix.
  public let dimension: Int
  /// The factored matrix, kept for UMFPACK's iterative refinement in `solve`.
  private let matrix: CSCMatrix
  private var control = [Double](repeating: 0, count: Int(UMFPACK_CONTROL))
  private var numeric: UnsafeMutableRawPointer?
  private let lock = Mutex(())

  /// Factors a general square sparse matrix.
  ///
  /// `matrix.dimension` must be positive, or a precondition failure occurs. Row indices
  /// must be sorted within columns without duplicates (UMFPACK reports an invalid matrix
  /// otherwise, thrown as `SolveError.library`).
  ///
  /// - Throws: `SolveError.singular(column:)` if the matrix is structurally or numerically
  ///   singular, with the original (0-based) column of the first zero pivot;
  ///   `SolveError.outOfMemory`; or `SolveError.library`.
  ///
  /// The corresponding C functions are `umfpack_dl_symbolic` and `umfpack_dl_numeric`.
  /// - Parameter memoryRooms: the rooms the memory guard compares UMFPACK's estimate with
  ///   (nil: `MemoryGuard.rooms()`); a factorization that would not fit throws
  ///   `SolveError.insufficientMemory` before the numeric factorization starts.
  public init(_ matrix: CSCMatrix, memoryRooms: [MemoryGuard.Room]? = nil) throws(SolveError) {
    precondition(matrix.dimension > 0, "LUFactor: dimension must be positive")
    let n = matrix.dimension
    self.dimension = n
    self.matrix = matrix
    umfpack_dl_defaults(&control)
    var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
    var symbolic: UnsafeMutableRawPointer?
    let symbolicStatus = umfpack_dl_symbolic(
      n, n, matrix.columnStarts, matrix.rowIndices, matrix.values, &symbolic, control, &info)
    defer { umfpack_dl_free_symbolic(&symbolic) }
    guard symbolicStatus == UMFPACK_OK else {
      throw Self.error(status: symbolicStatus, routine: "umfpack_dl_symbolic")
    }
    // The memory guard: UMFPACK's estimate of its peak memory (symbolic and numeric objects
    // and workspace, in Units), before the numeric factorization allocates it.
    let unit = info[Int(UMFPACK_SIZE_OF_UNIT)]
    try MemoryGuard.check(
      predictedBytes: info[Int(UMFPACK_PEAK_MEMORY_ESTIMATE)] * unit,
      factorEntries: info[Int(UMFPACK_LNZ_ESTIMATE)] + info[Int(UMFPACK_UNZ_ESTIMATE)],
      rooms: memoryRooms ?? MemoryGuard.rooms())
    let numericStatus = umfpack_dl_numeric(
      matrix.columnStarts, matrix.rowIndices, matrix.values, symbolic, &numeric, control, &info)
    if numericStatus == UMFPACK_WARNING_singular_matrix {
      let column = Self.firstZeroPivotColumn(numeric, n)
      umfpack_dl_free_numeric(&numeric)
      throw .singular(column: column)
    }
    guard numericStatus >= UMFPACK_OK else {  // positive: a warning (e.g. determinant underflow)
      umfpack_dl_free_numeric(&numeric)
      throw Self.error(status: numericStatus, routine: "umfpack_dl_numeric")
    }
  }

  deinit {
    umfpack_dl_free_numeric(&numeric)
  }

  /// Solves `A X = B` for one or more right-hand sides, one UMFPACK solve per column.
  ///
  /// `count` must be at least 1 and `rhs.count` must equal `dimension * count`, or a
  /// precondition failure occurs.
  ///
  /// - Parameters:
  ///   - rhs: `B`, column-major `dimension x count`.
  ///   - count: the number of right-hand sides.
  /// - Returns: `X`, column-major `dimension x count`.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library`.
  ///
  /// The corresponding C function is `umfpack_dl_solve` (with `UMFPACK_A`).
  public func solve(_ rhs: [Double], count: Int = 1) throws(SolveError) -> [Double] {
    precondition(count >= 1, "LUFactor.solve: count must be at least 1")
    precondition(rhs.count == dimension * count, "LUFactor.solve: rhs.count must equal dimension * count")
    return try lock.withLock { _ throws(SolveError) -> [Double] in
      let n = dimension
      var x = [Double](repeating: 0, count: n * count)
      var info = [Double](repeating: 0, count: Int(UMFPACK_INFO))
      for c in 0..<count {
        let status = x.withUnsafeMutableBufferPointer { xb in
          rhs.withUnsafeBufferPointer { bb in
            umfpack_dl_solve(
              Int(UMFPACK_A), matrix.columnStarts, matrix.rowIndices, matrix.values,
              xb.baseAddress! + c * n, bb.baseAddress! + c * n, numeric, control, &info)
          }
        }
        guard status == UMFPACK_OK else {
          throw status == UMFPACK_WARNING_singular_matrix
            ? .singular(column: nil) : Self.error(status: status, routine: "umfpack_dl_solve")
        }
      }
      return x
    }
  }

  /// The original column of the first exactly-zero diagonal entry of `U`, or `nil`.
  private static func firstZeroPivotColumn(_ numeric: UnsafeMutableRawPointer?, _ n: Int) -> Int? {
    guard let numeric else { return nil }
    var q = [Int](repeating: 0, count: n)
    var d = [Double](repeating: 0, count: n)
    let status = umfpack_dl_get_numeric(
      nil, nil, nil, nil, nil, nil, nil, &q, &d, nil, nil, numeric)
    guard status == UMFPACK_OK, let k = d.firstIndex(where: { $0 == 0 || !$0.isFinite }) else {
      return nil
    }
    return q[k]
  }

  private static func error(status: Int, routine: String) -> SolveError {
    status == Int(UMFPACK_ERROR_out_of_memory)
      ? .outOfMemory : .library(status: status, routine: routine)
  }
}
