import FECommon
import FEKernel
import Foundation
import LaminateTheory
import StressPost
import Testing

@testable import FeinvertJobs

/// An open-hole plate made by `Validation/open_hole/open_hole.geo` (any of its parameters),
/// solved, with its geometry read back from the mesh and the model, and the analytic
/// answers of Lekhnitskii's orthotropic plate for the laminate's effective constants.
struct OpenHolePlate {
  var field: InterlaminarField
  var paths: [FreeEdgePath]
  var problem: LinearElasticProblem
  /// Plate length (x) and width (y), hole centre and radius, laminate thickness, all from the mesh.
  var length: Double
  var width: Double
  var centre: SIMD2<Double>
  var radius: Double
  var thickness: Double
  /// F / (W h): the x-force of the model's loads over the gross section.
  var grossStress: Double
  /// The largest in-plane extent of an element touching the bore at θ = 90° (for the tables).
  var boreElementSize: Double

  static func directory(_ file: String = #filePath) -> String {
    ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../Validation/open_hole")
  }

  init(mesh: String, model: String) throws {
    let input = try ProblemInput.load(mesh: mesh, model: model)
    let problem = input.problem
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    let field = try InterlaminarField(
      mesh: problem.mesh, elementPly: problem.elementPly, plyNames: problem.model.plies.map(\.group),
      source: (mesh as NSString).lastPathComponent, stiffness: stiffness, displacement: u)
    let excluded = ["end_x0", "end_xL"].compactMap { problem.mesh.group(named: $0) }
    let paths = FreeEdges.find(field: field, excluding: excluded)
    let stack = field.stack
    let c = SIMD2(0.5 * (stack.lower.x + stack.upper.x), 0.5 * (stack.lower.y + stack.upper.y))
    let mesh = problem.mesh
    guard let bore = paths.first(where: { $0.interface == 1 && $0.closed }) else {
      throw InputError("no bore found at interface 1", at: SourceLocation(file: "open-hole plate"))
    }
    let radii = bore.segments.map { s -> Double in
      let p = mesh.point(s.start)
      return (SIMD2(p.x, p.y) - c).squared().squareRoot()
    }
    let radius = radii.reduce(0, +) / Double(radii.count)
    let top = SIMD2(c.x, c.y + radius)
    var size = 0.0
    for segment in bore.segments {
      for inc in segment.below {
        let pts = field.elements.nodes(of: inc.element).map { mesh.point($0) }
        guard pts.contains(where: { (SIMD2($0.x, $0.y) - top).squared() < 1e-12 }) else { continue }
        for a in pts { for b in pts { size = max(size, (SIMD2(a.x, a.y) - SIMD2(b.x, b.y)).squared().squareRoot()) } }
      }
    }
    self.problem = problem
    self.field = field
    self.paths = paths
    length = stack.upper.x - stack.lower.x
    width = stack.upper.y - stack.lower.y
    thickness = stack.thickness
    centre = c
    self.radius = radius
    grossStress = problem.model.loads.map(\.force.x).reduce(0, +) / (width * thickness)
    boreElementSize = size
  }

  /// Lekhnitskii's K_T∞ = 1 + β1 + β2 = 1 + √(2(√(Ex/Ey) − νxy) + Ex/Gxy) for the
  /// laminate's effective in-plane constants (CLT: Ex = 1/(h a11), Ey = 1/(h a22),
  /// Gxy = 1/(h a66), νxy = −a12/a11, a = A⁻¹), and Tan's finite-width correction for a
  /// gross-section stress (Tan 1988, J. Compos. Mater. 22:1080, eq. 17; 1.0171 at W/D = 8).
  func lekhnitskii() -> (infinite: Double, finite: Double, beta: (Double, Double)) {
    let model = problem.model
    let plies = field.stack.plies.map { ply -> ClassicalLaminationTheory.Ply in
      let p = model.plies[ply.modelPly]
      let m = model.materials.first { $0.name == p.material } ?? model.materials[0]
      return ClassicalLaminationTheory.Ply(material: m, angle: p.angle, thickness: ply.thickness)
    }
    let clt = ClassicalLaminationTheory(plies: plies)
    let a = clt.A.inverse()!
    let h = clt.thickness
    let ex = 1 / (h * a[0, 0]), ey = 1 / (h * a[1, 1]), gxy = 1 / (h * a[2, 2]), nuxy = -a[0, 1] / a[0, 0]
    let kInfinite = 1 + (2 * ((ex / ey).squareRoot() - nuxy) + ex / gxy).squareRoot()
    // μ = iβ, a11 β⁴ − (2 a12 + a66) β² + a22 = 0 (compliances of the laminate, any scale).
    let b = 2 * a[0, 1] + a[2, 2]
    let disc = (b * b - 4 * a[0, 0] * a[1, 1]).squareRoot()
    let beta = (((b + disc) / (2 * a[0, 0])).squareRoot(), ((b - disc) / (2 * a[0, 0])).squareRoot())
    let x = 2 * radius / width
    let isotropic = (2 + pow(1 - x, 3)) / (3 * (1 - x))
    let m2 = ((1 - 8 * (3 * (1 - x) / (2 + pow(1 - x, 3)) - 1)).squareRoot() - 1) / (2 * x * x)
    let xm = x * m2.squareRoot()
    let ratio = isotropic + 0.5 * pow(xm, 6) * (kInfinite - 3) * (1 - xm * xm)
    return (kInfinite, kInfinite * ratio, beta)
  }

  /// Lekhnitskii's σx(0, y)/σ∞ on the ligament of the infinite plate, at distance ρ ≥ R
  /// from the centre along y: 1 + R/(β1 − β2) (β1²/(q1² D1) − β2²/(q2² D2)), with
  /// q = (βρ + s)/(R(1 + β)), s = √(β²(ρ² − R²) + R²), D = R((1 + β) + (1 − β)/q²)/2
  /// (the potentials A_k/ζ_k of a traction-free circular hole, A1 = −A2 = −σ∞R/(2(β1 − β2))).
  static func ligament(rho: Double, radius r: Double, beta: (Double, Double)) -> Double {
    func term(_ b: Double) -> Double {
      let s = (b * b * (rho * rho - r * r) + r * r).squareRoot()
      let q = (b * rho + s) / (r * (1 + b))
      let d = r * ((1 + b) + (1 - b) / (q * q)) / 2
      return b * b / (q * q * d)
    }
    return 1 + r / (beta.0 - beta.1) * (term(beta.0) - term(beta.1))
  }

  /// The through-thickness average of the in-plane stress component along `direction`
  /// at (x, y), over the gross stress; nil off the laminate. `rule: .plyGauss`: 3-point
  /// Gauss per ply (exact for a quadratic profile in each ply); `.nodeIntervals`: 4-point
  /// Gauss on each interval between the z of the mesh nodes on the vertical line at
  /// (x, y) (for the extruded meshes of `open_hole.geo`: exact for the elements'
  /// polynomial through the thickness, however the stress varies near the interfaces).
  enum ThicknessRule { case plyGauss, nodeIntervals }

  func averagedStress(x: Double, y: Double, direction t: SIMD2<Double>, rule: ThicknessRule = .plyGauss) -> Double? {
    var sum = 0.0
    for (k, ply) in field.stack.plies.enumerated() {
      var cuts = [ply.zBottom, ply.zTop]
      if rule == .nodeIntervals {
        let mesh = problem.mesh
        let tol = 1e-9 * max(1, abs(x) + abs(y))
        for n in 0..<mesh.nodeCount {
          let p = mesh.point(n)
          if abs(p.x - x) < tol, abs(p.y - y) < tol, p.z > ply.zBottom + 1e-9, p.z < ply.zTop - 1e-9 { cuts.append(p.z) }
        }
        cuts.sort()
      }
      let (g, w): ([Double], [Double]) = rule == .plyGauss
        ? ([-0.7745966692414834, 0, 0.7745966692414834], [5.0 / 9, 8.0 / 9, 5.0 / 9])
        : ([-0.8611363115940526, -0.3399810435848563, 0.3399810435848563, 0.8611363115940526],
           [0.3478548451374538, 0.6521451548625461, 0.6521451548625461, 0.3478548451374538])
      for (z0, z1) in zip(cuts, cuts.dropFirst()) {
        for (gi, wi) in zip(g, w) {
          let z = 0.5 * (z0 + z1) + 0.5 * (z1 - z0) * gi
          guard let sigma = field.directStress(at: SIMD3(x, y, z), ply: k + 1) else { return nil }
          let s = t.x * t.x * sigma[0] + t.y * t.y * sigma[1] + 2 * t.x * t.y * sigma[5]
          sum += s * wi * 0.5 * (z1 - z0)
        }
      }
    }
    return sum / thickness / grossStress
  }

  /// The through-thickness average of the hoop stress σθθ at the bore node nearest θ
  /// (degrees), over the gross stress, and that node's angle.
  func boreConcentration(nearDegrees target: Double = 90, rule: ThicknessRule = .plyGauss) throws -> (k: Double, angle: Double) {
    let bore = try #require(paths.first { $0.interface == 1 && $0.closed })
    let mesh = problem.mesh
    let c = centre
    func angle(_ n: Int) -> Double {
      let p = mesh.point(n)
      return atan2(p.y - c.y, p.x - c.x)
    }
    let goal = target * .pi / 180
    func off(_ n: Int) -> Double { abs(remainder(angle(n) - goal, 2 * .pi)) }
    let node = try #require(bore.segments.map(\.start).min { off($0) < off($1) })
    let p = mesh.point(node)
    let theta = angle(node)
    let k = try #require(averagedStress(x: p.x, y: p.y, direction: SIMD2(-sin(theta), cos(theta)), rule: rule))
    return (k, theta * 180 / .pi)
  }
}

extension SIMD2 where Scalar == Double {
  func squared() -> Double { (self * self).sum() }
}
