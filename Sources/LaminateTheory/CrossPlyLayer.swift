import FEKernel

/// One layer of a cross-ply laminate for Pagano's exact solutions: an orthotropic material
/// whose axes lie along the global axes, fibre along x (0°) or along y (90°).
public struct CrossPlyLayer: Sendable, Equatable {
  /// Which global axis the fibre (material axis 1) follows; material axis 3 is always z.
  public enum Orientation: Sendable, Equatable {
    /// 0°: material axes 1, 2, 3 along x, y, z.
    case fibreAlongX
    /// 90°: material axis 1 along y, 2 along x, 3 along z.
    case fibreAlongY
  }

  public var material: OrthotropicMaterial
  public var orientation: Orientation
  /// Layer thickness, > 0, in the model's length unit.
  public var thickness: Double

  public init(material: OrthotropicMaterial, orientation: Orientation, thickness: Double) {
    self.material = material
    self.orientation = orientation
    self.thickness = thickness
  }

  /// A layer from a ply angle in degrees, or `nil` unless the angle is a multiple of 90°
  /// (0, ±180, … give `.fibreAlongX`; ±90, ±270, … give `.fibreAlongY`; within 1e-9°).
  public init?(material: OrthotropicMaterial, angleDegrees: Double, thickness: Double) {
    let quarterTurns = (angleDegrees / 90).rounded()
    guard abs(angleDegrees - 90 * quarterTurns) <= 1e-9, quarterTurns.isFinite else { return nil }
    let odd = Int(quarterTurns.magnitude.truncatingRemainder(dividingBy: 2)) == 1
    self.init(material: material, orientation: odd ? .fibreAlongY : .fibreAlongX, thickness: thickness)
  }
}
