/// One point of the privacy–attack curve: DP-SGD at one noise multiplier, its (ε, δ)
/// and the attack's accuracy averaged over the seeded runs.
package struct AttackCurvePoint: Sendable, Equatable {
  /// σ of the runs.
  package var noiseMultiplier: Double
  /// ε by the improved and the classic conversion (∞ when σ = 0).
  package var improved: PrivacyGuarantee
  package var classic: PrivacyGuarantee
  /// Mean and sample standard deviation over the runs of the member accuracy.
  package var memberAccuracyMean: Double, memberAccuracySD: Double
  /// Mean and sample standard deviation over the runs of the non-member accuracy.
  package var nonMemberAccuracyMean: Double, nonMemberAccuracySD: Double
  /// Mean and sample standard deviation over the runs of the non-member RMSE (target units).
  package var testRMSEMean: Double, testRMSESD: Double
  /// The number of runs.
  package var runs: Int

  package init(noiseMultiplier: Double, improved: PrivacyGuarantee, classic: PrivacyGuarantee,
              memberAccuracyMean: Double, memberAccuracySD: Double,
              nonMemberAccuracyMean: Double, nonMemberAccuracySD: Double,
              testRMSEMean: Double, testRMSESD: Double, runs: Int) {
    self.noiseMultiplier = noiseMultiplier
    self.improved = improved
    self.classic = classic
    self.memberAccuracyMean = memberAccuracyMean
    self.memberAccuracySD = memberAccuracySD
    self.nonMemberAccuracyMean = nonMemberAccuracyMean
    self.nonMemberAccuracySD = nonMemberAccuracySD
    self.testRMSEMean = testRMSEMean
    self.testRMSESD = testRMSESD
    self.runs = runs
  }
}
