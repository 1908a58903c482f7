import FECommon
import FEKernel
import Foundation
import Inversion

/// A registered data set's frame as the fit found it: the transform x_model = R x_data + t
/// with R = R_z(γ) R_y(β) R_x(α), its six values with standard errors (from the joint
/// analysis of [J B_rigid B_registration], so the ply parameters' uncertainty is in them),
/// and which parameters were held because the data cannot see them.
public struct RegistrationEstimate: Sendable {
  public var dataSet: String
  public var group: String
  /// How the initial alignment was found (reference points, principal axes, given).
  public var alignmentNote: String
  public var transform: RigidTransform
  public var initial: RigidTransform
  /// The point the refined rotations turned about (model frame).
  public var centre: SIMD3<Double>
  /// `DataFrameRegistration.parameterNames`: α, β, γ (radians), then t (length unit).
  public var names: [String]
  public var values: [Double]
  public var initialValues: [Double]
  /// Standard errors of `values`; NaN when the registration was not refined.
  public var standardErrors: [Double]
  /// Update parameters the data cannot see (rotations about x, y, z, translations x, y, z):
  /// held at their initial value, not fitted.
  public var held: [Bool]
  public var refined: Bool
  public var converged: Bool
  public var iterations: Int
  /// Points registered and the largest distance of a registered point from the face.
  public var pointCount: Int
  public var largestDistance: Double
  /// The fitted parameters' standard errors with every registration held at its estimate
  /// (the fit's own, in `uncertainty`, are with it free: never smaller).
  public var parameterStandardErrorsFixed: [Double]

  /// Points farther from the face than their tolerance after the refinement (within the
  /// registration's uncertainty of it, else the fit is refused) and the largest distance.
  public var beyondTolerance = 0
  public var largestBeyond = 0.0

  /// Registration unknowns fitted (not held).
  public var activeCount: Int { refined ? held.filter { !$0 }.count : 0 }
}

extension LaminateForwardModel.DataSet {
  /// A model-frame vector in the data's frame (Rᵀ v when registered, else v itself).
  func inDataFrame(_ v: SIMD3<Double>) -> SIMD3<Double> { registration?.toDataFrame(v) ?? v }
}

extension LaminateFitRun {
  /// The marker of registration columns among the nuisance columns' names.
  static let registrationMarker = "registration_"

  /// The nuisance basis of a fit with registered data: the rigid-body columns at the
  /// current points (when fitted) and each refined registration's visible columns, named
  /// `registration_<parameter>` (with the set's prefix when there are several).
  static func registeredBasis(forward: LaminateForwardModel, rigidBody: Bool) -> RigidBasis? {
    var basis = rigidBody ? rigidBasis(forward: forward) : RigidBasis(matrix: [], columns: [])
    let m = forward.observationCount
    let several = forward.dataSets.count > 1
    for (k, registration) in forward.registrations where registration.refine && !forward.registrationFrozen {
      let set = forward.dataSets[k]
      let columns = forward.registrationColumns(k)
      for j in 0..<6 where !(registration.held?[j] ?? false) {
        var full = [Double](repeating: 0, count: m)
        for (q, r) in set.rowRange.enumerated() { full[r] = columns[j][q] }
        basis.matrix += full
        basis.columns.append("\(several ? "\(set.name)/" : "")\(registrationMarker)\(DataFrameRegistration.parameterNames[j])")
      }
    }
    return basis.nonEmpty
  }

  /// Each registered set's estimate (see `RegistrationEstimate`).
  static func registrationEstimates(
    forward: LaminateForwardModel, basis: RigidBasis?, joint: UncertaintyAnalysis?, jacobian: [Double], residuals: [Double],
    rigidBody: Bool, uncertainty: UncertaintyAnalysis, settings: FitSettings, scaling: [Double]?, activeBounds: [Bool],
    estimate: [Double]
  ) throws -> [RegistrationEstimate] {
    let n = estimate.count, m = residuals.count
    // The parameters' standard errors with the registrations held: only the rigid motion projected out.
    var fixedJacobian = jacobian
    if rigidBody, let rigid = rigidBasis(forward: forward).nonEmpty {
      fixedJacobian = VariableProjection.eliminate(
        residuals: residuals, jacobian: jacobian, basis: rigid.prepared(rows: m), parameterCount: n).jacobian ?? jacobian
    }
    let fixed = UncertaintyAnalysis.analyze(
      jacobian: fixedJacobian, residuals: residuals, parameterCount: n, parameterNames: settings.parameters.map(\.name),
      noiseKnown: forward.noiseKnown, scales: scaling, activeBounds: activeBounds, estimate: estimate)
    let several = forward.dataSets.count > 1
    let total = n + (basis?.columns.count ?? 0)
    return try forward.registrations.map { k, registration in
      let set = forward.dataSets[k]
      let prefix = several ? "\(set.name)/" : ""
      // The 6×6 covariance of the update δ (zero for held parameters).
      var c6 = [Double](repeating: 0, count: 36)
      if let joint, let basis, registration.refine {
        var index = [Int?](repeating: nil, count: 6)
        for (q, name) in basis.columns.enumerated() {
          for j in 0..<6 where name == "\(prefix)\(registrationMarker)\(DataFrameRegistration.parameterNames[j])" { index[j] = n + q }
        }
        for a in 0..<6 { for b in 0..<6 {
          if let i = index[a], let j = index[b] { c6[6 * a + b] = joint.covariance[i * total + j] }
        } }
      }
      // The reported values' sensitivity to δ by central differences (h = 1e-6: the map
      // is smooth and of order one in radians and length).
      let h = 1e-6
      var sensitivity = [Double](repeating: 0, count: 36)  // row-major: output a, input b
      for b in 0..<6 {
        var plus = [Double](repeating: 0, count: 6), minus = plus
        plus[b] = h
        minus[b] = -h
        let fp = DataFrameRegistration.reported(registration.updated(plus))
        let fm = DataFrameRegistration.reported(registration.updated(minus))
        for a in 0..<6 { sensitivity[6 * a + b] = (fp[a] - fm[a]) / (2 * h) }
      }
      var se = [Double](repeating: .nan, count: 6)
      if registration.refine {
        for a in 0..<6 {
          var s = 0.0
          for b in 0..<6 { for c in 0..<6 { s += sensitivity[6 * a + b] * c6[6 * b + c] * sensitivity[6 * a + c] } }
          se[a] = max(s, 0).squareRoot()
        }
      }
      var e = RegistrationEstimate(
        dataSet: set.name, group: set.group, alignmentNote: registration.alignmentNote, transform: registration.transform,
        initial: registration.initial, centre: registration.centre, names: DataFrameRegistration.parameterNames,
        values: DataFrameRegistration.reported(registration.transform),
        initialValues: DataFrameRegistration.reported(registration.initial), standardErrors: se,
        held: registration.held ?? [Bool](repeating: !registration.refine, count: 6), refined: registration.refine,
        converged: registration.converged, iterations: registration.lastIterations,
        pointCount: set.observation.pointCount, largestDistance: set.observation.largestDistance,
        parameterStandardErrorsFixed: fixed.standardErrors)
      if registration.refine {
        // Three standard errors of a point's move: the translation's and the rotation's
        // over the data's half extent.
        let st = (se[3] * se[3] + se[4] * se[4] + se[5] * se[5]).squareRoot()
        let sr = (se[0] * se[0] + se[1] * se[1] + se[2] * se[2]).squareRoot()
        let slack = 3 * (st + sr * forward.extent(k) / 2)
        (e.beyondTolerance, e.largestBeyond) = try forward.checkOnSurface(k, slack: slack.isFinite ? slack : 0)
      }
      return e
    }
  }
}

extension LaminateFitRun.Problem {
  /// One evaluation with registered data: solve at p, refine every registration at that
  /// solution (the inner solve of the variable projection), then project the rigid-body
  /// and registration columns out of the residual and the Jacobian (Kaufman's
  /// approximation: the columns' own dependence on p is left out).
  mutating func evaluateRegistered(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
    _ = try forward.predict(p)
    try forward.refineRegistrations(rigidBody: rigidBodyFitted)
    let r = try forward.residuals(p)
    let j = wantJacobian ? try forward.jacobian() : nil
    guard let basis = LaminateFitRun.registeredBasis(forward: forward, rigidBody: rigidBodyFitted) else {
      return LeastSquaresEvaluation(residuals: r, jacobian: j)
    }
    let e = VariableProjection.eliminate(residuals: r, jacobian: j, basis: basis.prepared(rows: r.count), parameterCount: p.count)
    return LeastSquaresEvaluation(residuals: e.residuals, jacobian: e.jacobian)
  }
}
