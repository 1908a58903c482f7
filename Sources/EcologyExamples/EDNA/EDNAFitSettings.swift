/// How the two source models are searched (`EDNAFitter`).
package struct EDNAFitSettings: Sendable, Equatable {
  /// The smallest and largest β tried, per km. A fit that ends on either is reported as
  /// only bounded.
  package var decayRangePerKm: (lower: Double, upper: Double) = (1e-3, 20)
  /// ℓ_min: the distributed source is at least this long, b − a ≥ ℓ_min (km).
  package var minimumSourceLengthKm = 0.5
  /// The location grid for a and b has a spacing of at most (x_max − x_min)/count between
  /// the samples (at least two points inside every gap between neighbouring sites, plus
  /// the sites themselves).
  package var locationGridCount = 40
  /// Grid points for a upstream of the first sample (over `upstreamReachKm`).
  package var upstreamGridCount = 10
  /// Log-spaced β values of the profile search.
  package var decayGridCount = 20
  /// How far upstream of the first sample the distributed source may start (km); nil:
  /// the samples' span (at least 4 ℓ_min). A start on this limit is reported as a bound.
  package var upstreamReachKm: Double?
  /// Grid optima refined by Nelder–Mead for the distributed model.
  package var refinementStarts = 3

  package init() {}

  package static func == (l: EDNAFitSettings, r: EDNAFitSettings) -> Bool {
    l.decayRangePerKm == r.decayRangePerKm && l.minimumSourceLengthKm == r.minimumSourceLengthKm
      && l.locationGridCount == r.locationGridCount && l.upstreamGridCount == r.upstreamGridCount
      && l.decayGridCount == r.decayGridCount
      && l.upstreamReachKm == r.upstreamReachKm && l.refinementStarts == r.refinementStarts
  }
}
