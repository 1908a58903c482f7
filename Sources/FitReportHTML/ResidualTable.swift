import FECommon
import FeinvertFiles
import Foundation

/// `residuals.csv` of `feinvert fit --out DIR`, read column-wise.
///
/// Columns (by header name, any order): `point` (1-based index of the data point), `x,y,z`,
/// `component` (`ux`, `uy`, `uz`), `measured`, `predicted`, `residual` (predicted −
/// measured) and `weighted_residual` (residual / sigma, or the residual itself when the
/// data had no sigma). A row is one fitted value; a masked value has no row.
///
/// A dedicated byte scanner rather than `CSVTable`: the dense data sets have over a
/// million rows, and a table of strings would take gigabytes.
package struct ResidualTable: Sendable {
  package var path: String
  /// Per row: the point (0-based; from `point`, or the row's coordinates when absent).
  package var point: [Int]
  package var component: [Int]
  package var measured: [Double]
  package var predicted: [Double]
  package var weighted: [Double]
  /// Per point (0-based): its coordinates.
  package var points: [SIMD3<Double>]

  package var count: Int { point.count }
  /// The components present, in order ux, uy, uz.
  package var components: [Int] { Array(Set(component)).sorted() }
  package static let componentNames = ["ux", "uy", "uz"]

  package static func read(path: String) throws -> ResidualTable {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw InputError("cannot read the file; expected residuals.csv written by feinvert fit --out",
                       at: SourceLocation(file: path))
    }
    return try data.withUnsafeBytes { raw in try parse(Array(raw.bindMemory(to: UInt8.self)), path: path) }
  }

  package static func parse(_ bytes: [UInt8], path: String) throws -> ResidualTable {
    var table = ResidualTable(path: path, point: [], component: [], measured: [], predicted: [], weighted: [], points: [])
    var header: [String: Int]?
    var line = 0
    var start = 0
    var pointIndex = [Int: Int]()
    var coordinateIndex = [SIMD3<Double>: Int]()
    var columns = (point: -1, x: 0, y: 0, z: 0, component: 0, measured: 0, predicted: 0, weighted: 0)
    var fields = [Substring]()
    while start < bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
      line += 1
      defer { start = end + 1 }
      var text = String(decoding: bytes[start..<end], as: UTF8.self)
      if text.hasSuffix("\r") { text.removeLast() }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      fields = trimmed.split(separator: ",", omittingEmptySubsequences: false)
      guard let h = header else {
        var names = [String: Int]()
        for (k, f) in fields.enumerated() { names[f.trimmingCharacters(in: .whitespaces)] = k }
        for required in ["x", "y", "z", "component", "measured", "predicted", "weighted_residual"] where names[required] == nil {
          throw InputError("header lacks column \(required); expected point,x,y,z,component,measured,predicted,residual,weighted_residual",
                           at: SourceLocation(file: path, line: line))
        }
        columns = (names["point"] ?? -1, names["x"]!, names["y"]!, names["z"]!, names["component"]!, names["measured"]!,
                   names["predicted"]!, names["weighted_residual"]!)
        header = names
        continue
      }
      guard fields.count == h.count else {
        throw InputError("found \(fields.count) fields; expected \(h.count) as in the header", at: SourceLocation(file: path, line: line))
      }
      func number(_ k: Int, _ name: String) throws -> Double {
        guard let v = Double(fields[k].trimmingCharacters(in: .whitespaces)), v.isFinite else {
          throw InputError("found \(name) = '\(fields[k])'; expected a finite number", at: SourceLocation(file: path, line: line))
        }
        return v
      }
      let p = SIMD3(try number(columns.x, "x"), try number(columns.y, "y"), try number(columns.z, "z"))
      let name = fields[columns.component].trimmingCharacters(in: .whitespaces)
      guard let c = componentNames.firstIndex(of: name) else {
        throw InputError("found component '\(name)'; expected ux, uy or uz", at: SourceLocation(file: path, line: line))
      }
      let index: Int
      if columns.point >= 0 {
        guard let id = Int(fields[columns.point].trimmingCharacters(in: .whitespaces)) else {
          throw InputError("found point '\(fields[columns.point])'; expected an integer", at: SourceLocation(file: path, line: line))
        }
        if let known = pointIndex[id] { index = known } else {
          index = table.points.count
          pointIndex[id] = index
          table.points.append(p)
        }
      } else if let known = coordinateIndex[p] {
        index = known
      } else {
        index = table.points.count
        coordinateIndex[p] = index
        table.points.append(p)
      }
      table.point.append(index)
      table.component.append(c)
      table.measured.append(try number(columns.measured, "measured"))
      table.predicted.append(try number(columns.predicted, "predicted"))
      table.weighted.append(try number(columns.weighted, "weighted_residual"))
    }
    guard header != nil else {
      throw InputError("found no header; expected point,x,y,z,component,measured,predicted,residual,weighted_residual",
                       at: SourceLocation(file: path))
    }
    guard table.count > 0 else {
      throw InputError("found no rows; expected one row per fitted value", at: SourceLocation(file: path))
    }
    return table
  }
}
