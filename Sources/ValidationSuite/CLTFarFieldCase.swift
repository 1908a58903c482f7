import LaminateCoupons
import FEKernel
import LaminateTheory
import StressPost

/// Classical lamination theory far from the edges: the ply stresses at the centre of
/// a wide [45/-45]s coupon of the Pipes–Pagano material in axial extension equal
/// CLT's (σx = 2.9636 Msi and τxy = ±1.1541 Msi per unit axial strain) within 0.5%.
enum CLTFarFieldCase {
  static let name = "clt_far_field"

  static let validationCase = ValidationCase(
    name: name, title: "CLT ply stresses at the centre of a wide [45/-45]s coupon", quick: true, run: run)

  static func run() throws -> ValidationResult {
    let layup = Layup(anglesDegrees: [45, -45, -45, 45])
    let plyThickness = 0.25, width = 16.0, length = 32.0, strain = 1e-3
    let spec = CouponSpec(
      layup: layup, plyThickness: plyThickness, length: length, width: width, elementKind: .hex20,
      elementsAlongLength: 8, elementsAcrossWidth: 16, elementsPerPly: 2, edgeBias: 4)
    let bench = try CouponBench(spec: spec, material: CouponBench.pipesPagano, strain: strain)
    let field = try bench.field()
    let clt = ClassicalLaminationTheory(plies: layup.anglesDegrees.map {
      .init(material: CouponBench.pipesPagano, angleDegrees: $0, thickness: plyThickness)
    })
    let response = clt.uniaxialStrain(epsilonX: strain)
    let x = field.elementCentreStation(near: length / 2)
    var checks = [ValidationCheck]()
    // The published per-unit-strain values (Pipes & Pagano 1970) against this CLT: 1e-4.
    let ply1 = clt.stress(inPly: 0, atZ: clt.plyBoundaries[0] + 0.5 * plyThickness, response: response)
    checks.append(.relative("CLT sigma_x / eps (ply 1) vs published 2.9636 Msi", computed: ply1[0] / strain,
                            reference: 2.9636, tolerance: 1e-4))
    checks.append(.relative("CLT tau_xy / eps (ply 1, +45) vs published 1.1541 Msi", computed: ply1[2] / strain,
                            reference: 1.1541, tolerance: 1e-4))
    for k in 1...layup.plyCount {
      let zMid = field.stack.plies[k - 1].zBottom + 0.5 * plyThickness
      let zCLT = clt.plyBoundaries[k - 1] + 0.5 * plyThickness
      let reference = clt.stress(inPly: k - 1, atZ: zCLT, response: response)
      guard let sigma = field.directStress(at: SIMD3(x, width / 2, zMid), ply: k) else {
        throw ValidationFailure("the centre point of ply \(k) is not in the mesh")
      }
      let angle = Int(layup.anglesDegrees[k - 1])
      checks.append(.relative("sigma_x / eps, ply \(k) (\(angle))", computed: sigma[0] / strain,
                              reference: reference[0] / strain, tolerance: 0.005))
      checks.append(.relative("tau_xy / eps, ply \(k) (\(angle))", computed: sigma[5] / strain,
                              reference: reference[2] / strain, tolerance: 0.005))
    }
    return ValidationResult(
      name: name, title: validationCase.title, checks: checks,
      notes: ["hex20, 8 x 16 x 8 elements, 2 per ply, coupon 32 x 16 x 1 (ply thickness 0.25), point at x = \(x), y = 8"])
  }
}
