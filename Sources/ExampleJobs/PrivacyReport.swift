import FeinvertFiles
import Foundation
import PrivacyExamples

/// The outputs of `feinvert app privacy`: the JSON report, the curve CSV and the printed
/// summary; and the accountant mode's summary.
package enum PrivacyReport {
  /// The report: data and split, the OLS model with standard errors, the attack on it
  /// (members, non-members, baselines, membership leak), the DP-SGD and accountant
  /// settings, the curve ε → accuracy, and the `identifiability` block with warnings.
  /// ε = ∞ (noise multiplier 0) is written `null` (and its order `null`) with
  /// `"epsilon_infinite": true`.
  package static func json(_ a: PrivacyAnalysis, input: PrivacyInput, path: String) -> JSONValue {
    let d = input.data, s = a.settings, u = a.olsUncertainty
    let sensitive = d.featureNames[input.sensitiveColumn]
    let names = ["intercept"] + d.featureNames
    let coefficients: [JSONValue] = names.indices.map { k in
      .object([
        ("name", .string(names[k])),
        ("estimate", .number(k == 0 ? a.ols.intercept : a.ols.weights[k - 1])),
        ("std_error", .number(u.standardErrors[k])),
        ("ci95", .numbers([u.confidenceIntervals95[k].0, u.confidenceIntervals95[k].1])),
      ])
    }
    func side(_ accuracy: Double, _ baseline: Double, _ count: Int) -> JSONValue {
      .object([("records", .integer(count)), ("accuracy", .number(accuracy)), ("baseline", .number(baseline)),
               ("advantage", .number(accuracy - baseline))])
    }
    let curve: [JSONValue] = a.curve.map { p in
      .object([
        ("noise_multiplier", .number(p.noiseMultiplier)),
        ("epsilon_improved", .number(p.improved.epsilon)),
        ("order_improved", p.improved.epsilon.isFinite ? .number(p.improved.order) : .null),
        ("epsilon_classic", .number(p.classic.epsilon)),
        ("order_classic", p.classic.epsilon.isFinite ? .number(p.classic.order) : .null),
        ("epsilon_infinite", .bool(p.improved.epsilon.isInfinite)),
        ("member_accuracy", .number(p.memberAccuracyMean)),
        ("member_accuracy_sd", .number(p.memberAccuracySD)),
        ("non_member_accuracy", .number(p.nonMemberAccuracyMean)),
        ("non_member_accuracy_sd", .number(p.nonMemberAccuracySD)),
        ("membership_leak", .number((p.memberAccuracyMean - a.memberBaseline) - (p.nonMemberAccuracyMean - a.nonMemberBaseline))),
        ("test_rmse", .number(p.testRMSEMean)),
        ("test_rmse_sd", .number(p.testRMSESD)),
        ("runs", .integer(p.runs)),
      ])
    }
    return .object([
      ("app", .string("privacy")),
      ("data", .object([
        ("file", .string(path)), ("records", .integer(d.rowCount)),
        ("features", .array(d.featureNames.map { .string($0) })), ("target", .string(input.targetName)),
        ("sensitive", .string(sensitive)),
        ("sensitive_values", .numbers(a.attack.values)), ("prior", .numbers(a.attack.prior)),
      ])),
      ("split", .object([
        ("train_fraction", .number(s.trainFraction)), ("seed", .integer(Int(truncatingIfNeeded: s.seed))),
        ("members", .integer(a.memberCount)), ("non_members", .integer(a.nonMemberCount)),
      ])),
      ("ols", .object([
        ("coefficients", .array(coefficients)),
        ("residual_sigma", .number(a.olsAttack.residualSigma)),
        ("test_rmse", .number(a.olsAttack.testRMSE)),
        ("constant_predictor_test_rmse", .number(a.constantPredictorRMSE)),
      ])),
      ("attack", .object([
        ("method", .string("Fredrikson et al. 2014 MAP: argmax_s log pi(s) - (y - f(x_-s, s))^2 / (2 sigma^2)")),
        ("residual_sigma", .number(a.olsAttack.residualSigma)),
        ("members", side(a.olsAttack.memberAccuracy, a.memberBaseline, a.memberCount)),
        ("non_members", side(a.olsAttack.nonMemberAccuracy, a.nonMemberBaseline, a.nonMemberCount)),
        ("membership_leak", .number(a.membershipLeak)),
        ("membership_leak_std_error", .number(a.membershipLeakStandardError)),
      ])),
      ("dp_sgd", .object([
        ("sample_rate", .number(s.training.sampleRate)), ("clip_norm", .number(s.training.clipNorm)),
        ("steps", .integer(s.training.steps)), ("learning_rate", .number(s.training.learningRate)),
        ("expected_batch", .number(s.training.sampleRate * Double(a.memberCount))),
        ("runs_per_noise_multiplier", .integer(s.runs)),
      ])),
      ("accountant", .object([
        ("method", .string("RDP of the Poisson-sampled Gaussian (Mironov, Talwar & Zhang 2019), additive over steps")),
        ("delta", .number(s.delta)),
        ("orders", .numbers(SampledGaussianRDP.defaultOrders)),
        ("conversions", .object([
          ("improved", .string("min_a RDP(a) + log((a-1)/a) - (log delta + log a)/(a-1)")),
          ("classic", .string("min_a RDP(a) + log(1/delta)/(a-1)")),
        ])),
      ])),
      ("curve", .array(curve)),
      ("identifiability", .object([
        ("rank", .integer(u.rank)), ("n_parameters", .integer(names.count)),
        ("condition_number", .number(u.conditionNumber)),
        ("warnings", .array(a.warnings.map { .string($0) })),
      ])),
    ])
  }

  /// The curve table: one row per noise multiplier; ε = ∞ is written `inf`.
  package static func csv(_ a: PrivacyAnalysis) -> String {
    var out = "# feinvert app privacy: attack accuracy along the DP-SGD curve (means over seeded runs)\n"
    out += "# member_baseline = \(a.memberBaseline)\n# non_member_baseline = \(a.nonMemberBaseline)\n"
    out += "noise_multiplier,epsilon_improved,epsilon_classic,member_accuracy,member_accuracy_sd,"
      + "non_member_accuracy,non_member_accuracy_sd,test_rmse,test_rmse_sd,runs\n"
    for p in a.curve {
      let cells = [p.noiseMultiplier, p.improved.epsilon, p.classic.epsilon, p.memberAccuracyMean, p.memberAccuracySD,
                   p.nonMemberAccuracyMean, p.nonMemberAccuracySD, p.testRMSEMean, p.testRMSESD]
      out += cells.map { $0.isInfinite ? "inf" : "\($0)" }.joined(separator: ",") + ",\(p.runs)\n"
    }
    return out
  }

  /// The printed summary.
  package static func summary(_ a: PrivacyAnalysis, input: PrivacyInput) -> String {
    let s = input.data.featureNames[input.sensitiveColumn]
    var out = "privacy: \(input.data.rowCount) records, \(input.data.featureCount) features, target \(input.targetName), "
      + "sensitive \(s); \(a.memberCount) members, \(a.nonMemberCount) non-members\n"
    out += "OLS attack on \(s): members \(f3(a.olsAttack.memberAccuracy)) (baseline \(f3(a.memberBaseline))), "
      + "non-members \(f3(a.olsAttack.nonMemberAccuracy)) (baseline \(f3(a.nonMemberBaseline))); membership leak "
      + "\(signed(a.membershipLeak)) ± \(f3(a.membershipLeakStandardError))\n"
    out += "DP-SGD q = \(a.settings.training.sampleRate), C = \(a.settings.training.clipNorm), T = \(a.settings.training.steps), "
      + "δ = \(a.settings.delta), \(a.settings.runs) runs per σ:\n"
    out += "  sigma  eps_improved  eps_classic  members  non-members  test_rmse\n"
    for p in a.curve {
      out += String(format: "  %5.2f  ", p.noiseMultiplier) + pad(eps(p.improved.epsilon), 12) + "  "
        + pad(eps(p.classic.epsilon), 11)
        + String(format: "  %7.3f  %11.3f  %9.1f\n", p.memberAccuracyMean, p.nonMemberAccuracyMean, p.testRMSEMean)
    }
    return out
  }

  /// The accountant mode's lines: ε by both conversions, with the optimal orders.
  package static func accountantSummary(sampleRate q: Double, steps: Int, delta: Double, rows: [PrivacyJob.AccountantRow]) -> String {
    var out = "Poisson-sampled Gaussian: q = \(q), T = \(steps), δ = \(delta); RDP accountant at "
      + "\(SampledGaussianRDP.defaultOrders.count) orders 1.1..1024, PLD accountant (connect the dots, Δ = \(PLDAccountant.defaultInterval))\n"
    for r in rows {
      out += "sigma = \(r.sigma): epsilon = \(eps(r.improved.epsilon)) (improved, order \(r.improved.order)), "
        + "\(eps(r.classic.epsilon)) (classic, order \(r.classic.order)), \(eps(r.pld.epsilon)) (PLD)\n"
    }
    return out
  }

  /// The `--accountant --report` JSON: the settings, the methods, and per σ every ε at full
  /// precision (`null` with `"epsilon_infinite": true` at σ = 0).
  package static func accountantJSON(sampleRate q: Double, steps: Int, delta: Double, rows: [PrivacyJob.AccountantRow]) -> JSONValue {
    func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
    let results: [JSONValue] = rows.map { r in
      .object([
        ("noise_multiplier", .number(r.sigma)),
        ("epsilon_infinite", .bool(!r.pld.epsilon.isFinite)),
        ("epsilon_pld", number(r.pld.epsilon)),
        ("epsilon_pld_remove", number(r.pld.epsilonRemove)), ("epsilon_pld_add", number(r.pld.epsilonAdd)),
        ("pld_interval", .number(r.pld.interval)),
        ("epsilon_rdp_improved", number(r.improved.epsilon)), ("order_improved", number(r.improved.order)),
        ("epsilon_rdp_classic", number(r.classic.epsilon)), ("order_classic", number(r.classic.order)),
      ])
    }
    return .object([
      ("app", .string("privacy")), ("mode", .string("accountant")),
      ("mechanism", .string("Poisson-sampled Gaussian: sampling rate q, L2 sensitivity 1, noise N(0, sigma^2)")),
      ("neighbouring_relation", .string("add or remove one record")),
      ("sample_rate", .number(q)), ("steps", .integer(steps)), ("delta", .number(delta)),
      ("rdp", .object([
        ("orders", .numbers(SampledGaussianRDP.defaultOrders)),
        ("improved", .string("eps = min_a RDP(a) + log((a-1)/a) - (log delta + log a)/(a-1)")),
        ("classic", .string("eps = min_a RDP(a) + log(1/delta)/(a-1)")),
      ])),
      ("pld", .object([
        ("method", .string("privacy loss distribution of each direction (remove, add), pessimistic connect-the-dots discretization (Doroshenko et al. 2022), composed over the steps by FFT; epsilon = max over the directions")),
        ("value_discretization_interval", .number(PLDAccountant.defaultInterval)),
        ("tail_mass_truncation", .number(rows.first?.pld.tailMass ?? 1e-15)),
      ])),
      ("results", .array(results)),
    ])
  }

  static func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
  static func f3(_ x: Double) -> String { String(format: "%.3f", x) }
  static func signed(_ x: Double) -> String { String(format: "%+.3f", x) }
  static func eps(_ x: Double) -> String { x.isInfinite ? "inf" : String(format: "%.4f", x) }
}
