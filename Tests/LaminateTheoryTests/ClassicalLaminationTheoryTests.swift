import FECommon
import FEKernel
import Foundation
import LaminateTheory
import Testing

/// CLT against published numbers and hand derivations.
@Suite struct ClassicalLaminationTheoryTests {
  /// The Pipes–Pagano material (Pipes & Pagano, J. Composite Materials 4 (1970) 538–548),
  /// in Msi: E1 = 20.0, E2 = E3 = 2.1, G12 = G13 = G23 = 0.85, every ν = 0.21.
  static let pipesPagano = OrthotropicMaterial(
    name: "Pipes-Pagano", E1: 20.0, E2: 2.1, E3: 2.1, G12: 0.85, G13: 0.85, G23: 0.85,
    nu12: 0.21, nu13: 0.21, nu23: 0.21)

  static func laminate(_ angles: [Double], thickness t: Double = 1) -> ClassicalLaminationTheory {
    ClassicalLaminationTheory(
      plies: angles.map { .init(material: pipesPagano, angleDegrees: $0, thickness: t) })
  }

  /// [45/−45]s per unit axial strain with Ny = Nxy = 0 and no curvature: the far-field
  /// stresses of Pipes & Pagano 1970, σx = 2.9636 Msi in every ply, τxy = +1.1541 Msi in
  /// the +45° plies and −1.1541 Msi in the −45° plies. The published values have five
  /// digits, so 1e-4 relative is their rounding (half a unit in the last digit is
  /// 1.7e-5 and 4.3e-5 relative).
  @Test func pipesPaganoAnglePlyFarField() {
    let clt = Self.laminate([45, -45, -45, 45], thickness: 0.0055)
    let r = clt.uniaxialStrain(epsilonX: 1)
    #expect(r.curvature.allSatisfy { abs($0) < 1e-12 })
    #expect(abs(r.midplaneStrain[2]) < 1e-12)  // balanced: no shear strain
    #expect(abs(r.forceResultant[1]) < 1e-12 && abs(r.forceResultant[2]) < 1e-12)
    for (k, ply) in clt.plies.enumerated() {
      let zMid = (clt.plyBoundaries[k] + clt.plyBoundaries[k + 1]) / 2
      let s = clt.stress(inPly: k, atZ: zMid, response: r)
      #expect(abs(s[0] - 2.9636) / 2.9636 < 1e-4, "ply \(k + 1) σx = \(s[0])")
      let expectedTau = ply.angleDegrees > 0 ? 1.1541 : -1.1541
      #expect(abs(s[2] - expectedTau) / 1.1541 < 1e-4, "ply \(k + 1) (\(ply.angleDegrees)°) τxy = \(s[2])")
      // σy vanishes in each ±45 ply here (Q̄12 + Q̄22 εy = 0 with εy = −A12/A22 and
      // Q̄12, Q̄22 equal in both plies); round-off only.
      #expect(abs(s[1]) < 1e-12)
    }
  }

  /// [0/90]s per unit axial strain against the hand derivation: A11 = A22 = 2t(Q11 + Q22),
  /// A12 = 4tQ12, A16 = A26 = 0, so εy = −2Q12/(Q11 + Q22) εx, and
  /// σy(0°) = Q12 εx + Q22 εy = Q12 (Q11 − Q22)/(Q11 + Q22) εx = −σy(90°);
  /// σx(0°) = Q11 εx + Q12 εy, σx(90°) = Q22 εx + Q12 εy, τxy = 0.
  @Test func crossPlyHandDerivation() {
    let m = Self.pipesPagano
    let nu21 = m.nu12 * m.E2 / m.E1
    let den = 1 - m.nu12 * nu21
    let q11 = m.E1 / den, q22 = m.E2 / den, q12 = m.nu12 * m.E2 / den
    let clt = Self.laminate([0, 90, 90, 0], thickness: 0.25)
    let r = clt.uniaxialStrain(epsilonX: 1)
    let ey = -2 * q12 / (q11 + q22)
    #expect(abs(r.midplaneStrain[1] - ey) < 1e-14)
    let s0 = clt.stress(inPly: 0, atZ: -0.4, response: r)
    let s90 = clt.stress(inPly: 1, atZ: -0.1, response: r)
    let sy0 = q12 * (q11 - q22) / (q11 + q22)
    #expect(abs(s0[1] - sy0) < 1e-13 * q11)
    #expect(abs(s90[1] + sy0) < 1e-13 * q11)
    #expect(s0[1] > 0)  // the 0° plies are pulled in y, the 90° plies pushed
    #expect(abs(s0[0] - (q11 + q12 * ey)) < 1e-13 * q11)
    #expect(abs(s90[0] - (q22 + q12 * ey)) < 1e-13 * q11)
    #expect(abs(s0[2]) < 1e-14 && abs(s90[2]) < 1e-14)
    // The sum of σy through the thickness (Ny) vanishes to round-off.
    let ny = 2 * 0.25 * (s0[1] + s90[1])
    #expect(abs(ny) < 1e-14 * q11)
    #expect(abs(r.forceResultant[1]) < 1e-14 * q11)
  }

  /// Q̄(θ) against an independent computation: rotate a global strain into the ply axes
  /// as a tensor, apply Q there, rotate the stress back. Tolerance: round-off.
  @Test(arguments: [0.0, 15.0, 30.0, 45.0, -45.0, 60.0, 90.0, 123.0])
  func transformedStiffnessMatchesTensorRotation(angleDegrees: Double) {
    let q = ClassicalLaminationTheory.reducedStiffness(Self.pipesPagano)
    let t = angleDegrees * .pi / 180
    let qBar = ClassicalLaminationTheory.transformedReducedStiffness(q, angle: t)
    let c = cos(t), s = sin(t)
    for eps in [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0], [0.3, -0.7, 0.4]] {
      // Global strain tensor [[εx, γ/2], [γ/2, εy]]; material components ε' = Rᵀ ε R with
      // R = [[c, −s], [s, c]] (columns: the fibre and transverse directions).
      let exx = eps[0], eyy = eps[1], exy = eps[2] / 2
      let e11 = c * c * exx + 2 * c * s * exy + s * s * eyy
      let e22 = s * s * exx - 2 * c * s * exy + c * c * eyy
      let e12 = -c * s * exx + (c * c - s * s) * exy + c * s * eyy
      let sm = q.multiply([e11, e22, 2 * e12])
      // σ = R σ' Rᵀ.
      let sxx = c * c * sm[0] - 2 * c * s * sm[2] + s * s * sm[1]
      let syy = s * s * sm[0] + 2 * c * s * sm[2] + c * c * sm[1]
      let sxy = c * s * sm[0] + (c * c - s * s) * sm[2] - c * s * sm[1]
      let direct = qBar.multiply(eps)
      for (x, y) in zip(direct, [sxx, syy, sxy]) {
        #expect(abs(x - y) < 1e-12 * q[0, 0], "θ = \(angleDegrees): \(direct) vs \([sxx, syy, sxy])")
      }
    }
  }

  /// The general solve recovers a deformation from its resultants, and a mixed solve
  /// honours every prescribed value (an unsymmetric [0/90/45] laminate, so B ≠ 0).
  @Test func generalAndMixedSolves() {
    let clt = Self.laminate([0, 90, 45], thickness: 0.2)
    let d = [1e-3, -4e-4, 2e-4, 0.05, -0.02, 0.01]
    let f = clt.abd.multiply(d)
    let r = clt.solve(forceResultant: Array(f[0..<3]), momentResultant: Array(f[3..<6]))
    for (x, y) in zip(r.midplaneStrain + r.curvature, d) {
      #expect(abs(x - y) < 1e-12 * 0.05)
    }
    let mixed = clt.solve([.deformation(1e-3), .resultant(0.5), .resultant(0), .deformation(0.01), .resultant(0), .resultant(-0.2)])
    #expect(mixed.midplaneStrain[0] == 1e-3 && mixed.curvature[0] == 0.01)
    let back = clt.abd.multiply(mixed.midplaneStrain + mixed.curvature)
    #expect(abs(back[1] - 0.5) < 1e-12 && abs(back[2]) < 1e-12 && abs(back[4]) < 1e-12 && abs(back[5] + 0.2) < 1e-12)
    // The free coupon of an unsymmetric laminate bends: curvature is not zero.
    let free = clt.uniaxialStrain(epsilonX: 1e-3)
    #expect(free.curvature.contains { abs($0) > 1e-6 })
    #expect(free.momentResultant.allSatisfy { abs($0) < 1e-12 })
  }

  /// A, B, D of a symmetric laminate: B = 0, and A, D against Σ Q̄ t and Σ Q̄ (t³/12 + t z̄²).
  @Test func abdOfSymmetricLaminate() {
    let t = 0.125
    let clt = Self.laminate([0, 45, -45, 90, 90, -45, 45, 0], thickness: t)
    for i in 0..<3 {
      for j in 0..<3 {
        #expect(abs(clt.B[i, j]) < 1e-14)
        var a = 0.0, d = 0.0
        for (k, q) in clt.transformedStiffness.enumerated() {
          let zBar = (clt.plyBoundaries[k] + clt.plyBoundaries[k + 1]) / 2
          a += q[i, j] * t
          d += q[i, j] * (t * t * t / 12 + t * zBar * zBar)
        }
        #expect(abs(clt.A[i, j] - a) < 1e-13 * 20)
        #expect(abs(clt.D[i, j] - d) < 1e-13 * 20)
      }
    }
    #expect(abs(clt.thickness - 1) < 1e-15)
    #expect(clt.plyIndex(atZ: 0) == 4)  // the mid-plane interface belongs to the ply above
    #expect(clt.plyIndex(atZ: 0.5) == 7)
  }
}
