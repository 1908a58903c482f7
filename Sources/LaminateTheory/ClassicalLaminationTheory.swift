import FECommon
import FEKernel

/// Classical lamination theory (CLT) of a laminate of orthotropic plies, bottom to top.
///
/// A value built from its plies; it holds the reduced stiffnesses, the laminate's A, B and
/// D matrices, and solves for the mid-plane strains and curvatures under any mix of
/// prescribed deformations and resultants (``solve(_:)``). It reads only the nine
/// engineering constants of each ``OrthotropicMaterial`` (in fact only E1, E2, G12, nu12),
/// never the FE kernel's stiffness routines, so that it stays an independent truth.
///
/// ## Conventions
///
/// - Plies are listed **bottom to top**: `plies[0]` is ply 1, the bottom one. Thickness
///   coordinate z is measured **from the laminate's mid-plane**, upward: the laminate
///   occupies −H/2 ≤ z ≤ H/2, with H the total thickness. (The FE coupon of
///   `CouponMesher` has z from 0 at its bottom face: z_CLT = z_FE − H/2.)
/// - Ply angle θ: the fibre axis turned about +z from +x (counter-clockwise seen from +z),
///   in degrees at the API edge (``Ply/init(material:angleDegrees:thickness:)``), in
///   radians inside (``Ply/angle``).
/// - In-plane Voigt order **x, y, xy** with engineering shear strain γxy = 2εxy:
///   σ = (σx, σy, τxy), ε = (εx, εy, γxy).
/// - Mid-plane strains ε⁰ and curvatures κ = (−∂²w/∂x², −∂²w/∂y², −2∂²w/∂x∂y), so that
///   ε(z) = ε⁰ + z κ. Resultants N = ∫σ dz and M = ∫σ z dz over −H/2 ≤ z ≤ H/2, and
///   (N; M) = [A B; B D] (ε⁰; κ) (Jones, *Mechanics of Composite Materials*, 2nd ed.,
///   §4.2, eqs. 4.22–4.24).
public struct ClassicalLaminationTheory: Sendable {
  /// One ply: its material, fibre angle and thickness.
  public struct Ply: Sendable, Equatable {
    public var material: OrthotropicMaterial
    /// Fibre angle θ in radians, turned about +z from +x.
    public var angle: Double
    /// Ply thickness, > 0, in the model's length unit.
    public var thickness: Double

    /// A ply with its fibre angle in degrees.
    public init(material: OrthotropicMaterial, angleDegrees: Double, thickness: Double) {
      self.init(material: material, angle: angleDegrees * .pi / 180, thickness: thickness)
    }

    /// A ply with its fibre angle in radians.
    public init(material: OrthotropicMaterial, angle: Double, thickness: Double) {
      self.material = material
      self.angle = angle
      self.thickness = thickness
    }

    /// The fibre angle in degrees.
    public var angleDegrees: Double { angle * 180 / .pi }
  }

  /// The plies, bottom (ply 1) to top.
  public let plies: [Ply]
  /// Ply boundaries z_0 = −H/2 < z_1 < … < z_n = H/2 (n + 1 values): ply k (1-based)
  /// occupies z_{k−1} ≤ z ≤ z_k, so `plyBoundaries[k]` is interface k.
  public let plyBoundaries: [Double]
  /// Extensional stiffness A = Σ Q̄_k (z_k − z_{k−1}) (force per length).
  public let A: SmallMatrix
  /// Coupling stiffness B = ½ Σ Q̄_k (z_k² − z_{k−1}²) (force).
  public let B: SmallMatrix
  /// Bending stiffness D = ⅓ Σ Q̄_k (z_k³ − z_{k−1}³) (force × length).
  public let D: SmallMatrix
  /// Q̄ of each ply in global axes, in `plies` order.
  public let transformedStiffness: [SmallMatrix]

  /// A laminate from its plies, bottom to top.
  ///
  /// `plies` must not be empty and every thickness must be positive and finite, or a
  /// precondition failure occurs; the materials should have passed
  /// `OrthotropicMaterial.validate` (1 − ν12ν21 > 0).
  public init(plies: [Ply]) {
    precondition(!plies.isEmpty, "ClassicalLaminationTheory: a laminate needs at least one ply")
    for ply in plies {
      precondition(
        ply.thickness > 0 && ply.thickness.isFinite,
        "ClassicalLaminationTheory: ply thickness \(ply.thickness) must be positive")
    }
    self.plies = plies
    let total = plies.reduce(0) { $0 + $1.thickness }
    var z = [-total / 2]
    for ply in plies { z.append(z[z.count - 1] + ply.thickness) }
    z[z.count - 1] = total / 2  // exact top despite round-off in the running sum
    plyBoundaries = z
    let qBars = plies.map {
      Self.transformedReducedStiffness(Self.reducedStiffness($0.material), angle: $0.angle)
    }
    transformedStiffness = qBars
    var a = SmallMatrix(zeros: 3), b = SmallMatrix(zeros: 3), d = SmallMatrix(zeros: 3)
    for (k, q) in qBars.enumerated() {
      let z0 = z[k], z1 = z[k + 1]
      let f1 = z1 - z0
      let f2 = (z1 * z1 - z0 * z0) / 2
      let f3 = (z1 * z1 * z1 - z0 * z0 * z0) / 3
      for i in 0..<3 {
        for j in 0..<3 {
          a[i, j] += q[i, j] * f1
          b[i, j] += q[i, j] * f2
          d[i, j] += q[i, j] * f3
        }
      }
    }
    A = a
    B = b
    D = d
  }

  /// Total thickness H.
  public var thickness: Double { plyBoundaries[plyBoundaries.count - 1] - plyBoundaries[0] }

  /// The 6×6 laminate stiffness [A B; B D], mapping (ε⁰; κ) to (N; M).
  public var abd: SmallMatrix {
    var m = SmallMatrix(zeros: 6)
    for i in 0..<3 {
      for j in 0..<3 {
        m[i, j] = A[i, j]
        m[i, j + 3] = B[i, j]
        m[i + 3, j] = B[i, j]
        m[i + 3, j + 3] = D[i, j]
      }
    }
    return m
  }

  /// The plane-stress reduced stiffness Q of a material in its own axes (1, 2, 12).
  ///
  /// Q11 = E1/(1 − ν12ν21), Q22 = E2/(1 − ν12ν21), Q12 = ν12E2/(1 − ν12ν21), Q66 = G12,
  /// with ν21 = ν12 E2/E1 (Jones 2nd ed., eq. 2.61). Order 1, 2, 12; engineering shear.
  public static func reducedStiffness(_ material: OrthotropicMaterial) -> SmallMatrix {
    let nu21 = material.nu12 * material.E2 / material.E1
    let den = 1 - material.nu12 * nu21
    var q = SmallMatrix(zeros: 3)
    q[0, 0] = material.E1 / den
    q[1, 1] = material.E2 / den
    q[0, 1] = material.nu12 * material.E2 / den
    q[1, 0] = q[0, 1]
    q[2, 2] = material.G12
    return q
  }

  /// The transformed reduced stiffness Q̄(θ) in global axes x, y, xy.
  ///
  /// The fibre axis lies at `angle` (radians) from +x, turned about +z. With m = cos θ,
  /// n = sin θ (Jones 2nd ed., eq. 2.85):
  ///
  ///     Q̄11 = Q11 m⁴ + 2(Q12 + 2Q66) m²n² + Q22 n⁴
  ///     Q̄12 = (Q11 + Q22 − 4Q66) m²n² + Q12 (m⁴ + n⁴)
  ///     Q̄22 = Q11 n⁴ + 2(Q12 + 2Q66) m²n² + Q22 m⁴
  ///     Q̄16 = (Q11 − Q12 − 2Q66) m³n + (Q12 − Q22 + 2Q66) m n³
  ///     Q̄26 = (Q11 − Q12 − 2Q66) m n³ + (Q12 − Q22 + 2Q66) m³n
  ///     Q̄66 = (Q11 + Q22 − 2Q12 − 2Q66) m²n² + Q66 (m⁴ + n⁴)
  ///
  /// For a +45° ply Q̄16 = Q̄26 = (Q11 − Q22)/4 > 0 when Q11 > Q22.
  public static func transformedReducedStiffness(_ q: SmallMatrix, angle: Double) -> SmallMatrix {
    let m = cos(angle), n = sin(angle)
    let m2 = m * m, n2 = n * n
    let q11 = q[0, 0], q12 = q[0, 1], q22 = q[1, 1], q66 = q[2, 2]
    var r = SmallMatrix(zeros: 3)
    r[0, 0] = q11 * m2 * m2 + 2 * (q12 + 2 * q66) * m2 * n2 + q22 * n2 * n2
    r[0, 1] = (q11 + q22 - 4 * q66) * m2 * n2 + q12 * (m2 * m2 + n2 * n2)
    r[1, 1] = q11 * n2 * n2 + 2 * (q12 + 2 * q66) * m2 * n2 + q22 * m2 * m2
    r[0, 2] = (q11 - q12 - 2 * q66) * m2 * m * n + (q12 - q22 + 2 * q66) * m * n2 * n
    r[1, 2] = (q11 - q12 - 2 * q66) * m * n2 * n + (q12 - q22 + 2 * q66) * m2 * m * n
    r[2, 2] = (q11 + q22 - 2 * q12 - 2 * q66) * m2 * n2 + q66 * (m2 * m2 + n2 * n2)
    r[1, 0] = r[0, 1]
    r[2, 0] = r[0, 2]
    r[2, 1] = r[1, 2]
    return r
  }

  /// The 0-based index into `plies` of the ply that contains `z`.
  ///
  /// An interior interface belongs to the ply **above** it; the top face to the top ply.
  /// A z outside −H/2…H/2 (by more than 1e-9 H) is a precondition failure.
  public func plyIndex(atZ z: Double) -> Int {
    let tol = 1e-9 * thickness
    precondition(
      z >= plyBoundaries[0] - tol && z <= plyBoundaries[plies.count] + tol,
      "ClassicalLaminationTheory: z = \(z) lies outside the laminate [\(plyBoundaries[0]), \(plyBoundaries[plies.count])]")
    for k in 0..<plies.count where z < plyBoundaries[k + 1] { return k }
    return plies.count - 1
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
