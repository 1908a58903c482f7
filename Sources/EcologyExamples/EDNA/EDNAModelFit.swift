import Inversion

/// One source model fitted to eDNA samples by maximum likelihood.
package struct EDNAModelFit: Sendable {
  package var source: EDNASource
  /// Σ r_i², r_i = (C(x_i) − y_i)/sd_i.
  package var chiSquare: Double
  /// −½χ² − Σ log sd_i − (n/2) log 2π.
  package var logLikelihood: Double
  /// AIC = 2p − 2 log L, p = 3 (point) or 4 (distributed).
  package var aic: Double
  /// C(x_i) at the estimate.
  package var predictions: [Double]
  /// Standard errors in the order of `source.parameters`, from the Gauss–Newton
  /// covariance (noise known: the residuals are in units of sd). For the point model they
  /// are conditional on x₀ (A and x₀ are confounded, see `originInterval`), and x₀ has none
  /// (NaN). NaN also where a parameter sits on a search bound.
  package var standardErrors: [Double]
  /// The layer's analysis of all parameters at the estimate (rank, condition number,
  /// identifiability warnings).
  package var analysis: UncertaintyAnalysis
  /// The condition number of the column-scaled Jacobian of the parameters the data can
  /// determine: (A, β) given x₀ for the point model (with x₀ it is infinite), all four
  /// for the distributed one.
  package var conditionNumber: Double
  /// Point model only: every x₀ in (lower, upper] gives the same likelihood (the upper end
  /// is `source`'s x₀, the first sampled site at or below the source's reach); lower is
  /// −∞ when no sample lies upstream of the source.
  package var originInterval: (lower: Double, upper: Double)?
  /// Plain-word statements of what the data do not determine.
  package var warnings: [String]
  /// Whether every local refinement converged.
  package var converged: Bool
  /// χ² evaluations spent by the search.
  package var evaluations: Int

  package var kind: EDNASource.Kind { source.kind }

  package init(source: EDNASource, chiSquare: Double, logLikelihood: Double, aic: Double, predictions: [Double],
              standardErrors: [Double], analysis: UncertaintyAnalysis, conditionNumber: Double, originInterval: (lower: Double, upper: Double)?,
              warnings: [String], converged: Bool, evaluations: Int) {
    self.source = source
    self.chiSquare = chiSquare
    self.logLikelihood = logLikelihood
    self.aic = aic
    self.predictions = predictions
    self.standardErrors = standardErrors
    self.analysis = analysis
    self.conditionNumber = conditionNumber
    self.originInterval = originInterval
    self.warnings = warnings
    self.converged = converged
    self.evaluations = evaluations
  }
}
