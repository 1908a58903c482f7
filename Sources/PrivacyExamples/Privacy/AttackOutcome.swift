/// The attack's accuracy on one released model, against the majority baseline, for the
/// training records (members) and the test records (non-members).
package struct AttackOutcome: Sendable, Equatable {
  /// Fraction of members whose sensitive value the attack gets right.
  package var memberAccuracy: Double
  /// Fraction of non-members whose sensitive value the attack gets right.
  package var nonMemberAccuracy: Double
  /// σ the attacker was given: the model's residual standard error on the training rows.
  package var residualSigma: Double
  /// √(mean squared prediction error) of the model on the non-members (target units).
  package var testRMSE: Double

  package init(memberAccuracy: Double, nonMemberAccuracy: Double, residualSigma: Double, testRMSE: Double) {
    self.memberAccuracy = memberAccuracy
    self.nonMemberAccuracy = nonMemberAccuracy
    self.residualSigma = residualSigma
    self.testRMSE = testRMSE
  }
}
