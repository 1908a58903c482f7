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
/// **Several load cases and faces.** The model may hold several data sets: each an
/// observed face of a load case (`DataSetInput`), its rows one contiguous block of the
/// residual. Cases whose constraints prescribe the same DOFs share one solver: one
/// factorization per evaluation for all of them, their right-hand sides (and their
/// sensitivity and adjoint right-hand sides) solved together; a case with other
/// prescribed DOFs gets a solver, and a factorization per evaluation, of its own.
///
/// One owner drives it (it is not `Sendable`): the cached solution, parameters and counters
/// change with every evaluation.
public final class LaminateForwardModel {
  /// The first load case's problem (the only one without `[[load_case]]`).
  public let problem: LinearElasticProblem
  /// The solver of the first load case.
  public let solver: ElasticSolver
  /// The first data set's observation operator.
  public let observation: ObservationOperator
  public let parameters: [FitParameter]
  /// Residual rows: kept point index (into its data set's operator's points) and component.
  public let rows: [(point: Int, component: Int)]
  /// The displacement components (0 ux, 1 uy, 2 uz) that some row observes, ascending;
  /// found once, since the residual and Jacobian loops run over every row each iteration.
  public let observedComponents: [Int]
  /// Measured value and the row weight 1/σ·√w of every row.
  public let measured: [Double]
  public let rowWeights: [Double]
  /// Whether σ came from the data (then residuals are in units of the noise).
  public private(set) var noiseKnown: Bool
  /// The displacement of the last evaluation (the first load case's).
  public var lastDisplacement: [Double] { lastDisplacements.first ?? [] }
  /// The displacement of every load case at the last evaluation.
  public private(set) var lastDisplacements: [[Double]] = []
  public private(set) var lastParameters: [Double] = []
  public private(set) var counters = Counters()
  /// Added to every row's prediction in `residuals` (model length unit), held fixed: the
  /// refined model's difference in the approximation-error approach
  /// (`DiscretizationMode.correct`). nil: none.
  public var predictionCorrection: [Double]?

  /// The load cases: each its problem, its load vector, its solver and its column there.
  public let cases: [Case]
  /// One solver per set of prescribed DOFs (`cases[k].solverIndex`).
  public let solvers: [ElasticSolver]
  /// The data sets, in row order (a registered set's operator and points change as its
  /// registration is refined: `LaminateForwardModel+Registration.swift`).
  public internal(set) var dataSets: [DataSet]
  /// Whether the registrations are held (`LaminateForwardModel+Registration.swift`).
  let registrationFrozenFlag = RegistrationFlag()

  public struct Case {
    public var name: String?
    public var problem: LinearElasticProblem
    public var loadVector: [Double]
    public var solverIndex: Int
    /// Which prescribed values the case carries in its solver (0: the solver's own).
    public var lift: Int
  }

  /// One observed face of one load case, and where its rows lie.
  public struct DataSet {
    public var name: String
    public var caseIndex: Int
    public var observation: ObservationOperator
    /// The observed face's group.
    public var group: String
    /// The kept points (the data's points on the face), model length unit.
    public var points: [SIMD3<Double>]
    /// The data's own rigid-body treatment (nil: as the fit is told).
    public var rigidBody: RigidBodyTreatment?
    public var source: String
    public var rowRange: Range<Int>
    /// The point its rigid rotations turn about; nil: the face's centre.
    public var rotationCentre: SIMD3<Double>?
    /// The data's camera frame, when registered: its rows' components are then the data
    /// frame's, predicted as Rᵀ u(x).
    public var registration: DataFrameRegistration?
  }

  /// What a data set is made of: its name, its case, the operator located on its face and
  /// the data (whose points built the operator).
  public struct DataSetInput {
    public var name: String
    public var caseIndex: Int
    public var observation: ObservationOperator
    public var group: String
    public var data: FringeData
    public var rigidBody: RigidBodyTreatment?
    /// The point its rigid rotations turn about; nil: the face's centre.
    public var rotationCentre: SIMD3<Double>?
    /// The data's camera frame (nil: the model's); its `dataPoints` are the kept points'.
    public var registration: DataFrameRegistration?
    public init(name: String, caseIndex: Int, observation: ObservationOperator, group: String, data: FringeData,
                rigidBody: RigidBodyTreatment? = nil) {
      self.name = name
      self.caseIndex = caseIndex
      self.observation = observation
      self.group = group
      self.data = data
      self.rigidBody = rigidBody
    }
  }

  public struct Counters: Sendable {
    /// Numeric factorizations (with factor reuse: only those the CG threshold forced, and
    /// the first).
    public var factorizations = 0
    /// CG iterations of the solves on a kept factor (`reuseFactors`); 0 without reuse.
    public var cgIterations = 0
    /// Right-hand sides solved by CG on a kept factor.
    public var reusedSolves = 0
    public var sensitivitySolves = 0
    public var adjointSolves = 0
    public var assemblySeconds = 0.0
    public var factorizationSeconds = 0.0
    public var sensitivitySeconds = 0.0
    public var adjointSeconds = 0.0
  }

  /// One load case, one observed face.
  ///
  /// - Parameters:
  ///   - data: the measured field; `observation` must have been built from its points.
  ///   - factorization: which sparse Cholesky factors K (the model file's `[solver]`).
  public convenience init(
    problem: LinearElasticProblem, observation: ObservationOperator, data: FringeData, parameters: [FitParameter],
    factorization: FactorizationMethod = .standard
  ) throws {
    try self.init(
      cases: [problem], caseNames: [nil],
      dataSets: [DataSetInput(name: problem.model.observation?.name ?? problem.model.observation?.group ?? "data",
                              caseIndex: 0, observation: observation,
                              group: problem.model.observation?.group ?? "", data: data)],
      parameters: parameters, factorization: factorization)
  }

  /// Several load cases on one mesh (the same plies and materials: `cases` differ in
  /// their supports and loads only) and several observed faces.
  ///
  /// `dataSets` must not be empty, and every `caseIndex` must index `cases`, or a
  /// precondition failure occurs. Either every data set has sigma or none has.
  public init(
    cases problems: [LinearElasticProblem], caseNames: [String?], dataSets inputs: [DataSetInput],
    parameters: [FitParameter], factorization: FactorizationMethod = .standard
  ) throws {
    precondition(!inputs.isEmpty && !problems.isEmpty, "LaminateForwardModel: no data set or no case")
    precondition(inputs.allSatisfy { problems.indices.contains($0.caseIndex) }, "LaminateForwardModel: caseIndex")
    // Cases that prescribe the same DOFs share a solver (and its factor).
    var solvers = [ElasticSolver](), cases = [Case]()
    for (k, problem) in problems.enumerated() {
      let constraints = DirichletConstraints(
        dofCount: 3 * problem.mesh.nodeCount, prescribed: problem.prescribed, inactiveNodes: problem.inactiveNodes)
      let loadVector = try ElasticSolver.loadVector(of: problem)
      if let s = solvers.firstIndex(where: { $0.constraints.isPrescribed == constraints.isPrescribed }) {
        var lift = 0
        if constraints.values != solvers[s].constraints.values {
          solvers[s].additionalPrescribedValues.append(constraints.values)
          lift = solvers[s].additionalPrescribedValues.count
        }
        cases.append(Case(name: caseNames[k], problem: problem, loadVector: loadVector, solverIndex: s, lift: lift))
      } else {
        do {
          solvers.append(try ElasticSolver(problem: problem, factorization: factorization))
        } catch let error as NumericalError {
          // A case's own supports leave a motion free: say which case.
          guard let name = caseNames[k] else { throw error }
          throw NumericalError("load case \"\(name)\": \(error.message)")
        }
        cases.append(Case(name: caseNames[k], problem: problem, loadVector: loadVector, solverIndex: solvers.count - 1, lift: 0))
      }
    }
    self.problem = problems[0]
    self.solver = solvers[cases[0].solverIndex]
    self.solvers = solvers
    self.cases = cases
    self.observation = inputs[0].observation
    self.parameters = parameters
    var rows = [(point: Int, component: Int)]()
    var measured = [Double](), weights = [Double]()
    var dataSets = [DataSet]()
    for input in inputs {
      let data = input.data, observation = input.observation
      let first = rows.count
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
      dataSets.append(DataSet(
        name: input.name, caseIndex: input.caseIndex, observation: observation, group: input.group,
        points: observation.keptIndices.map { data.points[$0] }, rigidBody: input.rigidBody, source: data.source,
        rowRange: first..<rows.count, rotationCentre: input.rotationCentre, registration: input.registration))
    }
    self.rows = rows
    self.dataSets = dataSets
    self.observedComponents = (0..<3).filter { c in rows.contains { $0.component == c } }
    self.measured = measured
    self.rowWeights = weights
    self.noiseKnown = inputs[0].data.sigma != nil
  }

  public var observationCount: Int { rows.count }

  /// Treats the rows' sigma as relative weights only (each data set's noise estimated from
  /// a first fit): the uncertainty analysis then scales them by the residuals' variance,
  /// and the χ² test says there is no stated noise to test against.
  public func treatNoiseAsEstimated() { noiseKnown = false }

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
  /// The factors and displacements of the last call are kept: asking again at the same
  /// p (as an optimizer does when it accepts a trial point and then wants the
  /// Jacobian there) costs no factorization.
  public func predict(_ p: [Double]) throws -> [Double] {
    if p == lastParameters && !lastDisplacements.isEmpty { return interpolateRows(displacements: lastDisplacements) }
    let model = model(for: p)
    let stiffness = problem.blockStiffnesses(model: model)
    lastParameters = []  // the factors are about to change; nothing cached survives a failure
    var displacements = [[Double]](repeating: [], count: cases.count)
    for (s, solver) in solvers.enumerated() {
      let before = ReuseSnapshot(solver)
      try solver.update(stiffness: stiffness)
      counters.assemblySeconds += solver.timings.assemblySeconds
      let members = cases.indices.filter { cases[$0].solverIndex == s }
      let u = try solver.solveConstrained(
        rhs: members.flatMap { cases[$0].loadVector }, columns: members.count, lifts: members.map { cases[$0].lift })
      count(since: before, solver)
      let n = solver.assembler.dofCount
      for (i, k) in members.enumerated() { displacements[k] = Array(u[(i * n)..<((i + 1) * n)]) }
    }
    lastDisplacements = displacements
    lastParameters = p
    return interpolateRows(displacements: displacements)
  }

  /// Row values of a nodal field (for a model of one data set: the refined model's
  /// check interpolates its own field through this).
  public func interpolateRows(_ u: [Double]) -> [Double] {
    interpolateRows(displacements: [[Double]](repeating: u, count: cases.count))
  }

  /// Row values of the load cases' nodal fields (one per case).
  public func interpolateRows(displacements: [[Double]]) -> [Double] {
    var out = [Double](repeating: 0, count: rows.count)
    for set in dataSets {
      let u = displacements[set.caseIndex]
      var byComponent = [[Double]](repeating: [], count: 3)
      if let registration = set.registration {  // data-frame components: (Rᵀ u)_c
        for c in 0..<3 { byComponent[c] = set.observation.interpolate(u, component: c) }
        for r in set.rowRange {
          let i = rows[r].point
          out[r] = registration.toDataFrame(SIMD3(byComponent[0][i], byComponent[1][i], byComponent[2][i]))[rows[r].component]
        }
        continue
      }
      for c in observedComponents { byComponent[c] = set.observation.interpolate(u, component: c) }
      for r in set.rowRange { out[r] = byComponent[rows[r].component][rows[r].point] }
    }
    return out
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
  /// by forward sensitivities, at the parameters of the last `predict`: per solver, the
  /// right-hand sides of all its cases and parameters in one solve.
  public func jacobian() throws -> [Double] {
    let clock = ContinuousClock()
    let start = clock.now
    let derivatives = stiffnessDerivatives(model: model(for: lastParameters))
    let np = parameters.count
    var sensitivities = [[[Double]]](repeating: [], count: cases.count)  // [case][parameter]
    for (s, solver) in solvers.enumerated() {
      let n = solver.assembler.dofCount
      let members = cases.indices.filter { cases[$0].solverIndex == s }
      var rhs = [Double](repeating: 0, count: n * np * members.count)
      for (i, k) in members.enumerated() {
        let products = solver.assembler.stiffnessDerivativeProducts(lastDisplacements[k], derivatives: derivatives)
        for j in 0..<np { for d in 0..<n { rhs[(i * np + j) * n + d] = -products[j][d] } }
      }
      let before = ReuseSnapshot(solver)
      let du = try solver.solveConstrained(rhs: rhs, columns: np * members.count, homogeneous: true)
      count(since: before, solver)
      counters.sensitivitySolves += np * members.count
      for (i, k) in members.enumerated() {
        sensitivities[k] = (0..<np).map { j in Array(du[((i * np + j) * n)..<((i * np + j + 1) * n)]) }
      }
    }
    var jac = [Double](repeating: 0, count: rows.count * np)
    for j in 0..<np {
      let column = interpolateRows(displacements: cases.indices.map { sensitivities[$0][j] })
      for r in 0..<rows.count { jac[j * rows.count + r] = column[r] * rowWeights[r] }
    }
    counters.sensitivitySeconds += (clock.now - start).seconds
    return jac
  }

  /// The gradient of ½‖r‖² by the adjoint method, at the parameters of the last `predict`,
  /// for given weighted residuals r (one extra solve per load case, whatever the number
  /// of parameters; a solver's cases solved together).
  public func adjointGradient(residuals r: [Double]) throws -> [Double] {
    let clock = ContinuousClock()
    let start = clock.now
    let derivatives = stiffnessDerivatives(model: model(for: lastParameters))
    var gradient = [Double](repeating: 0, count: parameters.count)
    for (s, solver) in solvers.enumerated() {
      let n = solver.assembler.dofCount
      let members = cases.indices.filter { cases[$0].solverIndex == s }
      // Hᵀ W r of each case's data sets, component by component.
      var load = [Double](repeating: 0, count: n * members.count)
      for (i, k) in members.enumerated() {
        var caseLoad = [Double](repeating: 0, count: n)
        for set in dataSets where set.caseIndex == k {
          if let registration = set.registration {  // the rows are (Rᵀ u)_c: Hᵀ R W r
            for a in 0..<3 {
              var w = [Double](repeating: 0, count: set.observation.pointCount)
              for row in set.rowRange { w[rows[row].point] += r[row] * rowWeights[row] * registration.transform.entry(a, rows[row].component) }
              set.observation.accumulateTranspose(w, component: a, into: &caseLoad)
            }
            continue
          }
          for c in observedComponents {
            var w = [Double](repeating: 0, count: set.observation.pointCount)
            for row in set.rowRange where rows[row].component == c { w[rows[row].point] += r[row] * rowWeights[row] }
            set.observation.accumulateTranspose(w, component: c, into: &caseLoad)
          }
        }
        for d in 0..<n { load[i * n + d] = caseLoad[d] }
      }
      let before = ReuseSnapshot(solver)
      let lambda = try solver.solveConstrained(rhs: load, columns: members.count, homogeneous: true)
      count(since: before, solver)
      counters.adjointSolves += members.count
      for (i, k) in members.enumerated() {
        let products = solver.assembler.stiffnessDerivativeProducts(lastDisplacements[k], derivatives: derivatives)
        for (j, product) in products.enumerated() {
          var sum = 0.0
          for d in 0..<n where !solver.constraints.isPrescribed[d] { sum -= lambda[i * n + d] * product[d] }
          gradient[j] += sum
        }
      }
    }
    counters.adjointSeconds += (clock.now - start).seconds
    return gradient
  }

  /// Solves the next iterates by CG preconditioned with the kept factor of an earlier one,
  /// refactorizing only past `policy.maxIterations` (nil: a factorization per iterate).
  public func reuseFactors(_ policy: FactorReusePolicy?) {
    for solver in solvers { solver.reuse = policy }
  }

  /// A solver's counts before a call, to add what the call did to `counters`.
  struct ReuseSnapshot {
    var factorizations: Int
    var reuse: FactorReuseCounters
    init(_ solver: ElasticSolver) {
      factorizations = solver.timings.factorizations
      reuse = solver.reuseCounters
    }
  }

  /// Adds the factorizations and CG iterations `solver` did since `before`.
  func count(since before: ReuseSnapshot, _ solver: ElasticSolver) {
    let factorized = solver.timings.factorizations - before.factorizations
    counters.factorizations += factorized
    if factorized > 0 { counters.factorizationSeconds += solver.timings.factorizationSeconds }
    counters.cgIterations += solver.reuseCounters.cgIterations - before.reuse.cgIterations
    counters.reusedSolves += solver.reuseCounters.reusedColumns - before.reuse.reusedColumns
  }
}
