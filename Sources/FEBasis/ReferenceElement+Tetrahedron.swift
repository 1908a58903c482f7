extension ReferenceElement {
  /// Tet4 on the unit tetrahedron: N₀ = 1 − ξ − η − ζ, N₁ = ξ, N₂ = η, N₃ = ζ.
  @inlinable
  static func evaluateTet4(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    set(v, g, 0, 1 - x - y - z, -1, -1, -1)
    set(v, g, 1, x, 1, 0, 0)
    set(v, g, 2, y, 0, 1, 0)
    set(v, g, 3, z, 0, 0, 1)
  }

  /// Tet10 (quadratic Lagrange) on the unit tetrahedron, with barycentrics
  /// L₀ = 1 − ξ − η − ζ, L₁ = ξ, L₂ = η, L₃ = ζ: corners Lᵢ(2Lᵢ − 1), mid-edge
  /// nodes 4Lᵢ Lⱼ on Gmsh's edges 4: (0,1), 5: (1,2), 6: (2,0), 7: (3,0), 8: (3,2),
  /// 9: (3,1) (Zienkiewicz–Taylor–Zhu eq. 6.39).
  @inlinable
  static func evaluateTet10(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    let l0 = 1 - x - y - z
    // dL0 = (-1,-1,-1), dL1 = e_ξ, dL2 = e_η, dL3 = e_ζ.
    let c0 = 4 * l0 - 1
    set(v, g, 0, l0 * (2 * l0 - 1), -c0, -c0, -c0)
    set(v, g, 1, x * (2 * x - 1), 4 * x - 1, 0, 0)
    set(v, g, 2, y * (2 * y - 1), 0, 4 * y - 1, 0)
    set(v, g, 3, z * (2 * z - 1), 0, 0, 4 * z - 1)
    set(v, g, 4, 4 * l0 * x, 4 * (l0 - x), -4 * x, -4 * x)
    set(v, g, 5, 4 * x * y, 4 * y, 4 * x, 0)
    set(v, g, 6, 4 * y * l0, -4 * y, 4 * (l0 - y), -4 * y)
    set(v, g, 7, 4 * z * l0, -4 * z, -4 * z, 4 * (l0 - z))
    set(v, g, 8, 4 * z * y, 0, 4 * z, 4 * y)
    set(v, g, 9, 4 * z * x, 4 * z, 0, 4 * x)
  }
}
