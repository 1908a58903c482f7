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
  public static func json(_ o: LaminateFitRun.Outcome, droppedPoints: Int, units: (length: String, stress: String)) -> JSONValue {
    let u = o.uncertainty
    let n = o.parameters.count
    let m = o.weightedResiduals.count
    let parameters: [JSONValue] = o.parameters.enumerated().map { j, p in
      let determined = o.isUncertaintyDetermined(j)
      return .object([
        ("name", .string(p.name)),
        ("initial", .number(p.initial)),
        ("estimate", .number(o.result.estimate[j])),
        ("std_error", determined ? .number(u.standardErrors[j]) : .null),
        ("ci95", determined ? .numbers([u.confidenceIntervals95[j].0, u.confidenceIntervals95[j].1]) : .null),
        ("bounds", .numbers([p.lower, p.upper])),
        ("at_bound", .bool(o.result.activeBounds[j])),
        ("unit", .string(unit(of: p, units: units))),
      ])
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
      ("noise", .object([
        ("known", .bool(u.noiseKnown)),
        ("variance_factor", .number(u.noiseVariance)),
        ("note", .string(u.noiseKnown
          ? "residuals weighted by the data's sigma columns; variance_factor near 1 means the model explains the data to the stated noise"
          : "no sigma columns: the noise variance (length unit squared) is estimated from the residuals")),
      ])),
      ("goodness_of_fit", json(o.goodnessOfFit)),
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
    if let lambda = o.result.lambda { fields.append(("regularization_lambda", .number(lambda))) }
    fields.append(("units", .object([("length", .string(units.length)), ("stress", .string(units.stress)),
      ("force", UnitScale.forceUnit(stress: units.stress, length: units.length).map(JSONValue.string) ?? .null)])))
    return .object(fields)
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
  public static func table(_ o: LaminateFitRun.Outcome) -> String {
    let u = o.uncertainty
    func pad(_ t: String, _ n: Int) -> String { t.count >= n ? t : String(repeating: " ", count: n - t.count) + t }
    var s = "parameter".padding(toLength: 22, withPad: " ", startingAt: 0) + pad("initial", 15) + pad("estimate", 15)
      + pad("std error", 15) + pad("95% interval", 32) + "\n"
    for (j, p) in o.parameters.enumerated() {
      let ci = u.confidenceIntervals95[j]
      s += p.name.padding(toLength: 22, withPad: " ", startingAt: 0)
      s += String(format: " %14.6g %14.6g", p.initial, o.result.estimate[j])
      let determined = o.isUncertaintyDetermined(j)
      if determined {
        s += String(format: " %14.4g   [%12.6g, %12.6g]", u.standardErrors[j], ci.0, ci.1)
      } else {
        s += pad("not computed", 15) + pad("", 32)
      }
      if o.result.activeBounds[j] { s += "  (at bound)" } else if !determined { s += "  (not determined by the data)" }
      s += "\n"
    }
    for r in o.rigidBody { s += "rigid body \(r.name): " + String(format: "%.4g ± %.2g", r.value, r.standardError) + "\n" }
    s += String(format: "condition number %.3g; ", u.conditionNumber)
      + (o.result.converged ? "converged" : "NOT converged") + " after \(o.result.iterations) iterations (\(o.result.stopReason))\n"
    for w in u.identifiabilityWarnings { s += "warning: \(w.message)\n" }
    let fit = o.goodnessOfFit
    if fit.consistent == false { s += "warning: \(fit.message)\n" }
    return s
  }
}
