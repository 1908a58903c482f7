import FeinvertFiles
import Foundation
import EngineeringExamples

/// The outputs of `feinvert app fin`: the JSON report, the per-row table and the
/// printed summary.
package enum FinReport {
  package static func json(_ results: [FinInversion.Result], input: FinInput, data: String) -> JSONValue {
    var warnings = [String]()
    let fins: [JSONValue] = zip(input.rows, results).map { row, r in
      for w in r.warnings { warnings.append("\(data):\(row.line): \(w)") }
      return .object([
        ("line", .integer(row.line)),
        ("tip", .string(row.fin.tip.rawValue)),
        ("q", .number(row.q)),
        ("sigma_q", .number(row.sigmaQ)),
        ("h", .number(r.h)),
        ("h_interval", .array([.number(r.hLower), .number(r.hUpper)])),
        ("h_interval_definition", .string("h at q - sigma_q and q + sigma_q")),
        ("std_error", .number(r.standardError)),
        ("kappa", .number(r.kappa)),
        ("condition_number", .number(1 / r.kappa)),
        ("mL", r.mL.isFinite ? .number(r.mL) : .null),
        ("dlnh_dlnk", .number(r.dLnHdLnK)),
        ("only_hk_identified", .bool(r.onlyHKIdentified)),
        ("brent_iterations", .integer(r.iterations)),
        ("warnings", .array(r.warnings.map { .string($0) })),
      ])
    }
    let longRows = zip(input.rows, results).filter { $0.1.onlyHKIdentified }.map { JSONValue.integer($0.0.line) }
    return .object([
      ("app", .string("fin")),
      ("data", .string(data)),
      ("method", .string("Brent's root finder on ln q(h) - ln q in ln h (q rises strictly with h)")),
      ("units", .object([("h", .string("W m-2 K-1")), ("q", .string("W"))])),
      ("fins", .array(fins)),
      ("condition_number", .number(results.map { 1 / $0.kappa }.max() ?? .nan)),
      ("identifiability", .object([
        ("unique", .bool(true)),
        ("only_hk_identified_lines", .array(longRows)),
        ("warnings", .array(warnings.map { .string($0) })),
      ])),
    ])
  }

  /// `line,tip,h,h_lo,h_hi,std_error,kappa,dlnh_dlnk,mL`.
  package static func csv(_ results: [FinInversion.Result], input: FinInput) -> String {
    var text = "line,tip,h,h_lo,h_hi,std_error,kappa,dlnh_dlnk,mL\n"
    for (row, r) in zip(input.rows, results) {
      text += "\(row.line),\(row.fin.tip.rawValue),\(r.h),\(r.hLower),\(r.hUpper),\(r.standardError),\(r.kappa),\(r.dLnHdLnK),"
        + (r.mL.isFinite ? "\(r.mL)" : "inf") + "\n"
    }
    return text
  }

  package static func summary(_ results: [FinInversion.Result], input: FinInput, data: String) -> String {
    var text = "fin: \(results.count) fin(s); h in W m-2 K-1, interval from q -/+ sigma_q\n"
    text += "line  tip          h          interval                 kappa   mL\n"
    for (row, r) in zip(input.rows, results) {
      let tip = row.fin.tip.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      let interval = String(format: "[%.5g, %.5g]", r.hLower, r.hUpper).padding(toLength: 24, withPad: " ", startingAt: 0)
      text += String(format: "%-5d ", row.line) + tip + "  " + String(format: "%-9.5g  ", r.h) + interval + " "
        + String(format: "%.4f  ", r.kappa) + (r.mL.isFinite ? String(format: "%.3g", r.mL) : "inf") + "\n"
    }
    for (row, r) in zip(input.rows, results) { for w in r.warnings { text += "warning: line \(row.line): \(w)\n" } }
    return text
  }
}
