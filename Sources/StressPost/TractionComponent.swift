/// The interlaminar (through-thickness) stress components: the traction an interface
/// z = const carries. Raw values index a `SIMD3` in this order.
public enum TractionComponent: Int, CaseIterable, Sendable {
  case sigmaZZ = 0
  case tauXZ = 1
  case tauYZ = 2

  /// The contract's column names (`interlaminar.csv`).
  public var name: String {
    switch self {
    case .sigmaZZ: return "sigma_zz"
    case .tauXZ: return "tau_xz"
    case .tauYZ: return "tau_yz"
    }
  }

  /// The Voigt index (xx yy zz yz xz xy) of the component.
  public var voigtIndex: Int {
    switch self {
    case .sigmaZZ: return 2
    case .tauXZ: return 4
    case .tauYZ: return 3
    }
  }

  /// The traction (σzz, τxz, τyz) from a Voigt stress.
  public static func traction(_ sigma: [Double]) -> SIMD3<Double> { SIMD3(sigma[2], sigma[4], sigma[3]) }
}
