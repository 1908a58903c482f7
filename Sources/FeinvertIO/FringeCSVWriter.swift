import FECommon
import FEKernel
import LaminateFit

/// Writes fringe data as the contract's fringe CSV, readable by `FringeCSVReader`.
///
/// Layout: the metadata as `# key = value` lines (sorted by key), the header
/// `x,y,z`, one data column per component in `data.components` order, then a
/// `sigma_<column>` per component when `data.sigma` is present, then `weight` when
/// `data.weight` is present. Masked values (NaN) are empty cells. Numbers are in
/// Swift's shortest round-trip form (`"\(double)"`), so displacements read back
/// bit for bit.
public enum FringeCSVWriter {
  /// The CSV text of a data set.
  ///
  /// - Parameters:
  ///   - data: the data; displacements and sigma in the model's length unit.
  ///   - frequency: when given, data and sigma are written as fringe orders
  ///     (`Nx`, `sigma_Nx`, …) N = u·(lengthUnitMetres / 10⁻³)·F with a
  ///     `# grating_frequency = F` line (lines per mm; replaces any such metadata);
  ///     when `nil`, as displacements (`ux`, `sigma_ux`, …).
  ///   - lengthUnitMetres: the model's length unit in metres (mm → 1e-3).
  /// - Returns: the file's text, `\n` line ends, ending with a newline.
  public static func encode(_ data: FringeData, asFringeOrders frequency: Double?, lengthUnitMetres: Double) -> String {
    var s = ""
    var metadata = data.metadata
    // The values are in the model's length unit, whatever units the data were read in:
    // say so, and drop any unit the source stated.
    for key in metadata.keys where FringeCSVReader.isUnitKey(key) { metadata[key] = nil }
    if let name = UnitScale.lengthMetres.first(where: { $0.value == lengthUnitMetres })?.key {
      metadata["length_unit"] = name
    }
    if let f = frequency {
      metadata["grating_frequency"] = nil
      s += "# grating_frequency = \(f)\n"
    }
    for key in metadata.keys.sorted() {
      let value = metadata[key]!.split(whereSeparator: \.isNewline).joined(separator: " ")
      s += "# \(key) = \(value)\n"
    }
    let prefix = frequency == nil ? "u" : "N"
    let axes = ["x", "y", "z"]
    var header = ["x", "y", "z"] + data.components.map { prefix + axes[$0] }
    if data.sigma != nil { header += data.components.map { "sigma_" + prefix + axes[$0] } }
    if data.weight != nil { header.append("weight") }
    s += header.joined(separator: ",") + "\n"

    // Fringe orders: N = u[model unit] · (lengthUnitMetres / 1e-3) [mm per model unit] · F.
    let scale = frequency.map { (lengthUnitMetres / 1e-3) * $0 } ?? 1
    func cell(_ v: Double) -> String { v.isNaN ? "" : "\(frequency == nil ? v : v * scale)" }
    let m = data.components.count
    for i in 0..<data.points.count {
      let p = data.points[i]
      var row = ["\(p.x)", "\(p.y)", "\(p.z)"]
      for k in 0..<m { row.append(cell(data.values[i * m + k])) }
      if let sigma = data.sigma { for k in 0..<m { row.append(cell(sigma[i * m + k])) } }
      if let w = data.weight { row.append("\(w[i])") }
      s += row.joined(separator: ",") + "\n"
    }
    return s
  }
}
