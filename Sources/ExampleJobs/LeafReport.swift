import FeinvertFiles
import Foundation
import EcologyExamples

/// The outputs of `feinvert app leaf`: the JSON report, the per-time decomposition and
/// the printed summary.
package enum LeafReport {
  static func num(_ x: Double?) -> JSONValue { x.map { $0.isFinite ? .number($0) : .null } ?? .null }

  package static func json(_ r: LeafHydraulicsResult, series s: LeafSeries, data: String, seed: UInt64) -> JSONValue {
    let times: [JSONValue] = (0..<s.count).map { i in
      var fields: [(String, JSONValue)] = [
        ("t", .number(s.t[i])), ("psi", .number(s.psi[i])), ("K_leaf", .number(s.kLeaf[i])), ("PLC", .number(s.plc[i])),
        ("chance_bound", num(LeafXylemBound.chanceBound(kLeaf: s.kLeaf[i], sigmaK: s.sigmaK[i], plc: s.plc[i],
                                                       sigmaPLC: s.sigmaPLC[i], z: r.z))),
      ]
      if !r.outsideXylem.isEmpty {
        fields += [("K_xylem", .number(r.xylem[i])), ("K_AQP", .number(r.outsideXylem[i])),
                   ("K_AQP_se", .number(r.outsideXylemSE[i]))]
      }
      return .object(fields)
    }
    return .object([
      ("app", .string("leaf")),
      ("data", .string(data)),
      ("method", .string("chance-constrained upper bound (closed-form quadratic root per time, minimum over times); parametric bootstrap")),
      ("K_max_upper_bound", .object([
        ("label", .string("upper bound")),
        ("estimate", num(r.chanceBound)),
        ("meaning", .string("the largest K_max consistent with K_AQP >= 0 at every time, each constraint relaxed by z standard deviations; equals K_max only if K_AQP reaches 0")),
        ("z", .number(r.z)),
        ("binding_index", r.chanceBinding.map { .integer($0) } ?? .null),
        ("binding_t", r.chanceBinding.map { .number(s.t[$0]) } ?? .null),
        ("bootstrap_interval95", .array([num(r.bootstrapInterval.0), num(r.bootstrapInterval.1)])),
        ("bootstrap_std_error", num(r.bootstrapStandardError)),
        ("bootstrap_replicates", .integer(r.bootstrapReplicates)),
        ("bootstrap_seed", .integer(Int(truncatingIfNeeded: seed))),
      ])),
      ("naive_bound", .object([
        ("label", .string("upper bound (biased low with noise)")),
        ("estimate", num(r.naiveBound)),
        ("binding_indices", .array(r.naiveBinding.map { .integer($0) })),
        ("binding_t", .array(r.naiveBinding.map { .number(s.t[$0]) })),
      ])),
      ("times", .array(times)),
      ("condition_number", num(conditionNumber(s, r))),
      ("identifiability", .object([
        ("identified", .string("an upper bound on K_max only; K_max itself needs K_AQP = 0 at some time")),
        ("K_AQP_consistent_with_zero_t", .array(r.consistentWithZeroAQP.map { .number(s.t[$0]) })),
        ("uninformative_t", .array(r.uninformative.map { .number(s.t[$0]) })),
        ("warnings", .array(r.warnings.map { .string($0) })),
      ])),
    ])
  }

  /// The condition number of K̂ at its binding time: K̂ ≈ K_leaf/(1 − PLC) there, so
  /// d ln K̂/d ln K_leaf = 1 and |d ln K̂/d ln PLC| = PLC/(1 − PLC); the larger of the two
  /// (it grows without limit as PLC → 1). nil without a finite binding time.
  static func conditionNumber(_ s: LeafSeries, _ r: LeafHydraulicsResult) -> Double? {
    guard let i = r.chanceBinding, r.chanceBound.isFinite, s.plc[i] < 1 else { return nil }
    return max(1, abs(s.plc[i]) / (1 - s.plc[i]))
  }

  /// `t,psi,K_leaf,PLC,chance_bound,K_xylem,K_AQP,K_AQP_se`.
  package static func csv(_ r: LeafHydraulicsResult, series s: LeafSeries) -> String {
    var text = "t,psi,K_leaf,PLC,chance_bound,K_xylem,K_AQP,K_AQP_se\n"
    for i in 0..<s.count {
      let b = LeafXylemBound.chanceBound(kLeaf: s.kLeaf[i], sigmaK: s.sigmaK[i], plc: s.plc[i], sigmaPLC: s.sigmaPLC[i], z: r.z)
      let parts = r.outsideXylem.isEmpty ? ",," : "\(r.xylem[i]),\(r.outsideXylem[i]),\(r.outsideXylemSE[i])"
      text += "\(s.t[i]),\(s.psi[i]),\(s.kLeaf[i]),\(s.plc[i]),\(b.isFinite ? "\(b)" : "inf"),\(parts)\n"
    }
    return text
  }

  package static func summary(_ r: LeafHydraulicsResult, series s: LeafSeries) -> String {
    func f(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.4g", $0) : "inf" } ?? "-" }
    var text = "leaf: \(s.count) times\n"
    text += "K_max upper bound (chance-constrained, z = \(f(r.z))): \(f(r.chanceBound))"
      + "  bootstrap 95% [\(f(r.bootstrapInterval.0)), \(f(r.bootstrapInterval.1))]"
      + "  binding t = \(r.chanceBinding.map { f(s.t[$0]) } ?? "-")\n"
    text += "naive upper bound min K_leaf/(1-PLC): \(f(r.naiveBound))  binding t = "
      + r.naiveBinding.map { f(s.t[$0]) }.joined(separator: ", ") + "\n"
    if !r.outsideXylem.isEmpty {
      text += "t         PLC      K_leaf    K_xylem   K_AQP     SE\n"
      for i in 0..<s.count {
        text += [s.t[i], s.plc[i], s.kLeaf[i], r.xylem[i], r.outsideXylem[i], r.outsideXylemSE[i]]
          .map { String(format: "%-9.4g", $0) }.joined(separator: " ") + "\n"
      }
    }
    for w in r.warnings { text += "warning: \(w)\n" }
    return text
  }
}
