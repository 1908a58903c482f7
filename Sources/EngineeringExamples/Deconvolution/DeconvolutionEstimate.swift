/// A deconvolution and what the data cannot determine.
public struct DeconvolutionEstimate: Sendable {
  public var method: DeconvolutionMethod
  /// x̂_n, n = 0…N−1.
  public var estimate: [Double]
  /// λ_GCV (computed for every method; used by Tikhonov).
  public var lambda: Double
  /// tr H at λ_GCV: the effective number of recovered frequency components.
  public var traceInfluence: Double
  /// A note when the GCV minimum lies at an end of its grid.
  public var lambdaNote: String?
  /// σ² used for the standard errors: the given noise_sigma², or the GCV estimate
  /// ‖y − h ⊛ x̂_λ‖²/(N − tr H) at λ_GCV (Wahba 1990, eq. 4.7.4).
  public var noiseVariance: Double
  /// Whether σ was given by the user.
  public var noiseGiven: Bool
  /// The standard deviation of each sample of x̂ from the noise alone (Tikhonov: under σ̂²;
  /// Wiener: under the given S_e; minimum norm: under σ̂²), not including the bias.
  public var standardError: Double
  /// κ = max|H|/min|H| over all bins (∞ with exact zeros).
  public var conditionNumber: Double
  /// max|H|/min|H| over the range bins.
  public var rangeConditionNumber: Double
  /// Null bins (|H_k| ≤ 10⁻⁸ max|H|) and their frequencies (cycles/sample).
  public var nullBins: [Int]
  public var nullFrequencies: [Double]
  /// ‖(I − P)y‖, and what the noise alone would give, σ·√(number of null bins) — nil when no
  /// σ independent of the null bins is available (see `DeconvolutionInversion.estimate`).
  public var outOfRangeResidual: Double
  public var outOfRangeNoiseLevel: Double?
  /// Bins whose Tikhonov filter factor at λ_GCV is below 1/2 (|H_k|² < λ): frequencies the
  /// estimate mostly does not recover.
  public var attenuatedBins: Int
  public var warnings: [String]
}
