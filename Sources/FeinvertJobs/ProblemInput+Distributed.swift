import FECommon
import FeinvertIO
import Foundation
import Inversion
import SparseSolve

#if FEINVERT_PETSC
  import PETScBackend
#endif

extension ProblemInput {
  /// The CG tolerance of the fit's linear solves through PETSc: three orders below the
  /// Levenberg–Marquardt step and gradient tolerances (1e-8), so that an inexact forward
  /// solve, sensitivity or adjoint cannot decide the fit's stopping test; a tighter `rtol` of
  /// the file is kept.
  static var fitLinearTolerance: Double {
    let lm = LevenbergMarquardtOptions()
    return 1e-3 * min(lm.stepTolerance, lm.gradientTolerance)
  }

  /// With `[solver] backend = "petsc"`: starts the PETSc session and makes the file's
  /// factorization PETSc's (`PETScFactor`, with the CG tolerance tied to the fit's), so that
  /// the forward model, sensitivities and adjoint of a fit run on it unchanged.
  /// - Throws: `InputError` at the `backend` key in a build without PETSc.
  static func useDistributedFactorization(_ file: inout ModelFile) throws {
    guard var settings = file.solverOptions.distributed else { return }
    #if FEINVERT_PETSC
      try PETScSession.start()
      settings.relativeTolerance = min(settings.relativeTolerance, fitLinearTolerance)
      file.factorization = PETScFactor.factorization(settings)
    #else
      _ = settings
      throw InputError(
        "backend = \"petsc\" needs feinvert built with its PETSc backend (`make petsc`, i.e. FEINVERT_PETSC=1 swift build); this build has none. Expected backend = \"direct\", or that build",
        at: file.solverOptions.backendLocation ?? file.location("solver.backend"))
    #endif
  }

  /// Whether this process writes the outputs: rank 0 of a PETSc run, or any process without one.
  static var isOutputRank: Bool {
    #if FEINVERT_PETSC
      return PETScSession.isRoot
    #else
      return true
    #endif
  }

  /// On the ranks other than 0 of a PETSc run, points the fit's outputs into a scratch
  /// directory of their own (removed by the caller), so that rank 0 alone writes the real ones.
  static func scratchOutputsForOtherRanks(_ paths: inout FitJob.Paths) throws -> URL? {
    guard !isOutputRank else { return nil }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("feinvert-rank-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    if paths.report != nil { paths.report = dir.appendingPathComponent("fit.json").path }
    if paths.out != nil { paths.out = dir.appendingPathComponent("out").path }
    if paths.html != nil { paths.html = dir.appendingPathComponent("report.html").path }
    return dir
  }
}
