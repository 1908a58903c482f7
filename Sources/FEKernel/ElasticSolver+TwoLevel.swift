import FECommon
import SparseSolve

extension ElasticSolver {
  /// What a two-level solve did, for the budget's report.
  public struct TwoLevelStatistics: Sendable {
    public var iterations: Int
    public var relativeResidual: Double
    public var seconds: Double
  }

  /// Solves this (refined) problem for the model's loads and prescribed displacements by
  /// conjugate gradients preconditioned with the factor `coarse` holds of the problem it was
  /// refined from (`TwoLevelConjugateGradient`), without factorizing the refined matrix.
  ///
  /// - Parameters:
  ///   - stiffness: per volume block, the 6×6 global stiffness (the same blocks as the coarse
  ///     problem's, which `coarse` must have factorized at).
  ///   - prolongation: the coarse mesh's nodal fields onto this mesh (`MeshRefinement`).
  ///   - initial: a starting displacement of this mesh (e.g. the coarse solution
  ///     prolonged); the prescribed values are imposed on it.
  ///   - tolerance: on ‖f − K u‖ / ‖f‖ (the direct solve's own check asks for 1e-6; at 1e-8 the
  ///     budget's δ agrees with the direct factor's to 1e-8 relative on the test coupons).
  /// - Returns: displacement, 3 per node (node-index order), and the iteration's statistics.
  /// - Throws: `NumericalError` when the iteration does not converge.
  public func solveTwoLevel(
    stiffness: [[Double]], coarse: ElasticSolver, prolongation: NodalProlongation, initial: [Double], tolerance: Double = 1e-8
  ) throws -> (displacement: [Double], statistics: TwoLevelStatistics) {
    guard let coarseFactor = coarse.factor else { preconditionFailure("ElasticSolver.solveTwoLevel before the coarse factorize") }
    let clock = ContinuousClock()
    let start = clock.now
    assembleConstrained(stiffness: stiffness)
    var rhs = loadVector
    liftPrescribed(&rhs, columns: 1, homogeneous: false)
    var x0 = initial
    for j in x0.indices where constraints.isPrescribed[j] { x0[j] = constraints.values[j] }
    var options = TwoLevelConjugateGradient.Options()
    options.tolerance = tolerance
    do {
      let cg = try TwoLevelConjugateGradient(
        matrix: constrainedMatrix!, prolongation: prolongation, fineFixed: constraints.isPrescribed,
        coarseFixed: coarse.constraints.isPrescribed, options: options
      ) { r in
        do throws(SolveError) { return try coarseFactor.solve(r, count: 1) } catch { throw coarse.describe(error) }
      }
      let outcome = try cg.solve(rhs, initial: x0)
      let seconds = (clock.now - start).seconds
      timings.solveSeconds = seconds
      return (outcome.solution, TwoLevelStatistics(iterations: outcome.iterations, relativeResidual: outcome.relativeResidual, seconds: seconds))
    } catch let failure as TwoLevelConjugateGradient.Failure {
      throw NumericalError("the refined model's solve failed: \(failure)")
    }
  }
}
