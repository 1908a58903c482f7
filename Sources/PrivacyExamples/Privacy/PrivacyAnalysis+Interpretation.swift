import Foundation

extension PrivacyAnalysis {
  /// The report's warnings: what the attack's numbers mean and what these data cannot
  /// determine. Each is a sentence with its numbers.
  func interpretation(sensitiveName s: String) -> [String] {
    var out: [String] = []
    let memberAdvantage = olsAttack.memberAccuracy - memberBaseline
    let nonMemberAdvantage = olsAttack.nonMemberAccuracy - nonMemberBaseline
    let nonMemberSE = (nonMemberBaseline * (1 - nonMemberBaseline) / Double(max(nonMemberCount, 1))).squareRoot()
    out.append(
      "the attack's non-member advantage (\(f(nonMemberAdvantage)) over the baseline on \(nonMemberCount) records that "
        + "did not train the model, binomial s.e. \(f(nonMemberSE))) is population inference, not a membership leak: the "
        + "model encodes how \(s) relates to the other features and the target in the population, which holds for "
        + "anyone drawn from it; differential privacy does not prevent it (it bounds only what one record changes)")
    let leak = membershipLeak, leakSE = membershipLeakStandardError
    let verdict = abs(leak) <= 2 * leakSE
      ? "within 2 s.e. of zero: these data cannot show a membership leak at this sample size"
      : (leak > 0 ? "more than 2 s.e. above zero: the model's answers reveal its members beyond the population"
                  : "more than 2 s.e. below zero: the members are harder to attack than the population")
    out.append(
      "membership leak (member advantage \(f(memberAdvantage)) minus non-member advantage \(f(nonMemberAdvantage))) = "
        + "\(f(leak)) ± \(f(leakSE)) (binomial s.e.), \(verdict); it is what DP bounds")
    if memberBaseline != nonMemberBaseline {
      out.append(
        "the majority baseline differs between members (\(f(memberBaseline))) and non-members "
          + "(\(f(nonMemberBaseline))): compare each set's accuracy with its own baseline, not the two accuracies")
    }
    if let k = olsUncertainty.standardErrors.indices.dropFirst().first(where: { $0 - 1 == attack.sensitiveColumn }) {
      let w = ols.weights[attack.sensitiveColumn], se = olsUncertainty.standardErrors[k]
      let spread = (attack.values.last ?? 0) - (attack.values.first ?? 0)
      out.append(
        "the OLS weight of \(s) is \(f(w)) ± \(f(se)) (t = \(f(w / se))); across its values it moves a prediction by "
          + "\(f(abs(w) * spread)), \(f(abs(w) * spread / olsAttack.residualSigma)) residual s.d.: one record's target "
          + "is weak evidence of \(s), so the attack can beat its prior only modestly")
    }
    out += olsUncertainty.identifiabilityWarnings.map { "OLS: " + $0.message }
    if curve.contains(where: { $0.noiseMultiplier == 0 }) {
      out.append("noise multiplier 0 is clipped SGD without noise: ε = ∞ (no privacy guarantee)")
    }
    for p in curve where p.testRMSEMean > constantPredictorRMSE {
      out.append(
        "at noise multiplier \(f(p.noiseMultiplier)) (ε = \(f(p.improved.epsilon))) the DP-SGD models predict the "
          + "non-members worse than the members' mean does (RMSE \(f(p.testRMSEMean)) > \(f(constantPredictorRMSE))): "
          + "the attack's accuracy there is that of a useless model, not evidence of privacy alone")
    }
    if let last = curve.min(by: { $0.improved.epsilon < $1.improved.epsilon }), last.runs > 1 {
      let residual = last.nonMemberAccuracyMean - nonMemberBaseline
      let se = last.nonMemberAccuracySD / Double(last.runs).squareRoot()
      if residual > 2 * se {
        out.append(
          "at the smallest ε (\(f(last.improved.epsilon))) the attack still beats the baseline on non-members by "
            + "\(f(residual)) (s.e. \(f(se)) over \(last.runs) runs): what remains is population inference")
      }
    }
    out.append(
      "the accountant covers the DP-SGD steps only: the standardization means and deviations, the prior π(\(s)) "
        + "and the residual σ given to the attacker are computed from the training records and released without noise")
    return out
  }

  private func f(_ x: Double) -> String {
    if x.isInfinite { return x > 0 ? "∞" : "-∞" }
    return String(format: "%.3g", x)
  }
}
