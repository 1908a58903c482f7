extension ClassicalLaminationTheory {
  /// The resultants of the sub-laminate above one interface, from the CLT stresses.
  public struct InterfaceResultants: Sendable, Equatable {
    /// Interface number k (0 = bottom face, n = top face; see
    /// ``ClassicalLaminationTheory/interfaceResultants(aboveInterface:response:)``).
    public var interface: Int
    /// Height z_k of the interface from the laminate's mid-plane.
    public var z: Double
    /// F_y = ∫_{z_k}^{H/2} σy dz (force per length along x).
    public var Fy: Double
    /// F_xy = ∫_{z_k}^{H/2} τxy dz (force per length along x).
    public var Fxy: Double
    /// M_y = ∫_{z_k}^{H/2} σy (z − z_k) dz, the moment of σy about the interface
    /// (force × length per length along x); positive when the σy above the interface pulls
    /// harder the farther it is from it.
    public var My: Double
  }

  /// The resultants F_y, F_xy, M_y of the plies above interface k, for the Pipes–Pagano
  /// interface equilibrium check of a free-edge coupon.
  ///
  /// **Numbering.** Plies are numbered from 1 at the bottom (`plies[k − 1]` is ply k);
  /// interface k lies between ply k and ply k + 1, at z_k = `plyBoundaries[k]`. The
  /// interior interfaces are k = 1…n−1; k = 0 (the bottom face: the whole laminate, so
  /// F_y = Ny, F_xy = Nxy, M_y = My + (H/2) Ny) and k = n (the top face: all zero) are
  /// accepted too. Any other k is a precondition failure. The integrals are exact (the
  /// CLT stress is linear in z within a ply).
  ///
  /// **The equilibrium relation and its signs.** Take a coupon loaded along x, of width 2b
  /// with its centre line at y = 0 and its free edges at y = ±b, z up, far from the load
  /// introduction so that no stress depends on x. At the centre line of a wide coupon
  /// (b ≫ H) the stresses are the CLT ones. Cut out the body above interface k
  /// (z_k ≤ z ≤ H/2) between the centre line and the free edge **y = +b** (y pointing from
  /// the centre line toward that edge). Its forces per unit length along x: on the cut
  /// y = 0 (outward normal −y) the traction −(τxy, σy, τyz)(0, z); on the interface
  /// (outward normal −z) the traction −(τxz, τyz, σz)(y, z_k); the free edge, the top face
  /// and the two x-faces (equal and opposite, since nothing depends on x) add nothing. So
  ///
  ///     y-force:   ∫₀ᵇ τyz(y, z_k) dy = −F_y
  ///     x-force:   ∫₀ᵇ τxz(y, z_k) dy = −F_xy
  ///     z-force:   ∫₀ᵇ σz(y, z_k) dy  = −∫ τyz(0, z) dz = 0
  ///     moment about the x-axis through (y = 0, z = z_k):
  ///                ∫₀ᵇ y σz(y, z_k) dy = M_y
  ///
  /// The z-force balance uses τyz(0, z) = 0: the coupon (any layup) is invariant under the
  /// half-turn about the z-axis (x, y) → (−x, −y), which makes τyz and τxz odd in y and
  /// σz, σy, τxy even. For the half toward the other edge, y = −b…0, the two shear
  /// integrals change sign (∫₋ᵦ⁰ τyz dy = +F_y, ∫₋ᵦ⁰ τxz dy = +F_xy), while the moment
  /// relation, written with the distance from the centre line s = |y|, stays
  /// ∫ s σz ds = M_y. Hence M_y > 0 means σz has a positive first moment about the centre
  /// line: tensile (peel) σz near the free edge. For [0/90]s at its mid-plane (k = 2)
  /// F_y = 0 and M_y > 0, the known tensile mid-plane σz at the free edge.
  ///
  /// In the coordinates of `CouponMesher` (y from 0 to the width W, centre line y = W/2,
  /// z from 0 at the bottom: z_FE = z + H/2): over W/2 ≤ y ≤ W,
  /// ∫ τyz dy = −F_y, ∫ τxz dy = −F_xy, ∫ σz dy = 0, ∫ (y − W/2) σz dy = M_y; over
  /// 0 ≤ y ≤ W/2, ∫ τyz dy = +F_y, ∫ τxz dy = +F_xy, ∫ (W/2 − y) σz dy = M_y.
  /// (Pipes & Pagano, "Interlaminar stresses in composite laminates under uniform axial
  /// extension", J. Composite Materials 4 (1970) 538–548, derive the same balances.)
  public func interfaceResultants(aboveInterface k: Int, response: Response) -> InterfaceResultants {
    let n = plies.count
    precondition(k >= 0 && k <= n, "ClassicalLaminationTheory.interfaceResultants: interface \(k) is not in 0...\(n)")
    let zk = plyBoundaries[k]
    var fy = 0.0, fxy = 0.0, my = 0.0
    let e0 = response.midplaneStrain, kap = response.curvature
    for j in k..<n {
      let a = plyBoundaries[j], b = plyBoundaries[j + 1]
      let q = transformedStiffness[j]
      // σ(z) = Q̄ (ε⁰ + z κ) = s0 + z s1 within the ply.
      let s0 = q.multiply(e0)
      let s1 = q.multiply(kap)
      let i0 = b - a  // ∫ dz
      let i1 = (b * b - a * a) / 2  // ∫ z dz
      let i2 = (b * b * b - a * a * a) / 3  // ∫ z² dz
      fy += s0[1] * i0 + s1[1] * i1
      fxy += s0[2] * i0 + s1[2] * i1
      // ∫ σy (z − z_k) dz = s0 (∫z − z_k∫1) + s1 (∫z² − z_k ∫z)
      my += s0[1] * (i1 - zk * i0) + s1[1] * (i2 - zk * i1)
    }
    return InterfaceResultants(interface: k, z: zk, Fy: fy, Fxy: fxy, My: my)
  }
}
