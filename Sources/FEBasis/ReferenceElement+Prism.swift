extension ReferenceElement {
  /// Prism6 (linear wedge) on the unit triangle × [−1, 1], with barycentrics
  /// L₀ = 1 − ξ − η, L₁ = ξ, L₂ = η: bottom nodes 0–2 Lᵢ(1 − ζ)/2, top nodes 3–5
  /// Lᵢ(1 + ζ)/2 (Zienkiewicz–Taylor–Zhu §6.7, eq. 6.42).
  @inlinable
  static func evaluatePrism6(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    let l0 = 1 - x - y
    let b = 0.5 * (1 - z), t = 0.5 * (1 + z)
    set(v, g, 0, l0 * b, -b, -b, -0.5 * l0)
    set(v, g, 1, x * b, b, 0, -0.5 * x)
    set(v, g, 2, y * b, 0, b, -0.5 * y)
    set(v, g, 3, l0 * t, -t, -t, 0.5 * l0)
    set(v, g, 4, x * t, t, 0, 0.5 * x)
    set(v, g, 5, y * t, 0, t, 0.5 * y)
  }

  /// Prism15 (serendipity wedge) on the unit triangle × [−1, 1] (Zienkiewicz–Taylor–Zhu
  /// §6.7; the 15-node wedge of Abaqus C3D15 and CalculiX), with Lᵢ as for prism6 and
  /// ζᵢ = ∓1 for the bottom and top corners:
  /// corners ½ Lᵢ (1 + ζᵢζ)(2Lᵢ − 2 + ζᵢζ); triangle mid-edge nodes 2 LᵢLⱼ(1 + ζᵢζ)
  /// (Gmsh's 6: (0,1), 7: (0,2), 9: (1,2) at the bottom, 12: (3,4), 13: (3,5), 14: (4,5)
  /// at the top); vertical mid-edge nodes Lᵢ(1 − ζ²) (8: (0,3), 10: (1,4), 11: (2,5)).
  @inlinable
  static func evaluatePrism15(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    let l = (1 - x - y, x, y)
    // dL/dξ and dL/dη of L₀, L₁, L₂.
    let dx = (-1.0, 1.0, 0.0), dy = (-1.0, 0.0, 1.0)
    /// A corner: node a, barycentric index i, side s = ∓1.
    func corner(_ a: Int, _ li: Double, _ dxi: Double, _ dyi: Double, _ s: Double) {
      let f = 1 + s * z, h = 2 * li - 2 + s * z
      let value = 0.5 * li * f * h
      let dL = 0.5 * f * (h + 2 * li)  // ∂/∂L
      let dz = 0.5 * li * s * (h + f)
      set(v, g, a, value, dL * dxi, dL * dyi, dz)
    }
    corner(0, l.0, dx.0, dy.0, -1)
    corner(1, l.1, dx.1, dy.1, -1)
    corner(2, l.2, dx.2, dy.2, -1)
    corner(3, l.0, dx.0, dy.0, 1)
    corner(4, l.1, dx.1, dy.1, 1)
    corner(5, l.2, dx.2, dy.2, 1)
    /// A triangle mid-edge node between barycentrics i and j on side s.
    func triangleEdge(_ a: Int, _ li: Double, _ lj: Double, _ dxi: Double, _ dyi: Double, _ dxj: Double, _ dyj: Double, _ s: Double) {
      let f = 1 + s * z
      set(v, g, a, 2 * li * lj * f, 2 * f * (dxi * lj + li * dxj), 2 * f * (dyi * lj + li * dyj), 2 * li * lj * s)
    }
    triangleEdge(6, l.0, l.1, dx.0, dy.0, dx.1, dy.1, -1)
    triangleEdge(7, l.0, l.2, dx.0, dy.0, dx.2, dy.2, -1)
    triangleEdge(9, l.1, l.2, dx.1, dy.1, dx.2, dy.2, -1)
    triangleEdge(12, l.0, l.1, dx.0, dy.0, dx.1, dy.1, 1)
    triangleEdge(13, l.0, l.2, dx.0, dy.0, dx.2, dy.2, 1)
    triangleEdge(14, l.1, l.2, dx.1, dy.1, dx.2, dy.2, 1)
    /// A vertical mid-edge node above barycentric i.
    func verticalEdge(_ a: Int, _ li: Double, _ dxi: Double, _ dyi: Double) {
      let q = 1 - z * z
      set(v, g, a, li * q, dxi * q, dyi * q, -2 * li * z)
    }
    verticalEdge(8, l.0, dx.0, dy.0)
    verticalEdge(10, l.1, dx.1, dy.1)
    verticalEdge(11, l.2, dx.2, dy.2)
  }
}
