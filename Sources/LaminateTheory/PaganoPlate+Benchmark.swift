extension PaganoPlate {
  /// Pagano's normalized results for the square [0/90/0] plate at one span-to-thickness
  /// ratio S = a/h.
  ///
  /// Normalizations (Pagano 1970): w̄ = 100 E_T w/(q0 h S⁴); in-plane stresses
  /// (σ̄x, σ̄y, **τ̄xy**) = (σx, σy, τxy)/(q0 S²); transverse shears (τ̄xz, τ̄yz) =
  /// (τxz, τyz)/(q0 S). Points (z from the mid-plane): w at (a/2, a/2, 0); σx at
  /// (a/2, a/2, h/2); σy at (a/2, a/2, h/6) **in the middle (90°) layer**; τxz at
  /// (0, a/2, 0); τyz at (a/2, 0, 0); τxy at (0, 0, h/2).
  public struct NormalizedValues: Sendable, Equatable {
    public var S: Double
    public var w: Double
    public var sigmaX: Double
    public var sigmaY: Double
    public var tauXZ: Double
    public var tauYZ: Double
    public var tauXY: Double

    public init(S: Double, w: Double, sigmaX: Double, sigmaY: Double, tauXZ: Double, tauYZ: Double, tauXY: Double) {
      self.S = S
      self.w = w
      self.sigmaX = sigmaX
      self.sigmaY = sigmaY
      self.tauXZ = tauXZ
      self.tauYZ = tauYZ
      self.tauXY = tauXY
    }

    /// The six values in table order: w, σx, σy, τxz, τyz, τxy.
    public var values: [Double] { [w, sigmaX, sigmaY, tauXZ, tauYZ, tauXY] }
    /// Column names in table order.
    public static let names = ["w", "sigma_x", "sigma_y", "tau_xz", "tau_yz", "tau_xy"]
  }

  /// The published reference table for the square [0/90/0] plate, S = 4, 10, 100, as
  /// given in the project's issue (computed independently there, at the points and with
  /// the normalizations of Pagano 1970); 4–5 significant digits.
  ///
  /// Its τxy column is normalized like the in-plane stresses, τxy/(q0 S²) (Pagano's
  /// convention); divided by q0 S instead it would be S times larger (−0.2042 at S = 4).
  public static let publishedTable: [NormalizedValues] = [
    NormalizedValues(S: 4, w: 2.0059, sigmaX: 0.8008, sigmaY: 0.5341, tauXZ: 0.2559, tauYZ: 0.2172, tauXY: -0.0511),
    NormalizedValues(S: 10, w: 0.7530, sigmaX: 0.5906, sigmaY: 0.2845, tauXZ: 0.3573, tauYZ: 0.1228, tauXY: -0.0288),
    NormalizedValues(S: 100, w: 0.4347, sigmaX: 0.5393, sigmaY: 0.1808, tauXZ: 0.3947, tauYZ: 0.0828, tauXY: -0.0214),
  ]

  /// The square [0/90/0] benchmark plate with h = 1, E_T = 1, q0 = 1 and a = b = S.
  public static func benchmark(spanToThickness S: Double) -> PaganoPlate {
    PaganoPlate(layers: PaganoBenchmark.layers(), a: S, b: S, q0: 1)
  }

  /// This solution's normalized values for the square [0/90/0] plate at S = a/h, at the
  /// points and with the normalizations of ``NormalizedValues``.
  public static func normalizedTableValues(S: Double) -> NormalizedValues {
    let plate = benchmark(spanToThickness: S)
    let a = plate.a, h = plate.thickness, q0 = plate.q0, eT = 1.0
    let w = plate.displacement(x: a / 2, y: a / 2, z: 0)[2]
    let sx = plate.stress(x: a / 2, y: a / 2, z: h / 2)[0]
    let sy = plate.stress(x: a / 2, y: a / 2, z: h / 6, layer: 1)[1]
    let txz = plate.stress(x: 0, y: a / 2, z: 0)[4]
    let tyz = plate.stress(x: a / 2, y: 0, z: 0)[3]
    let txy = plate.stress(x: 0, y: 0, z: h / 2)[5]
    let s2 = S * S
    return NormalizedValues(
      S: S, w: 100 * eT * w / (q0 * h * s2 * s2),
      sigmaX: sx / (q0 * s2), sigmaY: sy / (q0 * s2),
      tauXZ: txz / (q0 * S), tauYZ: tyz / (q0 * S), tauXY: txy / (q0 * s2))
  }
}
