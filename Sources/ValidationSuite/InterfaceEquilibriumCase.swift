import LaminateCoupons
import FEKernel
import LaminateTheory
import StressPost

/// The interface equilibrium resultants of Pipes & Pagano: statics of the sub-laminate
/// above each interface between the centre line (CLT stresses) and a free edge.
/// Over the half toward y = W: ∫ τyz dy = −F_y, ∫ τxz dy = −F_xy, ∫ σz dy = 0,
/// ∫ (y − W/2) σz dy = M_y; toward y = 0 the shear integrals change sign and the moment
/// is ∫ (W/2 − y) σz dy = M_y (F_y, F_xy, M_y: `ClassicalLaminationTheory
/// .interfaceResultants`). Tolerance 1% of the laminate's largest force resultant
/// (max over interfaces of |F_y|, |F_xy|) for the force integrals and 1% of its largest
/// moment (max |M_y|, or the largest force × half the thickness when no interface
/// carries a moment) for the moment, since in each layup some of the four vanish.
enum InterfaceEquilibriumCase {
  static func validationCase(layup: [Double], label: String, name: String) -> ValidationCase {
    ValidationCase(name: name, title: "Pipes-Pagano interface equilibrium, \(label)", quick: true) {
      try run(layup: layup, name: name, title: "Pipes-Pagano interface equilibrium, \(label)")
    }
  }

  static let cases = [
    validationCase(layup: [45, -45, -45, 45], label: "[45/-45]s", name: "interface_equilibrium_45"),
    validationCase(layup: [0, 90, 90, 0], label: "[0/90]s", name: "interface_equilibrium_0_90"),
  ]

  static func run(layup angles: [Double], name: String, title: String) throws -> ValidationResult {
    let plyThickness = 0.25, width = 16.0, length = 32.0, strain = 1e-3
    let layup = Layup(anglesDegrees: angles)
    let spec = CouponSpec(
      layup: layup, plyThickness: plyThickness, length: length, width: width, elementKind: .hex20,
      elementsAlongLength: 16, elementsAcrossWidth: 48, elementsPerPly: 4, edgeBias: 100, interfaceBias: 4)
    let bench = try CouponBench(spec: spec, material: CouponBench.pipesPagano, strain: strain)
    let field = try bench.field()
    let clt = ClassicalLaminationTheory(plies: angles.map {
      .init(material: CouponBench.pipesPagano, angleDegrees: $0, thickness: plyThickness)
    })
    let response = clt.uniaxialStrain(epsilonX: strain)
    let x = field.elementCentreStation(near: length / 2)
    var checks = [ValidationCheck]()
    // The laminate's scales: the largest force and moment resultant over its interfaces
    // (some interfaces carry none, e.g. the mid-plane of a symmetric laminate).
    let all = (1..<angles.count).map { clt.interfaceResultants(aboveInterface: $0, response: response) }
    let scale = all.map { max(abs($0.Fy), abs($0.Fxy)) }.max() ?? 0
    let momentScale = max(all.map { abs($0.My) }.max() ?? 0, scale * clt.thickness / 2)
    for k in 1..<angles.count {
      let r = all[k - 1]
      guard let line = InterfaceLine(field: field, interface: k, x: x, recover: false) else {
        throw ValidationFailure("interface \(k): the line across the width leaves the mesh")
      }
      let summary = EdgeSummary(line: line, characteristicDistance: plyThickness)
      func add(_ q: String, _ computed: Double, _ reference: Double, _ tolerance: Double, _ note: String) {
        checks.append(ValidationCheck(quantity: "interface \(k): \(q) / eps", computed: computed / strain,
                                      reference: reference / strain, tolerance: tolerance / strain, toleranceNote: note))
      }
      let force = "1% of max |F_y|,|F_xy|", moment = "1% of max |M_y|"
      for (half, sign, label) in [(summary.halfYPlus, -1.0, "y+ half"), (summary.halfYMinus, 1.0, "y- half")] {
        add("int tau_xz dy, \(label)", half.force.y, sign * r.Fxy, 0.01 * scale, force)
        add("int tau_yz dy, \(label)", half.force.z, sign * r.Fy, 0.01 * scale, force)
        add("int sigma_z dy, \(label)", half.force.x, 0, 0.01 * scale, force)
        add("int sigma_z |y - W/2| dy, \(label)", -sign * half.moment, r.My, 0.01 * momentScale, moment)
      }
    }
    return ValidationResult(
      name: name, title: title, checks: checks,
      notes: ["hex20, 8 x 48 x 16 elements (4 per ply, graded 4:1 toward interfaces, 100:1 toward the edges), coupon 32 x 16 x 1, line at x = \(x)"])
  }
}
