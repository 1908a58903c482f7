import FEKernel

/// The [0/90/0] benchmark laminate of Pagano 1969 and 1970, shared by the plate and the
/// cylindrical-bending cases.
///
/// Three layers of equal thickness h/3, layers 1 and 3 at 0° (fibre along x), layer 2 at
/// 90°; E_L/E_T = 25, G_LT/E_T = 0.5, G_TT/E_T = 0.2, all ν = 0.25, i.e.
/// E1 = 25 E_T, E2 = E3 = E_T, G12 = G13 = 0.5 E_T, G23 = 0.2 E_T, nu12 = nu13 = nu23 = 0.25.
public enum PaganoBenchmark {
  /// The benchmark material with transverse modulus `ET`.
  public static func material(ET: Double = 1) -> OrthotropicMaterial {
    OrthotropicMaterial(
      name: "Pagano E_L/E_T=25", E1: 25 * ET, E2: ET, E3: ET, G12: 0.5 * ET, G13: 0.5 * ET,
      G23: 0.2 * ET, nu12: 0.25, nu13: 0.25, nu23: 0.25)
  }

  /// The three layers [0/90/0], bottom to top, of total thickness `h`.
  public static func layers(h: Double = 1, ET: Double = 1) -> [CrossPlyLayer] {
    let m = material(ET: ET)
    return [
      CrossPlyLayer(material: m, orientation: .fibreAlongX, thickness: h / 3),
      CrossPlyLayer(material: m, orientation: .fibreAlongY, thickness: h / 3),
      CrossPlyLayer(material: m, orientation: .fibreAlongX, thickness: h / 3),
    ]
  }
}
