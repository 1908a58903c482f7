import FECommon
import FeinvertFiles
import FeinvertIO
import FEKernel
import SparseSolve

#if FEINVERT_PETSC
  import PETScBackend
#endif

extension SolveJob {
  /// `feinvert solve` with `[solver] backend = "petsc"`: the distributed solve on every rank
  /// (`mpirun -np N feinvert solve ...`), the outputs written by rank 0 alone, the same files
  /// as the serial run.
  ///
  /// - Throws: `InputError` at the `backend` key when this feinvert was built without PETSc.
  static func runDistributed(
    _ input: ProblemInput, settings: DistributedSolveSettings, out: String, asciiVTU: Bool
  ) throws -> (summary: String, written: [String], warnings: [String]) {
    #if FEINVERT_PETSC
      let (solution, report) = try DistributedElasticSolve.forwardSolution(input.problem, settings: settings)
      guard let solution else { return ("", [], []) }  // ranks other than 0 write nothing
      let warnings = [StrainCheck.warning(solution.largestStrain, context: "with the model's constants", model: input.problem.model)]
        .compactMap { $0 }
      let written = try OutputDirectory.write(
        SolutionWriter.files(solution, problem: input.problem, format: asciiVTU ? .ascii : .binary), into: out)
      return (solution.summary + String(format: ", total %.2f s; ", solution.totalSeconds) + report.summary, written, warnings)
    #else
      throw unavailable(input)
    #endif
  }

  /// The error of `backend = "petsc"` in a build without the PETSc backend (exit 2).
  static func unavailable(_ input: ProblemInput) -> InputError {
    InputError(
      "backend = \"petsc\" needs feinvert built with its PETSc backend (`make petsc`, i.e. FEINVERT_PETSC=1 swift build); this build has none. Expected backend = \"direct\", or that build",
      at: input.modelFile.solverOptions.backendLocation ?? input.modelFile.location("solver.backend"))
  }
}
