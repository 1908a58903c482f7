import FECommon

/// Seeded synthetic flux data for the soil example (validation and the worked example).
package enum SoilSimulation {
  /// Noisy net fluxes f = S r + σ·g, g ~ N(0, 1) from `SplitMix64(seed:)`, with
  /// σ_i = relativeNoise·|(S r)_i| + floor (a proportional error with a detection floor,
  /// in the unit of the fluxes).
  package static func noisyFluxes(
    _ s: SoilStoichiometry, rates: [Double], seed: UInt64, relativeNoise: Double = 0.02, floor: Double = 0.05
  ) -> (fluxes: [Double], sigma: [Double]) {
    var rng = SplitMix64(seed: seed)
    let exact = s.fluxes(rates: rates)
    let sigma = exact.map { relativeNoise * abs($0) + floor }
    let f = zip(exact, sigma).map { $0 + $1 * rng.nextGaussian() }
    return (f, sigma)
  }
}
