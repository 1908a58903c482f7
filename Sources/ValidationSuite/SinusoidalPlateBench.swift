import LaminateCoupons
import Foundation
import FECommon
import FEKernel
import StressPost

/// A simply supported [0/90/0] plate (or strip) under a sinusoidal transverse traction on
/// its top face, meshed with the coupon mesher and solved, for comparison with
/// Pagano's exact solutions.
///
/// Supports as Pagano's: on x = 0 and x = a, uy = uz = 0; on y = 0 and y = b, ux = uz = 0
/// (the normal stress free). The top traction t_z = q0 sin(πx/a) sin(πy/b) (q0 > 0 pulls
/// the top face up, Pagano's sign) is turned into consistent nodal forces with the top
/// faces' own shape functions and a degree-8 rule.
///
/// For cylindrical bending (`strip: true`) the load has no y-dependence, uy = 0 on every
/// boundary face (all nodes of a one-element-wide mesh: plane strain in y), uz = 0 on the
/// ends, and ux = 0 at one corner against the free x-translation.
struct SinusoidalPlateBench {
  let field: InterlaminarField
  let a: Double
  let b: Double
  let h: Double
  let q0: Double

  /// - Parameter pressure: load the top through the model's `[[pressure]]` path (a
  ///   `distribution` expression, `ElasticSolver.loadVector(of:)`) instead of the
  ///   bench's own integration of the traction.
  init(a: Double, b: Double, h: Double, q0: Double, material: OrthotropicMaterial, inPlane: (Int, Int), perPly: Int,
       supportBias: Double = 1, strip: Bool = false, pressure: Bool = false) throws
  {
    self.a = a
    self.b = b
    self.h = h
    self.q0 = q0
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: [0, 90, 0]), plyThickness: h / 3, length: a, width: b, elementKind: .hex20,
      elementsAlongLength: inPlane.0, elementsAcrossWidth: inPlane.1, elementsPerPly: perPly,
      edgeBias: strip ? 1 : supportBias, lengthBias: supportBias)
    let mesh = try CouponMesher.mesh(spec)
    let here = SourceLocation(file: CouponBench.source)
    let plies = [0.0, 90, 0].enumerated().map { k, angle in
      PlyAssignment(group: CouponMesher.plyGroupName(k + 1), material: material.name, angle: angle * .pi / 180, location: here)
    }
    var boundary: [PrescribedDisplacement]
    if strip {
      boundary = ["edge_yminus", "edge_yplus", "top", "bottom"].map {
        PrescribedDisplacement(group: $0, values: [nil, 0, nil], location: here)
      }
      boundary += ["end_x0", "end_xL"].map { PrescribedDisplacement(group: $0, values: [nil, 0, 0], location: here) }
      // The free x-translation: ux = 0 at one bottom corner. The loads balance in x, so
      // this point takes no force; it only shifts the answer by a rigid translation,
      // which the comparisons (w, stresses) do not see.
      boundary.append(PrescribedDisplacement(group: "corner_x0_y0_z0", values: [0, nil, nil], location: here))
    } else {
      boundary = ["end_x0", "end_xL"].map { PrescribedDisplacement(group: $0, values: [nil, 0, 0], location: here) }
      boundary += ["edge_yminus", "edge_yplus"].map { PrescribedDisplacement(group: $0, values: [0, nil, 0], location: here) }
    }
    var model = ModelDefinition(source: CouponBench.source, materials: [material], plies: plies, boundary: boundary, loads: [])
    if pressure {
      // Pagano's traction pulls the top (outward normal +z) up: a pressure of −q0 sin sin.
      let text = "-\(q0) * sin(pi*x/\(a))" + (strip ? "" : " * sin(pi*y/\(b))")
      model.pressures = [PressureLoad(group: "top", value: nil, distribution: try ScalarExpression(text), location: here)]
    }
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: CouponBench.source)
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let load = Self.topTraction(a: a, b: b, q0: q0, strip: strip)
    var force = [Double](repeating: 0, count: 3 * mesh.nodeCount)
    if !pressure, let top = mesh.group(named: "top") {
      SurfaceLoads.forEachFacePoint(group: top, mesh: mesh, degree: 8) { nodes, shape, dA in
        var p = SIMD3<Double>.zero
        for (k, node) in nodes.enumerated() { p += shape[k] * mesh.point(node) }
        let t = load(p.x, p.y).x
        for (k, node) in nodes.enumerated() { force[3 * node + 2] += shape[k] * t * dA }
      }
    }
    let u = try solver.solve(stiffness: stiffness, extraForce: force)
    field = try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: plies.map(\.group), source: CouponBench.source,
      stiffness: stiffness, displacement: u, topTraction: load)
  }

  /// (σzz, τxz, τyz) on the top face at (x, y).
  static func topTraction(a: Double, b: Double, q0: Double, strip: Bool) -> @Sendable (Double, Double) -> SIMD3<Double> {
    { x, y in SIMD3(q0 * sin(Double.pi * x / a) * (strip ? 1 : sin(Double.pi * y / b)), 0, 0) }
  }
}
