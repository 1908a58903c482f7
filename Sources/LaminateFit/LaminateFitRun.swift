import FECommon
import FEKernel
import Foundation
import Inversion

/// The whole laminate fit: the forward model as a least-squares problem, the
/// data's rigid-body motion removed by variable projection, bounded
/// Levenberg–Marquardt, then the uncertainty analysis.
///
/// With `rigid_body = "fit"` the data's translation (in each observed component)
/// and its rotation about the observation surface's normal enter the residual
/// linearly: r(p, a) = W(Hu(p) + B a − d). At every evaluation a is eliminated in
/// closed form (Golub & Pereyra 1973; the Jacobian of the projected residual in
/// Kaufman's 1975 approximation), so the optimizer sees only the ply parameters,
/// and the projected Jacobian makes the parameter covariance account for the
/// unknown rigid motion. The report gives a and its standard errors from the
/// joint Jacobian [J B].
public enum LaminateFitRun {
  public struct RigidBodyEstimate: Sendable {
    public var name: String
    public var value: Double
    public var standardError: Double
  }

  public struct Outcome: Sendable {
    public var parameters: [FitParameter]
    public var result: FitResult
    public var uncertainty: UncertaintyAnalysis
    public var rigidBody: [RigidBodyEstimate]
    public var fittedModel: ModelDefinition
    public var displacement: [Double]
    /// Per residual row: point (kept index), component, measured, predicted (rigid motion included), weighted residual.
    public var rows: [(point: Int, component: Int)]
    public var measured: [Double]
    public var predicted: [Double]
    public var weightedResiduals: [Double]
    public var counters: LaminateForwardModel.Counters
    public var totalSeconds: Double
    /// The point the rigid-body rotation turns about (`SurfaceGeometry.rotationCentre`),
    /// when the rigid motion was fitted.
    public var rotationCentre: SIMD3<Double>?
    /// Each registered data set's frame with its standard errors (LaminateFitRun+Registration.swift).
    public var registrations: [RegistrationEstimate] = []
  }

  /// Fits `settings.parameters` to `data`.
  ///
  /// - Throws: `InputError` at `data.source` when the observed values do not outnumber the
  ///   unknowns (the parameters and, with `.fit`, the rigid-body motions); the forward
  ///   model's `NumericalError` when a solve fails.
  public static func run(
    forward: LaminateForwardModel, data: FringeData, rigidBody: RigidBodyTreatment, settings: FitSettings,
    progress: ((IterationRecord) -> Void)? = nil
  ) throws -> Outcome {
    let clock = ContinuousClock()
    let start = clock.now
    let basis = rigidBody == .fit ? rigidBasis(forward: forward, data: data).nonEmpty : nil
    // The unknowns are the parameters and, with rigid_body = "fit", the rigid motion.
    let unknowns = settings.parameters.count + (basis?.columns.count ?? 0)
    guard forward.observationCount > unknowns else {
      let rigid = basis.map { " and \($0.columns.count) rigid-body unknowns (\($0.columns.joined(separator: ", ")))" } ?? ""
      throw InputError(
        "found \(forward.observationCount) observed values for \(settings.parameters.count) parameters\(rigid); expected more values than unknowns",
        at: SourceLocation(file: data.source))
    }
    var problem = Problem(
      forward: forward,
      basis: basis.map { $0.prepared(rows: forward.observationCount) })
    problem.rigidBodyFitted = rigidBody == .fit
    var options = LevenbergMarquardtOptions()
    options.maxIterations = settings.maxIterations
    options.regularization = settings.regularization
    options.scaling = settings.parameters.map { max(abs($0.initial), 1e-12) }
    // With the data's own sigma the objective is ½χ²: stop once a step gains less than
    // 1e-3 of it (a move of ~0.05 standard errors). Without sigma only relative tests apply.
    if forward.noiseKnown { options.absoluteObjectiveTolerance = 1e-3 }
    // Reused factors: each solve's relative residual 1e-3 of the step tolerance, so the
    // error it leaves in the residuals and the Gauss-Newton step is a thousandth of what
    // the stopping test resolves.
    forward.reuseFactors(settings.factorReuse
      ? FactorReusePolicy(maxIterations: settings.factorReuseIterations, relativeTolerance: 1e-3 * options.stepTolerance)
      : nil)
    let bounds = ParameterBounds(lower: settings.parameters.map(\.lower), upper: settings.parameters.map(\.upper))
    var initial = settings.parameters.map(\.initial)
    if forward.registrations.contains(where: { $0.registration.refine }) {
      // First the parameters with the frames held at their initial alignment, then both
      // (LaminateForwardModel.registrationFrozen says why).
      forward.registrationFrozen = true
      defer { forward.registrationFrozen = false }
      initial = try LevenbergMarquardt.minimize(&problem, initial: initial, bounds: bounds, options: options).estimate
    }
    let result = try LevenbergMarquardt.minimize(
      &problem, initial: initial, bounds: bounds, options: options, progress: progress)

    // Final state at the estimate: one more solve so everything reported is consistent.
    let p = result.estimate
    if forward.hasRegistration {  // the registration at its optimum for p (LaminateFitRun+Registration.swift)
      _ = try forward.predict(p)
      try forward.refineRegistrations(rigidBody: problem.rigidBodyFitted)
      try forward.checkRegistrations()
    }
    let finalBasis = forward.hasRegistration ? registeredBasis(forward: forward, rigidBody: problem.rigidBodyFitted) : basis
    let raw = try forward.residuals(p)
    let jacobian = try forward.jacobian()
    let m = raw.count, n = p.count
    var residuals = raw
    var projectedJacobian = jacobian
    var rigid = [RigidBodyEstimate]()
    var registrationJoint: UncertaintyAnalysis?
    if let basis = finalBasis {
      let prepared = basis.prepared(rows: m)
      let k = basis.columns.count
      let eliminated = VariableProjection.eliminate(residuals: raw, jacobian: jacobian, basis: prepared, parameterCount: n)
      residuals = eliminated.residuals
      projectedJacobian = eliminated.jacobian ?? jacobian
      // Joint analysis of [J B] for the rigid-body standard errors.
      let joint = UncertaintyAnalysis.analyze(
        jacobian: jacobian + basis.matrix, residuals: residuals, parameterCount: n + k,
        parameterNames: settings.parameters.map(\.name) + basis.columns, noiseKnown: forward.noiseKnown,
        estimate: p + eliminated.coefficients)
      registrationJoint = joint
      for (j, name) in basis.columns.enumerated() where !name.contains(registrationMarker) {
        // The basis acts on weighted residuals as +B a, so a is the motion itself.
        rigid.append(RigidBodyEstimate(name: name, value: eliminated.coefficients[j], standardError: joint.standardErrors[n + j]))
      }
    }
    var uncertainty = UncertaintyAnalysis.analyze(
      jacobian: projectedJacobian, residuals: residuals, parameterCount: n,
      parameterNames: settings.parameters.map(\.name), noiseKnown: forward.noiseKnown,
      scales: options.scaling, activeBounds: result.activeBounds, estimate: p)
    // Directions lost in the noise, beyond those the data cannot see at all.
    let exact = Set(uncertainty.identifiabilityWarnings.flatMap { $0.combination.map(\.name) })
    // Angles on an absolute scale (at least 10°): 0.0007° ± 0.0012° is resolved.
    let resolutionScales = settings.parameters.enumerated().map { j, parameter -> Double in
      if case .plyAngleDegrees = parameter.target { return max(abs(p[j]), 10) }
      return p[j] == 0 || !p[j].isFinite ? 1 : abs(p[j])
    }
    for w in uncertainty.poorlyResolvedDirections(estimate: p, names: settings.parameters.map(\.name), scales: resolutionScales)
    where !Set(w.combination.map(\.name)).isSubset(of: exact) {
      uncertainty.identifiabilityWarnings.append(w)
    }
    for (j, atBound) in result.activeBounds.enumerated() where atBound {
      let parameter = settings.parameters[j]
      uncertainty.identifiabilityWarnings.append(IdentifiabilityWarning(
        message: "\(parameter.name) ended at its bound (\(p[j])): the data pushed it there, its standard error is not computed, and it may not be determined by these data; widen the bounds or hold it fixed",
        combination: [(name: parameter.name, coefficient: 1)], relativeSingularValue: .nan))
    }
    let predictedRows = (0..<m).map { residuals[$0] / forward.rowWeights[$0] + forward.measured[$0] }
    let registrations = forward.hasRegistration
      ? try registrationEstimates(
        forward: forward, basis: finalBasis, joint: registrationJoint, jacobian: jacobian, residuals: residuals,
        rigidBody: problem.rigidBodyFitted, uncertainty: uncertainty, settings: settings, scaling: options.scaling,
        activeBounds: result.activeBounds, estimate: p)
      : []
    return Outcome(
      parameters: settings.parameters, result: result, uncertainty: uncertainty, rigidBody: rigid,
      fittedModel: forward.model(for: p), displacement: forward.lastDisplacement, rows: forward.rows,
      measured: forward.measured, predicted: predictedRows, weightedResiduals: residuals,
      counters: forward.counters, totalSeconds: (clock.now - start).seconds,
      // Several data sets: each its own centre (`dataSetSummaries`).
      rotationCentre: basis == nil || forward.dataSets.count > 1 ? nil : SurfaceGeometry.rotationCentre(
        mesh: forward.problem.mesh, group: forward.dataSets[0].group),
      registrations: registrations)
  }

  /// The weighted rigid-body basis: one translation column per observed component,
  /// and the rotation about the surface normal when it moves an observed component.
  struct RigidBasis {
    var matrix: [Double]  // rows × columns, column-major
    var columns: [String]

    /// The basis, or nil when no data set's rigid motion is fitted.
    var nonEmpty: RigidBasis? { columns.isEmpty ? nil : self }

    /// The basis factorized for variable projection (`rows` data rows).
    func prepared(rows: Int) -> VariableProjection.PreparedBasis {
      VariableProjection.PreparedBasis(matrix, rows: rows, basisCount: columns.count)
    }
  }

  static func rigidBasis(forward: LaminateForwardModel, data: FringeData) -> RigidBasis { rigidBasis(forward: forward) }

  /// The rigid-body basis at the data sets' current points (a registered set's columns in
  /// its data frame: a rotation ω of the specimen moves its rows by (Rᵀ (ω × d))_c).
  static func rigidBasis(forward: LaminateForwardModel) -> RigidBasis {
    let mesh = forward.problem.mesh
    let rows = forward.rows
    let m = rows.count
    let several = forward.dataSets.count > 1
    var columns = [[Double]](), names = [String]()
    // Each data set (an observed face of a load case) moves rigidly on its own: its
    // columns are zero outside its rows. A set whose own treatment is "none" gets none.
    for set in forward.dataSets where set.rigidBody != RigidBodyTreatment.none {
      let prefix = several ? "\(set.name)/" : ""
      let normal = SurfaceGeometry.meanNormal(mesh: mesh, group: set.group)
      let centroid = set.rotationCentre ?? SurfaceGeometry.rotationCentre(mesh: mesh, group: set.group)
      for c in Set(set.rowRange.map { rows[$0].component }).sorted() {
        var column = [Double](repeating: 0, count: m)
        for k in set.rowRange where rows[k].component == c { column[k] = forward.rowWeights[k] }
        columns.append(column)
        names.append("\(prefix)translation_\(DOF.componentNames[c])")
      }
      var rotation = [Double](repeating: 0, count: m)
      for k in set.rowRange {
        let d = set.points[rows[k].point] - centroid
        rotation[k] = set.inDataFrame(cross(normal, d))[rows[k].component] * forward.rowWeights[k]
      }
      let rotationNorm = rotation.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let scale = set.rowRange.reduce(0.0) { $0 + forward.rowWeights[$1] * forward.rowWeights[$1] }.squareRoot()
      if set.rigidBody == .fit3D {
        // Rotations about x, y, z through the face's centre, each kept when the observed
        // components see it apart from the columns already kept (a face's rotation about
        // its own normal and about an axis are then one column, not two).
        for (axisIndex, axisName) in ["x", "y", "z"].enumerated() {
          var axis = SIMD3<Double>(repeating: 0)
          axis[axisIndex] = 1
          var column = [Double](repeating: 0, count: m)
          for k in set.rowRange {
            column[k] = set.inDataFrame(cross(axis, set.points[rows[k].point] - centroid))[rows[k].component] * forward.rowWeights[k]
          }
          if isIndependent(column, of: columns, rows: set.rowRange, scale: scale) {
            columns.append(column)
            names.append("\(prefix)rotation_about_\(axisName)")
          }
        }
      } else if rotationNorm > 1e-12 * scale {  // exactly zero when the rotation moves no observed component
        columns.append(rotation)
        names.append("\(prefix)rotation_about_normal")
      }
    }
    return RigidBasis(matrix: columns.flatMap { $0 }, columns: names)
  }

  /// Whether `column` keeps more than 1e-8 of its norm (and of `scale`) once projected off
  /// the earlier columns, over `rows` (Gram–Schmidt, twice for stability).
  static func isIndependent(_ column: [Double], of earlier: [[Double]], rows: Range<Int>, scale: Double) -> Bool {
    var v = column
    let norm0 = rows.reduce(0.0) { $0 + v[$1] * v[$1] }.squareRoot()
    guard norm0 > 1e-12 * scale else { return false }
    let nonzero = earlier.filter { c in rows.contains { c[$0] != 0 } }
    var basis = [[Double]]()
    for c in nonzero {
      var q = c
      for _ in 0..<2 {
        for b in basis {
          let d = rows.reduce(0.0) { $0 + q[$1] * b[$1] }
          for k in rows { q[k] -= d * b[k] }
        }
      }
      let n = rows.reduce(0.0) { $0 + q[$1] * q[$1] }.squareRoot()
      if n > 1e-12 { basis.append(q.map { $0 / n }) }
    }
    for _ in 0..<2 {
      for b in basis {
        let d = rows.reduce(0.0) { $0 + v[$1] * b[$1] }
        for k in rows { v[k] -= d * b[k] }
      }
    }
    return rows.reduce(0.0) { $0 + v[$1] * v[$1] }.squareRoot() > 1e-8 * norm0
  }

  /// The forward model as the inversion layer sees it.
  struct Problem: LeastSquaresProblem {
    let forward: LaminateForwardModel
    /// The rigid-body basis, factorized once for all evaluations.
    let basis: VariableProjection.PreparedBasis?
    /// Whether the rigid motions are fitted (for a registered data set's inner solve).
    var rigidBodyFitted = false
    var parameterCount: Int { forward.parameters.count }

    mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
      // A step may leave the admissible set inside the bounds (an indefinite
      // compliance): report a huge residual so the optimizer rejects it.
      guard forward.isAdmissible(p) else {
        return LeastSquaresEvaluation(
          residuals: [Double](repeating: 1e150, count: forward.observationCount),
          jacobian: wantJacobian ? [Double](repeating: 0, count: forward.observationCount * p.count) : nil)
      }
      if forward.hasRegistration { return try evaluateRegistered(p, wantJacobian: wantJacobian) }  // +Registration
      let r = try forward.residuals(p)
      let j = wantJacobian ? try forward.jacobian() : nil
      guard let basis else { return LeastSquaresEvaluation(residuals: r, jacobian: j) }
      let e = VariableProjection.eliminate(residuals: r, jacobian: j, basis: basis, parameterCount: p.count)
      return LeastSquaresEvaluation(residuals: e.residuals, jacobian: e.jacobian)
    }
  }
}
