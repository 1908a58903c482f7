extension ReferenceElement {
  /// Line2 on [-1, 1]: N₀ = (1 − ξ)/2, N₁ = (1 + ξ)/2.
  @inlinable
  static func evaluateLine2(
    _ x: Double, _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>
  ) {
    set(v, g, 0, 0.5 * (1 - x), -0.5, 0, 0)
    set(v, g, 1, 0.5 * (1 + x), 0.5, 0, 0)
  }

  /// Line3 on [-1, 1], node 2 at ξ = 0: N₀ = ξ(ξ − 1)/2, N₁ = ξ(ξ + 1)/2, N₂ = 1 − ξ².
  @inlinable
  static func evaluateLine3(
    _ x: Double, _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>
  ) {
    set(v, g, 0, 0.5 * x * (x - 1), x - 0.5, 0, 0)
    set(v, g, 1, 0.5 * x * (x + 1), x + 0.5, 0, 0)
    set(v, g, 2, 1 - x * x, -2 * x, 0, 0)
  }
}
