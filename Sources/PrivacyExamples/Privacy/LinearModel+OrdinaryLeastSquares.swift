import Inversion

extension LinearModel {
  /// The ordinary least-squares fit min Σ (yᵢ − b − w·xᵢ)² of `data`, with the
  /// parameters' covariance, standard errors, condition number and identifiability.
  ///
  /// The design [1, x] is solved by `LinearLeastSquares.solve` (Householder QR, or the
  /// minimum-norm SVD solution when it is rank deficient) and analysed by
  /// `UncertaintyAnalysis` (s² = RSS/(n − p − 1), Student-t intervals). Parameter
  /// order in the analysis: intercept, then the features.
  /// - Complexity: O(n p²).
  package static func ordinaryLeastSquares(_ data: RegressionDataSet) -> (model: LinearModel, analysis: UncertaintyAnalysis) {
    let n = data.rowCount, p = data.featureCount, columns = p + 1
    var design = [Double](repeating: 1, count: n * columns)  // column-major, column 0 = 1
    for i in 0..<n {
      for j in 0..<p { design[(j + 1) * n + i] = data.features[i * p + j] }
    }
    let beta = LinearLeastSquares.solve(a: design, rows: n, columns: columns, b: data.target)
    let model = LinearModel(intercept: beta[0], weights: Array(beta[1...]))
    var residuals = [Double](repeating: 0, count: n)
    for i in 0..<n { residuals[i] = model.predict(data.features, offset: i * p) - data.target[i] }
    let analysis = UncertaintyAnalysis.analyze(
      jacobian: design, residuals: residuals, parameterCount: columns,
      parameterNames: ["intercept"] + data.featureNames, noiseKnown: false, estimate: beta)
    return (model, analysis)
  }
}
