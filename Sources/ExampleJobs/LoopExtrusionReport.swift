import FeinvertFiles
import Foundation
import CellBiologyExamples

/// The report, the summary and the table of `feinvert app loops`.
package enum LoopExtrusionReport {
  static func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : (x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf")) }
  static func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

  static func prediction(_ p: LoopPrediction) -> JSONValue {
    func stat(_ s: (mean: Double, sd: Double)) -> JSONValue { .object([("mean", number(s.mean)), ("sd", number(s.sd))]) }
    return .object([
      ("separation_kb", .number(p.parameters.separationKb)), ("lef_count", .integer(p.parameters.lefCount)),
      ("ring_kb", .integer(p.parameters.ringSites)), ("processivity_kb", .number(p.parameters.processivityKb)),
      ("mean_loop_kb", stat(p.meanLoopKb)), ("median_loop_kb", stat(p.medianLoopKb)), ("coverage", stat(p.coverage)),
      ("replicates", .array(p.replicates.map {
        .object([("seed", .integer(Int(truncatingIfNeeded: $0.seed))), ("mean_loop_kb", number($0.meanLoopKb)),
                 ("median_loop_kb", number($0.medianLoopKb)), ("coverage", number($0.coverage))])
      })),
    ])
  }

  /// The JSON report.
  package static func json(_ a: LoopExtrusionAnalysis, input: LoopExtrusionInput, data: String, settings: LoopAnalysisSettings) -> JSONValue {
    var fields: [(String, JSONValue)] = [("app", .string("loops")), ("data", .string(data))]
    var conditionNumber: JSONValue = .null
    var intervalMethod = ""
    if let f = a.censoredFit {
      fields.append(("input_kind", .string("lifetimes")))
      fields.append(("censoring", .object([
        ("lifetimes", .integer(f.count)), ("uncensored", .integer(f.uncensoredCount)),
        ("censored_fraction", number(f.censoredFraction)), ("total_length_kb", .number(f.totalLength)),
        ("estimate_ignoring_censoring_kb", number(f.naiveEstimate)),
        ("underestimate_factor_ignoring_censoring", number(f.estimate / f.naiveEstimate)),
      ])))
      intervalMethod = "profile likelihood, 2(l(lambda_hat) - l(lambda)) = 3.841"
    }
    if let s = a.snapshotFit {
      fields.append(("input_kind", .string("snapshots")))
      fields.append(("snapshot_fit", .object([
        ("snapshots", .integer(input.snapshotCount ?? 0)), ("loops_per_snapshot", .integer(input.lefCountPerSnapshot ?? 0)),
        ("observed_mean_loop_kb", .number(s.observedMeanKb)), ("observed_coverage", s.observedCoverage.map { .number($0) } ?? .null),
        ("simulated_mean_loop_kb", number(s.simulatedMeanKb)), ("simulated_coverage", number(s.simulatedCoverage)),
        ("plain_estimator_kb", .number(s.naiveEstimate)), ("plain_estimator_bias_factor", number(s.estimate / s.naiveEstimate)),
        ("profile", .array(s.profile.map { .numbers([$0.lambda, $0.objective]) })),
        ("at_search_end", .bool(s.atGridEnd)),
      ])))
      // |d ln λ / d ln m|: how a relative error in the mean loop size grows in λ.
      conditionNumber = number(abs(s.observedMeanKb / (s.estimate * s.meanSlope)))
      intervalMethod = "estimate -/+ 1.96 SE (Gauss-Newton SE of the simulation fit)"
    }
    fields.append(("processivity_kb", .object([
      ("estimate", number(a.processivityKb)), ("std_error", number(a.standardErrorKb)),
      ("ci95", .array([number(a.interval95.lower), number(a.interval95.upper)])), ("interval_method", .string(intervalMethod)),
    ])))
    fields.append(("condition_number", conditionNumber))
    fields.append(("simulator", .object([
      ("rules", .string("ring of 1-kb sites; LEFs load uniformly on free adjacent pairs; each step left legs move, then right legs; "
        + "a leg stalls on an occupied target; unbinding (p = 1/tau) tested after the moves; an unbound LEF reloads at once")),
      ("speed_kb_per_step_per_side", .number(1)), ("tau_steps", number(a.processivityKb / 2)),
      ("burn_in_lifetimes", .number(settings.schedule.burnInLifetimes)),
      ("snapshot_interval_lifetimes", .number(settings.schedule.snapshotIntervalLifetimes)),
      ("snapshots_per_replicate", .integer(settings.schedule.snapshots)), ("replicates", .integer(settings.replicates)),
      ("seed", .integer(Int(truncatingIfNeeded: settings.seed))),
    ])))
    fields.append(("ring", a.ring.map {
      .object([("ring_kb", .integer($0.sites)), ("lef_count", .integer($0.lefCount)),
               ("separation_kb", .number(Double($0.sites) / Double($0.lefCount))), ("source", .string(input.ringSource))])
    } ?? .null))
    var predictions: [(String, JSONValue)] = []
    if let p = a.predictionAtData { predictions.append(("at_data_density", prediction(p))) }
    if let p = a.predictionHalfDensity { predictions.append(("half_density", prediction(p))) }
    if let r = a.predictionHalfDensityRange {
      predictions.append(("half_density_at_interval_ends", .object([("lower", prediction(r.lower)), ("upper", prediction(r.upper))])))
    }
    fields.append(("predictions", .object(predictions)))
    fields.append(("identifiability", .object([
      ("rank", .integer(a.processivityKb.isFinite ? 1 : 0)), ("parameters", .array([.string("processivity_kb")])),
      ("ranges", .object([("processivity_kb", .array([number(a.interval95.lower), number(a.interval95.upper)]))])),
      ("only_bounded", .bool(!a.interval95.upper.isFinite || (a.snapshotFit?.atGridEnd ?? false))),
      ("warnings", .array(a.warnings.map { .string($0) })),
    ])))
    return .object(fields)
  }

  static func line(_ p: LoopPrediction) -> String {
    let m = p.meanLoopKb, md = p.medianLoopKb, c = p.coverage
    return "d = \(g(p.parameters.separationKb)) kb (N = \(p.parameters.lefCount)): mean loop \(g(m.mean)) ± \(g(m.sd)) kb, "
      + "median \(g(md.mean)) ± \(g(md.sd)) kb, coverage \(String(format: "%.3f", c.mean)) ± \(String(format: "%.3f", c.sd))"
  }

  /// The short summary printed by the command.
  package static func summary(_ a: LoopExtrusionAnalysis, input: LoopExtrusionInput, settings: LoopAnalysisSettings) -> String {
    var s = ""
    if let f = a.censoredFit {
      s += "loops: \(f.count) lifetimes, \(f.uncensoredCount) uncensored (\(g(100 * f.censoredFraction)) % censored)\n"
      s += "lambda = \(g(a.processivityKb)) ± \(g(a.standardErrorKb)) kb (95 % profile-likelihood interval [\(g(a.interval95.lower)), \(g(a.interval95.upper))]); "
        + "ignoring the censoring: \(g(f.naiveEstimate)) kb\n"
    }
    if let f = a.snapshotFit {
      s += "loops: \(input.snapshotCount ?? 0) snapshots of \(input.lefCountPerSnapshot ?? 0) loops; mean loop \(g(f.observedMeanKb)) kb"
        + (f.observedCoverage.map { ", coverage \(String(format: "%.3f", $0))" } ?? "") + "\n"
      s += "lambda = \(g(a.processivityKb)) ± \(g(a.standardErrorKb)) kb by simulation (plain estimator \(g(f.naiveEstimate)) kb, biased)\n"
    }
    if let p = a.predictionAtData, let h = a.predictionHalfDensity {
      s += "prediction with lambda = \(g(a.processivityKb)) kb, \(settings.replicates) replicates, ring \(p.parameters.ringSites) kb (mean ± sd over replicates):\n"
      s += "  " + line(p) + "\n  " + line(h) + "\n"
      if let r = a.predictionHalfDensityRange {
        s += "  at 2d with lambda at the interval ends (\(g(a.interval95.lower)), \(g(a.interval95.upper)) kb): mean loop "
          + "\(g(r.lower.meanLoopKb.mean))…\(g(r.upper.meanLoopKb.mean)) kb, coverage "
          + "\(String(format: "%.3f", r.lower.coverage.mean))…\(String(format: "%.3f", r.upper.coverage.mean))\n"
      }
    }
    for w in a.warnings { s += "warning: \(w)\n" }
    return s
  }

  /// The table of `--out`: one row per prediction replicate.
  package static func csv(_ a: LoopExtrusionAnalysis) -> String {
    var s = "scenario,separation_kb,lef_count,lambda_kb,replicate,seed,mean_loop_kb,median_loop_kb,coverage\n"
    var rows: [(String, LoopPrediction)] = []
    if let p = a.predictionAtData { rows.append(("data_density", p)) }
    if let p = a.predictionHalfDensity { rows.append(("half_density", p)) }
    if let r = a.predictionHalfDensityRange { rows += [("half_density_lambda_lower", r.lower), ("half_density_lambda_upper", r.upper)] }
    for (name, p) in rows {
      for (k, r) in p.replicates.enumerated() {
        s += "\(name),\(p.parameters.separationKb),\(p.parameters.lefCount),\(p.parameters.processivityKb),\(k + 1),\(r.seed),"
          + "\(r.meanLoopKb),\(r.medianLoopKb),\(r.coverage)\n"
      }
    }
    return s
  }
}
