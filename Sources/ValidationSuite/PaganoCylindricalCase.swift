import FEKernel
import LaminateTheory
import StressPost

/// Pagano's exact cylindrical bending (1969) of the simply supported [0/90/0] strip
/// under q0 sin(πx/L), S = L/h = 4 and 10: normalized w at mid-span, σx at mid-span top
/// and bottom, and τxz at the support's mid-plane (recovered through the thickness)
/// within 1% of the exact solution. The strip is one element wide in y with uy = 0 on
/// every face (plane strain).
enum PaganoCylindricalCase {
  static func validationCase(S: Double) -> ValidationCase {
    let title = "Pagano exact [0/90/0] cylindrical bending, S = \(Int(S))"
    return ValidationCase(name: "pagano_cylindrical_S\(Int(S))", title: title, quick: true) { try run(S: S, title: title) }
  }

  static let cases = [validationCase(S: 4), validationCase(S: 10)]

  static func run(S: Double, title: String) throws -> ValidationResult {
    let h = 1.0, length = S * h, q0 = 1.0, eT = 1.0, width = 0.25 * h
    let n = 40
    let bench = try SinusoidalPlateBench(
      a: length, b: width, h: h, q0: q0, material: PaganoBenchmark.material(ET: eT), inPlane: (n, 1), perPly: 3,
      strip: true)
    let f = bench.field
    let exact = PaganoCylindricalBending(layers: PaganoBenchmark.layers(h: h, ET: eT), length: length, q0: q0)
    let s2 = S * S
    let y = width / 2
    guard let u = f.displacement(at: SIMD3(length / 2, y, h / 2)),
          let top = f.directStress(at: SIMD3(length / 2, y, h), ply: 3),
          let bottom = f.directStress(at: SIMD3(length / 2, y, 0), ply: 1),
          let shear = f.recoveredTraction(x: 0, y: y, z: h / 2)
    else { throw ValidationFailure("a comparison point is outside the strip mesh") }
    let values: [(String, Double, Double)] = [
      ("w = 100 E_T w / (q0 h S^4) at mid-span", 100 * eT * u.z / (q0 * h * s2 * s2),
       100 * eT * exact.displacement(x: length / 2, z: 0)[2] / (q0 * h * s2 * s2)),
      ("sigma_x / (q0 S^2) at (L/2, h/2)", top[0] / (q0 * s2), exact.stress(x: length / 2, z: h / 2)[0] / (q0 * s2)),
      ("sigma_x / (q0 S^2) at (L/2, -h/2)", bottom[0] / (q0 * s2), exact.stress(x: length / 2, z: -h / 2)[0] / (q0 * s2)),
      ("tau_xz / (q0 S) at (0, 0), recovered", shear.y / (q0 * S), exact.stress(x: 0, z: 0)[4] / (q0 * S)),
    ]
    return ValidationResult(
      name: "pagano_cylindrical_S\(Int(S))", title: title,
      checks: values.map { ValidationCheck.relative($0.0, computed: $0.1, reference: $0.2, tolerance: 0.01) },
      notes: ["hex20, \(n) x 1 x 9 elements (3 per ply), strip \(length) x \(width) x \(h), uy = 0 on every face"])
  }
}
