extension PaganoCylindricalBending {
  /// Normalized results for the [0/90/0] strip of ``PaganoBenchmark`` at one
  /// span-to-thickness ratio S = L/h.
  ///
  /// Normalizations as for the plate (the ones later papers use when they tabulate
  /// "Pagano exact" values): w̄ = 100 E_T w/(q0 h S⁴), σ̄x = σx/(q0 S²),
  /// τ̄xz = τxz/(q0 S). Points (z from the mid-plane): w at (L/2, 0); σx at (L/2, +h/2)
  /// and (L/2, −h/2); τxz at the support (0, 0) and its largest value through the
  /// thickness at the support (for S ≤ 4 the maximum lies off the mid-plane).
  public struct NormalizedValues: Sendable, Equatable {
    public var S: Double
    public var w: Double
    public var sigmaXTop: Double
    public var sigmaXBottom: Double
    public var tauXZMidplane: Double
    public var tauXZMax: Double
    /// z/h of the largest τxz at the support.
    public var zOfTauXZMax: Double

    /// The values in table order: w, σx top, σx bottom, τxz at z = 0, τxz max.
    public var values: [Double] { [w, sigmaXTop, sigmaXBottom, tauXZMidplane, tauXZMax] }
    /// Column names in table order.
    public static let names = ["w", "sigma_x_top", "sigma_x_bottom", "tau_xz_mid", "tau_xz_max"]
  }

  /// The [0/90/0] benchmark strip with h = 1, E_T = 1, q0 = 1 and L = S.
  public static func benchmark(spanToThickness S: Double) -> PaganoCylindricalBending {
    PaganoCylindricalBending(layers: PaganoBenchmark.layers(), length: S, q0: 1)
  }

  /// This solution's normalized values for the [0/90/0] strip at S = L/h.
  public static func normalizedValues(S: Double) -> NormalizedValues {
    let strip = benchmark(spanToThickness: S)
    let l = strip.length, h = strip.thickness, q0 = strip.q0, eT = 1.0
    let w = strip.displacement(x: l / 2, z: 0)[2]
    let top = strip.stress(x: l / 2, z: h / 2)[0]
    let bottom = strip.stress(x: l / 2, z: -h / 2)[0]
    let mid = strip.amplitudes(atZ: 0).tauXZ
    let (zMax, tMax) = strip.largestTransverseShearAmplitude()
    let s2 = S * S
    return NormalizedValues(
      S: S, w: 100 * eT * w / (q0 * h * s2 * s2),
      sigmaXTop: top / (q0 * s2), sigmaXBottom: bottom / (q0 * s2),
      tauXZMidplane: mid / (q0 * S), tauXZMax: tMax / (q0 * S), zOfTauXZMax: zMax / h)
  }

  /// The largest τxz amplitude through the thickness (the value at the supports) and
  /// its height: a scan of 200 points per layer, refined by golden-section search.
  public func largestTransverseShearAmplitude() -> (z: Double, tauXZ: Double) {
    let b = layerBoundaries
    var best = (z: b[0], value: -Double.infinity, layer: 0)
    let samples = 200
    for k in layers.indices {
      for i in 0...samples {
        let z = b[k] + (b[k + 1] - b[k]) * Double(i) / Double(samples)
        let v = abs(amplitudes(atZ: z, layer: k).tauXZ)
        if v > best.value { best = (z, v, k) }
      }
    }
    let k = best.layer
    let step = (b[k + 1] - b[k]) / Double(samples)
    var lo = max(b[k], best.z - step), hi = min(b[k + 1], best.z + step)
    let g = (5.0.squareRoot() - 1) / 2
    func f(_ z: Double) -> Double { abs(amplitudes(atZ: z, layer: k).tauXZ) }
    for _ in 0..<60 {
      let z1 = hi - g * (hi - lo), z2 = lo + g * (hi - lo)
      if f(z1) >= f(z2) { hi = z2 } else { lo = z1 }
    }
    let z = (lo + hi) / 2
    let value = amplitudes(atZ: z, layer: k).tauXZ
    return best.value > abs(value) ? (best.z, amplitudes(atZ: best.z, layer: k).tauXZ) : (z, value)
  }
}
