extension ReferenceElement {
  /// Hex8 on [-1, 1]³: N_a = (1 + ξ_a ξ)(1 + η_a η)(1 + ζ_a ζ)/8.
  @inlinable
  static func evaluateHex8(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    hex8Node(v, g, 0, -1, -1, -1, x, y, z)
    hex8Node(v, g, 1, 1, -1, -1, x, y, z)
    hex8Node(v, g, 2, 1, 1, -1, x, y, z)
    hex8Node(v, g, 3, -1, 1, -1, x, y, z)
    hex8Node(v, g, 4, -1, -1, 1, x, y, z)
    hex8Node(v, g, 5, 1, -1, 1, x, y, z)
    hex8Node(v, g, 6, 1, 1, 1, x, y, z)
    hex8Node(v, g, 7, -1, 1, 1, x, y, z)
  }

  @inlinable @inline(__always)
  static func hex8Node(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sy: Double, _ sz: Double, _ x: Double, _ y: Double, _ z: Double
  ) {
    let fx = 1 + sx * x
    let fy = 1 + sy * y
    let fz = 1 + sz * z
    set(
      v, g, a, 0.125 * fx * fy * fz,
      0.125 * sx * fy * fz, 0.125 * sy * fx * fz, 0.125 * sz * fx * fy)
  }

  /// Hex20 (serendipity) on [-1, 1]³ (Zienkiewicz–Taylor–Zhu eq. 6.24):
  /// corners (1 + ξ_a ξ)(1 + η_a η)(1 + ζ_a ζ)(ξ_a ξ + η_a η + ζ_a ζ − 2)/8;
  /// mid-edge nodes with ξ_a = 0: (1 − ξ²)(1 + η_a η)(1 + ζ_a ζ)/4, and likewise
  /// for η_a = 0 and ζ_a = 0. Edge nodes follow Gmsh's `edges_hexa`.
  @inlinable
  static func evaluateHex20(
    _ x: Double, _ y: Double, _ z: Double, _ v: UnsafeMutablePointer<Double>,
    _ g: UnsafeMutablePointer<Double>
  ) {
    hex20Corner(v, g, 0, -1, -1, -1, x, y, z)
    hex20Corner(v, g, 1, 1, -1, -1, x, y, z)
    hex20Corner(v, g, 2, 1, 1, -1, x, y, z)
    hex20Corner(v, g, 3, -1, 1, -1, x, y, z)
    hex20Corner(v, g, 4, -1, -1, 1, x, y, z)
    hex20Corner(v, g, 5, 1, -1, 1, x, y, z)
    hex20Corner(v, g, 6, 1, 1, 1, x, y, z)
    hex20Corner(v, g, 7, -1, 1, 1, x, y, z)
    // Edges parallel to ξ: 8 (0,1), 13 (2,3), 16 (4,5), 19 (6,7).
    hex20MidX(v, g, 8, -1, -1, x, y, z)
    hex20MidX(v, g, 13, 1, -1, x, y, z)
    hex20MidX(v, g, 16, -1, 1, x, y, z)
    hex20MidX(v, g, 19, 1, 1, x, y, z)
    // Edges parallel to η: 9 (0,3), 11 (1,2), 17 (4,7), 18 (5,6).
    hex20MidY(v, g, 9, -1, -1, x, y, z)
    hex20MidY(v, g, 11, 1, -1, x, y, z)
    hex20MidY(v, g, 17, -1, 1, x, y, z)
    hex20MidY(v, g, 18, 1, 1, x, y, z)
    // Edges parallel to ζ: 10 (0,4), 12 (1,5), 14 (2,6), 15 (3,7).
    hex20MidZ(v, g, 10, -1, -1, x, y, z)
    hex20MidZ(v, g, 12, 1, -1, x, y, z)
    hex20MidZ(v, g, 14, 1, 1, x, y, z)
    hex20MidZ(v, g, 15, -1, 1, x, y, z)
  }

  @inlinable @inline(__always)
  static func hex20Corner(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sy: Double, _ sz: Double, _ x: Double, _ y: Double, _ z: Double
  ) {
    let px = sx * x
    let py = sy * y
    let pz = sz * z
    let fx = 1 + px
    let fy = 1 + py
    let fz = 1 + pz
    // d/dξ [fx fy fz (px + py + pz - 2)] = sx fy fz (2px + py + pz - 1).
    set(
      v, g, a, 0.125 * fx * fy * fz * (px + py + pz - 2),
      0.125 * sx * fy * fz * (2 * px + py + pz - 1),
      0.125 * sy * fx * fz * (px + 2 * py + pz - 1),
      0.125 * sz * fx * fy * (px + py + 2 * pz - 1))
  }

  /// Mid-edge node on an edge parallel to ξ (ξ_a = 0).
  @inlinable @inline(__always)
  static func hex20MidX(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sy: Double, _ sz: Double, _ x: Double, _ y: Double, _ z: Double
  ) {
    let b = 1 - x * x
    let fy = 1 + sy * y
    let fz = 1 + sz * z
    set(v, g, a, 0.25 * b * fy * fz, -0.5 * x * fy * fz, 0.25 * sy * b * fz, 0.25 * sz * b * fy)
  }

  /// Mid-edge node on an edge parallel to η (η_a = 0).
  @inlinable @inline(__always)
  static func hex20MidY(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sz: Double, _ x: Double, _ y: Double, _ z: Double
  ) {
    let b = 1 - y * y
    let fx = 1 + sx * x
    let fz = 1 + sz * z
    set(v, g, a, 0.25 * fx * b * fz, 0.25 * sx * b * fz, -0.5 * y * fx * fz, 0.25 * sz * fx * b)
  }

  /// Mid-edge node on an edge parallel to ζ (ζ_a = 0).
  @inlinable @inline(__always)
  static func hex20MidZ(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ sx: Double, _ sy: Double, _ x: Double, _ y: Double, _ z: Double
  ) {
    let b = 1 - z * z
    let fx = 1 + sx * x
    let fy = 1 + sy * y
    set(v, g, a, 0.25 * fx * fy * b, 0.25 * sx * fy * b, 0.25 * sy * fx * b, -0.5 * z * fx * fy)
  }
}
