import Inversion

/// The privacy example's results: the non-private OLS model and the attack on it, the
/// attack's accuracy along the DP-SGD curve, and what these data can and cannot show
/// (`warnings`).
package struct PrivacyAnalysis: Sendable {
  /// The settings that produced it.
  package var settings: PrivacyExperimentSettings
  /// The split into members (train) and non-members (test).
  package var split: TrainTestSplit
  /// The OLS model on the members and its uncertainty (intercept first).
  package var ols: LinearModel
  package var olsUncertainty: UncertaintyAnalysis
  /// The attack on the OLS model.
  package var olsAttack: AttackOutcome
  /// The attack (its candidate values and the members' prior).
  package var attack: AttributeInferenceAttack
  /// The majority baseline's accuracy on members and on non-members.
  package var memberBaseline: Double, nonMemberBaseline: Double
  /// √(mean squared error) on the non-members of predicting every target by the
  /// members' mean (target units): the RMSE a model must beat to be of any use.
  package var constantPredictorRMSE: Double
  /// One point per noise multiplier, in the order given.
  package var curve: [AttackCurvePoint]
  /// Plain-word statements of what the numbers do and do not show.
  package var warnings: [String]

  /// Number of members and non-members.
  package var memberCount: Int { split.train.count }
  package var nonMemberCount: Int { split.test.count }

  /// The member advantage minus the non-member advantage of the OLS attack (each
  /// advantage is accuracy − that set's baseline): the membership leak.
  package var membershipLeak: Double {
    (olsAttack.memberAccuracy - memberBaseline) - (olsAttack.nonMemberAccuracy - nonMemberBaseline)
  }

  /// The binomial standard error of `membershipLeak` (the two accuracies are
  /// proportions on disjoint sets of records; the baselines are treated as fixed).
  package var membershipLeakStandardError: Double {
    let a = olsAttack.memberAccuracy, b = olsAttack.nonMemberAccuracy
    return (a * (1 - a) / Double(max(memberCount, 1)) + b * (1 - b) / Double(max(nonMemberCount, 1))).squareRoot()
  }
}
