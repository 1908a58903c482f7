import FEKernel
import LaminateTheory
import StressPost

/// Pagano's [0/90/0] square plate, S = a/h = 10, loaded through the model's own
/// `[[pressure]]` path: `distribution = "-q0 * sin(pi*x/a) * sin(pi*y/b)"` on the top
/// face, integrated by `ElasticSolver.loadVector(of:)` with the faces' shape functions (no
/// hand-made load vector). The centre deflection and the direct stresses σx, σy at
/// Pagano's points within 1 % of the exact solution.
///
/// The default (`quick`) run uses a coarser mesh than `pagano_plate_S10` (14 × 14 in-plane,
/// 2 elements per ply) and checks the quantities that converge fastest; the opt-in
/// `pagano_plate_pressure_fine` uses that case's mesh and adds τxy.
enum PaganoPlatePressureCase {
  static let cases = [
    ValidationCase(name: "pagano_plate_pressure", title: "Pagano [0/90/0] plate S = 10 under a [[pressure]] distribution", quick: true) {
      try run(name: "pagano_plate_pressure", n: 14, perPly: 2, shear: false)
    },
    ValidationCase(name: "pagano_plate_pressure_fine", title: "Pagano [0/90/0] plate S = 10 under a [[pressure]] distribution, fine mesh", quick: false) {
      try run(name: "pagano_plate_pressure_fine", n: 21, perPly: 3, shear: true)
    },
  ]

  static func run(name: String, n: Int, perPly: Int, shear: Bool) throws -> ValidationResult {
    let S = 10.0, h = 1.0, a = S * h, q0 = 1.0, eT = 1.0
    let bench = try SinusoidalPlateBench(
      a: a, b: a, h: h, q0: q0, material: PaganoBenchmark.material(ET: eT), inPlane: (n, n), perPly: perPly, pressure: true)
    let f = bench.field
    let exact = PaganoPlate(layers: PaganoBenchmark.layers(h: h, ET: eT), a: a, b: a, q0: q0)
    let s2 = S * S
    func fe(_ p: SIMD3<Double>, ply k: Int) throws -> [Double] {
      guard let s = f.directStress(at: p, ply: k) else { throw ValidationFailure("point \(p) is not in ply \(k)") }
      return s
    }
    guard let u = f.displacement(at: SIMD3(a / 2, a / 2, h / 2)) else {
      throw ValidationFailure("the plate's centre is outside the mesh")
    }
    var values: [(String, Double, Double)] = [
      ("w = 100 E_T w / (q0 h S^4) at the centre", 100 * eT * u.z / (q0 * h * s2 * s2),
       100 * eT * exact.displacement(x: a / 2, y: a / 2, z: 0)[2] / (q0 * h * s2 * s2)),
      ("sigma_x / (q0 S^2) at (a/2, a/2, h/2)", try fe(SIMD3(a / 2, a / 2, h), ply: 3)[0] / (q0 * s2),
       exact.stress(x: a / 2, y: a / 2, z: h / 2)[0] / (q0 * s2)),
      ("sigma_y / (q0 S^2) at (a/2, a/2, h/6), 90 side", try fe(SIMD3(a / 2, a / 2, 2 * h / 3), ply: 2)[1] / (q0 * s2),
       exact.stress(x: a / 2, y: a / 2, z: h / 6, layer: 1)[1] / (q0 * s2)),
    ]
    if shear {
      values.append(("tau_xy / (q0 S^2) at (0, 0, h/2)", try fe(SIMD3(0, 0, h), ply: 3)[5] / (q0 * s2),
                     exact.stress(x: 0, y: 0, z: h / 2)[5] / (q0 * s2)))
    }
    let checks = values.map { ValidationCheck.relative($0.0, computed: $0.1, reference: $0.2, tolerance: 0.01) }
    return ValidationResult(
      name: name, title: "Pagano [0/90/0] plate S = 10, [[pressure]] distribution", checks: checks,
      notes: ["hex20, \(n) x \(n) x \(3 * perPly) elements; load: [[pressure]] group = \"top\", distribution = \"-q0 * sin(pi*x/a) * sin(pi*y/b)\" through ElasticSolver.loadVector"])
  }
}
