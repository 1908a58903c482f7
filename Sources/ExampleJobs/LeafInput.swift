import FeinvertFiles
import FECommon
import EcologyExamples

/// The CSV of `feinvert app leaf` (`shared/spec/apps.md` §2): one time per row,
/// `t,psi,K_leaf,sigma_K_leaf,PLC,sigma_PLC`; PLC is a fraction.
package enum LeafInput {
  /// Reads and checks the file: every cell a finite number, σ's ≥ 0, PLC in
  /// [−0.5, 1.5] (a fraction, not a percentage; values a little outside [0, 1] can come
  /// from noise).
  /// - Throws: `InputError` at `file:line`.
  package static func load(path: String) throws -> LeafSeries {
    let t = try CSVTable.read(path: path)
    try t.checkColumns(required: ["t", "psi", "K_leaf", "sigma_K_leaf", "PLC", "sigma_PLC"])
    let plc = try t.numbers("PLC", accept: { $0 >= -0.5 && $0 <= 1.5 }, expected: "a fraction of conductivity lost (0 to 1, not a percentage)")
    return LeafSeries(
      t: try t.numbers("t"), psi: try t.numbers("psi"), kLeaf: try t.numbers("K_leaf"),
      sigmaK: try t.numbers("sigma_K_leaf", accept: { $0 >= 0 }, expected: "a standard deviation >= 0"),
      plc: plc, sigmaPLC: try t.numbers("sigma_PLC", accept: { $0 >= 0 }, expected: "a standard deviation >= 0"))
  }
}
