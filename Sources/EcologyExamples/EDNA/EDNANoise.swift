import FECommon

/// Where the samples' standard deviations come from: the spec's noise model evaluated at
/// each observed concentration, or a `sigma` column given with the data.
package enum EDNANoise: Sendable, Equatable {
  case model(EDNANoiseModel)
  /// One sd per sample, in the samples' order.
  case given([Double])

  /// Samples with sd_i from this noise: the model at the observed y_i (as the spec says),
  /// or the given values.
  package func samples(positionsKm: [Double], concentrations: [Double]) -> EDNASamples {
    switch self {
    case .model(let model):
      return EDNASamples(positionsKm: positionsKm, concentrations: concentrations, noise: model)
    case .given(let sd):
      return EDNASamples(positionsKm: positionsKm, concentrations: concentrations, standardDeviations: sd)
    }
  }

  /// Simulated samples of `source` at `positionsKm`: y_i = C(x_i) + s_i·ε_i, ε_i standard
  /// normal from `rng`, s_i the model's sd at the *true* C(x_i) (or the given sd); the
  /// returned samples then carry sd from the observed y_i, as real data would.
  package func simulate(_ source: EDNASource, atKm positionsKm: [Double], rng: inout SplitMix64) -> EDNASamples {
    var y = [Double](repeating: 0, count: positionsKm.count)
    for (i, x) in positionsKm.enumerated() {
      let c = source.concentration(atKm: x)
      let s: Double
      switch self {
      case .model(let model): s = model.standardDeviation(c)
      case .given(let sd): s = sd[i]
      }
      y[i] = c + s * rng.nextGaussian()
    }
    return samples(positionsKm: positionsKm, concentrations: y)
  }
}
