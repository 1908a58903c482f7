import FECommon
import FEKernel
import TOMLKit

extension ModelReader {
  /// The optional strengths of each `[materials.NAME]` (`PlyStrengths.keys`): none, or
  /// at least `Xt`, `Xc`, `Yt`, `Yc`, `S12`; every one a positive magnitude (a
  /// compressive strength is written positive).
  static func strengths(_ root: TOMLTable, reader: TableReader) throws -> [String: PlyStrengths] {
    guard let materialTable = try reader.optionalTable(root, "materials", at: "") else { return [:] }
    var out = [String: PlyStrengths]()
    for name in materialTable.keys {
      let key = "materials.\(name)"
      guard let t = materialTable[name]?.table else { continue }
      var given = [String: Double]()
      for k in PlyStrengths.keys {
        guard let v = try reader.optionalNumber(t, k, at: key) else { continue }
        guard v > 0 else {
          throw reader.error("\(key).\(k)", "= \(v); expected a strength > 0 (a compressive strength is written as a positive magnitude)")
        }
        given[k] = v
      }
      if given.isEmpty { continue }
      if let missing = PlyStrengths.requiredKeys.first(where: { given[$0] == nil }) {
        throw reader.error(
          "\(key).\(missing)",
          "is missing while \(given.keys.sorted().joined(separator: ", ")) \(given.count == 1 ? "is" : "are") given; expected all of \(PlyStrengths.requiredKeys.joined(separator: ", ")) (Zt, Zc, S13, S23 optional) for the failure index, or no strength")
      }
      out[name] = PlyStrengths(
        Xt: given["Xt"]!, Xc: given["Xc"]!, Yt: given["Yt"]!, Yc: given["Yc"]!, Zt: given["Zt"], Zc: given["Zc"],
        S12: given["S12"]!, S13: given["S13"], S23: given["S23"])
    }
    return out
  }
}
