/// A deconvolution and what the data cannot determine.
package struct DeconvolutionEstimate: Sendable {
  package var method: DeconvolutionMethod
  /// x̂_n, n = 0…N−1.
  package var estimate: [Double]
  /// λ_GCV (computed for every method; used by Tikhonov).
  package var lambda: Double
  /// tr H at λ_GCV: the effective number of recovered frequency components.
  package var traceInfluence: Double
  /// A note when the GCV minimum lies at an end of its grid.
  package var lambdaNote: String?
  /// σ² used for the standard errors: the given noise_sigma², or the GCV estimate
  /// ‖y − h ⊛ x̂_λ‖²/(N − tr H) at λ_GCV (Wahba 1990, eq. 4.7.4).
  package var noiseVariance: Double
  /// Whether σ was given by the user.
  package var noiseGiven: Bool
  /// The standard deviation of each sample of x̂ from the noise alone (Tikhonov: under σ̂²;
  /// Wiener: under the given S_e; minimum norm: under σ̂²), not including the bias.
  package var standardError: Double
  /// κ = max|H|/min|H| over all bins (∞ with exact zeros).
  package var conditionNumber: Double
  /// max|H|/min|H| over the range bins.
  package var rangeConditionNumber: Double
  /// Null bins (|H_k| ≤ 10⁻⁸ max|H|) and their frequencies (cycles/sample).
  package var nullBins: [Int]
  package var nullFrequencies: [Double]
  /// ‖(I − P)y‖, and what the noise alone would give, σ·√(number of null bins) — nil when no
  /// σ independent of the null bins is available (see `DeconvolutionInversion.estimate`).
  package var outOfRangeResidual: Double
  package var outOfRangeNoiseLevel: Double?
  /// Bins whose Tikhonov filter factor at λ_GCV is below 1/2 (|H_k|² < λ): frequencies the
  /// estimate mostly does not recover.
  package var attenuatedBins: Int
  /// The naive inverse Y/H's expected error norm over noise draws, σ·√(Σ_k |H_k|⁻²), at the σ
  /// of `noiseVariance` (∞ with null bins); `CircularDeconvolution.naiveInverseExpectedError`.
  package var naiveExpectedError: Double
  /// `naiveExpectedError`/‖x̂‖: the spec's relative figure σ·√(Σ|H_k|⁻²)/‖x‖ with the
  /// estimate's norm standing in for the unknown ‖x‖ (NaN when x̂ = 0).
  package var naiveExpectedRelativeError: Double
  package var warnings: [String]
}
