/// How the optional PETSc backend solves `K u = f` over MPI (`[solver] backend = "petsc"`):
/// the settings only; the backend itself (`PETScBackend`) is built when asked
/// (`FEINVERT_PETSC=1`, `make petsc`).
public struct DistributedSolveSettings: Sendable, Equatable {
  /// The PETSc solver.
  public enum Method: String, Sendable, Equatable, CaseIterable {
    /// Conjugate gradients preconditioned by smoothed-aggregation algebraic multigrid
    /// (`KSPCG` + `PCGAMG`), given the six rigid-body modes of the nodal coordinates as its
    /// near-null space. Memory about linear in the DOFs; no factor.
    case cgGAMG = "cg-gamg"
    /// A distributed sparse direct solve (`PCCHOLESKY` by MUMPS), the factor spread over the
    /// ranks.
    case mumps
  }

  public var method: Method
  /// The conjugate gradients' stopping test: ‖r‖₂ ≤ `relativeTolerance` ‖b‖₂ (PETSc's `rtol`
  /// with the unpreconditioned norm).
  public var relativeTolerance: Double
  /// The conjugate gradients' iteration limit; a solve that reaches it fails (exit 3).
  public var maxIterations: Int
  /// Further options, passed to `PetscOptionsInsertString` before the solver is set up
  /// (`"-ksp_monitor -pc_gamg_threshold 0.02"`); they override the ones above.
  public var petscOptions: String

  public init(method: Method = .cgGAMG, relativeTolerance: Double = 1e-10, maxIterations: Int = 10_000, petscOptions: String = "") {
    self.method = method
    self.relativeTolerance = relativeTolerance
    self.maxIterations = maxIterations
    self.petscOptions = petscOptions
  }
}
