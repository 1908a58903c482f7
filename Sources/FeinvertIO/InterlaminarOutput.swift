import FECommon
import FeinvertFiles
import FEKernel
import Foundation
import StressPost

/// The files of `feinvert stresses`: `interlaminar.csv` (the contract's columns
/// `interface,x,y,z,sigma_zz,tau_xz,tau_yz`, then extensions) and
/// `interlaminar_summary.json`.
public enum InterlaminarOutput {
  /// One row per sample: the summary traction (mean of the direct tractions of the
  /// two plies), then each side's, the equilibrium-recovered one, and with a
  /// covariance the 95% band limits of the summary traction.
  public static func csv(lines: [InterfaceLine], bands: [[SIMD3<Double>]]) -> String {
    let names = TractionComponent.allCases.map(\.name)
    var header = ["interface", "x", "y", "z"] + names
    header += names.map { $0 + "_below" } + names.map { $0 + "_above" } + names.map { $0 + "_recovered" }
    if !bands.isEmpty { header += names.flatMap { [$0 + "_lo95", $0 + "_hi95"] } }
    var out = "# interlaminar tractions along the width; summary columns = mean of the direct tractions of the plies below and above\n"
    out += header.joined(separator: ",") + "\n"
    func f(_ x: Double) -> String { x.isFinite ? String(format: "%.10g", x) : "" }
    for (l, line) in lines.enumerated() {
      for (i, s) in line.samples.enumerated() {
        var row = ["\(line.interface)", f(line.x), f(s.y), f(line.z)]
        let t = s.traction
        row += (0..<3).map { f(t[$0]) } + (0..<3).map { f(s.below[$0]) } + (0..<3).map { f(s.above[$0]) }
        row += (0..<3).map { c in s.recovered.map { f($0[c]) } ?? "" }
        if !bands.isEmpty {
          let b = bands[l][i]
          row += (0..<3).flatMap { [f(t[$0] - b[$0]), f(t[$0] + b[$0])] }
        }
        out += row.joined(separator: ",") + "\n"
      }
    }
    return out
  }

  public static func summary(
    summaries: [EdgeSummary], stack: PlyStack, bands: [[SIMD3<Double>]], parameters: FittedParameters?,
    requestedStation: Double, units: (length: String, stress: String), mesh: String, model: String,
    warnings: [String] = []
  ) -> JSONValue {
    var interfaces = [JSONValue]()
    for (l, s) in summaries.enumerated() {
      let line = s.line
      var peaks = [(String, JSONValue)]()
      var components = [(String, JSONValue)]()
      for c in s.components {
        let i = c.component.rawValue
        let best = line.samples.indices.max { abs(line.samples[$0].traction[i]) < abs(line.samples[$1].traction[i]) }!
        var peak: [(String, JSONValue)] = [
          ("value", .number(line.samples[best].traction[i])), ("x", .number(line.x)), ("y", .number(line.samples[best].y)),
          ("z", .number(line.z)),
        ]
        if !bands.isEmpty { peak.append(("ci95_half_width", .number(bands[l][best][i]))) }
        peaks.append((c.component.name, .object(peak)))
        func edge(_ e: EdgeSummary.EdgeValues) -> JSONValue {
          .object([
            ("peak", .number(e.peak)), ("peak_y", .number(e.peakY)), ("peak_distance_from_edge", .number(e.peakDistance)),
            ("average_over_characteristic_distance", .number(e.average)),
            ("decay_distance", .number(e.decayDistance)),
          ])
        }
        var fields: [(String, JSONValue)] = [
          ("far_field", .number(c.farField)),
          ("edge_yminus", edge(c.edgeYMinus)),
          ("edge_yplus", edge(c.edgeYPlus)),
          ("max_jump_between_plies", .number(c.maximumJump)),
        ]
        if let r = c.maximumRecoveryDifference { fields.append(("max_difference_to_recovered", .number(r))) }
        components.append((c.component.name, .object(fields)))
      }
      func resultants(_ r: EdgeSummary.Resultants) -> JSONValue {
        .object([
          ("int_sigma_zz_dy", .number(r.force.x)), ("int_tau_xz_dy", .number(r.force.y)),
          ("int_tau_yz_dy", .number(r.force.z)), ("int_sigma_zz_y_dy", .number(r.moment)),
        ])
      }
      interfaces.append(.object([
        ("interface", .integer(line.interface)),
        ("plies", .array([.string(stack.plies[line.interface - 1].name), .string(stack.plies[line.interface].name)])),
        ("z", .number(line.z)),
        ("peak", .object(peaks)),
        ("components", .object(components)),
        ("resultants", .object([
          ("centre_to_yminus", resultants(s.halfYMinus)),
          ("centre_to_yplus", resultants(s.halfYPlus)),
          ("full_width", resultants(s.fullWidth)),
        ])),
        ("characteristic_distance", .number(s.characteristicDistance)),
      ]))
    }
    var fields: [(String, JSONValue)] = [
      ("mesh", .string(mesh)),
      ("model", .string(model)),
      ("station_x", .number(summaries.first?.line.x ?? requestedStation)),
      ("requested_station_x", .number(requestedStation)),
      ("station_note", .string("lines are taken at the centre of the element column containing the requested station, where a displacement element's direct stresses are most accurate")),
      ("summary_traction", .string("direct: the mean of the tractions of the plies below and above the interface (their difference is reported as max_jump_between_plies); the equilibrium-recovered traction is in interlaminar.csv as a check")),
      ("decay_fraction", .number(summaries.first?.decayFraction ?? 0.05)),
      ("units", .object([("length", .string(units.length)), ("stress", .string(units.stress)),
      ("force", UnitScale.forceUnit(stress: units.stress, length: units.length).map(JSONValue.string) ?? .null)])),
      ("interfaces", .array(interfaces)),
    ]
    if let p = parameters {
      fields.append(("parameters", .array(p.names.indices.map { i in
        .object([("name", .string(p.names[i])), ("value", .number(p.estimates[i]))]
          + (p.covariance.map { [("std_error", JSONValue.number($0[i * p.names.count + i].squareRoot()))] } ?? []))
      })))
      fields.append(("bands", .string(p.covariance == nil
        ? "none: \(p.covarianceAbsence ?? "the fit report has no covariance")"
        : "95% = ±1.96 standard deviations of the linearized traction, from the fit's covariance and the traction's sensitivities to the parameters")))
    }
    fields.append(("warnings", .array(warnings.map { .string($0) })))
    return .object(fields)
  }
}
