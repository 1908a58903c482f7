import FECommon
import FEKernel
import Foundation
import SparseSolve

/// The map from ply parameters to predicted moiré data, with its derivatives.
///
/// One evaluation at parameters p:
///
/// 1. write p into the model and compute every block's rotated stiffness;
/// 2. assemble and **factorize once** (the symbolic analysis is reused from the first call);
/// 3. solve K u = f;
/// 4. interpolate u at the data points with the observation face's shape functions.
///
/// Derivatives reuse that factor. The **forward sensitivities** solve
/// K (∂u/∂p_j) = −(∂K/∂p_j) u for all parameters in one multi-right-hand-side
/// solve (prescribed DOFs held at zero: the prescribed values do not depend on p),
/// and the Jacobian is H ∂u/∂p. The **adjoint** gradient of ½‖W(Hu − d)‖² solves
/// K λ = Hᵀ W² (Hu − d) once and gives ∂/∂p_j = −λᵀ (∂K/∂p_j) u. The products
/// (∂K/∂p_j) u are formed element by element from ∂C/∂p_j (no matrix assembled):
/// ∂C/∂c = −C (∂S/∂c) C for an engineering constant, rotated like C, and
/// ∂(M C Mᵀ)/∂θ for a ply angle.
///
/// One owner drives it (it is not `Sendable`): the cached solution, parameters and counters
/// change with every evaluation.
public final class LaminateForwardModel {
  public let problem: LinearElasticProblem
  public let solver: ElasticSolver
  public let observation: ObservationOperator
  public let parameters: [FitParameter]
  /// Residual rows: kept point index (into the operator's points) and component.
  public let rows: [(point: Int, component: Int)]
  /// The displacement components (0 ux, 1 uy, 2 uz) that some row observes, ascending;
  /// found once, since the residual and Jacobian loops run over every row each iteration.
  public let observedComponents: [Int]
  /// Measured value and the row weight 1/σ·√w of every row.
  public let measured: [Double]
  public let rowWeights: [Double]
  /// Whether σ came from the data (then residuals are in units of the noise).
  public let noiseKnown: Bool
  /// The displacement of the last evaluation.
  public private(set) var lastDisplacement: [Double] = []
  public private(set) var lastParameters: [Double] = []
  public private(set) var counters = Counters()
  /// Added to every row's prediction in `residuals` (model length unit), held fixed: the
  /// refined model's difference in the approximation-error approach
  /// (`DiscretizationMode.correct`). nil: none.
  public var predictionCorrection: [Double]?

  public struct Counters: Sendable {
    public var factorizations = 0
    public var sensitivitySolves = 0
    public var adjointSolves = 0
    public var assemblySeconds = 0.0
    public var factorizationSeconds = 0.0
    public var sensitivitySeconds = 0.0
    public var adjointSeconds = 0.0
  }

  /// - Parameters:
  ///   - data: the measured field; `observation` must have been built from its points.
  ///   - factorization: which sparse Cholesky factors K (the model file's `[solver]`).
  public init(
    problem: LinearElasticProblem, observation: ObservationOperator, data: FringeData, parameters: [FitParameter],
    factorization: FactorizationMethod = .standard
  ) throws {
    self.problem = problem
    self.solver = try ElasticSolver(problem: problem, factorization: factorization)
    self.observation = observation
    self.parameters = parameters
    var rows = [(point: Int, component: Int)]()
    var measured = [Double](), weights = [Double]()
    let m = data.components.count
    for (k, p) in observation.keptIndices.enumerated() {
      for (ci, c) in data.components.enumerated() {
        let v = data.values[p * m + ci]
        if v.isNaN { continue }
        var w = 1.0
        if let s = data.sigma?[p * m + ci], !s.isNaN { w /= s }
        if let weight = data.weight?[p] { w *= weight.squareRoot() }
        rows.append((k, c))
        measured.append(v)
        weights.append(w)
      }
    }
    self.rows = rows
    self.observedComponents = (0..<3).filter { c in rows.contains { $0.component == c } }
    self.measured = measured
    self.rowWeights = weights
    self.noiseKnown = data.sigma != nil
  }

  public var observationCount: Int { rows.count }

  /// The model with parameter values written in.
  public func model(for p: [Double]) -> ModelDefinition {
    var model = problem.model
    for (j, parameter) in parameters.enumerated() { parameter.set(p[j], in: &model) }
    return model
  }

  /// Checks the materials of a trial parameter vector (the optimizer may step into
  /// an indefinite compliance inside the bounds).
  public func isAdmissible(_ p: [Double]) -> Bool {
    // The same check as the model file's materials get (finite, positive moduli, a
    // positive-definite compliance); only the verdict matters here.
    model(for: p).materials.allSatisfy { (try? $0.validate(at: SourceLocation(file: problem.model.source))) != nil }
  }

  /// Solves at p and returns the predicted values of every row (no weights).
  ///
  /// The factor and displacement of the last call are kept: asking again at the same
  /// p (as an optimizer does when it accepts a trial point and then wants the
  /// Jacobian there) costs no factorization.
  public func predict(_ p: [Double]) throws -> [Double] {
    if p == lastParameters && !lastDisplacement.isEmpty { return interpolateRows(lastDisplacement) }
    let model = model(for: p)
    let stiffness = problem.blockStiffnesses(model: model)
    lastParameters = []  // the factor is about to change; nothing cached survives a failure
    try solver.factorize(stiffness: stiffness)
    counters.factorizations += 1
    counters.assemblySeconds += solver.timings.assemblySeconds
    counters.factorizationSeconds += solver.timings.factorizationSeconds
    let u = try solver.solveConstrained(rhs: solver.loadVector)
    lastDisplacement = u
    lastParameters = p
    return interpolateRows(u)
  }

  /// Row values of a nodal field.
  public func interpolateRows(_ u: [Double]) -> [Double] {
    var byComponent = [[Double]](repeating: [], count: 3)
    for c in observedComponents { byComponent[c] = observation.interpolate(u, component: c) }
    return rows.map { byComponent[$0.component][$0.point] }
  }

  /// Weighted residuals W (H u(p) − d).
  public func residuals(_ p: [Double]) throws -> [Double] {
    let predicted = try predict(p)
    if let correction = predictionCorrection {
      return (0..<rows.count).map { (predicted[$0] + correction[$0] - measured[$0]) * rowWeights[$0] }
    }
    return (0..<rows.count).map { (predicted[$0] - measured[$0]) * rowWeights[$0] }
  }

  /// ∂C/∂p_j for every block (nil where the block does not depend on p_j), global axes.
  func stiffnessDerivatives(model: ModelDefinition) -> [[[Double]?]] {
    FitParameter.stiffnessDerivatives(of: parameters, problem: problem, model: model)
  }

  /// The Jacobian ∂r/∂p of the weighted residuals (rows × parameters, column-major)
  /// by forward sensitivities, at the parameters of the last `predict`.
  public func jacobian() throws -> [Double] {
    let clock = ContinuousClock()
    let start = clock.now
    let n = solver.assembler.dofCount
    let products = solver.assembler.stiffnessDerivativeProducts(
      lastDisplacement, derivatives: stiffnessDerivatives(model: model(for: lastParameters)))
    var rhs = [Double](repeating: 0, count: n * parameters.count)
    for j in 0..<parameters.count { for i in 0..<n { rhs[j * n + i] = -products[j][i] } }
    let du = try solver.solveConstrained(rhs: rhs, columns: parameters.count, homogeneous: true)
    counters.sensitivitySolves += parameters.count
    var jac = [Double](repeating: 0, count: rows.count * parameters.count)
    for j in 0..<parameters.count {
      let column = interpolateRows(Array(du[(j * n)..<((j + 1) * n)]))
      for r in 0..<rows.count { jac[j * rows.count + r] = column[r] * rowWeights[r] }
    }
    counters.sensitivitySeconds += (clock.now - start).seconds
    return jac
  }

  /// The gradient of ½‖r‖² by the adjoint method, at the parameters of the last `predict`,
  /// for given weighted residuals r (one extra solve, whatever the number of parameters).
  public func adjointGradient(residuals r: [Double]) throws -> [Double] {
    let clock = ContinuousClock()
    let start = clock.now
    let n = solver.assembler.dofCount
    // Hᵀ W r, component by component.
    var load = [Double](repeating: 0, count: n)
    for c in observedComponents {
      var w = [Double](repeating: 0, count: observation.pointCount)
      for (k, row) in rows.enumerated() where row.component == c { w[row.point] += r[k] * rowWeights[k] }
      observation.accumulateTranspose(w, component: c, into: &load)
    }
    let lambda = try solver.solveConstrained(rhs: load, columns: 1, homogeneous: true)
    counters.adjointSolves += 1
    let products = solver.assembler.stiffnessDerivativeProducts(
      lastDisplacement, derivatives: stiffnessDerivatives(model: model(for: lastParameters)))
    let gradient = products.map { product in
      var s = 0.0
      for i in 0..<n where !solver.constraints.isPrescribed[i] { s -= lambda[i] * product[i] }
      return s
    }
    counters.adjointSeconds += (clock.now - start).seconds
    return gradient
  }
}
