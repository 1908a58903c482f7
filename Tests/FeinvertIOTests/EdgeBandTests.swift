import FECommon
import FEKernel
import Foundation
import LaminateCoupons
import LaminateFit
import StressPost
import Testing

/// The 95 % bands along the free edges (`InterlaminarField.freeEdgeBands95`) against
/// central finite differences of full solves.
@Suite struct EdgeBandTests {
  static let material = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980, nu12: 0.32, nu13: 0.32, nu23: 0.436)

  static func profiles(e2: Double) throws -> (field: InterlaminarField, profiles: [FreeEdgeProfile], problem: LinearElasticProblem, solver: ElasticSolver, model: ModelDefinition, u: [Double]) {
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: [45, -45, -45, 45]), plyThickness: 0.25, length: 8, width: 4, elementKind: .hex20,
      elementsAlongLength: 4, elementsAcrossWidth: 4, elementsPerPly: 1)
    let mesh = try CouponMesher.mesh(spec)
    let here = SourceLocation(file: "test.toml")
    var m = material
    m.E2 = e2
    let plies = [45.0, -45, -45, 45].enumerated().map { k, a in
      PlyAssignment(group: "ply\(k + 1)", material: "IM7", angle: a * .pi / 180, location: here)
    }
    let model = ModelDefinition(
      source: "test.toml", materials: [m], plies: plies,
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: here)],
      loads: [SurfaceLoad(group: "end_xL", force: SIMD3(100, 0, 0), location: here)])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "coupon.msh")
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    let field = try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: plies.map(\.group), source: "coupon.msh", stiffness: stiffness,
      displacement: u)
    let excluded = ["end_x0", "end_xL"].compactMap { mesh.group(named: $0) }
    let paths = FreeEdges.find(field: field, excluding: excluded)
    return (field, paths.map { FreeEdgeProfile(path: $0, field: field) }, problem, solver, model, u)
  }

  /// One parameter (E2, standard error s): the band is 1.96 s |∂t/∂E2| per component; the
  /// derivative matches (t(E2 + h) − t(E2 − h)) / 2h to 1e-6 of the largest derivative
  /// (the response is smooth in E2; h = 1e-4 E2 leaves a truncation error far below that).
  @Test func bandIsTheDeltaMethodOfTheSensitivity() throws {
    let e2 = 11380.0, s = 250.0, h = 1e-4 * 11380
    let base = try Self.profiles(e2: e2)
    let location = SourceLocation(file: "test.toml", key: "fit")
    let parameter = FitParameter(
      name: "IM7.E2", target: try FitParameter.target(named: "IM7.E2", in: base.model, at: location), initial: e2,
      lower: 0, upper: .infinity, location: location)
    let du = try FitParameter.displacementSensitivities(of: [parameter], solver: base.solver, model: base.model, displacement: base.u)
    let dC = FitParameter.stiffnessDerivatives(of: [parameter], problem: base.problem, model: base.model)
    let bands = base.field.freeEdgeBands95(
      profiles: base.profiles, stiffness: base.problem.blockStiffnesses(), displacement: base.u, stiffnessDerivatives: dC,
      displacementDerivatives: du, covariance: [s * s])
    let plus = try Self.profiles(e2: e2 + h), minus = try Self.profiles(e2: e2 - h)
    var largest = 0.0
    var worst = 0.0
    for (i, p) in base.profiles.enumerated() {
      let b = try #require(bands[i])
      for k in p.samples.indices {
        let a = plus.profiles[i].samples[k].edge, c = minus.profiles[i].samples[k].edge
        let fd = SIMD3(a.sigmaZZ - c.sigmaZZ, a.tauNZ - c.tauNZ, a.tauTZ - c.tauTZ) / (2 * h)
        let expected = 1.959963984540054 * s * SIMD3(abs(fd.x), abs(fd.y), abs(fd.z))
        for c in 0..<3 {
          largest = max(largest, expected[c])
          worst = max(worst, abs(b[k][c] - expected[c]))
        }
      }
    }
    #expect(largest > 0)
    #expect(worst <= 1e-6 * largest, "worst \(worst) of \(largest)")
  }
}
