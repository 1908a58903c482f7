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
    let ss = o.weightedResiduals.reduce(0) { $0 + $1 * $1 }
    let rawResiduals = (0..<m).map { o.predicted[$0] - o.measured[$0] }
    let rms = (rawResiduals.reduce(0) { $0 + $1 * $1 } / Double(max(m, 1))).squareRoot()
    let parameters: [JSONValue] = o.parameters.enumerated().map { j, p in
      let determined = uncertaintyDetermined(o, j)
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
      ("objective", .number(0.5 * ss)),
      ("rms_residual", .number(rms)),
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
      ("goodness_of_fit", goodnessOfFit(o).json),
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
    fields.append(("units", .object([("length", .string(units.length)), ("stress", .string(units.stress))])))
    return .object(fields)
  }

  /// Whether parameter j has a standard error worth stating: not held at a bound (the
  /// local theory says nothing there) and not moving along a direction the data do not
  /// resolve at all (its standard error would be only a lower bound). The report writes
  /// `null` otherwise, and `stresses --params` then draws no bands.
  static func uncertaintyDetermined(_ o: LaminateFitRun.Outcome, _ j: Int) -> Bool {
    !o.result.activeBounds[j] && !(o.uncertainty.unresolved.indices.contains(j) && o.uncertainty.unresolved[j])
  }

  /// The χ² test of the fit against the stated noise (sigma columns): χ² = Σ r_w², ν = values
  /// − parameters − rigid-body unknowns. A converged fit whose χ² exceeds ν + 5√(2ν) (five
  /// standard deviations of χ²_ν) does not reproduce the data to their noise: a local
  /// minimum (ply angles from far off), a wrong model, or sigma too small. Without sigma
  /// columns the noise is estimated from these residuals, so there is nothing to test.
  struct GoodnessOfFit {
    var chiSquare: Double
    var degreesOfFreedom: Int
    var consistent: Bool?
    var message: String

    var json: JSONValue {
      .object([
        ("chi2", .number(chiSquare)), ("degrees_of_freedom", .integer(degreesOfFreedom)),
        ("reduced_chi2", .number(degreesOfFreedom > 0 ? chiSquare / Double(degreesOfFreedom) : .nan)),
        ("consistent_with_noise", consistent.map(JSONValue.bool) ?? .null), ("note", .string(message)),
      ])
    }
  }

  static func goodnessOfFit(_ o: LaminateFitRun.Outcome) -> GoodnessOfFit {
    let chi2 = o.weightedResiduals.reduce(0) { $0 + $1 * $1 }
    // The analysis's values − free parameters, less the rigid motion projected out before it.
    let dof = o.uncertainty.degreesOfFreedom - o.rigidBody.count
    guard o.uncertainty.noiseKnown else {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: nil,
                           message: "no sigma columns: the noise is estimated from the residuals, so the misfit cannot be tested against it")
    }
    guard dof > 0 else {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: nil,
                           message: "no degrees of freedom left to test the misfit")
    }
    let limit = Double(dof) + 5 * (2 * Double(dof)).squareRoot()
    let reduced = chi2 / Double(dof)
    if chi2 <= limit {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: true,
                           message: String(format: "chi2/dof = %.3g: the model reproduces the data to their stated noise", reduced))
    }
    return GoodnessOfFit(
      chiSquare: chi2, degreesOfFreedom: dof, consistent: false,
      message: String(format: "chi2/dof = %.3g (chi2 %.4g for %d degrees of freedom, above %.4g, five standard deviations of chi2): ", reduced, chi2, dof, limit)
        + "the fit does not reproduce the data to their stated noise. It may have stopped in a local minimum (ply angles started far from the truth: try other initial values), the model may not match the test (loads, supports, layup), or the sigma columns may be too small")
  }

  static func unit(of p: FitParameter, units: (length: String, stress: String)) -> String {
    switch p.target {
    case .plyAngle: return "deg"
    case .materialConstant(_, let index): return index < 6 ? units.stress : "1"
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
      let determined = uncertaintyDetermined(o, j)
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
    let fit = goodnessOfFit(o)
    if fit.consistent == false { s += "warning: \(fit.message)\n" }
    return s
  }
}
