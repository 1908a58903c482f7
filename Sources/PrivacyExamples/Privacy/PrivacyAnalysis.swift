import Inversion

/// The privacy example's results: the non-private OLS model and the attack on it, the
/// attack's accuracy along the DP-SGD curve, and what these data can and cannot show
/// (`warnings`).
public struct PrivacyAnalysis: Sendable {
  /// The settings that produced it.
  public var settings: PrivacyExperimentSettings
  /// The split into members (train) and non-members (test).
  public var split: TrainTestSplit
  /// The OLS model on the members and its uncertainty (intercept first).
  public var ols: LinearModel
  public var olsUncertainty: UncertaintyAnalysis
  /// The attack on the OLS model.
  public var olsAttack: AttackOutcome
  /// The attack (its candidate values and the members' prior).
  public var attack: AttributeInferenceAttack
  /// The majority baseline's accuracy on members and on non-members.
  public var memberBaseline: Double, nonMemberBaseline: Double
  /// √(mean squared error) on the non-members of predicting every target by the
  /// members' mean (target units): the RMSE a model must beat to be of any use.
  public var constantPredictorRMSE: Double
  /// One point per noise multiplier, in the order given.
  public var curve: [AttackCurvePoint]
  /// Plain-word statements of what the numbers do and do not show.
  public var warnings: [String]

  /// Number of members and non-members.
  public var memberCount: Int { split.train.count }
  public var nonMemberCount: Int { split.test.count }

  /// The member advantage minus the non-member advantage of the OLS attack (each
  /// advantage is accuracy − that set's baseline): the membership leak.
  public var membershipLeak: Double {
    (olsAttack.memberAccuracy - memberBaseline) - (olsAttack.nonMemberAccuracy - nonMemberBaseline)
  }

  /// The binomial standard error of `membershipLeak` (the two accuracies are
  /// proportions on disjoint sets of records; the baselines are treated as fixed).
  public var membershipLeakStandardError: Double {
    let a = olsAttack.memberAccuracy, b = olsAttack.nonMemberAccuracy
    return (a * (1 - a) / Double(max(memberCount, 1)) + b * (1 - b) / Double(max(nonMemberCount, 1))).squareRoot()
  }
}
