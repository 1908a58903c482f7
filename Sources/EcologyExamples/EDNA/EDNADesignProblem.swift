/// The T-optimality criterion for telling a distributed source from a point source
/// (Atkinson & Fedorov 1975, *Biometrika* 62:57):
///
///     T(ξ) = min over point sources θ_P of Σ_i (C_D(x_i) − C_P(x_i; θ_P))² / sd_i²
///
/// at a nominal distributed source θ_D, with sd_i = √(σ_a² + (cv·C_D(x_i))²) (the noise
/// model at the nominal concentration, since no data exist yet at a planned site). T is the
/// non-centrality of the likelihood ratio when the distributed model is true: the larger,
/// the surer the point model is rejected. Noise-free data from θ_D at ξ give
/// LR = 2Δlog L = T, so AIC (penalty 2 for the extra parameter) can prefer the true
/// distributed model only if T > 2: a design with T ≤ 2 is flagged as not discriminating.
/// A design all downstream of the source has T = 0: both models are one exponential there.
///
/// The inner minimum is the point fit to the noise-free nominal curve with those weights,
/// exact over x₀ (`EDNAFitter.searchPoint`).
package struct EDNADesignProblem: Sendable {
  /// θ_D, a `.distributed` source.
  package var nominal: EDNASource
  package var noise: EDNANoiseModel
  /// The point-model search (β range).
  package var settings: EDNAFitSettings

  /// Below this T a design cannot make AIC prefer the true distributed source even
  /// without noise.
  package static let discriminationThreshold = 2.0

  package init(nominal: EDNASource, noise: EDNANoiseModel, settings: EDNAFitSettings = EDNAFitSettings()) {
    self.nominal = nominal
    self.noise = noise
    self.settings = settings
  }

  /// T(ξ) for the sites `sitesKm` (repeats allowed) and the closest point source.
  package func criterion(_ sitesKm: [Double]) -> (value: Double, closestPoint: EDNASource) {
    let c = sitesKm.map { nominal.concentration(atKm: $0) }
    let samples = EDNASamples(positionsKm: sitesKm, concentrations: c, standardDeviations: c.map { noise.standardDeviation($0) })
    let search = EDNAFitter.searchPoint(EDNAProfile(samples), settings: settings)
    return (search.chiSquare, search.source)
  }

  /// The design's score: T, and whether it discriminates.
  package func score(_ sitesKm: [Double]) -> EDNADesignScore {
    let (t, closest) = criterion(sitesKm)
    let total = sitesKm.reduce(0.0) { s, x in
      let c = nominal.concentration(atKm: x)
      let sd = noise.standardDeviation(c)
      return s + c * c / (sd * sd)
    }
    return EDNADesignScore(sitesKm: sitesKm.sorted(), criterion: t, closestPoint: closest,
                           discriminating: t > Self.discriminationThreshold, signal: total)
  }
}
