extension ReferenceElement {
  /// Tri3 on the unit triangle: N₀ = 1 − ξ − η, N₁ = ξ, N₂ = η.
  @inlinable
  static func evaluateTri3(
    _ x: Double, _ y: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    set(v, g, 0, 1 - x - y, -1, -1, 0)
    set(v, g, 1, x, 1, 0, 0)
    set(v, g, 2, y, 0, 1, 0)
  }

  /// Tri6 (quadratic Lagrange) on the unit triangle, with barycentrics
  /// L₀ = 1 − ξ − η, L₁ = ξ, L₂ = η: corners Lᵢ(2Lᵢ − 1), mid-edge nodes
  /// 3: 4L₀L₁, 4: 4L₁L₂, 5: 4L₂L₀ (Zienkiewicz–Taylor–Zhu eq. 6.34).
  @inlinable
  static func evaluateTri6(
    _ x: Double, _ y: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    let l0 = 1 - x - y
    // dL0 = (-1, -1), dL1 = (1, 0), dL2 = (0, 1).
    let c0 = 4 * l0 - 1
    set(v, g, 0, l0 * (2 * l0 - 1), -c0, -c0, 0)
    set(v, g, 1, x * (2 * x - 1), 4 * x - 1, 0, 0)
    set(v, g, 2, y * (2 * y - 1), 0, 4 * y - 1, 0)
    set(v, g, 3, 4 * l0 * x, 4 * (l0 - x), -4 * x, 0)
    set(v, g, 4, 4 * x * y, 4 * y, 4 * x, 0)
    set(v, g, 5, 4 * y * l0, -4 * y, 4 * (l0 - y), 0)
  }
}
