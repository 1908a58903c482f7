import LaminateCoupons
import FEBasis
import FECommon
import FEKernel
import Foundation
import Inversion

@testable import LaminateFit

/// A small coupon problem for the fit tests: [45/-45]s (or a given layup), hex8,
/// clamped at x = 0, pulled by a force at x = L, observed on the free edge y = W.
enum LaminateFitFixtures {
  static let material = OrthotropicMaterial(
    name: "IM7_8552", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)

  static func problem(
    layup: [Double] = [45, -45, -45, 45], force: SIMD3<Double>? = SIMD3(200, 0, 0), prescribedExtension: Double? = nil,
    observe: String = "edge_yplus", components: [Int] = [0, 2], rigid: RigidBodyTreatment = .fit,
    size: (Int, Int, Int) = (10, 4, 1), elementKind: ElementKind = .hex8
  ) throws -> LinearElasticProblem {
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: layup), plyThickness: 0.25, length: 10, width: 4, elementKind: elementKind,
      elementsAlongLength: size.0, elementsAcrossWidth: size.1, elementsPerPly: size.2)
    let mesh = try CouponMesher.mesh(spec)
    let source = "fixture.toml"
    func at(_ k: String) -> SourceLocation { SourceLocation(file: source, key: k) }
    var boundary = [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: at("boundary[0]"))]
    if let prescribedExtension { boundary.append(PrescribedDisplacement(group: "end_xL", values: [prescribedExtension, nil, nil], location: at("boundary[1]"))) }
    let model = ModelDefinition(
      source: source, materials: [material],
      plies: layup.enumerated().map { k, a in
        PlyAssignment(group: "ply\(k + 1)", material: material.name, angle: a * .pi / 180, location: at("plies[\(k)]"))
      },
      boundary: boundary,
      loads: force.map { [SurfaceLoad(group: "end_xL", force: $0, location: at("load[0]"))] } ?? [],
      observation: ObservationSpec(group: observe, components: components, rigidBody: rigid, location: at("observation")))
    return try LinearElasticProblem(mesh: mesh, model: model, meshSource: "fixture.msh")
  }

  static func parameter(_ name: String, _ model: ModelDefinition, initial: Double? = nil, bounds: (Double, Double)? = nil) throws -> FitParameter {
    let target = try FitParameter.target(named: name, in: model, at: SourceLocation(file: "fixture.toml"))
    var p = FitParameter(name: name, target: target, initial: 0, lower: -.infinity, upper: .infinity, location: SourceLocation(file: "fixture.toml"))
    let truth = p.value(in: model)
    p.initial = initial ?? truth
    if let bounds { p.lower = bounds.0; p.upper = bounds.1 }
    return p
  }

  /// Synthetic data on the observation surface for the problem's own constants.
  static func data(_ problem: LinearElasticProblem, noise: Double, seed: UInt64, rigid: SIMD3<Double> = .zero, rotation: Double = 0) throws -> FringeData {
    var spec = SyntheticDataSpec()
    spec.noise = noise
    spec.seed = seed
    spec.spacing = 0.5
    spec.rigidTranslation = rigid
    spec.rigidRotation = rotation
    return try SyntheticData.generate(problem: problem, spec: spec, source: "data.csv")
  }

  static func forward(_ problem: LinearElasticProblem, data: FringeData, parameters: [FitParameter]) throws -> LaminateForwardModel {
    let op = try ObservationOperator(
      mesh: problem.mesh, group: problem.model.observation!.group, points: data.points, lines: data.lines,
      source: data.source, dropOffSurface: false)
    return try LaminateForwardModel(problem: problem, observation: op, data: data, parameters: parameters)
  }
}
