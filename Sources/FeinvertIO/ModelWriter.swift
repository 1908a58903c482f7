import LaminateCoupons
import FECommon
import FEKernel

/// Writes a model TOML in the contract's format, as `feinvert mesh` leaves beside its mesh.
public enum ModelWriter {
  /// A coupon model: one named material, one `[[plies]]` entry per ply group with
  /// the layup angle, the `end_x0` face clamped, a prescribed extension `ux` on
  /// `end_xL`, and the `edge_yplus` free edge observed in ux and uz.
  ///
  /// - Parameters:
  ///   - material: the ply material (every ply).
  ///   - extension: prescribed ux at x = L, length unit.
  public static func couponModel(
    layup: Layup, material: OrthotropicMaterial, extension ux: Double, lengthUnit: String = "mm",
    stressUnit: String = "MPa"
  ) -> String {
    var s = """
      # feinvert model, written by `feinvert mesh` beside its mesh.
      # Units: lengths in \(lengthUnit), moduli and stresses in \(stressUnit) (force in N for mm and MPa).

      [units]
      length = "\(lengthUnit)"
      stress = "\(stressUnit)"

      [materials.\(material.name)]

      """
    for constant in OrthotropicConstant.allCases {
      s += "\(constant.key) = \(format(material[constant]))\n"
    }
    for (k, angle) in layup.anglesDegrees.enumerated() {
      s += """

        [[plies]]
        group = "\(CouponMesher.plyGroupName(k + 1))"
        material = "\(material.name)"
        angle = \(format(angle))

        """
    }
    s += """

      [[boundary]]            # clamped end
      group = "end_x0"
      ux = 0.0
      uy = 0.0
      uz = 0.0

      [[boundary]]            # prescribed extension
      group = "end_xL"
      ux = \(format(ux))

      [observation]
      group = "edge_yplus"
      components = ["ux", "uz"]
      rigid_body = "fit"

      """
    return s
  }

  /// A number as TOML accepts it: always with a decimal point or exponent.
  static func format(_ x: Double) -> String {
    let s = "\(x)"
    return s.contains(".") || s.contains("e") || s.contains("inf") || s.contains("nan") ? s : s + ".0"
  }
}

extension OrthotropicMaterial {
  /// IM7/8552 carbon/epoxy, the contract's example material (MPa).
  public static let im7_8552 = OrthotropicMaterial(
    name: "IM7_8552", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)
}
