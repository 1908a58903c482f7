import FECommon
import Foundation

/// A failure of a sparse factorization or solve.
///
/// All cases are numerical failures (exit code 3). Column indices are 0-based and refer to
/// the matrix as the caller passed it (the original, unpermuted numbering).
public enum SolveError: FeinvertError, Equatable {
  /// Cholesky found a pivot that is not positive at this original column.
  ///
  /// CHOLMOD reports the failing column `minor` of the permuted matrix `P A Pᵀ`; this is
  /// `Perm[minor]`, the column of `A`. For a stiffness matrix the caller maps it to a node
  /// and a component (an unconstrained rigid-body mode, or a mechanism).
  case notPositiveDefinite(column: Int)
  /// The matrix, or the factor computed from it, has a NaN or an infinity at this original
  /// column (an overflow in the caller's values; CHOLMOD's pivot test does not catch NaN).
  case nonFinite(column: Int)
  /// LU found the matrix structurally or numerically singular; the original column of the
  /// first zero pivot when it is known.
  case singular(column: Int?)
  /// The library could not allocate memory.
  case outOfMemory
  /// The factorization would not fit in the memory this process may use (`MemoryGuard`):
  /// the predicted bytes (factor and workspace), the factor's stored entries, the room left
  /// and where that bound comes from. Raised before any of the factor is allocated.
  case insufficientMemory(predictedBytes: Double, factorEntries: Double, roomBytes: Double, source: String)
  /// A solver outside this module (the PETSc backend) failed; its message.
  case external(message: String)
  /// The library reported another error: its status code and the C routine that failed.
  case library(status: Int, routine: String)

  public var exitCode: Int32 { 3 }

  public var description: String {
    switch self {
    case .notPositiveDefinite(let column):
      return
        "The matrix is not positive definite: Cholesky factorization failed at column \(column) (0-based), so the system is singular or indefinite there."
    case .nonFinite(let column):
      return "The matrix has a NaN or infinite value at column \(column) (0-based), in its entries or in its Cholesky factor (an overflow)."
    case .singular(let column?):
      return "The matrix is singular: LU factorization found a zero pivot at column \(column) (0-based)."
    case .singular(nil):
      return "The matrix is singular: LU factorization found a zero pivot."
    case .outOfMemory:
      return "The sparse factorization ran out of memory."
    case .insufficientMemory(let predicted, let entries, let room, let source):
      return
        "The factorization would need \(MemoryGuard.format(bytes: predicted))\(entries.isFinite ? " (a factor of \(String(format: "%.4g", entries)) stored entries x 8 bytes, and workspace)" : "") but this process may take only \(MemoryGuard.format(bytes: room)) more (\(source)); it was not started."
    case .external(let message):
      return message
    case .library(let status, let routine):
      return "The sparse solver routine \(routine) failed with status \(status)."
    }
  }
}
