import LaminateCoupons
import FECommon
import FEKernel
import StressPost

/// A free-edge coupon in uniform axial extension, meshed and solved, for the
/// validation cases: ux = 0 on the end x = 0 and ux = ε L on the end x = L, the ends
/// otherwise free (frictionless grips, so the laminate contracts as CLT says), and two
/// point constraints against the remaining rigid motions (uy, uz at one corner, uz at
/// the opposite corner across the width; the prescribed ux of both ends already holds
/// the rotations about y and z, so a third would over-constrain and add a reaction).
/// Away from the ends and the free edges the state is CLT's.
struct CouponBench {
  static let source = "validation"

  let spec: CouponSpec
  let strain: Double
  let mesh: Mesh
  let problem: LinearElasticProblem
  let stiffness: [[Double]]
  let displacement: [Double]

  init(spec: CouponSpec, material: OrthotropicMaterial, strain: Double) throws {
    self.spec = spec
    self.strain = strain
    let mesh = try CouponMesher.mesh(spec)
    self.mesh = mesh
    let here = SourceLocation(file: Self.source)
    let plies = spec.layup.anglesDegrees.enumerated().map { k, angle in
      PlyAssignment(group: CouponMesher.plyGroupName(k + 1), material: material.name, angle: angle * .pi / 180, location: here)
    }
    let boundary = [
      PrescribedDisplacement(group: "end_x0", values: [0, nil, nil], location: here),
      PrescribedDisplacement(group: "end_xL", values: [strain * spec.length, nil, nil], location: here),
      PrescribedDisplacement(group: "corner_x0_y0_z0", values: [nil, 0, 0], location: here),
      PrescribedDisplacement(group: "corner_x0_yW_z0", values: [nil, nil, 0], location: here),
    ]
    let model = ModelDefinition(source: Self.source, materials: [material], plies: plies, boundary: boundary, loads: [])
    problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: Self.source)
    let solver = try ElasticSolver(problem: problem)
    stiffness = problem.blockStiffnesses()
    displacement = try solver.solve(stiffness: stiffness)
  }

  /// The interlaminar field with lines planned at mid-length.
  func field() throws -> InterlaminarField {
    try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: problem.model.plies.map(\.group), source: Self.source,
      stiffness: stiffness, displacement: displacement)
  }

  /// The Pipes–Pagano material (Msi): E1 = 20, E2 = E3 = 2.1, G = 0.85, all ν = 0.21.
  static let pipesPagano = OrthotropicMaterial(
    name: "pipes_pagano", E1: 20.0, E2: 2.1, E3: 2.1, G12: 0.85, G13: 0.85, G23: 0.85, nu12: 0.21, nu13: 0.21, nu23: 0.21)
}
