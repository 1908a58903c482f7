import FECommon
import FEKernel
import Foundation
import LaminateTheory
import StressPost
import Testing

@testable import FeinvertJobs

/// The open-hole [0/90]s plate of `Validation/open_hole` (Gmsh meshes committed beside
/// their `.geo`): the bore found as a closed free edge at every interface, the in-plane
/// stress concentration at the bore against Lekhnitskii's orthotropic value, and the
/// interlaminar normal stress at the 0/90 interface against Raju & Crews (1982).
@Suite("Open-hole plate")
struct OpenHoleTests {
  static func directory(_ file: String = #filePath) -> String {
    ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../Validation/open_hole")
  }

  /// Gross stress F / (W h) of the model: 1600 N over 16 mm × 1 mm.
  static let grossStress = 100.0
  static let radius = 1.0, width = 16.0, length = 32.0

  struct Solved {
    var field: InterlaminarField
    var paths: [FreeEdgePath]
    var problem: LinearElasticProblem
  }

  static func solve(_ mesh: String) throws -> Solved {
    let dir = directory()
    let input = try ProblemInput.load(mesh: dir + "/" + mesh, model: dir + "/open_hole.toml")
    let problem = input.problem
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    let field = try InterlaminarField(
      mesh: problem.mesh, elementPly: problem.elementPly, plyNames: problem.model.plies.map(\.group), source: mesh,
      stiffness: stiffness, displacement: u)
    let excluded = ["end_x0", "end_xL"].compactMap { problem.mesh.group(named: $0) }
    return Solved(field: field, paths: FreeEdges.find(field: field, excluding: excluded), problem: problem)
  }

  /// Lekhnitskii's K_T∞ = 1 + √(2(√(Ex/Ey) − νxy) + Ex/Gxy) for the laminate's effective
  /// in-plane constants (CLT: Ex = 1/(h a11), Ey = 1/(h a22), Gxy = 1/(h a66),
  /// νxy = −a12/a11, a = A⁻¹), times Tan's finite-width correction for a gross-section
  /// stress (Tan 1988, J. Compos. Mater. 22:1080, eq. 17; 1.0171 at W/D = 8).
  static func lekhnitskii(_ model: ModelDefinition) -> (infinite: Double, finite: Double) {
    let m = model.materials[0]
    let plies = model.plies.map { ClassicalLaminationTheory.Ply(material: m, angle: $0.angle, thickness: 0.25) }
    let clt = ClassicalLaminationTheory(plies: plies)
    let a = clt.A.inverse()!
    let h = clt.thickness
    let ex = 1 / (h * a[0, 0]), ey = 1 / (h * a[1, 1]), gxy = 1 / (h * a[2, 2]), nuxy = -a[0, 1] / a[0, 0]
    let kInfinite = 1 + (2 * ((ex / ey).squareRoot() - nuxy) + ex / gxy).squareRoot()
    let x = 2 * radius / width
    let isotropic = (2 + pow(1 - x, 3)) / (3 * (1 - x))
    let m2 = ((1 - 8 * (3 * (1 - x) / (2 + pow(1 - x, 3)) - 1)).squareRoot() - 1) / (2 * x * x)
    let xm = x * m2.squareRoot()
    let ratio = isotropic + 0.5 * pow(xm, 6) * (kInfinite - 3) * (1 - xm * xm)
    return (kInfinite, kInfinite * ratio)
  }

  /// The through-thickness average of the hoop stress σθθ at the bore node nearest θ = 90°
  /// (3-point Gauss per ply, on the vertical line of nodes there), over the gross stress.
  static func concentration(_ s: Solved) throws -> (k: Double, angle: Double) {
    let bore = try #require(s.paths.first { $0.interface == 1 && $0.closed })
    let mesh = s.problem.mesh
    let centre = SIMD2(length / 2, width / 2)
    let node = try #require(bore.segments.map(\.start).min { a, b in
      func off(_ n: Int) -> Double {
        let p = mesh.point(n)
        return abs(atan2(p.y - centre.y, p.x - centre.x) - .pi / 2)
      }
      return off(a) < off(b)
    })
    let p = mesh.point(node)
    let theta = atan2(p.y - centre.y, p.x - centre.x)
    let t = SIMD2(-sin(theta), cos(theta))
    let stack = s.field.stack
    var sum = 0.0
    for (k, ply) in stack.plies.enumerated() {
      for (g, w) in zip([-0.7745966692414834, 0, 0.7745966692414834], [5.0 / 9, 8.0 / 9, 5.0 / 9]) {
        let z = 0.5 * (ply.zBottom + ply.zTop) + 0.5 * ply.thickness * g
        let sigma = try #require(s.field.directStress(at: SIMD3(p.x, p.y, z), ply: k + 1))
        let hoop = t.x * t.x * sigma[0] + t.y * t.y * sigma[1] + 2 * t.x * t.y * sigma[5]
        sum += hoop * w * 0.5 * ply.thickness
      }
    }
    return (sum / stack.thickness / grossStress, theta * 180 / .pi)
  }

  @Test(arguments: ["open_hole_hex20.msh", "open_hole_tet10.msh"])
  func boreIsAClosedFreeEdgeAtEveryInterface(mesh: String) throws {
    let s = try Self.solve(mesh)
    for k in 1...3 {
      let here = s.paths.filter { $0.interface == k }
      #expect(Set(here.map(\.name)) == ["edge_yminus", "edge_yplus", "hole"], "\(here.map(\.name))")
      let hole = try #require(here.first { $0.name == "hole" })
      #expect(hole.closed)
      let profile = FreeEdgeProfile(path: hole, field: s.field)
      // The bore's circumference, 2πR, to the chord error of four chords per quadratic segment.
      #expect(abs(profile.length - 2 * .pi * Self.radius) < 1e-3 * 2 * .pi * Self.radius, "\(profile.length)")
      for sample in profile.samples {
        let r = SIMD2(sample.point.x - Self.length / 2, sample.point.y - Self.width / 2)
        let radial = r / (r * r).sum().squareRoot()
        // The outward normal of the material points into the hole.
        #expect((SIMD2(sample.normal.x, sample.normal.y) * radial).sum() < -0.999)
      }
      let angles = profile.samples.compactMap(\.angleDegrees)
      #expect(angles.count == profile.samples.count && angles.min()! < 10 && angles.max()! > 350)
    }
  }

  /// K_T from the laminate-average hoop stress at θ = 90° against Lekhnitskii with Tan's
  /// finite-width correction; the most compressive σzz on the bore at the 0/90 interface
  /// (interface 1) against Raju & Crews (1982): compressive, about 60° from the load axis.
  static func checkBore(_ s: Solved, label: String, kTolerance: Double) throws -> [FreeEdgeQuality.Warning] {
    let (kInfinite, kFinite) = Self.lekhnitskii(s.problem.model)
    let (k, angle) = try Self.concentration(s)
    print("open hole \(label): K_T = \(k) at \(angle) deg; Lekhnitskii \(kInfinite), with the finite-width correction \(kFinite); error \(k / kFinite - 1)")
    #expect(abs(angle - 90) < 1e-9)
    #expect(abs(k / kFinite - 1) < kTolerance, "\(label): K_T \(k) against \(kFinite)")
    let bore = try #require(s.paths.first { $0.interface == 1 && $0.closed })
    let profile = FreeEdgeProfile(path: bore, field: s.field)
    let summary = FreeEdgeSummary(profile: profile, field: s.field, characteristicDistance: 0.25)
    let minimum = try #require(profile.samples.min { $0.edge.sigmaZZ < $1.edge.sigmaZZ })
    let a = minimum.angleDegrees ?? .nan
    let r = a.truncatingRemainder(dividingBy: 180)
    let folded = r > 90 ? 180 - r : r
    print("open hole \(label): most compressive sigma_zz at the 0/90 interface \(minimum.edge.sigmaZZ) at \(a) deg (\(folded) deg from the load axis)")
    #expect(minimum.edge.sigmaZZ < 0)
    // Raju & Crews: "at about 60°"; the FE angle moves by a segment or so with the mesh.
    #expect(folded > 45 && folded < 75, "\(label): \(folded) deg")
    let warnings = FreeEdgeQuality.check(summary, field: s.field)
    for w in warnings { print("  \(w.message)") }
    return warnings
  }

  /// The committed coarse meshes (about 24 segments round the bore, one element layer per
  /// ply): hex20 within 5 % of the corrected Lekhnitskii value (observed −3.7 %), tet10
  /// within 15 % (observed −12 %); both warn that the bore is under-resolved.
  @Test(arguments: [("open_hole_hex20.msh", 0.05), ("open_hole_tet10.msh", 0.15)])
  func stressConcentrationAndPeelAtTheBore(mesh: String, tolerance: Double) throws {
    let warnings = try Self.checkBore(try Self.solve(mesh), label: mesh, kTolerance: tolerance)
    #expect(warnings.contains { $0.kind == "too_few_elements_through_ply" })
    #expect(warnings.contains { $0.kind == "sides_disagree" })
  }

  /// The thin plate (`open_hole_thin.toml`: plies 0.025 mm, R/h = 10) on the committed
  /// O-grid meshes (`ogrid 3`, 8 (hex20) or 12 (tet10) elements per quarter of the bore, 12
  /// radially graded 1.35 into it): there the laminate-average hoop stress at the bore is
  /// the plate's 2-D value to a few per cent, so K_T is checked within the issue's 5 % of
  /// Lekhnitskii with Tan's correction (observed +2.95 % hex20, +1.82 % tet10; the
  /// convergence study in the README).
  @Test(arguments: ["open_hole_thin_hex20.msh", "open_hole_thin_tet10.msh"])
  func thinPlateMeetsLekhnitskii(mesh: String) throws {
    let dir = OpenHolePlate.directory()
    let plate = try OpenHolePlate(mesh: dir + "/" + mesh, model: dir + "/open_hole_thin.toml")
    #expect(abs(plate.radius / plate.thickness - 10) < 1e-3, "R/h \(plate.radius / plate.thickness)")
    #expect(abs(plate.grossStress - 100) < 1e-9)
    let (kInfinite, kFinite, _) = plate.lekhnitskii()
    let (k, angle) = try plate.boreConcentration(nearDegrees: 90)
    print("open hole \(mesh): K_T = \(k) at \(angle) deg; Lekhnitskii \(kInfinite), with the finite-width correction \(kFinite); error \(k / kFinite - 1)")
    #expect(abs(angle - 90) < 1e-9)
    #expect(abs(k / kFinite - 1) < 0.05, "\(mesh): K_T \(k) against \(kFinite)")
  }

  /// Opt-in (`OPEN_HOLE_FINE=1`, needs gmsh): O-grid meshes graded radially into the bore
  /// (16 per quarter, 20 radially, progression 1.2: first element 0.011 R), hex20 and tet10.
  /// The thin plate (R/h = 10): K_T within 5 % of Lekhnitskii with Tan's correction
  /// (observed +3.58 % hex20, +3.27 % tet10). The plate of the committed meshes (R/h = 1):
  /// hex20 and tet10 agree with each other within 1 % (observed +9.04 %, +9.87 %), and no
  /// longer scatter either side of the analytic value as the Threshold meshes did: this is
  /// the 3-D laminate's converged value, 9 % above the 2-D one (see the README's study);
  /// the compressive σzz peak stays between 45° and 75°.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["OPEN_HOLE_FINE"] != nil))
  func fineMeshMeetsLekhnitskii() throws {
    let dir = NSTemporaryDirectory() + "feinvert-open-hole-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var thick = [Double]()
    for (hex, t) in [("1", "0.025"), ("0", "0.025"), ("1", "0.25"), ("0", "0.25")] {
      let settings = [("hex", hex), ("ogrid", "3"), ("t", t)]
      let (mesh, model) = try OpenHoleStudyTests.make(settings, in: dir)
      let plate = try OpenHolePlate(mesh: mesh, model: model)
      let (_, kFinite, _) = plate.lekhnitskii()
      let (k, _) = try plate.boreConcentration(nearDegrees: 90)
      let label = "fine O-grid \(hex == "1" ? "hex20" : "tet10"), R/h = \(String(format: "%.3g", plate.radius / plate.thickness))"
      print("open hole \(label): K_T = \(k); Lekhnitskii with Tan \(kFinite); error \(k / kFinite - 1)")
      if t == "0.025" {
        #expect(abs(k / kFinite - 1) < 0.05, "\(label): K_T \(k) against \(kFinite)")
      } else {
        thick.append(k)
        let solved = Solved(field: plate.field, paths: plate.paths, problem: plate.problem)
        _ = try Self.checkBore(solved, label: label, kTolerance: 0.12)
      }
    }
    #expect(abs(thick[0] / thick[1] - 1) < 0.01, "hex20 \(thick[0]) against tet10 \(thick[1]) at R/h = 1")
  }
}
