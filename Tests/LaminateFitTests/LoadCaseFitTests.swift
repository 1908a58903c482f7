import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// Several load cases and observed faces in one forward model: the shared factorization
/// against separate solves, the derivatives against the single-case ones, and the ν12
/// demonstration (one tension test cannot resolve it; a second face or case does).
struct LoadCaseFitTests {
  typealias F = LaminateFitFixtures

  /// The fixture coupon's model with load cases (clamped end shared at the top level).
  static func model(
    cases: [(String, [SurfaceLoad], [PrescribedDisplacement], [ObservationSpec])], layup: [Double] = [45, -45, -45, 45]
  ) throws -> (LinearElasticProblem, [LinearElasticProblem]) {
    let base = try F.problem(layup: layup, force: nil)
    var model = base.model
    model.loads = []
    model.loadCases = cases.map { LoadCase(name: $0.0, boundary: $0.2, loads: $0.1, pressures: [], observations: $0.3,
                                           location: SourceLocation(file: "fixture.toml", key: "load_case")) }
    model.observations = [model.observation!]
    let problems = try model.caseModels.map { try LinearElasticProblem(mesh: base.mesh, model: $0, meshSource: "fixture.msh") }
    return (base, problems)
  }

  static func load(_ f: SIMD3<Double>, key: String) -> SurfaceLoad {
    SurfaceLoad(group: "end_xL", force: f, location: SourceLocation(file: "fixture.toml", key: key))
  }

  static func observe(_ group: String, _ components: [Int]) -> ObservationSpec {
    ObservationSpec(group: group, components: components, rigidBody: .fit, location: SourceLocation(file: "fixture.toml", key: "observation"))
  }

  /// The data set inputs of problems[k] observed as its model says, synthetic data at the truth.
  static func inputs(_ problems: [LinearElasticProblem], noise: Double = 0) throws -> [LaminateForwardModel.DataSetInput] {
    var out = [LaminateForwardModel.DataSetInput]()
    for (k, p) in problems.enumerated() {
      for (f, spec) in p.model.observations.enumerated() {
        var single = p.model
        single.observation = spec
        let bound = try LinearElasticProblem(mesh: p.mesh, model: single, meshSource: "fixture.msh")
        let data = try F.data(bound, noise: noise, seed: UInt64(10 * k + f + 1))
        let op = try ObservationOperator(mesh: p.mesh, group: spec.group, points: data.points, lines: data.lines,
                                         source: data.source, dropOffSurface: false)
        out.append(.init(name: "case\(k)/\(spec.group)", caseIndex: k, observation: op, group: spec.group, data: data,
                         rigidBody: spec.rigidBody))
      }
    }
    return out
  }

  /// Two cases with the same supports share one factorization per evaluation, and their
  /// predictions, Jacobian and adjoint gradient equal those of each case alone (its own
  /// solver): relative 1e-9, the solves' own accuracy.
  @Test func casesSharingSupportsShareOneFactorization() throws {
    let (base, problems) = try Self.model(cases: [
      ("tension", [Self.load(SIMD3(200, 0, 0), key: "load_case[0].load[0]")], [], []),
      ("bending", [Self.load(SIMD3(0, 0, 2), key: "load_case[1].load[0]")], [], [Self.observe("edge_yplus", [0, 2]), Self.observe("top", [0, 1])]),
    ])
    let parameters = try ["IM7_8552.E2", "IM7_8552.G12", "IM7_8552.nu12"].map { try F.parameter($0, base.model) }
    let inputs = try Self.inputs(problems)
    let joint = try LaminateForwardModel(cases: problems, caseNames: ["tension", "bending"], dataSets: inputs, parameters: parameters)
    #expect(joint.solvers.count == 1)
    let p = parameters.map { $0.initial * 1.1 }
    let predicted = try joint.predict(p)
    #expect(joint.counters.factorizations == 1)
    let jacobian = try joint.jacobian()
    let m = joint.observationCount
    var stacked = [[Double]](repeating: [], count: parameters.count), alone = [Double]()
    for input in inputs {
      let single = try LaminateForwardModel(problem: problems[input.caseIndex], observation: input.observation, data: input.data, parameters: parameters)
      alone += try single.predict(p)
      let j = try single.jacobian()
      for c in 0..<parameters.count { stacked[c] += j[(c * single.observationCount)..<((c + 1) * single.observationCount)] }
    }
    #expect(alone.count == m)
    let scale = alone.map(abs).max()!
    for r in 0..<m { #expect(abs(predicted[r] - alone[r]) <= 1e-9 * scale) }
    for c in 0..<parameters.count {
      let column = Array(jacobian[(c * m)..<((c + 1) * m)])
      let s = stacked[c].map(abs).max()!
      for r in 0..<m { #expect(abs(column[r] - stacked[c][r]) <= 1e-9 * s) }
    }
    // Adjoint gradient of ½‖r‖² against Jᵀr.
    let residuals = try joint.residuals(p)
    let gradient = try joint.adjointGradient(residuals: residuals)
    for c in 0..<parameters.count {
      let expected = (0..<m).reduce(0.0) { $0 + jacobian[c * m + $1] * residuals[$1] }
      #expect(abs(gradient[c] - expected) <= 1e-8 * abs(expected))
    }
  }

  /// Cases that prescribe the same DOFs with other values share the factor (their lifts
  /// differ); a case prescribing other DOFs gets a solver of its own. Each prediction
  /// equals its case solved alone (relative 1e-9).
  @Test func prescribedValuesShareTheFactorOtherSupportsDoNot() throws {
    func pull(_ d: Double, _ k: Int) -> PrescribedDisplacement {
      PrescribedDisplacement(group: "end_xL", values: [d, nil, nil], location: SourceLocation(file: "fixture.toml", key: "load_case[\(k)].boundary[0]"))
    }
    let lift = PrescribedDisplacement(group: "end_xL", values: [nil, nil, 0.01], location: SourceLocation(file: "fixture.toml", key: "load_case[2].boundary[0]"))
    let (base, problems) = try Self.model(cases: [
      ("step1", [], [pull(0.01, 0)], []), ("step2", [], [pull(0.025, 1)], []), ("lift", [], [lift], []),
    ])
    let parameters = try ["IM7_8552.E2", "IM7_8552.nu12"].map { try F.parameter($0, base.model) }
    let inputs = try Self.inputs(problems)
    let joint = try LaminateForwardModel(cases: problems, caseNames: ["step1", "step2", "lift"], dataSets: inputs, parameters: parameters)
    #expect(joint.solvers.count == 2)
    #expect(joint.cases.map(\.lift) == [0, 1, 0])
    let p = parameters.map { $0.initial * 0.9 }
    let predicted = try joint.predict(p)
    #expect(joint.counters.factorizations == 2)
    var alone = [Double]()
    for input in inputs {
      let single = try LaminateForwardModel(problem: problems[input.caseIndex], observation: input.observation, data: input.data, parameters: parameters)
      alone += try single.predict(p)
    }
    let scale = alone.map(abs).max()!
    for r in alone.indices { #expect(abs(predicted[r] - alone[r]) <= 1e-9 * scale) }
    // The step cases differ (2.5× the pull), so a lift mix-up could not pass.
    let first = inputs[0].data.values.compactMap { $0.isNaN ? nil : $0 }.map(abs).max()!
    let second = inputs[1].data.values.compactMap { $0.isNaN ? nil : $0 }.map(abs).max()!
    #expect(abs(second / first - 2.5) < 1e-6)
  }

  /// Relative standard errors of E2, G12, nu12 at the truth, for data of the given sets
  /// with noise σ = `noiseFraction` × the largest value (the linearized analysis: the fit
  /// starts at the truth on noise-free data whose sigma columns state σ, so the estimate
  /// stays there and the standard errors are those of the Fisher information).
  static func relativeStandardErrors(
    _ problems: [LinearElasticProblem], base: LinearElasticProblem, sigma: Double,
    names: [String] = ["IM7_8552.E2", "IM7_8552.G12", "IM7_8552.nu12"]
  ) throws -> [Double] {
    var sets = try Self.inputs(problems)
    for k in sets.indices { sets[k].data.sigma = sets[k].data.values.map { $0.isNaN ? .nan : sigma } }
    let parameters = try names.map { try F.parameter($0, base.model) }
    let forward = try LaminateForwardModel(
      cases: problems, caseNames: problems.indices.map { "case\($0)" }, dataSets: sets, parameters: parameters)
    let outcome = try LaminateFitRun.run(
      forward: forward, data: sets[0].data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    return parameters.indices.map { outcome.uncertainty.standardErrors[$0] / abs(outcome.result.estimate[$0]) }
  }

  /// The ν12 demonstration on a [0/90]s coupon, fitting E1, E2 and nu12 with σ = 2e-5 mm
  /// (about 1 % of the largest displacement): pulled and observed on its free edge (ux,
  /// uz), nu12's relative standard error is above 0.4 (the edge sees ν13 and the clamp's
  /// restraint, not the in-plane contraction); observing the top face too (ux, uy), or
  /// adding a second load case (bending by an out-of-plane end force) with the top face
  /// observed in 3-D (its anticlastic curvature), brings it under 0.1. Then a fit of the two-face data with that noise,
  /// started 10 % off, lands within 3 standard errors of the truth.
  @Test func nu12IsResolvedByASecondFaceOrASecondLoadCase() throws {
    let layup = [0.0, 90, 90, 0]
    let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]
    let sigma = 2e-5
    let tension = Self.load(SIMD3(200, 0, 0), key: "load_case[0].load[0]")
    let bending = Self.load(SIMD3(0, 0, 4), key: "load_case[1].load[0]")
    let edge = Self.observe("edge_yplus", [0, 2]), top = Self.observe("top", [0, 1])
    let (base, one) = try Self.model(cases: [("tension", [tension], [], [edge])], layup: layup)
    let single = try Self.relativeStandardErrors(one, base: base, sigma: sigma, names: names)
    let (_, twoFaces) = try Self.model(cases: [("tension", [tension], [], [edge, top])], layup: layup)
    let withFace = try Self.relativeStandardErrors(twoFaces, base: base, sigma: sigma, names: names)
    let (_, twoCases) = try Self.model(cases: [("tension", [tension], [], [edge]), ("bending", [bending], [], [Self.observe("top", [0, 1, 2])])], layup: layup)
    let withCase = try Self.relativeStandardErrors(twoCases, base: base, sigma: sigma, names: names)
    print("nu12 relative standard error: one tension test \(single[2]); with the top face \(withFace[2]); with a bending case on the top face \(withCase[2])")
    #expect(single[2] > 0.4)
    #expect(withFace[2] < 0.1)
    #expect(withCase[2] < 0.1)

    // The fit itself, from 10 % off, on noisy two-face data.
    let noisy = try Self.inputs(twoFaces, noise: sigma)
    let parameters = try names.map { name in
      try F.parameter(name, base.model, initial: F.parameter(name, base.model).initial * (name.hasSuffix("nu12") ? 0.9 : 1.1),
                      bounds: name.hasSuffix("nu12") ? (0.05, 0.49) : (1000, 400000))
    }
    let forward = try LaminateForwardModel(cases: twoFaces, caseNames: ["tension"], dataSets: noisy, parameters: parameters)
    let outcome = try LaminateFitRun.run(forward: forward, data: noisy[0].data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    #expect(outcome.result.converged)
    for (j, truth) in [161000.0, 11380.0, 0.32].enumerated() {
      #expect(abs(outcome.result.estimate[j] - truth) <= 3 * outcome.uncertainty.standardErrors[j], "\(names[j]): \(outcome.result.estimate[j]) ± \(outcome.uncertainty.standardErrors[j])")
    }
    // Each data set's rigid motion is its own: translations and a rotation per face.
    #expect(outcome.rigidBody.filter { $0.name.hasPrefix("case0/edge_yplus/") }.count == 3)
    #expect(outcome.rigidBody.filter { $0.name.hasPrefix("case0/top/") }.count == 3)
    let summaries = outcome.dataSetSummaries(forward: forward)
    #expect(summaries.count == 2)
    // χ² of each face near its degrees of freedom: the data are the model's plus noise σ.
    for s in summaries { #expect(s.reducedChiSquare > 0.7 && s.reducedChiSquare < 1.4, "\(s.name): \(s.reducedChiSquare)") }
  }

  /// `rigid_body = "fit_3d"`: 3-D data of the top face under bending, moved by a small
  /// rigid motion with all three rotations (about the face's centre) and a translation.
  /// The full basis recovers the rotations within 3 standard errors and the parameters
  /// within 3 standard errors of the truth, χ² near its degrees of freedom; the rotation
  /// about the normal alone (`"fit"`) cannot explain the tilt: χ²/dof far above 1.
  @Test func fullRigidMotionOfThreeDimensionalData() throws {
    let sigma = 2e-5
    let bending = Self.load(SIMD3(0, 0, 4), key: "load_case[0].load[0]")
    var top = Self.observe("top", [0, 1, 2])
    top.rigidBody = .fit3D
    let (base, problems) = try Self.model(cases: [("bending", [bending], [], [top])], layup: [0, 90, 90, 0])
    var sets = try Self.inputs(problems, noise: sigma)
    let centre = SurfaceGeometry.rotationCentre(mesh: base.mesh, group: "top")
    let omega = SIMD3<Double>(3e-4, -2e-4, 1e-4), shift = SIMD3<Double>(1e-3, -5e-4, 2e-4)
    let data = sets[0].data
    let m = data.components.count
    for i in data.points.indices {
      let rigid = shift + cross(omega, data.points[i] - centre)
      for (ci, c) in data.components.enumerated() where !data.values[i * m + ci].isNaN { sets[0].data.values[i * m + ci] += rigid[c] }
    }
    let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]
    let parameters = try names.map { try F.parameter($0, base.model, bounds: $0.hasSuffix("nu12") ? (0.05, 0.49) : (1000, 400000)) }
    func fit(_ treatment: RigidBodyTreatment) throws -> LaminateFitRun.Outcome {
      var input = sets
      input[0].rigidBody = treatment
      let forward = try LaminateForwardModel(cases: problems, caseNames: ["bending"], dataSets: input, parameters: parameters)
      return try LaminateFitRun.run(forward: forward, data: input[0].data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    }
    let full = try fit(.fit3D)
    #expect(full.rigidBody.map(\.name) == ["translation_ux", "translation_uy", "translation_uz", "rotation_about_x", "rotation_about_y", "rotation_about_z"])
    for (k, axis) in ["x", "y", "z"].enumerated() {
      let r = try #require(full.rigidBody.first { $0.name == "rotation_about_\(axis)" })
      #expect(abs(r.value - omega[k]) <= 3 * r.standardError, "\(r.name): \(r.value) ± \(r.standardError)")
    }
    for (j, truth) in [161000.0, 11380.0, 0.32].enumerated() {
      #expect(abs(full.result.estimate[j] - truth) <= 3 * full.uncertainty.standardErrors[j], "\(names[j]): \(full.result.estimate[j])")
    }
    #expect(full.goodnessOfFit.consistent == true, "\(full.goodnessOfFit.message)")
    // About a stated centre c' the rotations are the same motion's and the translations
    // shift by ω × (c' − c): the same least-squares problem reparametrized, so the values
    // agree to 0.01 standard error (the optimizer's stopping point, not the model, differs).
    var stated = sets
    let other = centre + SIMD3(-3, 1, 0.5)
    stated[0].rotationCentre = other
    let forward = try LaminateForwardModel(cases: problems, caseNames: ["bending"], dataSets: stated, parameters: parameters)
    let moved = try LaminateFitRun.run(forward: forward, data: stated[0].data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    let omegaFit = SIMD3(full.rigidBody[3].value, full.rigidBody[4].value, full.rigidBody[5].value)
    let expectedShift = cross(omegaFit, other - centre)
    for k in 0..<3 {
      #expect(abs(moved.rigidBody[3 + k].value - full.rigidBody[3 + k].value) <= 0.01 * full.rigidBody[3 + k].standardError)
      let expected = full.rigidBody[k].value + expectedShift[k]
      #expect(abs(moved.rigidBody[k].value - expected) <= 0.01 * full.rigidBody[k].standardError, "\(moved.rigidBody[k].name): \(moved.rigidBody[k].value) vs \(expected)")
    }
    let normalOnly = try fit(.fit)
    #expect(normalOnly.goodnessOfFit.reducedChiSquare > 10, "\(normalOnly.goodnessOfFit.message)")
  }
}
