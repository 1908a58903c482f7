import FECommon
import FeinvertFiles
import Foundation
import LaminateFit

/// The report's extension for data registered from a camera frame (`[observation.registration]`).
extension FitReport {
  /// The six reported names, the angles in degrees: α, β, γ of R = R_z(γ) R_y(β) R_x(α), then t.
  static let registrationNames = ["rotation_x", "rotation_y", "rotation_z", "translation_x", "translation_y", "translation_z"]

  /// `registration`: per registered data set its alignment, the transform's six values
  /// (degrees, length unit) with standard errors (null when held or not refined), the
  /// initial values, the centre, and the fitted parameters' standard errors with the
  /// registration held beside those with it free.
  public static func registrationJSON(
    _ estimates: [RegistrationEstimate], parameterNames: [String], standardErrors: [Double], lengthUnit: String
  ) -> JSONValue {
    .array(estimates.map { e in
      let degrees = 180 / Double.pi
      let values: [JSONValue] = (0..<6).map { j in
        let scale = j < 3 ? degrees : 1
        let se = e.standardErrors[j]
        return .object([
          ("name", .string(registrationNames[j])),
          ("value", .number(e.values[j] * scale)),
          ("std_error", se.isFinite && e.refined ? .number(se * scale) : .null),
          ("initial", .number(e.initialValues[j] * scale)),
          ("held", .bool(e.held[j])),
          ("unit", .string(j < 3 ? "deg" : lengthUnit)),
        ])
      }
      let ratios: [JSONValue] = parameterNames.indices.map { j in
        .object([
          ("name", .string(parameterNames[j])),
          ("std_error_registration_free", standardErrors[j].isFinite ? .number(standardErrors[j]) : .null),
          ("std_error_registration_fixed", e.parameterStandardErrorsFixed[j].isFinite ? .number(e.parameterStandardErrorsFixed[j]) : .null),
        ])
      }
      return .object([
        ("data_set", .string(e.dataSet)),
        ("group", .string(e.group)),
        ("alignment", .string(e.alignmentNote)),
        ("convention", .string("x_model = R x_data + t, u_model = R u_data; R = Rz(rotation_z) Ry(rotation_y) Rx(rotation_x)")),
        ("refined", .bool(e.refined)),
        ("converged", .bool(e.converged)),
        ("centre", .numbers([e.centre.x, e.centre.y, e.centre.z])),
        ("parameters", .array(values)),
        ("rotation_matrix", .array(e.transform.rows.map { .numbers([$0.x, $0.y, $0.z]) })),
        ("points", .integer(e.pointCount)),
        ("largest_projection_distance", .number(e.largestDistance)),
        ("points_beyond_tolerance", .integer(e.beyondTolerance)),
        ("fit_std_errors", .array(ratios)),
      ])
    })
  }

  /// The report with `registration` added (unchanged when no data set is registered).
  public static func addingRegistrations(_ json: JSONValue, _ outcome: LaminateFitRun.Outcome, lengthUnit: String) -> JSONValue {
    guard !outcome.registrations.isEmpty, case .object(var fields) = json else { return json }
    fields.append(("registration", registrationJSON(
      outcome.registrations, parameterNames: outcome.parameters.map(\.name), standardErrors: outcome.uncertainty.standardErrors,
      lengthUnit: lengthUnit)))
    return .object(fields)
  }

  /// The summary's registration lines: per registered set its alignment, the six values
  /// with standard errors (or "held"), and the ratio of each parameter's standard error
  /// with the registration free to that with it held.
  public static func registrationLines(_ outcome: LaminateFitRun.Outcome, lengthUnit: String) -> String {
    var s = ""
    for e in outcome.registrations {
      s += "registration of \(e.dataSet) (x_model = R x_data + t, R = Rz Ry Rx, rotations about centre (\(f(e.centre.x)), \(f(e.centre.y)), \(f(e.centre.z)))):\n"
      s += "  initial alignment: \(e.alignmentNote)\n"
      for j in 0..<6 {
        let scale = j < 3 ? 180 / Double.pi : 1
        let unit = j < 3 ? "deg" : lengthUnit
        let value = e.values[j] * scale, initial = e.initialValues[j] * scale
        let se = e.standardErrors[j] * scale
        let text = !e.refined ? "held (refine = false)"
          : e.held[j] ? "held: the data cannot see this direction of the update"
          : "+- \(f(se))"
        s += "  \(registrationNames[j].padding(toLength: 14, withPad: " ", startingAt: 0)) \(f(value)) \(unit) \(text) (initial \(f(initial)))\n"
      }
      if e.refined && !e.converged { s += "  warning: the registration's refinement did not meet its tolerance in \(e.iterations) iterations\n" }
      s += "  points \(e.pointCount), largest distance from the face after registration \(f(e.largestDistance)) \(lengthUnit)\n"
      if e.beyondTolerance > 0 {
        s += "  note: \(e.beyondTolerance) points lie beyond the face's projection tolerance after the refinement (largest distance \(f(e.largestBeyond)) \(lengthUnit)), within three standard errors of the registration's move: rim points carried over the edge, kept on it by the projection\n"
      }
      if e.refined {
        let ratios = outcome.parameters.indices.map { j -> String in
          let free = outcome.uncertainty.standardErrors[j], fixed = e.parameterStandardErrorsFixed[j]
          return "\(outcome.parameters[j].name) \(fixed > 0 && free.isFinite ? String(format: "%.3f", free / fixed) : "n/a")"
        }
        s += "  standard errors with the registration free / held: \(ratios.joined(separator: ", "))\n"
      }
    }
    return s
  }

  private static func f(_ x: Double) -> String { String(format: "%.5g", x) }
}
