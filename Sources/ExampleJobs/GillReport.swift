import FeinvertFiles
import Foundation
import EcologyExamples

/// The outputs of `feinvert app gill`: the JSON report, the `NTU,NTU_lo,NTU_hi,kappa`
/// table and the printed summary.
package enum GillReport {
  package static func json(_ results: [GillInversion.Result], input: GillInput, data: String, cap: Double) -> JSONValue {
    var warnings = [String]()
    let rows: [JSONValue] = zip(input.rows, results).map { row, r in
      for w in r.warnings { warnings.append("\(data):\(row.line): \(w)") }
      var fields: [(String, JSONValue)] = [
        ("line", .integer(row.line)),
        ("eps", .number(row.eps)),
        ("sigma_eps", .number(row.sigmaEps)),
        ("Cr", .number(row.capacityRatio)),
      ]
      if let side = row.minimumSide { fields.append(("C_min_side", .string(side))) }
      fields += [
        ("NTU", r.ntu.map { .number($0) } ?? .null),
        ("NTU_interval", .array([.number(r.ntuLower), r.ntuUpper.isFinite ? .number(r.ntuUpper) : .null])),
        ("interval_kind", .string(
          r.lowerBoundOnly ? "lower bound only (eps - 2 sigma)"
            : r.upperIsCapped ? "eps - sigma to the cap (eps + sigma >= 1: no upper bound)" : "eps -/+ sigma")),
        ("kappa", r.kappa.isFinite ? .number(r.kappa) : .null),
        ("lower_bound_only", .bool(r.lowerBoundOnly)),
        ("upper_is_capped", .bool(r.upperIsCapped)),
        ("warnings", .array(r.warnings.map { .string($0) })),
      ]
      return .object(fields)
    }
    let kappas = results.map(\.kappa)
    return .object([
      ("app", .string("gill")),
      ("data", .string(data)),
      ("method", .string("closed-form counter-current eps-NTU inverse (log1p/expm1 forms), interval = image of eps -/+ sigma")),
      ("eps_cap", .number(cap)),
      ("rows", .array(rows)),
      ("condition_number", kappas.allSatisfy(\.isFinite) ? .number(kappas.max() ?? .nan) : .null),
      ("identifiability", .object([
        ("lower_bound_only_lines", .array(zip(input.rows, results).filter { $0.1.lowerBoundOnly }.map { .integer($0.0.line) })),
        ("unbounded_above_lines", .array(zip(input.rows, results).filter { $0.1.upperIsCapped || $0.1.lowerBoundOnly }
          .map { .integer($0.0.line) })),
        ("warnings", .array(warnings.map { .string($0) })),
      ])),
    ])
  }

  /// `NTU,NTU_lo,NTU_hi,kappa` (the spec's columns), then `line,eps,Cr`; an undetermined
  /// NTU is empty, an open end `inf`.
  package static func csv(_ results: [GillInversion.Result], input: GillInput) -> String {
    var text = "NTU,NTU_lo,NTU_hi,kappa,line,eps,Cr\n"
    for (row, r) in zip(input.rows, results) {
      let ntu = r.ntu.map { "\($0)" } ?? ""
      let hi = r.ntuUpper.isFinite ? "\(r.ntuUpper)" : "inf"
      let kappa = r.kappa.isFinite ? "\(r.kappa)" : "inf"
      text += "\(ntu),\(r.ntuLower),\(hi),\(kappa),\(row.line),\(row.eps),\(row.capacityRatio)\n"
    }
    return text
  }

  package static func summary(_ results: [GillInversion.Result], input: GillInput) -> String {
    var text = "gill: \(results.count) measurement(s); NTU interval = image of eps -/+ sigma\n"
    text += "line  eps       Cr      NTU       interval              kappa\n"
    for (row, r) in zip(input.rows, results) {
      let ntu = r.ntu.map { String(format: "%-9.4g", $0) } ?? "--       "
      let hi = r.ntuUpper.isFinite ? String(format: "%.4g", r.ntuUpper) : "inf"
      let interval = (r.lowerBoundOnly ? String(format: ">= %.4g", r.ntuLower) : String(format: "[%.4g, ", r.ntuLower) + hi + "]")
        + (r.upperIsCapped ? " (cap)" : "")
      let kappa = r.kappa.isFinite ? String(format: "%.4g", r.kappa) : "inf"
      text += String(format: "%-5d %-9.4g %-7.4g ", row.line, row.eps, row.capacityRatio) + ntu + " "
        + interval.padding(toLength: 21, withPad: " ", startingAt: 0) + " " + kappa + "\n"
    }
    for (row, r) in zip(input.rows, results) { for w in r.warnings { text += "warning: line \(row.line): \(w)\n" } }
    return text
  }
}
