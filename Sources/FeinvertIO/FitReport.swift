import FECommon
import FeinvertFiles
import FEKernel
import Foundation
import Inversion
import LaminateFit

/// The fit report of the contract (`fit.json`), `residuals.csv`, and the terminal table.
///
/// Contract keys first (converged, iterations, objective, rms_residual,
/// n_observations, parameters with name/initial/estimate/std_error/ci95/bounds,
/// correlation, condition_number, timings); extensions after them (stop_reason,
/// noise, goodness_of_fit, rigid_body, identifiability, regularization, counts).
/// `std_error` and `ci95` are null for a parameter at a bound or one the data do not
/// determine at all.
public enum FitReport {
  public static func json(_ a: AssessedFit, droppedPoints: Int, units: (length: String, stress: String)) -> JSONValue {
    let o = a.outcome
    let u = o.uncertainty
    let n = o.parameters.count
    let m = o.weightedResiduals.count
    let parameters: [JSONValue] = o.parameters.enumerated().map { j, p in
      let determined = o.isUncertaintyDetermined(j)
      let ci = a.reportedInterval(j)
      var entry: [(String, JSONValue)] = [
        ("name", .string(p.name)),
        ("initial", .number(p.initial)),
        ("estimate", .number(o.result.estimate[j])),
        ("std_error", determined ? .number(u.standardErrors[j]) : .null),
        ("ci95", determined ? .numbers([ci.lower, ci.upper]) : .null),
        ("bounds", .numbers([p.lower, p.upper])),
        ("at_bound", .bool(o.result.activeBounds[j])),
        ("unit", .string(unit(of: p, units: units))),
        ("ci95_clipped", .bool(determined && ci.clipped)),
      ]
      if let uncorrected = a.uncorrectedEstimate { entry.append(("estimate_uncorrected", .number(uncorrected[j]))) }
      if let b = a.budget { entry.append(("discretization_bias", .number(b.bias[j]))) }
      if let profile = a.profiles.first(where: { $0.name == p.name }) {
        entry.append(("profile_ci95", .numbers([profile.lower, profile.upper])))
        entry.append(("profile_at_bound", .array([.bool(profile.lowerAtBound), .bool(profile.upperAtBound)])))
      }
      return .object(entry)
    }
    let correlation: [JSONValue] = (0..<n).map { i in .numbers((0..<n).map { u.correlation[i * n + $0] }) }
    let c = o.counters
    var fields: [(String, JSONValue)] = [
      ("converged", .bool(o.result.converged)),
      ("iterations", .integer(o.result.iterations)),
      ("objective", .number(o.objective)),
      ("rms_residual", .number(o.rmsResidual)),
      ("n_observations", .integer(m)),
      ("parameters", .array(parameters)),
      ("correlation", .array(correlation)),
      ("condition_number", .number(u.conditionNumber)),
      ("timings", .object([
        ("assembly_s", .number(c.assemblySeconds)),
        ("factorization_s", .number(c.factorizationSeconds)),
        ("sensitivities_s", .number(c.sensitivitySeconds)),
        ("total_s", .number(o.totalSeconds)),
      ])),
      ("stop_reason", .string(o.result.stopReason)),
      ("factorizations", .integer(c.factorizations)),
      ("cg_iterations", .integer(c.cgIterations)),
      ("noise", .object([
        ("known", .bool(u.noiseKnown)),
        ("variance_factor", .number(u.noiseVariance)),
        ("note", .string(u.noiseKnown
          ? "residuals weighted by the data's sigma columns; variance_factor near 1 means the model explains the data to the stated noise"
          : "no sigma columns: the noise variance (length unit squared) is estimated from the residuals")),
      ])),
      ("goodness_of_fit", json(a.goodnessOfFit)),
      ("dropped_points", .integer(droppedPoints)),
      ("identifiability", .array(u.identifiabilityWarnings.map { w in
        .object([
          ("message", .string(w.message)),
          ("combination", .array(w.combination.map { .object([("name", .string($0.name)), ("coefficient", .number($0.coefficient))]) })),
          ("relative_singular_value", .number(w.relativeSingularValue)),
        ])
      })),
      ("singular_values", .numbers(u.singularValues)),
    ]
    if !o.rigidBody.isEmpty {
      fields.append(("rigid_body", .array(o.rigidBody.map {
        .object([("name", .string($0.name)), ("value", .number($0.value)), ("std_error", .number($0.standardError)),
                 ("unit", .string($0.name.hasPrefix("rotation") ? "rad" : units.length))])
      })))
    }
    if let centre = o.rotationCentre { fields.append(("rotation_centre", .numbers([centre.x, centre.y, centre.z]))) }
    if let lambda = o.result.lambda { fields.append(("regularization_lambda", .number(lambda))) }
    if let budget = a.budget { fields.append(("discretization", json(budget, mode: a.mode))) }
    if let skipped = a.budgetSkipped {
      fields.append(("discretization", .object([("mode", .string(a.mode.rawValue)), ("skipped", .string(skipped))])))
    }
    if a.restartObjectives.count > 1 {
      fields.append(("restarts", .object([
        ("objectives", .numbers(a.restartObjectives)), ("improvement", .number(a.restartImprovement)),
      ])))
    }
    fields.append(("units", .object([("length", .string(units.length)), ("stress", .string(units.stress)),
      ("force", UnitScale.forceUnit(stress: units.stress, length: units.length).map(JSONValue.string) ?? .null)])))
    return .object(fields)
  }

  static func json(_ b: DiscretizationBudget, mode: DiscretizationMode) -> JSONValue {
    .object([
      ("mode", .string(mode.rawValue)), ("method", .string(b.method.rawValue)),
      ("dof", .integer(b.dofCount)), ("refined_dof", .integer(b.refinedDOFCount)), ("seconds", .number(b.seconds)),
      ("solver", .string(b.solve.rawValue)), ("cg_iterations", .array(b.iterations.map { .integer($0) })),
      ("components", .array(b.components.map {
        .object([("name", .string($0.name)), ("rms", .number($0.rms)), ("max", .number($0.max)),
                 ("rms_sigma", .number($0.rmsInSigma)), ("max_sigma", .number($0.maxInSigma))])
      })),
      ("bias", .numbers(b.bias)), ("bias_std_errors", .array(b.biasInStandardErrors.map { $0.isFinite ? .number($0) : .null })),
      ("chi2", .number(b.chiSquare)), ("significant", .bool(b.significant)),
    ])
  }

  static func json(_ fit: GoodnessOfFit) -> JSONValue {
    .object([
      ("chi2", .number(fit.chiSquare)), ("degrees_of_freedom", .integer(fit.degreesOfFreedom)),
      ("reduced_chi2", .number(fit.reducedChiSquare)),
      ("consistent_with_noise", fit.consistent.map(JSONValue.bool) ?? .null), ("note", .string(fit.message)),
    ])
  }

  static func unit(of p: FitParameter, units: (length: String, stress: String)) -> String {
    switch p.target {
    case .plyAngleDegrees: return "deg"
    case .materialConstant(_, let constant):
      switch constant.unit {
      case .stress: return units.stress
      case .dimensionless: return "1"
      }
    }
  }

  /// `residuals.csv`: point, x, y, z, component, measured, predicted, residual (unweighted), weighted residual.
  public static func residualsCSV(_ o: LaminateFitRun.Outcome, points: [SIMD3<Double>]) -> String {
    var s = "point,x,y,z,component,measured,predicted,residual,weighted_residual\n"
    for (k, row) in o.rows.enumerated() {
      let p = points[row.point]
      s += "\(row.point + 1),\(p.x),\(p.y),\(p.z),\(DOF.componentNames[row.component]),\(o.measured[k]),\(o.predicted[k]),\(o.predicted[k] - o.measured[k]),\(o.weightedResiduals[k])\n"
    }
    return s
  }

  /// The table printed at the end of a fit.
  public static func table(_ a: AssessedFit) -> String {
    let o = a.outcome
    let u = o.uncertainty
    func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t : String(repeating: " ", count: n - t.count) + t }
    var s = "parameter".padding(toLength: 22, withPad: " ", startingAt: 0) + pad("initial", 15) + pad("estimate", 15)
      + pad("std error", 15) + pad("95% interval", 32) + "\n"
    for (j, p) in o.parameters.enumerated() {
      let ci = a.reportedInterval(j)
      s += p.name.padding(toLength: 22, withPad: " ", startingAt: 0)
      s += String(format: " %14.6g %14.6g", p.initial, o.result.estimate[j])
      let determined = o.isUncertaintyDetermined(j)
      if determined {
        s += String(format: " %14.4g   [%12.6g, %12.6g]", u.standardErrors[j], ci.lower, ci.upper)
      } else {
        s += pad("not computed", 15) + pad("", 32)
      }
      if o.result.activeBounds[j] { s += "  (at bound)" } else if !determined { s += "  (not determined by the data)" }
      if determined && ci.clipped { s += "  (interval clipped at a bound)" }
      s += "\n"
    }
    for profile in a.profiles {
      s += "profile 95% interval \(profile.name): " + String(format: "[%.6g, %.6g]", profile.lower, profile.upper)
        + (profile.lowerAtBound || profile.upperAtBound ? " (reaches a bound)" : "") + " (\(profile.evaluations) fits)\n"
    }
    if let centre = o.rotationCentre {
      s += String(format: "rigid body rotation about (%.6g, %.6g, %.6g), the observed face's centre\n", centre.x, centre.y, centre.z)
    }
    for r in o.rigidBody { s += "rigid body \(r.name): " + String(format: "%.4g ± %.2g", r.value, r.standardError) + "\n" }
    s += String(format: "condition number %.3g; ", u.conditionNumber)
      + (o.result.converged ? "converged" : "NOT converged") + " after \(o.result.iterations) iterations (\(o.result.stopReason))\n"
    if let budget = a.budget { s += budgetLines(budget, assessed: a) }
    if let skipped = a.budgetSkipped { s += "warning: discretization budget skipped: \(skipped)\n" }
    for w in u.identifiabilityWarnings { s += "warning: \(w.message)\n" }
    let fit = a.goodnessOfFit
    if fit.consistent == false { s += "warning: \(fit.message)\n" }
    return s
  }

  /// The discretization budget in the terminal table, with its warning when significant.
  static func budgetLines(_ b: DiscretizationBudget, assessed a: AssessedFit) -> String {
    let iterations = b.iterations.isEmpty ? "" : " (" + b.iterations.map(String.init).joined(separator: ", ") + " iterations)"
    var s = "discretization budget (\(b.method.rawValue), \(b.dofCount) -> \(b.refinedDOFCount) DOF, \(b.solve.rawValue)\(iterations), "
      + String(format: "%.2f s): ", b.seconds)
      + b.components.map { String(format: "%@ RMS %.3g (%.3g sigma), max %.3g (%.3g sigma)", $0.name, $0.rms, $0.rmsInSigma, $0.max, $0.maxInSigma) }
        .joined(separator: "; ") + "\n"
    let names = a.outcome.parameters.map(\.name)
    let biases = names.indices.map { j in
      String(format: "%@ %+.3g", names[j], b.bias[j]) + (b.biasInStandardErrors[j].isFinite ? String(format: " (%+.2g SE)", b.biasInStandardErrors[j]) : "")
    }
    if let uncorrected = a.uncorrectedEstimate {
      s += "discretization corrected: estimates before the correction "
        + names.indices.map { String(format: "%@ %.6g", names[$0], uncorrected[$0]) }.joined(separator: ", ") + "\n"
    } else if b.significant {
      s += "warning: the mesh limits this fit: its discretization error exceeds "
        + String(format: "%.2g of the noise or biases a parameter by more than %.2g standard errors", DiscretizationBudget.noiseFraction, DiscretizationBudget.biasFraction)
        + "; predicted bias from the mesh: " + biases.joined(separator: ", ")
        + ". Refine the mesh, or set [fit] discretization = \"correct\"\n"
    } else {
      s += "discretization bias (small): " + biases.joined(separator: ", ") + "\n"
    }
    return s
  }
}
