import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// Data measured in a camera frame (x_model = R x_data + t, u_model = R u_data): the fit
/// with the registration refined as a nuisance recovers the ply parameters and the frame;
/// the directions the data cannot see are held; the initial alignments.
struct RegistrationFitTests {
  typealias F = LaminateFitFixtures
  static let degree = Double.pi / 180
  static let sigma = 2e-5

  /// The camera: turned 3°, −2°, 4° about x, y, z (R = Rz Ry Rx) and offset (0.3, −0.2, 0.1) mm.
  static let truth: RigidTransform = {
    var t = RigidTransform.rotation(eulerXYZ: SIMD3(3, -2, 4) * degree)
    t.translation = SIMD3(0.3, -0.2, 0.1)
    return t
  }()

  /// The fixture coupon in bending, its top face observed in all three components.
  static func bending() throws -> LinearElasticProblem {
    try F.problem(layup: [0, 90, 90, 0], force: SIMD3(0, 0, 4), observe: "top", components: [0, 1, 2], rigid: .fit)
  }

  /// The model's own data (`feinvert synth`'s code) inside the face seen by the camera: positions
  /// Rᵀ(x − t), vectors Rᵀ u, then noise σ on each camera component.
  static func cameraData(_ problem: LinearElasticProblem, noise: Double, seed: UInt64 = 7) throws -> FringeData {
    // A camera's region of interest: the face less a 0.3 mm rim (a rough alignment then
    // keeps the points on the face).
    let all = try F.data(problem, noise: 0, seed: 1)
    let c = SurfaceGeometry.rotationCentre(mesh: problem.mesh, group: "top")
    let model = all.selecting(all.points.indices.filter { abs(all.points[$0].x - c.x) < 4.7 && abs(all.points[$0].y - c.y) < 1.7 })
    #expect(model.components == [0, 1, 2])
    var rng = SplitMix64(seed: seed)
    var out = model
    for i in model.points.indices {
      out.points[i] = truth.inverse.apply(model.points[i])
      let u = SIMD3(model.values[3 * i], model.values[3 * i + 1], model.values[3 * i + 2])
      let v = truth.rotateBack(u)
      for c in 0..<3 { out.values[3 * i + c] = v[c] + noise * rng.gaussian() }
    }
    out.sigma = noise > 0 ? out.values.map { _ in noise } : nil
    return out
  }

  /// The top face's corners in the model frame.
  static func corners(_ problem: LinearElasticProblem) -> [SIMD3<Double>] {
    let c = SurfaceGeometry.rotationCentre(mesh: problem.mesh, group: "top")
    return [SIMD3(-5, -2, 0), SIMD3(5, -2, 0), SIMD3(5, 2, 0), SIMD3(-5, 2, 0)].map { c + $0 }
  }

  /// The data set registered by `spec`'s initial alignment, projected within `tolerance`.
  static func registeredInput(
    _ problem: LinearElasticProblem, data: FringeData, spec: DataRegistrationSpec, tolerance: Double = 0.05
  ) throws -> (LaminateForwardModel.DataSetInput, String) {
    let (transform, note) = try DataFrameRegistration.initialAlignment(spec, points: data.points, mesh: problem.mesh, group: "top", unit: "mm")
    var registered = data
    registered.points = data.points.map { transform.apply($0) }
    let op = try ObservationOperator(
      mesh: problem.mesh, group: "top", points: registered.points, lines: registered.lines, source: data.source,
      dropOffSurface: false, projectionTolerance: tolerance)
    var frame = DataFrameRegistration(
      transform: transform, centre: spec.centre ?? SurfaceGeometry.rotationCentre(mesh: problem.mesh, group: "top"),
      dataPoints: op.keptIndices.map { data.points[$0] }, refine: spec.refine, alignmentNote: note, location: spec.location)
    frame.tolerances = try DataFrameRegistration.tolerances(mesh: problem.mesh, group: "top", operator: op, stated: tolerance)
    var input = LaminateForwardModel.DataSetInput(name: "top", caseIndex: 0, observation: op, group: "top", data: registered, rigidBody: .fit)
    input.registration = frame
    return (input, note)
  }

  /// Reference points marked with errors of 10–20 µm: the initial alignment is off by
  /// about 0.1° and 10 µm, which the refinement must remove.
  static func markedReferencePoints(_ problem: LinearElasticProblem) -> DataRegistrationSpec {
    let model = corners(problem)
    let errors: [SIMD3<Double>] = [SIMD3(0.012, -0.008, 0.01), SIMD3(-0.01, 0.015, -0.006), SIMD3(0.008, 0.01, 0.012), SIMD3(-0.015, -0.01, -0.008)]
    let data = zip(model, errors).map { truth.inverse.apply($0) + $1 }
    return DataRegistrationSpec(alignment: .referencePoints(data: data, model: model), location: SourceLocation(file: "fixture.toml", key: "observation.registration"))
  }

  /// A rough alignment: the camera's frame turned a further 0.5° about the face's normal
  /// (through its centre) and shifted (0.1, −0.05, 0) mm in its plane — the points stay on
  /// the face, the values do not match.
  static func roughAlignment(_ problem: LinearElasticProblem) -> DataRegistrationSpec {
    let c = SurfaceGeometry.rotationCentre(mesh: problem.mesh, group: "top")
    let turn = RigidTransform.rotation(vector: SIMD3(0, 0, 0.5 * degree))
    let error = RigidTransform(rows: turn.rows, translation: c + SIMD3(0.1, -0.05, 0) - turn.rotate(c))
    let start = error.after(truth)
    return DataRegistrationSpec(alignment: .given(eulerXYZ: start.eulerXYZ, translation: start.translation),
                                location: SourceLocation(file: "fixture.toml", key: "observation.registration"))
  }

  /// Camera data (3°, −2°, 4°; 0.3, −0.2, 0.1 mm; noise σ = 2e-5 mm), a rough start: the fit
  /// with the registration refined finds E1, E2, ν12 within 3 standard errors of the truth,
  /// the frame's six values within 3 standard errors of the camera's, χ² consistent with
  /// the noise; the normal translation is held (a move along the face's normal is
  /// projected away). The standard errors with the registration free are at least
  /// those with it held (the Schur complement only adds variance).
  @Test func cameraFrameDataFitToTheTruthWithTheRegistrationRecovered() throws {
    let problem = try Self.bending()
    let data = try Self.cameraData(problem, noise: Self.sigma)
    let (input, _) = try Self.registeredInput(problem, data: data, spec: Self.roughAlignment(problem))
    let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]
    let parameters = try names.map {
      try F.parameter($0, problem.model, initial: $0.hasSuffix("nu12") ? 0.28 : nil, bounds: $0.hasSuffix("nu12") ? (0.05, 0.49) : (1000, 400000))
    }.map { p -> FitParameter in var p = p; if !p.name.hasSuffix("nu12") { p.initial *= 0.85 }; return p }
    let forward = try LaminateForwardModel(cases: [problem], caseNames: [nil], dataSets: [input], parameters: parameters)
    let outcome = try LaminateFitRun.run(forward: forward, data: input.data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    #expect(outcome.result.converged)
    let registration = try #require(outcome.registrations.first)
    let truthValues = DataFrameRegistration.reported(Self.truth)
    print("registration held \(registration.held), iterations \(registration.iterations)")
    for j in 0..<6 {
      let scale = j < 3 ? 180 / Double.pi : 1
      print("  \(registration.names[j]): \(registration.values[j] * scale) +- \(registration.standardErrors[j] * scale) (truth \(truthValues[j] * scale), initial \(registration.initialValues[j] * scale))")
    }
    for (j, truth) in [161000.0, 11380.0, 0.32].enumerated() {
      let se = outcome.uncertainty.standardErrors[j], fixed = registration.parameterStandardErrorsFixed[j]
      print("  \(names[j]): \(outcome.result.estimate[j]) +- \(se) (registration held: +- \(fixed), ratio \(se / fixed))")
      #expect(abs(outcome.result.estimate[j] - truth) <= 3 * se, "\(names[j]): \(outcome.result.estimate[j]) ± \(se)")
      // Projecting more columns out cannot shrink a standard error (1e-9: round-off).
      #expect(se >= fixed * (1 - 1e-9), "\(names[j]): free \(se) < held \(fixed)")
    }
    #expect(registration.held == [false, false, false, false, false, true])
    // All six within 3 standard errors: the held normal translation of the update moves
    // the reported t_z only through the refined rotations about the centre.
    for j in 0..<6 {
      #expect(abs(registration.values[j] - truthValues[j]) <= 3 * registration.standardErrors[j],
              "\(registration.names[j]): \(registration.values[j]) ± \(registration.standardErrors[j]) vs \(truthValues[j])")
    }
    // The initial alignment was off by more than the refined frame's uncertainty.
    #expect(abs(registration.initialValues[2] - truthValues[2]) > 3 * registration.standardErrors[2])
    #expect(outcome.goodnessOfFit.consistent == true, "\(outcome.goodnessOfFit.message)")
  }

  /// Without refinement the rough alignment's error leaves a misfit the noise cannot
  /// explain: χ² far above its degrees of freedom (the refinement is needed). Marked
  /// reference points (errors of 10–20 µm) are close enough: χ² consistent.
  @Test func theInitialAlignmentAloneDoesNotExplainTheData() throws {
    let problem = try Self.bending()
    let data = try Self.cameraData(problem, noise: Self.sigma)
    let parameters = try ["IM7_8552.E1", "IM7_8552.E2"].map { try F.parameter($0, problem.model, bounds: (1000, 400000)) }
    for (var spec, bad) in [(Self.roughAlignment(problem), true), (Self.markedReferencePoints(problem), false)] {
      spec.refine = false
      let (input, _) = try Self.registeredInput(problem, data: data, spec: spec)
      let forward = try LaminateForwardModel(cases: [problem], caseNames: [nil], dataSets: [input], parameters: parameters)
      let outcome = try LaminateFitRun.run(forward: forward, data: input.data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
      print("held registration: \(outcome.goodnessOfFit.message)")
      #expect((outcome.goodnessOfFit.reducedChiSquare > 3) == bad, "\(outcome.goodnessOfFit.message)")
    }
  }

  /// A uniform displacement (the coupon translated by its support, no strain): every
  /// translation of the sampling positions changes nothing, and the rotation about the
  /// displacement's own axis turns nothing: those are held. Of the other two rotations
  /// (which turn the vector), the rigid-body translations take over when they are fitted.
  @Test func directionsAUniformFieldCannotSeeAreHeld() throws {
    let base = try F.problem(force: nil, observe: "top", components: [0, 1, 2])
    var model = base.model
    model.boundary[0].values = [0.01, 0, 0]
    let problem = try LinearElasticProblem(mesh: base.mesh, model: model, meshSource: "fixture.msh")
    let data = try Self.cameraData(problem, noise: 0)
    let spec = DataRegistrationSpec(alignment: .given(eulerXYZ: SIMD3(3, -2, 4) * Self.degree, translation: Self.truth.translation),
                                    location: SourceLocation(file: "fixture.toml", key: "observation.registration"))
    let (input, _) = try Self.registeredInput(problem, data: data, spec: spec)
    let parameters = [try F.parameter("IM7_8552.E2", problem.model)]
    for (rigid, expected) in [(false, [true, false, false, true, true, true]), (true, [true, true, true, true, true, true])] {
      let forward = try LaminateForwardModel(cases: [problem], caseNames: [nil], dataSets: [input], parameters: parameters)
      _ = try forward.predict(parameters.map(\.initial))
      try forward.refineRegistrations(rigidBody: rigid)
      #expect(forward.dataSets[0].registration?.held == expected, "rigid body fitted: \(rigid)")
      // The held directions do not wander: the given frame is the truth and stays so (1e-9).
      let t = try #require(forward.dataSets[0].registration?.transform)
      #expect(RigidTransformDistance.between(t, Self.truth) < 1e-9)
    }
  }

  /// Principal axes on the rectangular top face: the four sign choices fit the face
  /// equally (a rectangle is symmetric), the note says so, and the smallest rotation is
  /// the camera's (to 1e-6 rad and mm: the face's sampled moments).
  @Test func principalAxesAlignARectangularFace() throws {
    let problem = try Self.bending()
    let data = try Self.cameraData(problem, noise: 0)
    let spec = DataRegistrationSpec(alignment: .principalAxes, location: SourceLocation(file: "fixture.toml", key: "observation.registration"))
    let (t, note) = try DataFrameRegistration.initialAlignment(spec, points: data.points, mesh: problem.mesh, group: "top", unit: "mm")
    print(note)
    #expect(note.contains("4 of 4 sign/order choices fit the face equally"), "\(note)")
    #expect(RigidTransformDistance.between(t, Self.truth) < 1e-6, "\(t)")
  }

  /// The three-point alignment through the job's path is Horn's fit: on noise-free
  /// reference points it is the camera's frame to 1e-12.
  @Test func threeReferencePointsGiveTheCameraFrame() throws {
    let problem = try Self.bending()
    let model = Array(Self.corners(problem).prefix(3))
    let spec = DataRegistrationSpec(alignment: .referencePoints(data: model.map { Self.truth.inverse.apply($0) }, model: model),
                                    location: SourceLocation(file: "fixture.toml", key: "observation.registration"))
    let (t, note) = try DataFrameRegistration.initialAlignment(spec, points: [], mesh: problem.mesh, group: "top", unit: "mm")
    #expect(note.hasPrefix("3 reference points"))
    #expect(RigidTransformDistance.between(t, Self.truth) < 1e-12)
  }
}

enum RigidTransformDistance {
  /// The largest difference of the rotations' entries and the translations' components.
  static func between(_ a: RigidTransform, _ b: RigidTransform) -> Double {
    var d = 0.0
    for i in 0..<3 { for j in 0..<3 { d = max(d, abs(a.rows[i][j] - b.rows[i][j])) } }
    for i in 0..<3 { d = max(d, abs(a.translation[i] - b.translation[i])) }
    return d
  }
}
