import Foundation

/// How the two source models are searched (`EDNAFitter`).
package struct EDNAFitSettings: Sendable, Equatable {
  /// The smallest and largest β tried, per km. A fit that ends on the upper end, or on a
  /// lower end that is not extended (`extendsDecayFloor`), is reported as only bounded.
  package var decayRangePerKm: (lower: Double, upper: Double) = (1e-3, 20)
  /// Whether the lower end of `decayRangePerKm` is a numerical floor rather than a
  /// constraint: when a search ends on it, the floor is lowered by 10⁶ (the log-β grid keeps
  /// its spacing) and the search repeated, at most twice (10⁻³ → 10⁻⁹ → 10⁻¹⁵ per km for the
  /// default). β·span is then below 10⁻¹⁰ for any admissible reach, so an estimate still on
  /// the floor is β → 0 (no decay resolved; the physical bound β ≥ 0), not an artefact of
  /// the search. Off when the user gives `--beta-range`, which is then a constraint.
  package var extendsDecayFloor = true
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

  /// The factor by which an extension lowers the floor, and the number of extensions.
  static let floorExtensionFactor = 1e6, floorExtensions = 2

  /// These settings with the β floor lowered by `floorExtensionFactor` and the grid
  /// lengthened to keep its spacing in log β.
  func withExtendedDecayFloor() -> EDNAFitSettings {
    var s = self
    let lo = decayRangePerKm.lower, hi = decayRangePerKm.upper
    let n = max(decayGridCount, 2)
    let step = log(hi / lo) / Double(n - 1)
    s.decayRangePerKm.lower = lo / Self.floorExtensionFactor
    s.decayGridCount = n + Int((log(Self.floorExtensionFactor) / step).rounded(.up))
    return s
  }

  package static func == (l: EDNAFitSettings, r: EDNAFitSettings) -> Bool {
    l.decayRangePerKm == r.decayRangePerKm && l.minimumSourceLengthKm == r.minimumSourceLengthKm
      && l.locationGridCount == r.locationGridCount && l.upstreamGridCount == r.upstreamGridCount
      && l.decayGridCount == r.decayGridCount
      && l.upstreamReachKm == r.upstreamReachKm && l.refinementStarts == r.refinementStarts
      && l.extendsDecayFloor == r.extendsDecayFloor
  }
}
