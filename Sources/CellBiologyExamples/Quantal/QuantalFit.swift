/// The variance–mean parabola fitted to a set of conditions, its derived quantal
/// parameters and what the data do not determine.
package struct QuantalFit: Sendable {
  /// a (unit): the initial slope, q_app = q(1 + CV²).
  package var a: Double
  /// b (1/unit ≠ dimensionless: per unit of mean): the curvature, −1/N.
  package var b: Double
  /// Cov(a, b) from (XᵀWX)⁻¹, row-major 2 × 2.
  package var covariance: [Double]
  /// q_app = a and its standard error (unit).
  package var quantalSize: Double
  package var quantalSizeStandardError: Double
  /// N = −1/b and its delta-method standard error √Var(b)/b² (meaningful only for b < 0).
  package var sites: Double
  package var sitesStandardError: Double
  /// The 95 % interval of N from that of b, [−1/b_lo, −1/b_hi]; the upper end is nil when
  /// b's interval reaches 0 (then only a lower bound is determined), both nil when b ≥ 0
  /// throughout.
  package var sitesInterval: (lower: Double?, upper: Double?)
  /// p_i = μ_i/(N q_app) = −bμ_i/a per condition, with delta-method standard errors.
  package var releaseProbabilities: [Double]
  package var releaseProbabilityStandardErrors: [Double]
  /// χ² = Σ w_i r_i² and its degrees of freedom (conditions − 2).
  package var chiSquare: Double
  package var degreesOfFreedom: Int
  /// σ_max/σ_min of the column-normalized weighted design [μ, μ²] (`UncertaintyAnalysis`).
  package var conditionNumber: Double
  /// The correlation of a and b.
  package var correlation: Double
  /// The rank of the design (2 unless all means coincide or are zero).
  package var rank: Int
  package var warnings: [String]

  /// χ²/dof (NaN without degrees of freedom).
  package var reducedChiSquare: Double { degreesOfFreedom > 0 ? chiSquare / Double(degreesOfFreedom) : .nan }
}
