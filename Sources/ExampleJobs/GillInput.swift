import FeinvertFiles
import FECommon

/// The CSV of `feinvert app gill` (`shared/spec/apps.md` §6): one measurement per row,
/// `eps,sigma_eps,Cr` or `eps,sigma_eps,C_water,C_blood`.
package struct GillInput: Sendable {
  package struct Row: Sendable {
    package var line: Int
    /// Measured effectiveness ε (≥ 0; may exceed 1 through noise).
    package var eps: Double
    package var sigmaEps: Double
    /// C_r = C_min/C_max.
    package var capacityRatio: Double
    /// Which fluid has C_min, when the capacities were given ("water" or "blood").
    package var minimumSide: String?
  }

  package var rows: [Row]

  /// Reads and checks the file: ε ≥ 0, σ_ε ≥ 0, C_r ∈ [0, 1], capacities > 0; exactly
  /// one of the two layouts.
  /// - Throws: `InputError` at `file:line`.
  package static func load(path: String) throws -> GillInput {
    let t = try CSVTable.read(path: path)
    let hasRatio = t.has("Cr"), hasCapacities = t.has("C_water") || t.has("C_blood")
    if hasRatio && hasCapacities {
      throw InputError("found both Cr and C_water/C_blood; expected eps,sigma_eps,Cr or eps,sigma_eps,C_water,C_blood",
                       at: t.headerLocation)
    }
    if hasCapacities {
      try t.checkColumns(required: ["eps", "sigma_eps", "C_water", "C_blood"])
    } else {
      try t.checkColumns(required: ["eps", "sigma_eps", "Cr"])
    }
    let eps = try t.numbers("eps", accept: { $0 >= 0 }, expected: "an effectiveness >= 0")
    let sigma = try t.numbers("sigma_eps", accept: { $0 >= 0 }, expected: "a standard deviation >= 0")
    var ratio = [Double](), side = [String?]()
    if hasCapacities {
      let water = try t.numbers("C_water", accept: { $0 > 0 }, expected: "a capacity rate > 0 (flow x O2 capacitance)")
      let blood = try t.numbers("C_blood", accept: { $0 > 0 }, expected: "a capacity rate > 0 (flow x O2 capacitance)")
      for i in water.indices {
        ratio.append(min(water[i], blood[i]) / max(water[i], blood[i]))
        side.append(water[i] <= blood[i] ? "water" : "blood")
      }
    } else {
      ratio = try t.numbers("Cr", accept: { $0 >= 0 && $0 <= 1 }, expected: "a capacity ratio C_min/C_max in [0, 1]")
      side = [String?](repeating: nil, count: ratio.count)
    }
    let rows = t.rows.indices.map {
      Row(line: t.rowLines[$0], eps: eps[$0], sigmaEps: sigma[$0], capacityRatio: ratio[$0], minimumSide: side[$0])
    }
    return GillInput(rows: rows)
  }
}
