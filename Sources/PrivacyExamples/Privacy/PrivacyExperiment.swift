import FECommon
import Foundation
import Inversion

/// The privacy example of `shared/spec/apps.md` §10: what a released linear regression
/// reveals about a sensitive attribute of the records it was trained on, and how
/// differentially private training changes that.
///
/// 1. Split the records into members (train) and non-members (test), `TrainTestSplit`.
/// 2. Fit OLS on the members (`LinearModel.ordinaryLeastSquares`, the generic layer's
///    QR and `UncertaintyAnalysis`) and run Fredrikson's attack
///    (`AttributeInferenceAttack`) on members and non-members against the majority
///    baseline. A member advantage above the non-member advantage is a membership leak
///    (the model remembers its training records); the non-member advantage is
///    population inference (what the model says about anyone from the population).
/// 3. For each noise multiplier σ, train `runs` seeded DP-SGD models
///    (`DPSGDLinearRegression` on `StandardizedRegression`), attack each, average, and
///    account the privacy spent (`RenyiAccountant`, improved and classic (ε, δ)).
///
/// Run k of every σ uses the same seed (the k-th output of a SplitMix64 seeded with
/// `seed` xor 0xA0761D6478BD642F), so the curve compares σ on common random numbers.
package enum PrivacyExperiment {
  /// Runs the experiment.
  ///
  /// The caller validates the settings (every precondition below is an input error at
  /// the edge): a sensitive column in range; a split leaving more members than
  /// parameters and at least one non-member; q in (0, 1]; C, η > 0; σ ≥ 0; T ≥ 1;
  /// δ in (0, 1); runs ≥ 1.
  /// - Throws: `NumericalError` when the members hold a single value of the sensitive
  ///   attribute (nothing to infer), the OLS fit is not finite or DP-SGD diverges.
  /// - Complexity: O(|σ| · runs · T · n · p).
  package static func run(_ data: RegressionDataSet, settings: PrivacyExperimentSettings) throws -> PrivacyAnalysis {
    precondition((0..<data.featureCount).contains(settings.sensitiveColumn), "PrivacyExperiment: sensitive column")
    precondition(settings.runs >= 1 && settings.delta > 0 && settings.delta < 1, "PrivacyExperiment: runs, delta")
    let split = TrainTestSplit(rowCount: data.rowCount, trainFraction: settings.trainFraction, seed: settings.seed)
    precondition(split.train.count > data.featureCount + 1 && !split.test.isEmpty, "PrivacyExperiment: split too small")
    let members = data.subset(rows: split.train), nonMembers = data.subset(rows: split.test)
    let attack = AttributeInferenceAttack(sensitiveColumn: settings.sensitiveColumn, training: members)
    guard attack.values.count >= 2 else {
      throw NumericalError(
        "the \(members.rowCount) training records all have \(data.featureNames[settings.sensitiveColumn]) = "
          + "\(attack.values.first ?? .nan): there is nothing to infer; use another split or attribute")
    }
    let (ols, uncertainty) = LinearModel.ordinaryLeastSquares(members)
    guard ols.intercept.isFinite, ols.weights.allSatisfy(\.isFinite) else {
      throw NumericalError("the least-squares fit on the training records is not finite")
    }
    let olsAttack = outcome(of: ols, attack: attack, members: members, nonMembers: nonMembers)
    let problem = StandardizedRegression(members)
    var seeder = SplitMix64(seed: settings.seed ^ 0xA076_1D64_78BD_642F)
    let seeds = (0..<settings.runs).map { _ in seeder.next() }
    let curve = try settings.noiseMultipliers.map { sigma in
      try point(sigma: sigma, problem: problem, seeds: seeds, settings: settings, attack: attack,
            members: members, nonMembers: nonMembers)
    }
    var analysis = PrivacyAnalysis(
      settings: settings, split: split, ols: ols, olsUncertainty: uncertainty, olsAttack: olsAttack, attack: attack,
      memberBaseline: attack.baselineAccuracy(on: members), nonMemberBaseline: attack.baselineAccuracy(on: nonMembers),
      constantPredictorRMSE: LinearModel(intercept: problem.targetMean, weights: Array(repeating: 0, count: data.featureCount))
        .rootMeanSquareError(on: nonMembers),
      curve: curve, warnings: [])
    analysis.warnings = analysis.interpretation(sensitiveName: data.featureNames[settings.sensitiveColumn])
    return analysis
  }

  /// The attack on one model.
  static func outcome(of model: LinearModel, attack: AttributeInferenceAttack, members: RegressionDataSet,
                      nonMembers: RegressionDataSet) -> AttackOutcome {
    let sigma = model.residualStandardError(on: members)
    return AttackOutcome(
      memberAccuracy: attack.accuracy(model: model, residualSigma: sigma, on: members),
      nonMemberAccuracy: attack.accuracy(model: model, residualSigma: sigma, on: nonMembers),
      residualSigma: sigma, testRMSE: model.rootMeanSquareError(on: nonMembers))
  }

  /// One curve point: `seeds.count` DP-SGD runs at σ, attacked and averaged, and the
  /// accountant's ε for T steps of the sampled Gaussian at (q, σ).
  static func point(sigma: Double, problem: StandardizedRegression, seeds: [UInt64],
                    settings: PrivacyExperimentSettings, attack: AttributeInferenceAttack,
                    members: RegressionDataSet, nonMembers: RegressionDataSet) throws -> AttackCurvePoint {
    var training = settings.training
    training.noiseMultiplier = sigma
    var memberAccuracy = [Double](), nonMemberAccuracy = [Double](), rmse = [Double]()
    for seed in seeds {
      let theta = DPSGDLinearRegression.train(problem, settings: training, seed: seed)
      guard theta.allSatisfy(\.isFinite) else {
        throw NumericalError(
          "DP-SGD diverged at noise multiplier \(sigma) (learning rate \(training.learningRate)): "
            + "the parameters are not finite; use a smaller learning rate")
      }
      let result = outcome(of: problem.model(theta: theta), attack: attack, members: members, nonMembers: nonMembers)
      memberAccuracy.append(result.memberAccuracy)
      nonMemberAccuracy.append(result.nonMemberAccuracy)
      rmse.append(result.testRMSE)
    }
    var accountant = RenyiAccountant()
    accountant.composeSampledGaussian(sampleRate: training.sampleRate, noiseMultiplier: sigma, steps: training.steps)
    let (mm, ms) = meanAndSD(memberAccuracy), (nm, ns) = meanAndSD(nonMemberAccuracy), (rm, rs) = meanAndSD(rmse)
    return AttackCurvePoint(
      noiseMultiplier: sigma, improved: accountant.epsilon(delta: settings.delta, conversion: .improved),
      classic: accountant.epsilon(delta: settings.delta, conversion: .classic),
      memberAccuracyMean: mm, memberAccuracySD: ms, nonMemberAccuracyMean: nm, nonMemberAccuracySD: ns,
      testRMSEMean: rm, testRMSESD: rs, runs: seeds.count)
  }

  /// Mean and sample standard deviation (0 for one value).
  static func meanAndSD(_ v: [Double]) -> (Double, Double) {
    let n = Double(v.count)
    let mean = v.reduce(0, +) / n
    guard v.count > 1 else { return (mean, 0) }
    let ss = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (ss / (n - 1)).squareRoot())
  }
}
