import FECommon
import FEKernel
import Foundation
import LaminateTheory
import Testing

/// The sub-laminate resultants F_y, F_xy, M_y and the Pipes–Pagano interface balances
/// stated in `interfaceResultants(aboveInterface:response:)`.
@Suite struct InterfaceResultantsTests {
  static let material = ClassicalLaminationTheoryTests.pipesPagano

  /// [0/90]s by hand, plies of thickness t, σ0 = σy in the 0° plies = −σy in the 90°:
  /// interface 3 (under the top 0° ply): F_y = σ0 t, M_y = σ0 t²/2; interface 2 (mid-plane):
  /// F_y = 0, M_y = σ0 (4t² − t²)/2 − σ0 t²/2 = σ0 t²; interface 1: F_y = −σ0 t; the bottom
  /// face (k = 0) gives Ny = 0 and My = 0; the top face zeros.
  @Test func crossPlyByHand() {
    let t = 0.25
    let clt = ClassicalLaminationTheory(plies: [0, 90, 90, 0].map { .init(material: Self.material, angleDegrees: $0, thickness: t) })
    let r = clt.uniaxialStrain(epsilonX: 1)
    let s0 = clt.stress(inPly: 3, atZ: 0.4, response: r)[1]
    let scale = 1e-13 * 20
    let i3 = clt.interfaceResultants(aboveInterface: 3, response: r)
    #expect(abs(i3.z - 0.25) < 1e-15)
    #expect(abs(i3.Fy - s0 * t) < scale && abs(i3.My - s0 * t * t / 2) < scale && abs(i3.Fxy) < scale)
    let i2 = clt.interfaceResultants(aboveInterface: 2, response: r)
    #expect(abs(i2.Fy) < scale && abs(i2.My - s0 * t * t) < scale)
    #expect(i2.My > 0)  // tensile (peel) σz at the free edge of the [0/90]s mid-plane
    let i1 = clt.interfaceResultants(aboveInterface: 1, response: r)
    #expect(abs(i1.Fy + s0 * t) < scale)
    let i0 = clt.interfaceResultants(aboveInterface: 0, response: r)
    #expect(abs(i0.Fy) < scale && abs(i0.My) < scale && abs(i0.Fxy) < scale)
    let i4 = clt.interfaceResultants(aboveInterface: 4, response: r)
    #expect(i4.Fy == 0 && i4.Fxy == 0 && i4.My == 0)
  }

  /// [45/−45]s: F_xy = τ₊ t at interface 3, 0 at the mid-plane, −τ₊ t at interface 1,
  /// with τ₊ = +1.1541 Msi the τxy of the +45° plies; F_y = M_y = 0 (σy = 0 in each ply).
  @Test func anglePlyByHand() {
    let t = 0.0055
    let clt = ClassicalLaminationTheory(plies: [45, -45, -45, 45].map { .init(material: Self.material, angleDegrees: $0, thickness: t) })
    let r = clt.uniaxialStrain(epsilonX: 1)
    let tau = clt.stress(inPly: 3, atZ: clt.plyBoundaries[4], response: r)[2]
    #expect(abs(tau - 1.1541) / 1.1541 < 1e-4)
    let f = (1...3).map { clt.interfaceResultants(aboveInterface: $0, response: r) }
    #expect(abs(f[2].Fxy - tau * t) < 1e-13)
    #expect(abs(f[1].Fxy) < 1e-13)
    #expect(abs(f[0].Fxy + tau * t) < 1e-13)
    #expect(f.allSatisfy { abs($0.Fy) < 1e-13 && abs($0.My) < 1e-15 })
  }

  /// A statics check of the stated balances with a statically admissible field.
  ///
  /// From the CLT profile σy(z), τxy(z) of the centre line, build over the half width
  /// 0 ≤ y ≤ b (free edge at y = +b) the Airy-type field
  /// σy = g(y) σy(z), τyz = g′(y) F(z), σz = g″(y) Φ(z) and τxy = g(y) τxy(z),
  /// τxz = g′(y) G(z), with F(z) = ∫_z^top σy, Φ(z) = ∫_z^top (s − z) σy(s) ds,
  /// G(z) = ∫_z^top τxy and g a smooth step from 1 (centre) to 0 (edge) with g′ = g″ = 0
  /// at both ends. F, Φ, G are computed here by quadrature of the CLT stresses, not from
  /// `interfaceResultants`. The field is checked to satisfy the three equilibrium
  /// equations (finite differences), traction-free top, bottom and free edge, and the CLT
  /// state at the centre line; then its interface integrals are compared with
  /// −F_y, −F_xy, 0 and M_y from `interfaceResultants`.
  @Test(arguments: [[0.0, 90, 90, 0], [45.0, -45, -45, 45], [0.0, 45, -45, 90, 90, -45, 45, 0], [30.0, -60, 0]])
  func interfaceBalancesOfAnAdmissibleField(angles: [Double]) {
    let t = 0.2
    let clt = ClassicalLaminationTheory(plies: angles.map { .init(material: Self.material, angleDegrees: $0, thickness: t) })
    let r = clt.uniaxialStrain(epsilonX: 1)
    let top = clt.plyBoundaries[angles.count]
    let bottom = clt.plyBoundaries[0]
    let halfWidth = 1.5, y0 = 0.5  // g = 1 on [0, y0], a smooth step on [y0, b]

    // CLT profiles (an interface belongs to the ply above; the integrals pick the ply).
    func sy(_ z: Double) -> Double { clt.stress(atZ: z, response: r)[1] }
    func txy(_ z: Double) -> Double { clt.stress(atZ: z, response: r)[2] }
    // ∫_z^top σ_c(s) w(s) ds for in-plane component c by Simpson's rule on each ply piece,
    // evaluated in that piece's own ply: exact for the linear stress times a linear weight.
    func integralAbove(_ z: Double, component c: Int, weight: (Double) -> Double = { _ in 1 }) -> Double {
      var sum = 0.0
      let pieces = [z] + clt.plyBoundaries.filter { $0 > z }
      for (a, b) in zip(pieces, pieces.dropFirst()) where b > a {
        let m = (a + b) / 2
        let k = clt.plyIndex(atZ: m)
        func val(_ s: Double) -> Double { clt.stress(inPly: k, atZ: s, response: r)[c] * weight(s) }
        sum += (b - a) / 6 * (val(a) + 4 * val(m) + val(b))
      }
      return sum
    }
    func bigF(_ z: Double) -> Double { integralAbove(z, component: 1) }
    func bigPhi(_ z: Double) -> Double { integralAbove(z, component: 1, weight: { $0 - z }) }
    func bigG(_ z: Double) -> Double { integralAbove(z, component: 2) }

    // g: 1 − S(s), S the C³ smoothstep 35s⁴ − 84s⁵ + 70s⁶ − 20s⁷, s = (y − y0)/(b − y0).
    let len = halfWidth - y0
    func g(_ y: Double, _ d: Int) -> Double {
      let s = min(max((y - y0) / len, 0), 1)
      switch d {
      case 0: return 1 - (35 * pow(s, 4) - 84 * pow(s, 5) + 70 * pow(s, 6) - 20 * pow(s, 7))
      case 1: return -(140 * pow(s, 3) - 420 * pow(s, 4) + 420 * pow(s, 5) - 140 * pow(s, 6)) / len
      default: return -(420 * s * s - 1680 * pow(s, 3) + 2100 * pow(s, 4) - 840 * pow(s, 5)) / (len * len)
      }
    }
    // The field (σy, σz, τyz, τxy, τxz) at (y, z).
    func field(_ y: Double, _ z: Double) -> [Double] {
      [g(y, 0) * sy(z), g(y, 2) * bigPhi(z), g(y, 1) * bigF(z), g(y, 0) * txy(z), g(y, 1) * bigG(z)]
    }
    let sScale = 3.0  // stresses are O(1) Msi per unit strain here

    // Equilibrium by central differences inside plies, off the step's ends:
    // ∂σy/∂y + ∂τyz/∂z = 0, ∂τyz/∂y + ∂σz/∂z = 0, ∂τxy/∂y + ∂τxz/∂z = 0.
    let d = 1e-5
    for k in 0..<angles.count {
      let z = (clt.plyBoundaries[k] + 0.37 * t)
      for y in [0.2, 0.8, 1.1, 1.3] {
        let yp = field(y + d, z), ym = field(y - d, z), zp = field(y, z + d), zm = field(y, z - d)
        let e1 = (yp[0] - ym[0]) / (2 * d) + (zp[2] - zm[2]) / (2 * d)
        let e2 = (yp[2] - ym[2]) / (2 * d) + (zp[1] - zm[1]) / (2 * d)
        let e3 = (yp[3] - ym[3]) / (2 * d) + (zp[4] - zm[4]) / (2 * d)
        // The field is a polynomial of degree ≤ 3 in z within a ply, degree 7 in y: the
        // central difference errs by d²/6 times a third derivative, below 1e-8 of the stress
        // scale per length for d = 1e-5; round-off adds ~1e-11.
        #expect(max(abs(e1), abs(e2), abs(e3)) < 1e-6 * sScale / t, "ply \(k + 1) y = \(y): \(e1), \(e2), \(e3)")
      }
    }
    // Traction-free top and bottom faces; the bottom holds because Ny = Nxy = 0 and My = 0.
    for y in [0.1, 0.7, 1.2] {
      let f = field(y, top)
      #expect(abs(f[1]) < 1e-12 && abs(f[2]) < 1e-12 && abs(f[4]) < 1e-12)
      let b = field(y, bottom)
      #expect(abs(b[1]) < 1e-12 * sScale && abs(b[2]) < 1e-12 * sScale && abs(b[4]) < 1e-12 * sScale)
    }
    // Free edge y = b: σy = τyz = τxy = 0; centre line: the CLT state and τyz = 0.
    for z in [bottom + 0.1, 0.0, top - 0.05] {
      let e = field(halfWidth, z)
      #expect(e[0] == 0 && e[2] == 0 && e[3] == 0)
      let c = field(0, z)
      #expect(c[0] == sy(z) && c[2] == 0)
    }
    // The interface balances, by 5-point Gauss–Legendre on [0, y0] (where g′ = g″ = 0) and
    // on four equal pieces of [y0, b], where the integrands are polynomials of degree ≤ 7:
    // exact up to round-off.
    let gaussNodes = [0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640, 0.9061798459386640]
    let gaussWeights = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891]
    let pieces = [0.0, y0] + (1...4).map { y0 + len * Double($0) / 4 }
    for k in 1..<angles.count {
      let zk = clt.plyBoundaries[k]
      var iTyz = 0.0, iTxz = 0.0, iSz = 0.0, iYSz = 0.0
      let phi = bigPhi(zk), fk = bigF(zk), gk = bigG(zk)
      for (a, b) in zip(pieces, pieces.dropFirst()) {
        for (xi, wi) in zip(gaussNodes, gaussWeights) {
          let y = (a + b) / 2 + (b - a) / 2 * xi
          let w = wi * (b - a) / 2
          iTyz += w * g(y, 1) * fk
          iTxz += w * g(y, 1) * gk
          iSz += w * g(y, 2) * phi
          iYSz += w * y * g(y, 2) * phi
        }
      }
      let res = clt.interfaceResultants(aboveInterface: k, response: r)
      let tol = 1e-12 * sScale
      #expect(abs(iTyz + res.Fy) < tol, "interface \(k): ∫τyz = \(iTyz), −F_y = \(-res.Fy)")
      #expect(abs(iTxz + res.Fxy) < tol, "interface \(k): ∫τxz = \(iTxz), −F_xy = \(-res.Fxy)")
      #expect(abs(iSz) < tol, "interface \(k): ∫σz = \(iSz)")
      #expect(abs(iYSz - res.My) < tol, "interface \(k): ∫y σz = \(iYSz), M_y = \(res.My)")
    }
  }
}
