#if FEINVERT_PETSC
import CPETSc
import FECommon
import Foundation
import Synchronization

/// The process's PETSc (and MPI) session: started by the first distributed solve, finished at
/// process exit.
///
/// PETSc is started lazily, so that a PETSc build of feinvert costs nothing (no MPI start-up)
/// for the commands that do not ask for `backend = "petsc"`. Under `mpirun -np N` every rank
/// runs the same command; rank 0 writes the outputs and prints, the others' standard output
/// is sent to `/dev/null` once the session has started (their standard error stays, so a
/// failure on one rank is seen).
public enum PETScSession {
  private static let started = Mutex(false)

  /// Starts PETSc once (`PetscInitializeNoArguments`: options come from `PETSC_OPTIONS` and
  /// the model file, not from the command line, which is feinvert's), and registers
  /// `PetscFinalize` for the process's exit.
  /// - Throws: `NumericalError` when PETSc cannot start (no MPI).
  public static func start() throws {
    try started.withLock { isStarted in
      if isStarted { return }
      try check(PetscInitializeNoArguments(), "PetscInitializeNoArguments")
      isStarted = true
      atexit { _ = PetscFinalize() }
      if feinvert_rank() != 0 {
        let null = open("/dev/null", O_WRONLY)
        if null >= 0 {
          fflush(nil)
          dup2(null, STDOUT_FILENO)
          close(null)
        }
      }
    }
  }

  /// This process's rank in `PETSC_COMM_WORLD` (0 before the session starts).
  public static var rank: Int { started.withLock { $0 } ? Int(feinvert_rank()) : 0 }
  /// The number of ranks (1 before the session starts).
  public static var size: Int { started.withLock { $0 } ? Int(feinvert_size()) : 1 }
  /// Whether this process writes the outputs (rank 0, or no session).
  public static var isRoot: Bool { rank == 0 }
}

/// Throws a `NumericalError` (exit 3) naming the PETSc routine when `code` is not 0.
@inline(__always)
func check(_ code: PetscErrorCode, _ routine: String) throws {
  if code != 0 {
    throw NumericalError("PETSc's \(routine) failed with error code \(code) (PETSc printed its trace on standard error)")
  }
}
#endif
