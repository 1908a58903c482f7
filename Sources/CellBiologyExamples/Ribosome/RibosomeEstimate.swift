/// Elongation rates estimated from one read profile, with what the data leave undetermined.
package struct RibosomeEstimate: Sendable {
  /// k_i in codons/s, scaled so that their harmonic mean is the profile's k̄.
  package var rates: [Double]
  /// Standard errors of k_i from the Poisson noise alone (delta method, including the
  /// scale's dependence on mean(t)); nil where the positivity bound is active. They do not
  /// include the regularization bias.
  package var rateStandardErrors: [Double?]
  /// Occupancies t_i = K/k_i (reads per codon, K the unknown flux × depth), bounded.
  package var occupancy: [Double]
  /// The λ used.
  package var lambda: Double
  /// How λ was set: a rule's name, or "fixed" for a λ given by the user.
  package var lambdaSource: String
  /// λ by all three rules (nil when λ was fixed).
  package var selection: RibosomeLambdaSelection?
  /// tr H at the λ used (unconstrained): the effective number of parameters.
  package var traceInfluence: Double
  /// Σ w_i (c_i − (Gt)_i)² at the bounded estimate, computed directly.
  package var weightedResidualSquared: Double
  /// RSS_w/(n − tr H): about 1 for Poisson counts; ≫ 1 means over-dispersion, and the
  /// standard errors are then too small by its square root.
  package var reducedChiSquare: Double
  /// ‖D₂t‖² at the estimate.
  package var roughness: Double
  /// The positivity bound t_min = 10⁻⁶·max c.
  package var occupancyLowerBound: Double
  /// 0-based codon indices whose occupancy sits at the bound (there k is only a lower bound).
  package var codonsAtBound: [Int]
  /// The rank of √W G (the kernel's visible directions).
  package var dataRank: Int
  /// κ(√W G) = σ_max/σ_min: how much the kernel alone amplifies noise (∞ if rank deficient).
  package var kernelConditionNumber: Double
  /// Numeric CHOLMOD factorizations (one symbolic analysis in all).
  package var factorizations: Int
  /// Plain-word statements of what the data do not determine.
  package var warnings: [String]
}
