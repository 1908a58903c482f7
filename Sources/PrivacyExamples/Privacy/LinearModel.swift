/// A linear regression model f(x) = b + w·x in the data's own units.
package struct LinearModel: Sendable, Equatable {
  /// b, in target units.
  package var intercept: Double
  /// w, one per feature, in target units per feature unit.
  package var weights: [Double]

  package init(intercept: Double, weights: [Double]) {
    self.intercept = intercept
    self.weights = weights
  }

  /// f(x) for the record starting at `offset` of the row-major `features` (p =
  /// `weights.count` values).
  package func predict(_ features: [Double], offset: Int) -> Double {
    var s = intercept
    for j in weights.indices { s += weights[j] * features[offset + j] }
    return s
  }

  /// √(Σ (yᵢ − f(xᵢ))² / (n − p − 1)): the residual standard error with the usual OLS
  /// degrees of freedom (p weights and the intercept), the σ the attacker is given.
  /// Needs more records than parameters, or a precondition failure occurs.
  package func residualStandardError(on data: RegressionDataSet) -> Double {
    let dof = data.rowCount - weights.count - 1
    precondition(dof > 0, "LinearModel: more records than parameters needed")
    return (residualSumOfSquares(on: data) / Double(dof)).squareRoot()
  }

  /// √(Σ (yᵢ − f(xᵢ))²/n): the root-mean-square prediction error on `data`.
  package func rootMeanSquareError(on data: RegressionDataSet) -> Double {
    (residualSumOfSquares(on: data) / Double(max(data.rowCount, 1))).squareRoot()
  }

  /// Σ (yᵢ − f(xᵢ))² over the records of `data`.
  package func residualSumOfSquares(on data: RegressionDataSet) -> Double {
    let p = data.featureCount
    var s = 0.0
    for i in 0..<data.rowCount {
      let r = data.target[i] - predict(data.features, offset: i * p)
      s += r * r
    }
    return s
  }
}
