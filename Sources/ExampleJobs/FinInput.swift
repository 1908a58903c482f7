import FeinvertFiles
import FECommon
import EngineeringExamples

/// The CSV of `feinvert app fin` (`shared/spec/apps.md` §8): one pin fin per row,
/// columns `D,L,k,T_base,T_inf,q,sigma_q,tip`, SI units (m, W m⁻¹ K⁻¹, K or °C, W).
package struct FinInput: Sendable {
  /// One row.
  package struct Row: Sendable {
    package var line: Int
    package var fin: PinFin
    /// Measured base heat flow q, W.
    package var q: Double
    /// Its standard deviation, W.
    package var sigmaQ: Double
  }

  package var rows: [Row]

  /// Reads and checks the file.
  ///
  /// Rules: D > 0; k > 0; L > 0, except that L may be empty for `tip = infinite`;
  /// T_base ≠ T_inf; q of the sign of T_base − T_inf and ≠ 0 (heat leaves a hot base);
  /// sigma_q ≥ 0; tip one of `convective`, `adiabatic`, `infinite`.
  /// - Throws: `InputError` at `file:line`.
  package static func load(path: String) throws -> FinInput {
    let t = try CSVTable.read(path: path)
    try t.checkColumns(required: ["D", "L", "k", "T_base", "T_inf", "q", "sigma_q", "tip"])
    let d = try t.numbers("D", accept: { $0 > 0 }, expected: "a diameter > 0 (m)")
    let l = try t.optionalNumbers("L", accept: { $0 > 0 }, expected: "a length > 0 (m)")
    let k = try t.numbers("k", accept: { $0 > 0 }, expected: "a conductivity > 0 (W/m/K)")
    let tb = try t.numbers("T_base"), ti = try t.numbers("T_inf")
    let q = try t.numbers("q")
    let sq = try t.numbers("sigma_q", accept: { $0 >= 0 }, expected: "a standard deviation >= 0 (W)")
    let tips = try t.strings("tip")
    var rows = [Row]()
    for i in t.rows.indices {
      let at = t.location(row: i)
      guard let tip = FinTip(rawValue: tips[i]) else {
        throw InputError("found tip '\(tips[i])'; expected convective, adiabatic or infinite", at: at)
      }
      let theta = tb[i] - ti[i]
      guard theta != 0 else {
        throw InputError("found T_base = T_inf = \(tb[i]); expected a temperature difference that drives heat", at: at)
      }
      guard q[i] != 0, (q[i] > 0) == (theta > 0) else {
        throw InputError(
          "found q = \(q[i]) W with T_base - T_inf = \(theta) K; expected q of the same sign (heat flows from the warmer side)",
          at: at)
      }
      let length: Double
      if let li = l[i] {
        length = li
      } else if tip == .infinite {
        length = .infinity
      } else {
        throw InputError("found an empty cell in column L; expected a length > 0 (m) for a \(tip.rawValue) tip", at: at)
      }
      let fin = PinFin(diameter: d[i], length: length, conductivity: k[i], baseExcess: theta, tip: tip)
      rows.append(Row(line: t.rowLines[i], fin: fin, q: q[i], sigmaQ: sq[i]))
    }
    return FinInput(rows: rows)
  }
}
