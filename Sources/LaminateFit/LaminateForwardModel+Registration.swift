import FECommon
import FEBasis
import FEKernel
import Foundation
import Inversion

/// A data set measured in a camera's frame: x_model = R x_data + t, u_model = R u_data.
///
/// The data's values stay in their own frame; the model's prediction is turned into it,
/// (Rᵀ u(x))_c, so a camera that sees only some components needs no others. The six
/// registration parameters are small updates of (R, t): rotations ω about `centre` and
/// translations τ, x ↦ centre + exp([ω]×)(x − centre) + τ, composed onto the transform
/// after each step (`LaminateForwardModel.refineRegistrations`).
public struct DataFrameRegistration: Sendable {
  /// The current transform from the data's frame to the model's.
  public var transform: RigidTransform
  /// The initial alignment's transform.
  public var initial: RigidTransform
  /// The point the rotations turn about (model frame).
  public var centre: SIMD3<Double>
  /// The kept points in the data's frame (the rows' point indices index them).
  public var dataPoints: [SIMD3<Double>]
  /// Whether the fit refines the transform (false: held at `initial`).
  public var refine: Bool
  /// How the initial alignment was found, for the summary.
  public var alignmentNote: String
  /// Where the registration was stated, for errors.
  public var location: SourceLocation
  /// The observed face's projection tolerance per point (the larger of 1 % of its face's
  /// size and the stated tolerance), model length unit; empty: not checked after refining.
  public var tolerances: [Double] = []
  /// Which of the six parameters (rotations about x, y, z; translations x, y, z) the data
  /// cannot see and are held; nil until the first refinement decides.
  public internal(set) var held: [Bool]?
  /// Gauss–Newton iterations of the last refinement, and whether it met its tolerance.
  public internal(set) var lastIterations = 0
  public internal(set) var converged = true

  public init(
    transform: RigidTransform, centre: SIMD3<Double>, dataPoints: [SIMD3<Double>], refine: Bool,
    alignmentNote: String, location: SourceLocation
  ) {
    self.transform = transform
    self.initial = transform
    self.centre = centre
    self.dataPoints = dataPoints
    self.refine = refine
    self.alignmentNote = alignmentNote
    self.location = location
  }

  /// A model-frame vector in the data's frame, Rᵀ v.
  @inlinable public func toDataFrame(_ v: SIMD3<Double>) -> SIMD3<Double> { transform.rotateBack(v) }

  /// The six parameter names, in order.
  public static let parameterNames = [
    "rotation_about_x", "rotation_about_y", "rotation_about_z", "translation_x", "translation_y", "translation_z",
  ]

  /// The transform after an update δ = (ω, τ): x ↦ c + exp([ω]×)(T x − c) + τ.
  public func updated(_ delta: [Double]) -> RigidTransform {
    let q = RigidTransform.rotation(vector: SIMD3(delta[0], delta[1], delta[2]))
    let step = RigidTransform(rows: q.rows, translation: centre + SIMD3(delta[3], delta[4], delta[5]) - q.rotate(centre))
    return step.after(transform)
  }

  /// The reported values: the angles (α, β, γ) of R = R_z(γ) R_y(β) R_x(α) (radians) and t.
  public static func reported(_ t: RigidTransform) -> [Double] {
    let a = t.eulerXYZ
    return [a.x, a.y, a.z, t.translation.x, t.translation.y, t.translation.z]
  }
}

extension LaminateForwardModel {
  /// Whether some data set is registered from a camera frame.
  public var hasRegistration: Bool { dataSets.contains { $0.registration != nil } }

  /// The registration of each registered data set, by data set index.
  public var registrations: [(set: Int, registration: DataFrameRegistration)] {
    dataSets.indices.compactMap { k in dataSets[k].registration.map { (k, $0) } }
  }

  /// Refines each registered data set's transform at the displacement of the last
  /// `predict` (the ply parameters held): Gauss–Newton on ‖r + B a + B_reg δ‖ over the
  /// set's rigid-body unknowns a (linear, eliminated) and its registration update δ, the
  /// points re-projected onto the face after every step. This is the inner solve of the
  /// variable projection: the nuisances at their optimum for the current parameters.
  ///
  /// - Throws: `InputError` at the registration's location when the refined frame
  ///   wanders more than 10° or a quarter of the data's extent from its initial alignment
  ///   (the data cannot fix the frame), or when the refined points leave the face.
  public func refineRegistrations(rigidBody: Bool) throws {
    if registrationFrozen { return }
    for k in dataSets.indices {
      guard let registration = dataSets[k].registration, registration.refine else { continue }
      try refineRegistration(of: k, rigidBody: rigidBody)
    }
  }

  /// Builds the set's observation operator at its current transform (every point kept).
  func relocate(_ k: Int) throws {
    guard let registration = dataSets[k].registration else { return }
    let set = dataSets[k]
    let points = registration.dataPoints.map { registration.transform.apply($0) }
    dataSets[k].observation = try ObservationOperator(
      mesh: problem.mesh, group: set.group, points: points, lines: points.indices.map { $0 + 1 },
      source: set.source, dropOffSurface: false, projectionTolerance: .infinity)
    dataSets[k].points = points
  }

  /// The weighted residual of set k's rows (predicted − measured, the correction added).
  func setResiduals(_ k: Int) -> [Double] {
    let set = dataSets[k]
    let predicted = interpolateRows(displacements: lastDisplacements)
    return set.rowRange.map { r in (predicted[r] + (predictionCorrection?[r] ?? 0) - measured[r]) * rowWeights[r] }
  }

  /// The rigid-body columns of set k over its rows (column-major, rows of the set only).
  func setRigidColumns(_ k: Int, rigidBody: Bool) -> [[Double]] {
    guard rigidBody, dataSets[k].rigidBody != RigidBodyTreatment.none else { return [] }
    let basis = LaminateFitRun.rigidBasis(forward: self)
    let m = rows.count, range = dataSets[k].rowRange
    return (0..<basis.columns.count).compactMap { j -> [Double]? in
      let column = range.map { basis.matrix[j * m + $0] }
      return column.contains { $0 != 0 } ? column : nil
    }
  }

  /// ∂r/∂δ of set k's rows for the six registration parameters (one array per parameter,
  /// the set's rows): the sampling position's sensitivity through the face's surface
  /// gradient of u, and the rotation of the predicted vector.
  ///
  /// For row (point i, data component c): ∂/∂ω_j = [Rᵀ (G (e_j × (x − c)) − e_j × u)]_c w,
  /// ∂/∂τ_j = [Rᵀ G e_j]_c w, with G the surface gradient of u at the projected point x
  /// (G a_ξ = ∂u/∂ξ, G a_η = ∂u/∂η, G n = 0: a move along the normal is projected away).
  public func registrationColumns(_ k: Int) -> [[Double]] {
    let set = dataSets[k]
    guard let registration = set.registration else { return [] }
    let op = set.observation
    let u = lastDisplacements[set.caseIndex]
    let mesh = problem.mesh
    var values = [Double](repeating: 0, count: 8), gradients = [Double](repeating: 0, count: 24)
    // Per point: u(x) and the surface gradient's action on the six motions.
    var motion = [[SIMD3<Double>]](repeating: [], count: op.pointCount)
    for i in 0..<op.pointCount {
      let range = op.rowStarts[i]..<op.rowStarts[i + 1]
      let kind: ElementKind
      switch range.count {
      case 3: kind = .tri3
      case 6: kind = .tri6
      case 8: kind = .quad8
      default: kind = .quad4
      }
      let xi = op.referenceCoordinates[i]
      values.withUnsafeMutableBufferPointer { v in
        gradients.withUnsafeMutableBufferPointer { g in
          ReferenceElement.evaluate(kind, at: SIMD3(xi.x, xi.y, 0), values: v, gradients: g)
        }
      }
      var a1 = SIMD3<Double>.zero, a2 = SIMD3<Double>.zero, ux = SIMD3<Double>.zero, ue = SIMD3<Double>.zero
      var ui = SIMD3<Double>.zero
      for (a, e) in range.enumerated() {
        let node = op.nodeIndices[e]
        let x = mesh.point(node)
        let un = SIMD3(u[3 * node], u[3 * node + 1], u[3 * node + 2])
        a1 += gradients[3 * a] * x
        a2 += gradients[3 * a + 1] * x
        ux += gradients[3 * a] * un
        ue += gradients[3 * a + 1] * un
        ui += op.weights[e] * un
      }
      // G d = u_ξ s + u_η t with (s, t) = M⁻¹ Aᵀ d, M = AᵀA.
      let m11 = (a1 * a1).sum(), m12 = (a1 * a2).sum(), m22 = (a2 * a2).sum()
      let det = m11 * m22 - m12 * m12
      func g(_ d: SIMD3<Double>) -> SIMD3<Double> {
        let b1 = (a1 * d).sum(), b2 = (a2 * d).sum()
        let s = (m22 * b1 - m12 * b2) / det, t = (m11 * b2 - m12 * b1) / det
        return s * ux + t * ue
      }
      let x = op.projectedPoints[i] - registration.centre
      var columns = [SIMD3<Double>]()
      for j in 0..<3 {
        var e = SIMD3<Double>.zero
        e[j] = 1
        columns.append(registration.toDataFrame(g(cross(e, x)) - cross(e, ui)))
      }
      for j in 0..<3 {
        var e = SIMD3<Double>.zero
        e[j] = 1
        columns.append(registration.toDataFrame(g(e)))
      }
      motion[i] = columns
    }
    return (0..<6).map { j in set.rowRange.map { r in motion[rows[r].point][j][rows[r].component] * rowWeights[r] } }
  }

  /// The extent of set k's points (largest bounding-box side, model length unit).
  func extent(_ k: Int) -> Double {
    let p = dataSets[k].points
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for x in p { lo = pointwiseMin(lo, x); hi = pointwiseMax(hi, x) }
    return p.isEmpty ? 1 : max((hi - lo).max(), 1e-300)
  }

  /// Decides which registration parameters set k's data see (see `refineRegistrations`):
  /// a parameter is held when its column, scaled to a move of the data's extent L (a
  /// rotation of one radian, a translation of L), is below 1e-6 of the weighted predicted
  /// field, or keeps less than 1e-6 of its norm once projected off the rigid-body columns
  /// and the parameters kept before it (rotations x, y, z, then translations x, y, z).
  func decideHeld(_ k: Int, rigid: [[Double]], columns: [[Double]]) -> [Bool] {
    let length = extent(k)
    let range = dataSets[k].rowRange
    let predicted = interpolateRows(displacements: lastDisplacements)
    let field = range.reduce(0.0) { $0 + predicted[$1] * rowWeights[$1] * predicted[$1] * rowWeights[$1] }.squareRoot()
    var kept = rigid.map { Self.normalized($0) }.compactMap { $0 }
    var held = [Bool]()
    for (j, column) in columns.enumerated() {
      let scaled = j < 3 ? column : column.map { $0 * length }
      let norm = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot()
      var v = scaled
      for _ in 0..<2 {
        for b in kept {
          let d = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
          for i in v.indices { v[i] -= d * b[i] }
        }
      }
      let remaining = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let visible = norm > 1e-6 * field && remaining > 1e-6 * norm
      held.append(!visible)
      if visible, let n = Self.normalized(v) { kept.append(n) }
    }
    return held
  }

  static func normalized(_ v: [Double]) -> [Double]? {
    let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    return n > 0 ? v.map { $0 / n } : nil
  }

  /// ‖(I − P_B) r‖² and the least-squares coefficients of −r on B's columns (set rows).
  static func projectedSquares(_ r: [Double], basis: [[Double]]) -> (squares: Double, coefficients: [Double]) {
    guard !basis.isEmpty else { return (r.reduce(0) { $0 + $1 * $1 }, []) }
    let e = VariableProjection.eliminate(
      residuals: r, jacobian: nil, basis: basis.flatMap { $0 }, rows: r.count, parameterCount: 0, basisCount: basis.count)
    return (e.residuals.reduce(0) { $0 + $1 * $1 }, e.coefficients)
  }

  /// The Gauss–Newton refinement of one set's registration (see `refineRegistrations`).
  func refineRegistration(of k: Int, rigidBody: Bool) throws {
    guard var registration = dataSets[k].registration else { return }
    let length = extent(k)
    var iterations = 0, converged = false
    for _ in 0..<30 {
      iterations += 1
      let rigid = setRigidColumns(k, rigidBody: rigidBody)
      let columns = registrationColumns(k)
      if registration.held == nil {
        registration.held = decideHeld(k, rigid: rigid, columns: columns)
        dataSets[k].registration = registration
      }
      let active = (0..<6).filter { !registration.held![$0] }
      if active.isEmpty { converged = true; break }
      let r = setResiduals(k)
      let before = Self.projectedSquares(r, basis: rigid).squares
      let (_, coefficients) = Self.projectedSquares(r, basis: rigid + active.map { columns[$0] })
      var delta = [Double](repeating: 0, count: 6)
      for (q, j) in active.enumerated() { delta[j] = coefficients[rigid.count + q] }
      let size = (delta[0] * delta[0] + delta[1] * delta[1] + delta[2] * delta[2]).squareRoot() * length
        + (delta[3] * delta[3] + delta[4] * delta[4] + delta[5] * delta[5]).squareRoot()
      if size <= 1e-12 * length { converged = true; break }
      // Damped step: halve until ‖r⊥‖ does not grow (Armijo-free: a few halvings at most).
      var accepted = false
      var step = delta
      for _ in 0..<10 {
        var trial = registration
        trial.transform = registration.updated(step)
        dataSets[k].registration = trial
        try relocate(k)
        let (after, _) = Self.projectedSquares(setResiduals(k), basis: setRigidColumns(k, rigidBody: rigidBody))
        if after <= before * (1 + 1e-12) {
          registration = trial
          accepted = true
          break
        }
        step = step.map { $0 / 2 }
      }
      if !accepted {
        // No step reduces the misfit: the registration is at its optimum to round-off.
        dataSets[k].registration = registration
        try relocate(k)
        converged = true
        break
      }
      if size <= 1e-9 * length { converged = true; break }
    }
    registration.lastIterations = iterations
    registration.converged = converged
    dataSets[k].registration = registration
  }

  /// The check of a refined registration at the fit's end: not wandered far from its
  /// initial alignment (`checkWandering`; the points' distances are checked with the
  /// registration's uncertainty, `checkOnSurface`).
  public func checkRegistrations() throws {
    for (k, registration) in registrations where registration.refine {
      try checkWandering(registration, length: extent(k))
    }
  }

  /// Whether the registrations are held at their current transforms (the fit's first
  /// stage: the parameters fitted with the frame of the initial alignment, so the
  /// refinement starts near the parameters' optimum, where the frame's optimum is near
  /// the alignment; far from it a sampling shift can mimic a stiffness change).
  public var registrationFrozen: Bool {
    get { registrationFrozenFlag.value }
    set { registrationFrozenFlag.value = newValue }
  }

  /// Refuses a registration that has moved far from its initial alignment.
  func checkWandering(_ registration: DataFrameRegistration, length: Double) throws {
    let change = registration.transform.after(registration.initial.inverse)
    let angle = change.angle * 180 / .pi
    let shift = change.apply(registration.centre) - registration.centre
    let distance = (shift * shift).sum().squareRoot()
    if angle > 10 || distance > 0.25 * length {
      throw InputError(
        String(format: "the registration of the data frame moved %.3g° and %.4g (length unit) from its initial alignment (%@) while being refined; expected a small correction (under 10° and a quarter of the data's extent, %.4g): the data cannot fix the frame from there. Check the reference points (the same points, in the same order, in both frames) or state a closer alignment", angle, distance, registration.alignmentNote, 0.25 * length),
        at: registration.location)
    }
  }

  /// Refuses a refined registration that leaves points off the face: farther than their
  /// tolerance plus `slack` (three standard errors of the registration's move of a point:
  /// a frame refined within its uncertainty may carry rim points over the face's edge).
  ///
  /// - Returns: the points beyond their tolerance (at most the few allowed) and the largest
  ///   distance among them.
  @discardableResult
  func checkOnSurface(_ k: Int, slack: Double) throws -> (count: Int, largest: Double) {
    guard let registration = dataSets[k].registration, registration.tolerances.count == dataSets[k].observation.pointCount else { return (0, 0) }
    let d = dataSets[k].observation.distances
    let beyond = d.indices.filter { d[$0] > registration.tolerances[$0] }
    let off = beyond.filter { d[$0] > registration.tolerances[$0] + slack }
    // A few points at the face's rim may move over its edge; most of them doing so is a frame
    // the data contradict.
    if off.count > max(3, d.count / 20) {
      let worst = off.max { d[$0] < d[$1] }!
      throw InputError(
        "after refining the registration of the data frame, \(off.count) of \(d.count) points lie farther from surface group \"\(dataSets[k].group)\" than their tolerance (the farthest \(String(format: "%.4g", d[worst])), tolerance \(String(format: "%.4g", registration.tolerances[worst]))); expected the registered points on the observed face: the data and the face do not agree on the frame (initial alignment: \(registration.alignmentNote))",
        at: registration.location)
    }
    return (beyond.count, beyond.map { d[$0] }.max() ?? 0)
  }
}


/// A mutable flag a final class can carry from an extension (stored properties cannot be
/// added in extensions).
final class RegistrationFlag {
  var value = false
}
