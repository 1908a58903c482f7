import FECommon
import FEKernel
import Foundation
import Inversion
import SparseSolve

/// How the fit treats its own discretization error (`[fit] discretization`).
public enum DiscretizationMode: String, Sendable, CaseIterable {
  /// Solve once more on a refined mesh at the estimate and report the budget (default).
  case check
  /// No budget.
  case off
  /// The approximation-error approach: refit with the predictions corrected by the
  /// refined model's difference (Kaipio & Somersalo, *Statistical and Computational
  /// Inverse Problems*, 2005, §7.4), so the answer carries the refined mesh's error only.
  case correct
}

/// The discretization error of the fitted mesh's predictions, at the estimate: the
/// model solved again on a refined discretization (`MeshRefinement`: order elevation of
/// a linear mesh, a uniform split of a quadratic one), the predicted data compared row
/// by row, and the bias that difference can cause in each parameter.
///
/// With δ = H_ref u_ref(p̂) − H u(p̂) (refined minus fitted prediction, per data row) and
/// W the rows' weights, data that the refined model explains exactly pull the fitted
/// mesh's estimate by b ≈ J⁺ P W δ to first order, J the weighted Jacobian of the fit
/// and P the projection that removes the rigid-body motion the fit estimates with the
/// parameters (as in the fit itself). Parameters held at a bound get no bias.
///
/// The budget is **significant** when, in any observed component, the RMS of δ exceeds
/// `noiseFraction` (0.1) of the noise, or when a parameter's predicted bias exceeds
/// `biasFraction` (0.5) of its standard error: then the fitted mesh, not the data,
/// limits what the intervals mean.
public struct DiscretizationBudget: Sendable {
  /// One observed component's difference.
  public struct ComponentError: Sendable {
    /// `ux`, `uy` or `uz`.
    public var name: String
    /// RMS and largest |δ| over the component's rows, model length unit.
    public var rms: Double
    public var max: Double
    /// The same in units of the noise σ (the rows' sigma, or the residuals' estimate).
    public var rmsInSigma: Double
    public var maxInSigma: Double
  }

  public static let noiseFraction = 0.1
  public static let biasFraction = 0.5

  public var method: MeshRefinement.Method
  /// DOF of the fitted and of the refined discretization.
  public var dofCount: Int
  public var refinedDOFCount: Int
  /// Wall time of the refined model (set-up and every solve so far), s.
  public var seconds: Double
  /// How the refined problem was solved, and the conjugate-gradient iterations of each
  /// solve so far (empty for a direct factor).
  public var solve: RefinedModel.RefinedSolve
  public var iterations: [Int]
  public var components: [ComponentError]
  /// δ per data row (refined − fitted prediction), model length unit.
  public var rowDifferences: [Double]
  /// Predicted bias of each parameter (its own unit), and in its standard errors (NaN
  /// where the standard error is not determined).
  public var bias: [Double]
  public var biasInStandardErrors: [Double]
  /// Σ (P W δ)²: the part of χ² (noise units) the discretization alone would produce.
  public var chiSquare: Double

  /// Whether the budget is significant (see the type's discussion).
  public var significant: Bool {
    components.contains { $0.rmsInSigma > Self.noiseFraction }
      || biasInStandardErrors.contains { $0.isFinite && abs($0) > Self.biasFraction }
  }
}

/// The fitted problem on the refined discretization, set up once (mesh, assembly pattern,
/// the observation operator on the shared surface), solved at any parameter vector.
///
/// The refined model is not factorized (by default): its solve is conjugate gradients
/// preconditioned by the fitted model's own factor at the same parameters, which the fit
/// already holds, and a Chebyshev smoother for what the coarse mesh cannot represent
/// (`ElasticSolver.solveTwoLevel`). A factor of the refined model costs its 4–8× the DOF
/// in far more flops and memory: the 376k-DOF coupon's 1.5M-DOF refinement would not fit
/// in 24 GiB. `RefinedSolve.direct` keeps the factor, for tests that check the iterative
/// difference against it.
public final class RefinedModel {
  /// How the refined problem is solved.
  public enum RefinedSolve: String, Sendable {
    case twoLevel = "two-level CG"
    case direct = "direct factor"
  }

  public let method: MeshRefinement.Method
  public let solve: RefinedSolve
  let forward: LaminateForwardModel
  let problem: LinearElasticProblem
  let solver: ElasticSolver
  let prolongation: NodalProlongation
  let observation: ObservationOperator
  /// The last refined solution minus the prolonged coarse one: the start of the next
  /// iterative solve, added to the new coarse solution (the difference moves little with p).
  var lastDifference: [Double]?
  /// Wall time of the set-up and of every solve so far, s.
  public private(set) var seconds = 0.0
  /// Conjugate-gradient iterations of every solve so far (two-level only).
  public private(set) var iterations: [Int] = []

  public init(
    forward: LaminateForwardModel, data: FringeData, factorization: FactorizationMethod, solve: RefinedSolve = .twoLevel
  ) throws {
    let clock = ContinuousClock()
    let start = clock.now
    self.forward = forward
    self.solve = solve
    let coarse = forward.problem
    let refined = MeshRefinement.refine(coarse.mesh)
    method = refined.method
    prolongation = refined.prolongation
    problem = try LinearElasticProblem(mesh: refined.mesh, model: coarse.model, meshSource: coarse.model.source)
    solver = try ElasticSolver(problem: problem, factorization: factorization)
    // The fitted operator's projections lie on the surface both meshes share.
    let op = forward.observation
    observation = try ObservationOperator(
      mesh: refined.mesh, group: coarse.model.observation?.group ?? "", points: op.projectedPoints,
      lines: op.keptIndices.map { data.lines[$0] }, source: data.source, dropOffSurface: false)
    seconds = (clock.now - start).seconds
  }

  public var dofCount: Int { 3 * problem.mesh.nodeCount }

  /// δ per data row at p: the refined prediction minus the fitted mesh's, model length
  /// unit. The fitted mesh's factor is left at p (the two-level solve needs it there).
  public func difference(at p: [Double]) throws -> [Double] {
    let clock = ContinuousClock()
    let start = clock.now
    let model = forward.model(for: p)
    let coarse = try forward.predict(p)
    let stiffness = problem.blockStiffnesses(model: model)
    let uFine: [Double]
    switch solve {
    case .direct:
      uFine = try solver.solve(stiffness: stiffness)
    case .twoLevel:
      let prolonged = prolongation.prolong(forward.lastDisplacement)
      var initial = prolonged
      if let d = lastDifference { for i in initial.indices { initial[i] += d[i] } }
      let result = try solver.solveTwoLevel(stiffness: stiffness, coarse: forward.solver, prolongation: prolongation, initial: initial)
      uFine = result.displacement
      iterations.append(result.statistics.iterations)
      lastDifference = (0..<uFine.count).map { uFine[$0] - prolonged[$0] }
    }
    var fineByComponent = [[Double]](repeating: [], count: 3)
    for c in forward.observedComponents { fineByComponent[c] = observation.interpolate(uFine, component: c) }
    seconds += (clock.now - start).seconds
    return forward.rows.enumerated().map { k, row in fineByComponent[row.component][row.point] - coarse[k] }
  }
}

extension LaminateFitRun {
  /// The discretization budget of `outcome`: δ at its estimate from `refined`, the
  /// components' errors and the predicted bias (see `DiscretizationBudget`).
  ///
  /// - Throws: the solves' `NumericalError`.
  public static func discretizationBudget(
    forward: LaminateForwardModel, data: FringeData, outcome: Outcome, rigidBody: RigidBodyTreatment,
    refined: RefinedModel
  ) throws -> DiscretizationBudget {
    let delta = try refined.difference(at: outcome.result.estimate)
    let seconds = refined.seconds

    // Weighted, then without the part the rigid-body unknowns absorb.
    let n = outcome.parameters.count, m = delta.count
    var weighted = (0..<m).map { delta[$0] * forward.rowWeights[$0] }
    _ = try forward.residuals(outcome.result.estimate)
    var jacobian = try forward.jacobian()
    if rigidBody == .fit {
      let prepared = rigidBasis(forward: forward, data: data).prepared(rows: m)
      let e = VariableProjection.eliminate(residuals: weighted, jacobian: jacobian, basis: prepared, parameterCount: n)
      weighted = e.residuals
      jacobian = e.jacobian ?? jacobian
    }
    let sigmaScale = outcome.uncertainty.noiseKnown ? 1 : outcome.uncertainty.noiseVariance.squareRoot()
    let components = forward.observedComponents.map { c -> DiscretizationBudget.ComponentError in
      let rows = forward.rows.indices.filter { forward.rows[$0].component == c }
      let d = rows.map { abs(delta[$0]) }, w = rows.map { abs(delta[$0] * forward.rowWeights[$0]) / sigmaScale }
      func rms(_ x: [Double]) -> Double { (x.reduce(0) { $0 + $1 * $1 } / Double(max(x.count, 1))).squareRoot() }
      return .init(name: DOF.componentNames[c], rms: rms(d), max: d.max() ?? 0, rmsInSigma: rms(w), maxInSigma: w.max() ?? 0)
    }
    let bias = leastSquaresBias(jacobian: jacobian, rows: m, free: outcome.result.activeBounds.map { !$0 }, rhs: weighted)
    let inSE = (0..<n).map { j in
      outcome.isUncertaintyDetermined(j) ? bias[j] / outcome.uncertainty.standardErrors[j] : .nan
    }
    return DiscretizationBudget(
      method: refined.method, dofCount: 3 * forward.problem.mesh.nodeCount, refinedDOFCount: refined.dofCount, seconds: seconds,
      solve: refined.solve, iterations: refined.iterations,
      components: components, rowDifferences: delta, bias: bias, biasInStandardErrors: inSE,
      chiSquare: weighted.reduce(0) { $0 + $1 * $1 } / (sigmaScale * sigmaScale))
  }

  /// argmin ‖J b − r‖ over the free parameters (the others 0), by the normal equations
  /// on the free columns (n is a handful; J's columns are scaled to unit norm first so
  /// that moduli and Poisson ratios do not spoil the conditioning).
  static func leastSquaresBias(jacobian: [Double], rows m: Int, free: [Bool], rhs: [Double]) -> [Double] {
    let columns = free.indices.filter { free[$0] }
    var bias = [Double](repeating: 0, count: free.count)
    guard !columns.isEmpty else { return bias }
    let k = columns.count
    let norms = columns.map { j in max((0..<m).reduce(0.0) { $0 + jacobian[j * m + $1] * jacobian[j * m + $1] }.squareRoot(), 1e-300) }
    var normal = [Double](repeating: 0, count: k * k), right = [Double](repeating: 0, count: k)
    for (a, ja) in columns.enumerated() {
      for i in 0..<m { right[a] += jacobian[ja * m + i] / norms[a] * rhs[i] }
      for (b, jb) in columns.enumerated() where b <= a {
        var s = 0.0
        for i in 0..<m { s += jacobian[ja * m + i] * jacobian[jb * m + i] }
        normal[a * k + b] = s / (norms[a] * norms[b])
        normal[b * k + a] = normal[a * k + b]
      }
    }
    guard let l = DenseCholesky.factor(normal, n: k) else { return free.map { $0 ? .nan : 0 } }
    let x = DenseCholesky.solve(factor: l, n: k, right)
    for (a, j) in columns.enumerated() { bias[j] = x[a] / norms[a] }
    return bias
  }
}
