/// The element kernels of 3D linear elasticity on an isoparametric element.
///
/// All buffers are flat and caller-owned so that assembly allocates nothing per
/// element. Shapes: `coordinates` 3·n (node-major, x y z), `referenceGradients`
/// the `ElementTables.gradients` of the kind (q·n·3), `stiffness` the 6×6 global
/// constitutive matrix row-major (Voigt xx yy zz yz xz xy, engineering shear).
/// `ke` is (3n)×(3n) row-major with DOF order (node a, component i) → 3a + i.
///
/// With physical gradients g_a = J⁻ᵀ ∇_ξ N_a, the strain-displacement block of
/// node a is B_a = [[gx,0,0],[0,gy,0],[0,0,gz],[0,gz,gy],[gz,0,gx],[gy,gx,0]]
/// and K_ab = Σ_q w_q det J_q B_aᵀ C B_b (Hughes, *The Finite Element Method*, §2.8).
public enum ElasticityKernel {
  /// Physical shape-function gradients at one integration point.
  ///
  /// - Returns: det J (the volume scale); negative for an inverted element.
  @inlinable @inline(__always)
  public static func physicalGradients(
    n: Int, coordinates x: UnsafePointer<Double>, referenceGradients dn: UnsafePointer<Double>,
    into g: UnsafeMutablePointer<Double>
  ) -> Double {
    // J_ij = Σ_a x_a,i dN_a/dξ_j
    var j00 = 0.0, j01 = 0.0, j02 = 0.0, j10 = 0.0, j11 = 0.0, j12 = 0.0, j20 = 0.0, j21 = 0.0, j22 = 0.0
    for a in 0..<n {
      let d0 = dn[3 * a], d1 = dn[3 * a + 1], d2 = dn[3 * a + 2]
      let xa = x[3 * a], ya = x[3 * a + 1], za = x[3 * a + 2]
      j00 += xa * d0; j01 += xa * d1; j02 += xa * d2
      j10 += ya * d0; j11 += ya * d1; j12 += ya * d2
      j20 += za * d0; j21 += za * d1; j22 += za * d2
    }
    let c00 = j11 * j22 - j12 * j21
    let c01 = j12 * j20 - j10 * j22
    let c02 = j10 * j21 - j11 * j20
    let det = j00 * c00 + j01 * c01 + j02 * c02
    let inv = 1 / det
    // (J⁻¹)_ji = cofactor_ij / det; g_a,i = Σ_j dN_a/dξ_j (J⁻¹)_ji
    let i00 = c00 * inv, i10 = c01 * inv, i20 = c02 * inv
    let i01 = (j02 * j21 - j01 * j22) * inv
    let i11 = (j00 * j22 - j02 * j20) * inv
    let i21 = (j01 * j20 - j00 * j21) * inv
    let i02 = (j01 * j12 - j02 * j11) * inv
    let i12 = (j02 * j10 - j00 * j12) * inv
    let i22 = (j00 * j11 - j01 * j10) * inv
    for a in 0..<n {
      let d0 = dn[3 * a], d1 = dn[3 * a + 1], d2 = dn[3 * a + 2]
      g[3 * a] = d0 * i00 + d1 * i10 + d2 * i20
      g[3 * a + 1] = d0 * i01 + d1 * i11 + d2 * i21
      g[3 * a + 2] = d0 * i02 + d1 * i12 + d2 * i22
    }
    return det
  }

  /// Adds w·B_aᵀ C B_b for all node pairs into `ke`, given physical gradients `g`.
  ///
  /// `cb` is scratch of 18·n doubles (C B_b for every b).
  @inlinable @inline(__always)
  public static func accumulateBtCB(
    n: Int, gradients g: UnsafePointer<Double>, stiffness c: UnsafePointer<Double>, weight w: Double,
    scratch cb: UnsafeMutablePointer<Double>, into ke: UnsafeMutablePointer<Double>
  ) {
    // CB_b (6×3): column i of B_b has nonzeros in rows (i, and two shear rows).
    for b in 0..<n {
      let gx = g[3 * b], gy = g[3 * b + 1], gz = g[3 * b + 2]
      let o = 18 * b
      for r in 0..<6 {
        let cr = c + 6 * r
        // column 0 (ux): rows xx (gx), xz (gz), xy (gy)
        cb[o + 3 * r] = w * (cr[0] * gx + cr[4] * gz + cr[5] * gy)
        // column 1 (uy): rows yy (gy), yz (gz), xy (gx)
        cb[o + 3 * r + 1] = w * (cr[1] * gy + cr[3] * gz + cr[5] * gx)
        // column 2 (uz): rows zz (gz), yz (gy), xz (gx)
        cb[o + 3 * r + 2] = w * (cr[2] * gz + cr[3] * gy + cr[4] * gx)
      }
    }
    let rowLength = 3 * n
    for a in 0..<n {
      let gx = g[3 * a], gy = g[3 * a + 1], gz = g[3 * a + 2]
      for b in a..<n {
        let o = 18 * b
        // rows of B_aᵀ: i = 0 uses Voigt rows (0: gx, 4: gz, 5: gy), etc.
        for j in 0..<3 {
          let v0 = gx * cb[o + j] + gz * cb[o + 12 + j] + gy * cb[o + 15 + j]
          let v1 = gy * cb[o + 3 + j] + gz * cb[o + 9 + j] + gx * cb[o + 15 + j]
          let v2 = gz * cb[o + 6 + j] + gy * cb[o + 9 + j] + gx * cb[o + 12 + j]
          ke[(3 * a) * rowLength + 3 * b + j] += v0
          ke[(3 * a + 1) * rowLength + 3 * b + j] += v1
          ke[(3 * a + 2) * rowLength + 3 * b + j] += v2
        }
      }
    }
  }

  /// Copies the upper node-block triangle of `ke` into the lower one.
  @inlinable @inline(__always)
  public static func symmetrize(n: Int, ke: UnsafeMutablePointer<Double>) {
    let m = 3 * n
    for a in 0..<n {
      for b in (a + 1)..<max(a + 1, n) {
        for i in 0..<3 {
          for j in 0..<3 {
            ke[(3 * b + j) * m + 3 * a + i] = ke[(3 * a + i) * m + 3 * b + j]
          }
        }
      }
    }
  }

  /// Stress σ = C B u at one integration point (Voigt, global axes).
  @inlinable @inline(__always)
  public static func stress(
    n: Int, gradients g: UnsafePointer<Double>, stiffness c: UnsafePointer<Double>,
    displacement u: UnsafePointer<Double>, into sigma: UnsafeMutablePointer<Double>
  ) {
    var e0 = 0.0, e1 = 0.0, e2 = 0.0, e3 = 0.0, e4 = 0.0, e5 = 0.0
    for a in 0..<n {
      let gx = g[3 * a], gy = g[3 * a + 1], gz = g[3 * a + 2]
      let ux = u[3 * a], uy = u[3 * a + 1], uz = u[3 * a + 2]
      e0 += gx * ux
      e1 += gy * uy
      e2 += gz * uz
      e3 += gz * uy + gy * uz
      e4 += gz * ux + gx * uz
      e5 += gy * ux + gx * uy
    }
    for r in 0..<6 {
      let cr = c + 6 * r
      sigma[r] = cr[0] * e0 + cr[1] * e1 + cr[2] * e2 + cr[3] * e3 + cr[4] * e4 + cr[5] * e5
    }
  }
}
