import FECommon
import FeinvertFiles
import Foundation
import StressPost

/// The free-edge files of `feinvert stresses`: `free_edges.csv` (every sample of every
/// free edge at every interface) and the `free_edges` and `quality_warnings` entries of
/// `interlaminar_summary.json`.
public enum FreeEdgeOutput {
  /// The columns of `free_edges.csv`.
  public static let header: [String] = {
    var h = ["edge", "interface", "s", "angle_deg", "x", "y", "z", "nx", "ny"]
    h += EdgeTraction.names
    h += ["tau_xz", "tau_yz"]
    for side in ["below", "above"] { h += ["sigma_zz", "tau_nz", "tau_tz"].map { "\($0)_\(side)" } }
    return h
  }()

  /// One row per sample: edge-frame values of the mean of the two sides (σzz, τnz, τtz,
  /// σnn, τnt), global τxz τyz, then each side's σzz, τnz, τtz; with `bands` (one entry
  /// per profile, from a fit's covariance) the 95 % limits of σzz, τnz, τtz
  /// (`sigma_zz_lo95`, `sigma_zz_hi95`, …; empty cells on a user's path).
  public static func csv(_ profiles: [FreeEdgeProfile], bands: [[SIMD3<Double>]?] = []) -> String {
    func f(_ x: Double) -> String { x.isFinite ? String(format: "%.10g", x) : "" }
    var out = "# interlaminar stresses along every free edge; edge frame: n outward normal of the free face (in-plane), t = e_z x n along the edge; values = mean of the direct stresses of the plies below and above\n"
    let names = ["sigma_zz", "tau_nz", "tau_tz"]
    out += (header + (bands.isEmpty ? [] : names.flatMap { [$0 + "_lo95", $0 + "_hi95"] })).joined(separator: ",") + "\n"
    for (index, p) in profiles.enumerated() {
      for (k, s) in p.samples.enumerated() {
        var row = [p.path.name, "\(p.path.interface)", f(s.s), s.angleDegrees.map(f) ?? "", f(s.point.x), f(s.point.y),
                   f(s.point.z), f(s.normal.x), f(s.normal.y)]
        row += s.edge.values.map(f)
        let t = s.traction
        row += [f(t.y), f(t.z)]
        for side in [s.below, s.above] {
          row += EdgeTraction(stress: side, tangent: s.tangent, normal: s.normal).values.prefix(3).map(f)
        }
        if !bands.isEmpty {
          let e = s.edge
          let centre = [e.sigmaZZ, e.tauNZ, e.tauTZ]
          if index < bands.count, let b = bands[index] {
            row += (0..<3).flatMap { [f(centre[$0] - b[k][$0]), f(centre[$0] + b[k][$0])] }
          } else {
            row += Array(repeating: "", count: 6)
          }
        }
        out += row.joined(separator: ",") + "\n"
      }
    }
    return out
  }

  public static func json(_ summaries: [FreeEdgeSummary]) -> JSONValue {
    .array(summaries.map { s in
      let p = s.profile
      return .object([
        ("edge", .string(p.path.name)),
        ("interface", .integer(p.path.interface)),
        ("z", .number(p.path.z)),
        ("closed", .bool(p.path.closed)),
        ("length", .number(p.length)),
        ("segments", .integer(p.path.segments.count)),
        ("start", .numbers([p.samples.first?.point.x ?? .nan, p.samples.first?.point.y ?? .nan])),
        ("end", .numbers([p.samples.last?.point.x ?? .nan, p.samples.last?.point.y ?? .nan])),
        ("characteristic_distance", .number(s.characteristicDistance)),
        ("peak_end_zone", .number(s.endZone)),
        ("components", .object(s.components.map { c in
          var fields: [(String, JSONValue)] = [
            ("peak", .number(c.peak)), ("peak_s", .number(c.peakS)),
            ("peak_point", .numbers([c.peakPoint.x, c.peakPoint.y, c.peakPoint.z])),
          ]
          if let a = c.peakAngleDegrees { fields.append(("peak_angle_deg", .number(a))) }
          fields += [
            ("average_over_characteristic_distance", .number(c.average)),
            ("average_below", .number(c.averageBelow)), ("average_above", .number(c.averageAbove)),
            ("far_field", .number(c.farField)), ("decay_distance", .number(c.decayDistance)),
            ("max_jump_between_plies", .number(c.maximumJump)),
          ]
          return (c.name, .object(fields))
        })),
        ("free_face_residual", .object([
          ("max_abs_sigma_nn", .number(s.freeFaceResidual.x)), ("max_abs_tau_nt", .number(s.freeFaceResidual.y)),
        ])),
      ])
    })
  }

  public static func json(_ warnings: [FreeEdgeQuality.Warning]) -> JSONValue {
    .array(warnings.map { w in
      var fields: [(String, JSONValue)] = [
        ("kind", .string(w.kind)), ("interface", .integer(w.interface)), ("edge", .string(w.edge)),
      ]
      if let s = w.s { fields.append(("s", .number(s))) }
      if let p = w.point { fields.append(("point", .numbers([p.x, p.y, p.z]))) }
      fields.append(("message", .string(w.message)))
      return .object(fields)
    })
  }
}
