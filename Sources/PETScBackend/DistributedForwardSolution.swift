#if FEINVERT_PETSC
import FECommon
import FEKernel
import SparseSolve

extension DistributedElasticSolve {
  /// The forward solve of `feinvert solve` on PETSc: every rank sets up the problem
  /// (assembler, constraints, loads, the rigid-body check) and takes part in the solve; rank 0
  /// recovers the stresses and the observed field from the gathered displacement.
  ///
  /// - Returns: the solution on rank 0 (nil on the others), and the solve's report.
  public static func forwardSolution(
    _ problem: LinearElasticProblem, settings: DistributedSolveSettings
  ) throws -> (solution: ForwardSolution?, report: DistributedSolveReport) {
    let clock = ContinuousClock()
    let start = clock.now
    let solver = try ElasticSolver(problem: problem)
    let (u, report) = try solve(solver, stiffness: problem.blockStiffnesses(), settings: settings)
    guard let u else { return (nil, report) }
    var solution = ForwardSolution.recovered(solver: solver, model: problem.model, displacement: u)
    solution.totalSeconds = (clock.now - start).seconds
    return (solution, report)
  }
}
#endif
