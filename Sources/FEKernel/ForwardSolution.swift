import Foundation
import SparseSolve

/// Everything one forward solve produces, for the writers and the summary line.
public struct ForwardSolution: Sendable {
  /// Displacement, 3 per node (model length unit), node-index order.
  public var displacement: [Double]
  /// Element-average stress, 6 per volume element (Voigt xx yy zz yz xz xy, global axes).
  public var elementStress: [Double]
  /// 1-based ply number of each volume element.
  public var elementPly: [Int]
  /// The predicted field on the observation surface, when the model has one.
  public var observed: ObservedField?
  public var timings: SolveTimings
  public var statistics: FactorStatistics?
  public var dofCount: Int
  public var totalSeconds: Double
  /// The sparse Cholesky code that factored the stiffness.
  public var factorization: FactorizationMethod
  /// The largest principal strain over the integration points, and where (nil without
  /// volume elements): the small-strain check of the jobs.
  public var largestStrain: LargestStrain?

  /// Solves a bound problem with the model's own constants.
  ///
  /// - Parameter factorization: which sparse Cholesky factors K (the `[solver]` table).
  public static func run(_ problem: LinearElasticProblem, factorization: FactorizationMethod = .standard) throws -> ForwardSolution {
    let clock = ContinuousClock()
    let start = clock.now
    let solver = try ElasticSolver(problem: problem, factorization: factorization)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    let stress = StressRecovery.elementAverages(assembler: solver.assembler, stiffness: stiffness, displacement: u)
    let observed = problem.model.observation.map { ObservedField(mesh: problem.mesh, spec: $0, displacement: u) }
    return ForwardSolution(
      displacement: u, elementStress: stress, elementPly: problem.elementPly, observed: observed,
      timings: solver.timings, statistics: solver.factorStatistics, dofCount: solver.assembler.dofCount,
      totalSeconds: (clock.now - start).seconds, factorization: solver.factorization,
      largestStrain: LargestStrain.of(u, assembler: solver.assembler))
  }

  /// The solution for a displacement already computed by `solver` (as a fit leaves
  /// it), with stresses for the given model's constants; no new factorization.
  public static func recovered(solver: ElasticSolver, model: ModelDefinition, displacement u: [Double]) -> ForwardSolution {
    let problem = solver.problem
    let stiffness = problem.blockStiffnesses(model: model)
    let stress = StressRecovery.elementAverages(assembler: solver.assembler, stiffness: stiffness, displacement: u)
    let observed = model.observation.map { ObservedField(mesh: problem.mesh, spec: $0, displacement: u) }
    return ForwardSolution(
      displacement: u, elementStress: stress, elementPly: problem.elementPly, observed: observed,
      timings: solver.timings, statistics: solver.factorStatistics, dofCount: solver.assembler.dofCount,
      totalSeconds: 0, factorization: solver.factorization, largestStrain: LargestStrain.of(u, assembler: solver.assembler))
  }

  /// One line: DOFs, factor size, time per phase.
  public var summary: String {
    let t = timings
    var s = "\(dofCount) DOF"
    if let st = statistics {
      let gflops = t.factorizationSeconds > 0 ? st.flops / t.factorizationSeconds / 1e9 : 0
      s += String(format: ", factor %.3g nonzeros (%.3g stored", st.factorNonzeros, st.factorStoredEntries)
      s += "; \(st.orderingName); \(factorization.name))" + String(format: ", %.3g flops", st.flops)
      s += String(format: "; setup %.2f s, assembly %.2f s, analysis %.2f s, factorization %.2f s (%.1f GFLOP/s), solve %.2f s, total %.2f s",
                  t.setupSeconds, t.assemblySeconds, t.analysisSeconds, t.factorizationSeconds, gflops, t.solveSeconds, totalSeconds)
      if let mixed = st.mixedPrecision { s += "; " + mixed.description }
      // The memory guard's prediction and what the factorization took (MemoryGuard).
      s += "; factorization memory predicted \(MemoryGuard.format(bytes: st.predictedFactorizationBytes))"
      if t.factorizationMemoryGrowthBytes > 0 { s += ", measured \(MemoryGuard.format(bytes: t.factorizationMemoryGrowthBytes)) (peak resident growth)" }
    }
    return s
  }
}
