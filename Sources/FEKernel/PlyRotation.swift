import FECommon

/// Rotation of a material's 6×6 stiffness about +z by the ply angle.
///
/// The fibre axis (1) lies at angle θ from the global +x axis, turned about +z
/// (counter-clockwise seen from +z). With direction cosines a = R, where
/// R = [[c, −s, 0], [s, c, 0], [0, 0, 1]] maps material to global components,
/// stresses transform with the Bond matrix M: σ_global = M σ_material and, with
/// engineering shear strains, C_global = M C_material Mᵀ
/// (Ting, *Anisotropic Elasticity*, 1996, §2.6; Bond 1943). Voigt order xx yy zz yz xz xy.
public enum PlyRotation {
  /// The 6×6 Bond stress-transformation matrix for a rotation by `angle` (radians) about +z.
  public static func bondMatrix(angle: Double) -> SmallMatrix {
    let c = cos(angle), s = sin(angle)
    let a: [[Double]] = [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    return bond(a)
  }

  /// d M / dθ for the Bond matrix of a rotation about +z (radians⁻¹).
  public static func bondMatrixDerivative(angle: Double) -> SmallMatrix {
    // M is quadratic in the direction cosines; differentiate by the product rule
    // through a complex-step-free exact formula: M(a) is bilinear, so dM = B(a, da) + B(da, a).
    let c = cos(angle), s = sin(angle)
    let a: [[Double]] = [[c, -s, 0], [s, c, 0], [0, 0, 1]]
    let da: [[Double]] = [[-s, -c, 0], [c, -s, 0], [0, 0, 0]]
    let m1 = bilinearBond(a, da)
    let m2 = bilinearBond(da, a)
    var d = SmallMatrix(zeros: 6)
    for i in 0..<36 { d.values[i] = m1.values[i] + m2.values[i] }
    return d
  }

  /// Global stiffness of a material turned by `angle` (radians) about +z.
  public static func rotatedStiffness(_ material: SmallMatrix, angle: Double) -> SmallMatrix {
    let m = bondMatrix(angle: angle)
    return m * material * m.transposed
  }

  /// d C_global / dθ = M' C Mᵀ + M C M'ᵀ.
  public static func rotatedStiffnessDerivative(_ material: SmallMatrix, angle: Double) -> SmallMatrix {
    let m = bondMatrix(angle: angle)
    let dm = bondMatrixDerivative(angle: angle)
    let a = dm * material * m.transposed
    let b = m * material * dm.transposed
    var d = SmallMatrix(zeros: 6)
    for i in 0..<36 { d.values[i] = a.values[i] + b.values[i] }
    return d
  }

  static func bond(_ a: [[Double]]) -> SmallMatrix { bilinearBond(a, a) }

  /// The Bond matrix as a symmetric bilinear form in two sets of direction cosines,
  /// so that M(a) = B(a, a) and dM = B(a, da) + B(da, a).
  static func bilinearBond(_ a: [[Double]], _ b: [[Double]]) -> SmallMatrix {
    // σ'_ij = a_ik a_jl σ_kl. Voigt row (i,j), column (k,l): for k == l the factor
    // is a_ik a_jl; for k != l both (k,l) and (l,k) contribute: a_ik a_jl + a_il a_jk.
    // The bilinear version symmetrises over which factor comes from which argument.
    var m = SmallMatrix(zeros: 6)
    for (row, (i, j)) in Voigt.pairs.enumerated() {
      for (col, (k, l)) in Voigt.pairs.enumerated() {
        if k == l {
          m[row, col] = 0.5 * (a[i][k] * b[j][l] + b[i][k] * a[j][l])
        } else {
          m[row, col] =
            0.5 * (a[i][k] * b[j][l] + b[i][k] * a[j][l] + a[i][l] * b[j][k] + b[i][l] * a[j][k])
        }
      }
    }
    return m
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
