/// What `SoilFluxInversion.invert` found: one NNLS vertex, the fitted fluxes (unique),
/// and what the data cannot determine (rank, null space, rate ranges).
package struct SoilFluxResult: Sendable {
  /// The weighted NNLS rates r̂ ≥ 0: one vertex of the polytope of equally good fits
  /// when S is rank-deficient, not "the" answer.
  package var nnlsRates: [Double]
  /// ŷ = S r̂, one per measured species: unique, whatever vertex NNLS returned.
  package var fittedFluxes: [Double]
  /// (f − ŷ)/σ per species.
  package var weightedResiduals: [Double]
  /// χ²_min = Σ ((f − ŷ)/σ)².
  package var chiSquared: Double
  /// m − rank (the spec's degrees of freedom; 0 means the fit is exact and χ² tests nothing).
  package var degreesOfFreedom: Int
  /// The numerical rank of W S (singular values above 1e-10 σ₁).
  package var rank: Int
  /// The singular values of W S, W = diag(1/σ), largest first (one per reaction).
  package var singularValues: [Double]
  /// σ₁/σ_rank of W S: the amplification of flux noise into the identifiable combinations.
  package var conditionNumber: Double
  /// An orthonormal basis of null(S) from the SVD (each vector one entry per
  /// reaction, its largest entry made positive): rates can move along these without
  /// changing any predicted flux.
  package var nullSpace: [[Double]]
  /// Per reaction, the smallest and largest rate over {r ≥ 0 : S r = ŷ} (flux
  /// variability analysis); the maximum is +infinity when a non-negative null vector
  /// with that reaction in its support exists.
  package var ranges: [(min: Double, max: Double)]
  /// A non-negative null vector (normalized to max entry 1) when one exists, else nil:
  /// the reason some ranges are unbounded.
  package var nonNegativeNullVector: [Double]?
  /// The equality tolerance used in the LPs: 1e-9·max|ŷ|.
  package var rangeTolerance: Double
  /// Plain-language statements of what the data cannot determine.
  package var warnings: [String]

  /// Whether reaction j's rate is pinned by the data (range width ≤ 1e-6 of the
  /// largest fitted rate scale, or exactly one value).
  package func isDetermined(_ j: Int) -> Bool {
    let scale = max(nnlsRates.max() ?? 0, 1e-300)
    return ranges[j].max.isFinite && ranges[j].max - ranges[j].min <= 1e-6 * scale
  }
}
