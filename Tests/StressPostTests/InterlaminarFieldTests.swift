import LaminateCoupons
import FECommon
import FEBasis
import FEKernel
import StressPost
import XCTest

/// The interface tractions of a two-ply cantilever strip under end shear, against
/// the Saint-Venant flexure solution (exact for ν = 0: σxx = M z / I, τxz = 3V/(2A)
/// (1 − 4z²/t²), σzz = τyz = 0), read at mid-length far from the clamp and the load.
final class InterlaminarFieldTests: XCTestCase {
  static let length = 20.0, width = 2.0, plyThickness = 0.5, shear = 10.0

  /// A [0/0] strip of an isotropic ν = 0 material: ply interface at the mid-plane.
  static func solve(kind: ElementKind, elementsPerPly: Int) throws -> (mesh: Mesh, problem: LinearElasticProblem, u: [Double], stiffness: [[Double]]) {
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: [0, 0]), plyThickness: plyThickness, length: length, width: width, elementKind: kind,
      elementsAlongLength: 40, elementsAcrossWidth: 4, elementsPerPly: elementsPerPly)
    let mesh = try CouponMesher.mesh(spec)
    let here = SourceLocation(file: "test.toml")
    let model = ModelDefinition(
      source: "test.toml", materials: [.isotropic(name: "steel", E: 1000, nu: 0)],
      plies: [PlyAssignment(group: "ply1", material: "steel", angle: 0, location: here),
              PlyAssignment(group: "ply2", material: "steel", angle: 0, location: here)],
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: here)],
      loads: [SurfaceLoad(group: "end_xL", force: SIMD3(0, 0, shear), location: here)])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "strip.msh")
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    return (mesh, problem, u, stiffness)
  }

  func testMidPlaneShearMatchesFlexureFormula() throws {
    let (mesh, problem, u, stiffness) = try Self.solve(kind: .hex20, elementsPerPly: 2)
    let x = Self.length / 2
    let field = try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: ["ply1", "ply2"], source: "strip.msh",
      stiffness: stiffness, displacement: u)
    XCTAssertEqual(field.stack.interfaceCount, 1)
    XCTAssertEqual(field.stack.interfaceZ(1), Self.plyThickness, accuracy: 1e-12)
    let exact = 1.5 * Self.shear / (Self.width * 2 * Self.plyThickness)
    // Mid-length is an element boundary; the line is taken at the centre of the element
    // column there, where a displacement element's stresses are most accurate.
    let station = field.elementCentreStation(near: x)
    XCTAssertEqual(station, x - 0.25, accuracy: 1e-12)
    let line = try XCTUnwrap(InterfaceLine(field: field, interface: 1, x: station))
    // Interior of the width (the flexure solution is uniform across it for ν = 0).
    for s in line.samples where s.y > 0.2 && s.y < 1.8 {
      // Direct hex20 shear on both sides: 1% (a parabola is in the element's space).
      XCTAssertEqual(s.below.y, exact, accuracy: 0.01 * exact, "direct below at y=\(s.y)")
      XCTAssertEqual(s.above.y, exact, accuracy: 0.01 * exact, "direct above at y=\(s.y)")
      let r = try XCTUnwrap(s.recovered)
      // Recovered from ∂σxx/∂x = V z / I: 2% (difference quotients of smoothed stresses).
      XCTAssertEqual(r.y, exact, accuracy: 0.02 * exact, "recovered at y=\(s.y)")
      // σzz and τyz vanish: 1% of the shear.
      XCTAssertEqual(s.traction.x, 0, accuracy: 0.01 * exact)
      XCTAssertEqual(s.traction.z, 0, accuracy: 0.01 * exact)
      XCTAssertEqual(r.x, 0, accuracy: 0.02 * exact)
    }
    // Resultant: ∫ τxz dy over the width = 3V/(2 t) · ... = exact × width.
    let summary = EdgeSummary(line: line, characteristicDistance: Self.plyThickness)
    XCTAssertEqual(summary.fullWidth.force.y, exact * Self.width, accuracy: 0.01 * exact * Self.width)
    XCTAssertEqual(summary.halfYMinus.force.y + summary.halfYPlus.force.y, summary.fullWidth.force.y,
                   accuracy: 1e-12 * exact)
  }

  /// The in-plane stress at a point equals M z / I (direct, ply above, top surface).
  func testBendingStressAtTopSurface() throws {
    let (mesh, problem, u, stiffness) = try Self.solve(kind: .hex20, elementsPerPly: 2)
    let x = Self.length / 2
    let field = try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: ["ply1", "ply2"], source: "strip.msh",
      stiffness: stiffness, displacement: u)
    let t = 2 * Self.plyThickness
    let inertia = Self.width * t * t * t / 12
    let station = field.elementCentreStation(near: x)
    let moment = Self.shear * (Self.length - station)
    let sigma = try XCTUnwrap(field.directStress(at: SIMD3(station, 1.0, t), ply: 2))
    // Top fibre: σxx = −M (t/2) / I (the load is +z, so the top is in compression).
    XCTAssertEqual(sigma[0], -moment * (t / 2) / inertia, accuracy: 0.01 * moment * (t / 2) / inertia)
  }

  /// A mesh whose plies do not stack is rejected with the ply names.
  func testRejectsPliesThatDoNotStack() throws {
    let spec = CouponSpec(layup: Layup(anglesDegrees: [0, 0]), plyThickness: 0.5, length: 4, width: 2,
                          elementsAlongLength: 2, elementsAcrossWidth: 2, elementsPerPly: 1)
    let mesh = try CouponMesher.mesh(spec)
    let elements = VolumeElements(mesh: mesh)
    // Claim every element is ply 1 except the first, which is "ply 2": ply 2 then
    // lies inside ply 1's z-range.
    var plies = [Int](repeating: 1, count: elements.count)
    plies[0] = 2
    XCTAssertThrowsError(try PlyStack(elements: elements, elementPly: plies, plyNames: ["a", "b"], source: "m.msh")) {
      XCTAssertTrue("\($0)".contains("m.msh"), "\($0)")
      XCTAssertTrue("\($0)".contains("expected plies stacked"), "\($0)")
    }
  }
}
