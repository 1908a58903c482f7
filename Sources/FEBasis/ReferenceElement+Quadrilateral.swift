extension ReferenceElement {
  /// Quad4 on [-1, 1]²: N_a = (1 + ξ_a ξ)(1 + η_a η)/4.
  @inlinable
  static func evaluateQuad4(
    _ x: Double, _ y: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    quad4Node(v, g, 0, -1, -1, x, y)
    quad4Node(v, g, 1, 1, -1, x, y)
    quad4Node(v, g, 2, 1, 1, x, y)
    quad4Node(v, g, 3, -1, 1, x, y)
  }

  @inlinable @inline(__always)
  static func quad4Node(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sy: Double, _ x: Double, _ y: Double
  ) {
    let fx = 1 + sx * x
    let fy = 1 + sy * y
    set(v, g, a, 0.25 * fx * fy, 0.25 * sx * fy, 0.25 * sy * fx, 0)
  }

  /// Quad8 (serendipity) on [-1, 1]² (Zienkiewicz–Taylor–Zhu eq. 6.21):
  /// corners (1 + ξ_a ξ)(1 + η_a η)(ξ_a ξ + η_a η − 1)/4;
  /// mid-edge nodes with ξ_a = 0: (1 − ξ²)(1 + η_a η)/2, with η_a = 0:
  /// (1 + ξ_a ξ)(1 − η²)/2.
  @inlinable
  static func evaluateQuad8(
    _ x: Double, _ y: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    quad8Corner(v, g, 0, -1, -1, x, y)
    quad8Corner(v, g, 1, 1, -1, x, y)
    quad8Corner(v, g, 2, 1, 1, x, y)
    quad8Corner(v, g, 3, -1, 1, x, y)
    // 4: edge (0,1) at η = -1; 6: edge (2,3) at η = +1.
    quad8MidX(v, g, 4, -1, x, y)
    quad8MidX(v, g, 6, 1, x, y)
    // 5: edge (1,2) at ξ = +1; 7: edge (3,0) at ξ = -1.
    quad8MidY(v, g, 5, 1, x, y)
    quad8MidY(v, g, 7, -1, x, y)
  }

  @inlinable @inline(__always)
  static func quad8Corner(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sy: Double, _ x: Double, _ y: Double
  ) {
    let px = sx * x
    let py = sy * y
    let fx = 1 + px
    let fy = 1 + py
    // d/dξ [fx fy (px + py - 1)] = sx fy (px + py - 1) + fx fy sx = sx fy (2px + py).
    set(
      v, g, a, 0.25 * fx * fy * (px + py - 1),
      0.25 * sx * fy * (2 * px + py), 0.25 * sy * fx * (px + 2 * py), 0)
  }

  /// Mid-edge node on an edge parallel to ξ (ξ_a = 0, η_a = sy).
  @inlinable @inline(__always)
  static func quad8MidX(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sy: Double, _ x: Double, _ y: Double
  ) {
    let bx = 1 - x * x
    let fy = 1 + sy * y
    set(v, g, a, 0.5 * bx * fy, -x * fy, 0.5 * sy * bx, 0)
  }

  /// Mid-edge node on an edge parallel to η (ξ_a = sx, η_a = 0).
  @inlinable @inline(__always)
  static func quad8MidY(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ x: Double, _ y: Double
  ) {
    let fx = 1 + sx * x
    let by = 1 - y * y
    set(v, g, a, 0.5 * fx * by, 0.5 * sx * by, -y * fx, 0)
  }
}
