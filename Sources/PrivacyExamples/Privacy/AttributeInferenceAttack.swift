import Foundation

/// The model-inversion attack of Fredrikson et al. ("Privacy in Pharmacogenetics: An
/// End-to-End Case Study of Personalized Warfarin Dosing", USENIX Security 2014, §4) on
/// a linear regression: it infers a record's sensitive feature s from the other
/// features x₋ₛ, the record's target y, the model f, the prior π(s) and the model's
/// residual standard error σ,
///
///   ŝ = argmax_s log π(s) − (y − f(x₋ₛ, s))² / (2σ²),
///
/// the MAP estimate under Gaussian residuals. Ties go to the smaller value. The prior is
/// the frequency of each value among the training records (the values seen there, in
/// ascending order); the baseline guesses the prior's mode for everyone.
package struct AttributeInferenceAttack: Sendable {
  /// The sensitive feature's column.
  package let sensitiveColumn: Int
  /// The candidate values, ascending.
  package let values: [Double]
  /// π(s) for each value.
  package let prior: [Double]

  /// The attack whose prior is the value frequencies of `column` in `training`.
  package init(sensitiveColumn column: Int, training: RegressionDataSet) {
    let observed = training.column(column)
    let distinct = Array(Set(observed)).sorted()
    sensitiveColumn = column
    values = distinct
    prior = distinct.map { v in Double(observed.filter { $0 == v }.count) / Double(max(observed.count, 1)) }
  }

  /// The prior's mode (the smaller value on a tie): the baseline's guess.
  package var majorityValue: Double {
    var best = 0
    for k in prior.indices where prior[k] > prior[best] { best = k }
    return values[best]
  }

  /// The attack's guess of the sensitive value of every record of `data`.
  package func guesses(model: LinearModel, residualSigma sigma: Double, on data: RegressionDataSet) -> [Double] {
    let p = data.featureCount, s = sensitiveColumn
    let ws = model.weights[s]
    let logPrior = prior.map { $0 > 0 ? log($0) : -Double.infinity }
    let twoSigma2 = 2 * sigma * sigma
    return (0..<data.rowCount).map { i in
      let offset = i * p
      let withoutS = model.predict(data.features, offset: offset) - ws * data.features[offset + s]
      var best = 0
      var bestScore = -Double.infinity
      for k in values.indices {
        let r = data.target[i] - (withoutS + ws * values[k])
        let score = logPrior[k] - r * r / twoSigma2
        if score > bestScore {
          bestScore = score
          best = k
        }
      }
      return values[best]
    }
  }

  /// The fraction of `data`'s records whose sensitive value the attack gets right.
  package func accuracy(model: LinearModel, residualSigma sigma: Double, on data: RegressionDataSet) -> Double {
    let truth = data.column(sensitiveColumn)
    let guessed = guesses(model: model, residualSigma: sigma, on: data)
    return Self.fraction(zip(truth, guessed).filter { $0 == $1 }.count, of: truth.count)
  }

  /// The fraction of `data`'s records whose sensitive value is the prior's mode.
  package func baselineAccuracy(on data: RegressionDataSet) -> Double {
    let truth = data.column(sensitiveColumn)
    let mode = majorityValue
    return Self.fraction(truth.filter { $0 == mode }.count, of: truth.count)
  }

  static func fraction(_ k: Int, of n: Int) -> Double { n > 0 ? Double(k) / Double(n) : .nan }
}
