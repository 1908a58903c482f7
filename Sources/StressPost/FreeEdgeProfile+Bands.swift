extension InterlaminarField {
  /// The 95 % half-widths of the edge-frame tractions (σzz, τnz, τtz) at every sample of
  /// free-edge profiles, by the delta method from a parameter covariance, as
  /// `bands95(lines:…)` does for the width line: the stress is bilinear in C and u, so
  /// its derivative along p_j is the profile of the field (∂C/∂p_j, u) plus that of
  /// (C, ∂u/∂p_j), read at the same reference coordinates; the half-width is
  /// z₀.₉₇₅ √(gᵀΣg).
  ///
  /// - Returns: per profile, per sample, the half-widths; nil for a user's path
  ///   (`--path`, no segments: its samples are found by the point locator and are not
  ///   re-read here).
  public func freeEdgeBands95(
    profiles: [FreeEdgeProfile], stiffness: [[Double]], displacement: [Double],
    stiffnessDerivatives: [[[Double]?]], displacementDerivatives: [[Double]], covariance: [Double]
  ) -> [[SIMD3<Double>]?] {
    let n = stiffnessDerivatives.count
    precondition(displacementDerivatives.count == n && covariance.count == n * n, "freeEdgeBands95: one derivative pair per parameter")
    let zero = [Double](repeating: 0, count: 36)
    let derivativeFields = (0..<n).map { j in
      (linearized(stiffness: stiffnessDerivatives[j].map { $0 ?? zero }, displacement: displacement),
       linearized(stiffness: stiffness, displacement: displacementDerivatives[j]))
    }
    return profiles.map { profile -> [SIMD3<Double>]? in
      guard !profile.path.segments.isEmpty else { return nil }
      let derivatives = derivativeFields.map { (a, b) in
        (FreeEdgeProfile(path: profile.path, field: a), FreeEdgeProfile(path: profile.path, field: b))
      }
      return profile.samples.indices.map { k in
        let s = profile.samples[k]
        let g: [SIMD3<Double>] = derivatives.map { (a, b) in
          let stress = zip(a.samples[k].stress, b.samples[k].stress).map { $0 + $1 }
          let e = EdgeTraction(stress: stress, tangent: s.tangent, normal: s.normal)
          return SIMD3(e.sigmaZZ, e.tauNZ, e.tauTZ)
        }
        var variance = SIMD3<Double>.zero
        for i in 0..<n { for j in 0..<n { variance += g[i] * g[j] * covariance[i * n + j] } }
        return 1.959963984540054 * SIMD3(variance.x.squareRoot(), variance.y.squareRoot(), variance.z.squareRoot())
      }
    }
  }
}
