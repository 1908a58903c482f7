import FeinvertFiles
import Foundation
import EcologyExamples

/// The report, the summary and the table of `feinvert app edna`.
package enum EDNAReport {
  static func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : (x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf")) }
  static func number(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

  /// Units of each parameter.
  static let units = ["A": "concentration", "x0_km": "km", "beta_per_km": "1/km", "S": "concentration per km",
                      "a_km": "km", "b_km": "km"]

  static func model(_ fit: EDNAModelFit) -> JSONValue {
    let names = fit.kind.parameterNames
    let p = fit.source.parameters
    let quantile = 1.959963984540054
    var parameters: [JSONValue] = []
    for k in p.indices {
      let se = fit.standardErrors[k]
      var entry: [(String, JSONValue)] = [("name", .string(names[k])), ("estimate", number(p[k])), ("std_error", number(se))]
      entry.append(("ci95", se.isFinite ? .array([number(p[k] - quantile * se), number(p[k] + quantile * se)]) : .null))
      entry.append(("unit", .string(units[names[k]] ?? "")))
      if fit.kind == .point && k == 0 { entry.append(("note", .string("standard error given x0 (A and x0 are confounded)"))) }
      if fit.kind == .point && k == 1, let i = fit.originInterval {
        entry.append(("note", .string("every x0 in (\(g(i.lower)), \(g(i.upper))] km gives the same likelihood; the upper end is reported")))
      }
      parameters.append(.object(entry))
    }
    var fields: [(String, JSONValue)] = [
      ("parameters", .array(parameters)), ("n_parameters", .integer(fit.kind.parameterCount)),
      ("log_likelihood", number(fit.logLikelihood)), ("chi_square", number(fit.chiSquare)), ("aic", number(fit.aic)),
      ("converged", .bool(fit.converged)), ("condition_number", number(fit.conditionNumber)),
      ("rank", .integer(fit.analysis.rank)), ("singular_values", .numbers(fit.analysis.singularValues)),
    ]
    if let i = fit.originInterval { fields.append(("x0_interval_km", .array([number(i.lower), number(i.upper)]))) }
    fields.append(("warnings", .array((fit.warnings + fit.analysis.identifiabilityWarnings.map(\.message)).map { .string($0) })))
    return .object(fields)
  }

  static func source(_ s: EDNASource) -> JSONValue {
    .object(zip(s.kind.parameterNames, s.parameters).map { ($0.0, number($0.1)) })
  }

  static func design(_ d: EDNADesignScore) -> [(String, JSONValue)] {
    [("sites_km", .numbers(d.sitesKm)), ("T", number(d.criterion)), ("discriminating", .bool(d.discriminating)),
     ("closest_point_source", source(d.closestPoint)), ("statement", .string(d.statement))]
  }

  /// The JSON report.
  package static func json(_ a: EDNAAnalysis, input: EDNAInput, options: EDNAOptions, settings: EDNAAnalysisSettings) -> JSONValue {
    let c = a.comparison
    var noise: [(String, JSONValue)] = [("source", .string(input.noiseSource))]
    if input.sigma == nil {
      noise += [("sigma_a", .number(input.noiseModel.absoluteSD)), ("cv", .number(input.noiseModel.coefficientOfVariation)),
                ("sd_rule", .string("sd_i = sqrt(sigma_a^2 + (cv*y_i)^2) at the observed concentration y_i (as the spec says; the weights do not move with the model)"))]
    }
    var confidence: [(String, JSONValue)] = [("akaike_weight", .number(c.akaikeWeightPreferred))]
    if let b = c.bootstrap {
      confidence += [
        ("bootstrap_replicates", .integer(b.replicates)), ("bootstrap_seed", .integer(Int(truncatingIfNeeded: b.seed))),
        ("p_value_against_point", .number(b.pValueAgainstPoint)),
        ("p_value_against_distributed", .number(b.pValueAgainstDistributed)),
        ("aic_correct_under_fitted_point", .number(b.aicCorrectUnderPoint)),
        ("aic_correct_under_fitted_distributed", .number(b.aicCorrectUnderDistributed)),
      ]
    }
    var designFields: [(String, JSONValue)] = [
      ("nominal_distributed_source", source(a.nominal)),
      ("nominal_from", .string(a.nominalIsFit ? "the distributed fit" : "--nominal")),
      ("noise_of_planned_samples", .object([("sigma_a", .number(settings.designNoise.absoluteSD)),
                                            ("cv", .number(settings.designNoise.coefficientOfVariation))])),
      ("sampled_sites", .object(design(c.sampledDesign))),
    ]
    if let d = a.design {
      var optimal = design(d.best)
      optimal += [
        ("n", .integer(d.best.sitesKm.count)), ("start_T", .numbers(d.startCriteria)), ("exchanges", .integer(d.exchanges)),
        ("candidates_km", .object([("from", .number(a.candidatesKm.first ?? 0)), ("to", .number(a.candidatesKm.last ?? 0)),
                                   ("spacing", .number(settings.designSpacingKm)), ("count", .integer(a.candidatesKm.count))])),
        ("sampled_efficiency_per_sample", number(
          (c.sampledDesign.criterion / Double(a.samples.count)) / (d.best.criterion / Double(d.best.sitesKm.count)))),
      ]
      designFields.append(("optimal", .object(optimal)))
    }
    var ranges: [(String, JSONValue)] = []
    if let i = a.point.originInterval { ranges.append(("x0_km", .array([number(i.lower), number(i.upper)]))) }
    let identifiability: [(String, JSONValue)] = [
      ("rank", .object([("point", .integer(a.point.analysis.rank)), ("distributed", .integer(a.distributed.analysis.rank))])),
      ("parameters", .object([("point", .integer(3)), ("distributed", .integer(4))])),
      ("ranges", .object(ranges)),
      ("models_distinguishable_at_sampled_sites", .bool(c.sampledDesign.discriminating)),
      ("warnings", .array(a.warnings.map { .string($0) })),
    ]
    return .object([
      ("app", .string("edna")), ("data", .string(options.data)), ("n_samples", .integer(a.samples.count)),
      ("n_sites", .integer(Set(a.samples.positionsKm).count)), ("noise", .object(noise)),
      ("settings", .object([
        ("min_source_length_km", .number(settings.fit.minimumSourceLengthKm)),
        ("beta_range_per_km", .numbers([settings.fit.decayRangePerKm.lower, settings.fit.decayRangePerKm.upper])),
        ("beta_floor", .string(settings.fit.extendsDecayFloor
          ? "numerical: a fit on it is re-solved with the floor lowered by 1e6, at most twice (beta -> 0 is then reported as such)"
          : "a constraint (--beta-range): a fit on it is reported as bounded")),
        ("decision_rule", .string(settings.decision.rawValue)),
      ])),
      ("models", .object([("point", model(a.point)), ("distributed", model(a.distributed))])),
      ("comparison", .object([
        ("delta_aic", number(c.deltaAIC)), ("delta_aic_definition", .string("AIC_point - AIC_distributed (> 0 favours distributed)")),
        ("likelihood_ratio", number(c.likelihoodRatio)), ("decision", .string(c.decision.rawValue)),
        ("decision_rule", .string(c.rule.rawValue)), ("decision_rule_statement", .string(c.ruleStatement)),
        ("aic_choice", .string(c.preferred.rawValue)),
        ("lr_test", c.bootstrap.map { b in
          .object([
            ("null", .string("point")), ("level", .number(c.level)), ("replicates", .integer(b.replicates)),
            ("p_value", .number(b.pValueAgainstPoint)),
            ("p_value_definition", .string("(1 + #{LR* >= LR})/(B + 1), LR* from data simulated from the fitted point source")),
            ("choice", .string(EDNABootstrap.rejectsPoint(pValue: b.pValueAgainstPoint, level: c.level) ? "distributed" : "point")),
          ])
        } ?? .null),
        ("confidence", .object(confidence)), ("statement", .string(c.statement)),
      ])),
      ("design", .object(designFields)),
      ("converged", .bool(a.point.converged && a.distributed.converged)),
      ("identifiability", .object(identifiability)),
    ])
  }

  static func describe(_ fit: EDNAModelFit) -> String {
    let p = fit.source.parameters, se = fit.standardErrors
    func pm(_ k: Int) -> String { g(p[k]) + (se[k].isFinite ? " ± " + g(se[k]) : "") }
    if fit.kind == .point {
      let interval = fit.originInterval.map { "x0 in (\(g($0.lower)), \(g($0.upper))] km" } ?? "x0 undetermined"
      return "A = \(pm(0)) (at x0 = \(g(p[1])) km), \(interval), beta = \(pm(2)) /km"
    }
    return "S = \(pm(0)), a = \(pm(1)) km, b = \(pm(2)) km, beta = \(pm(3)) /km"
  }

  /// The short summary printed by the command.
  package static func summary(_ a: EDNAAnalysis, input: EDNAInput) -> String {
    var s = "edna: \(a.samples.count) samples at \(Set(a.samples.positionsKm).count) sites; sd: "
      + (input.sigma == nil
        ? "sqrt(\(g(input.noiseModel.absoluteSD))^2 + (\(g(input.noiseModel.coefficientOfVariation))*y)^2) at the observed y (\(input.noiseSource))"
        : "the sigma column") + "\n"
    s += "model        log L     AIC       estimates\n"
    for fit in [a.point, a.distributed] {
      s += fit.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
        + g(fit.logLikelihood).padding(toLength: 9, withPad: " ", startingAt: 0) + " "
        + g(fit.aic).padding(toLength: 9, withPad: " ", startingAt: 0) + " " + describe(fit) + "\n"
    }
    s += "decision: " + a.comparison.statement + "\n"
    s += "sampled sites: " + a.comparison.sampledDesign.statement + "\n"
    if let d = a.design {
      s += "T-optimal design (n = \(d.best.sitesKm.count), candidates \(g(a.candidatesKm.first ?? 0))…\(g(a.candidatesKm.last ?? 0)) km): "
        + d.best.sitesKm.map(g).joined(separator: ", ") + " km; " + d.best.statement + "\n"
    }
    for w in a.warnings { s += "warning: \(w)\n" }
    return s
  }

  /// The table of `--out`: `x_km,conc,sd,point_fit,distributed_fit`.
  package static func csv(_ a: EDNAAnalysis) -> String {
    var s = "x_km,conc,sd,point_fit,distributed_fit\n"
    for i in 0..<a.samples.count {
      s += "\(a.samples.positionsKm[i]),\(a.samples.concentrations[i]),\(a.samples.standardDeviations[i]),"
        + "\(a.point.predictions[i]),\(a.distributed.predictions[i])\n"
    }
    return s
  }
}
