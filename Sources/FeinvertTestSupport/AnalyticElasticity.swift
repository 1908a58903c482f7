import FECommon
import FEKernel

/// Independent truths for elasticity tests, written without the production code's
/// Bond-matrix route so that agreement means something.
public enum AnalyticElasticity {
  /// Rotates a Voigt stiffness (material axes) about +z by θ through the full
  /// fourth-order tensor: C'_ijkl = R_ip R_jq R_kr R_ls C_pqrs.
  public static func tensorRotatedStiffness(_ c: SmallMatrix, angle: Double) -> SmallMatrix {
    let r = [[cos(angle), -sin(angle), 0.0], [sin(angle), cos(angle), 0.0], [0.0, 0.0, 1.0]]
    func v(_ i: Int, _ j: Int) -> Int {
      if i == j { return i }
      switch (min(i, j), max(i, j)) {
      case (1, 2): return 3
      case (0, 2): return 4
      default: return 5
      }
    }
    var out = SmallMatrix(zeros: 6)
    for (a, (i, j)) in Voigt.pairs.enumerated() {
      for (b, (k, l)) in Voigt.pairs.enumerated() {
        var s = 0.0
        for p in 0..<3 { for q in 0..<3 { for m in 0..<3 { for n in 0..<3 {
          s += r[i][p] * r[j][q] * r[k][m] * r[l][n] * c[v(p, q), v(m, n)]
        } } } }
        out[a, b] = s
      }
    }
    return out
  }

  /// The apparent axial modulus E_x of a ply turned by θ under uniaxial stress σ_x
  /// (Jones, *Mechanics of Composite Materials*, 2nd ed., eq. 2.98):
  /// 1/E_x = cos⁴θ/E1 + (1/G12 − 2ν12/E1) sin²θ cos²θ + sin⁴θ/E2.
  public static func offAxisModulus(_ m: OrthotropicMaterial, angle: Double) -> Double {
    let c = cos(angle), s = sin(angle)
    let inv = c * c * c * c / m.E1 + (1 / m.G12 - 2 * m.nu12 / m.E1) * s * s * c * c + s * s * s * s / m.E2
    return 1 / inv
  }

  /// The shear-coupling coefficient η_xy,x = γ_xy / ε_x under uniaxial σ_x, times ε_x:
  /// γ_xy = σ_x · [ (2/E1 + 2ν12/E1 − 1/G12) sin θ cos³θ − (2/E2 + 2ν12/E1 − 1/G12) sin³θ cos θ ]
  /// (Jones eq. 2.97, S̄16 with the sign convention of a ply turned by +θ).
  public static func offAxisShearCompliance(_ m: OrthotropicMaterial, angle: Double) -> Double {
    let c = cos(angle), s = sin(angle)
    return (2 / m.E1 + 2 * m.nu12 / m.E1 - 1 / m.G12) * s * c * c * c
      - (2 / m.E2 + 2 * m.nu12 / m.E1 - 1 / m.G12) * s * s * s * c
  }
}

#if canImport(Glibc)
import Glibc
#endif
