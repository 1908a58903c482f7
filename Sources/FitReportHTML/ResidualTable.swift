import FECommon
import FeinvertFiles
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `residuals.csv` of `feinvert fit --out DIR`, read column-wise.
///
/// Columns (by header name, any order): `point` (1-based index of the data point), `x,y,z`,
/// `component` (`ux`, `uy`, `uz`), `measured`, `predicted`, `residual` (predicted −
/// measured) and `weighted_residual` (residual / sigma, or the residual itself when the
/// data had no sigma). A row is one fitted value; a masked value has no row. With load
/// cases or several observed faces the file starts with `data_set` (the case or CASE/FACE),
/// and points are numbered within their data set.
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
  /// Per point (0-based): its coordinates and its data set (an index into `dataSetNames`).
  package var points: [SIMD3<Double>]
  package var pointDataSet: [Int] = []
  /// The data sets in order of first appearance; one empty name without a `data_set` column.
  package var dataSetNames: [String] = []

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
    var text = bytes
    text.append(0)  // strtod stops at the terminator after the last field
    var header: [String]?
    var columns = (point: -1, x: 0, y: 0, z: 0, component: 0, measured: 0, predicted: 0, weighted: 0)
    var dataSetColumn = -1
    var dataSetIndex = [String: Int]()
    var pointIndex = [SIMD2<Int>: Int]()
    var coordinateIndex = [SIMD4<Double>: Int]()
    try text.withUnsafeBufferPointer { buffer in
      let base = buffer.baseAddress!
      let n = bytes.count
      var start = 0
      var line = 0
      var fieldStart = [Int](), fieldEnd = [Int]()
      while start < n {
        var end = start
        while end < n && base[end] != 10 { end += 1 }
        line += 1
        defer { start = end + 1 }
        // Trim blanks and a carriage return; skip blank and comment lines.
        var a = start, b = end
        while a < b && (base[a] == 32 || base[a] == 9) { a += 1 }
        while b > a && (base[b - 1] == 32 || base[b - 1] == 9 || base[b - 1] == 13) { b -= 1 }
        if a == b || base[a] == UInt8(ascii: "#") { continue }
        fieldStart.removeAll(keepingCapacity: true)
        fieldEnd.removeAll(keepingCapacity: true)
        var f = a
        for i in a...b where i == b || base[i] == UInt8(ascii: ",") {
          var fa = f, fb = i
          while fa < fb && (base[fa] == 32 || base[fa] == 9) { fa += 1 }
          while fb > fa && (base[fb - 1] == 32 || base[fb - 1] == 9) { fb -= 1 }
          fieldStart.append(fa)
          fieldEnd.append(fb)
          f = i + 1
        }
        func field(_ k: Int) -> String {
          String(decoding: UnsafeBufferPointer(start: base + fieldStart[k], count: fieldEnd[k] - fieldStart[k]), as: UTF8.self)
        }
        guard let h = header else {
          let names = fieldStart.indices.map(field)
          for required in ["x", "y", "z", "component", "measured", "predicted", "weighted_residual"] where !names.contains(required) {
            throw InputError("header lacks column \(required); expected point,x,y,z,component,measured,predicted,residual,weighted_residual",
                             at: SourceLocation(file: path, line: line))
          }
          func k(_ name: String) -> Int { names.firstIndex(of: name)! }
          columns = (names.firstIndex(of: "point") ?? -1, k("x"), k("y"), k("z"), k("component"), k("measured"), k("predicted"),
                     k("weighted_residual"))
          dataSetColumn = names.firstIndex(of: "data_set") ?? -1
          header = names
          continue
        }
        guard fieldStart.count == h.count else {
          throw InputError("found \(fieldStart.count) fields; expected \(h.count) as in the header", at: SourceLocation(file: path, line: line))
        }
        func number(_ k: Int, _ name: String) throws -> Double {
          var stop: UnsafeMutablePointer<CChar>?
          let p = UnsafeMutableRawPointer(mutating: base + fieldStart[k]).assumingMemoryBound(to: CChar.self)
          let v = strtod(p, &stop)
          let parsed = stop.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? -1
          guard fieldEnd[k] > fieldStart[k], parsed == fieldEnd[k], v.isFinite
          else {
            throw InputError("found \(name) = '\(field(k))'; expected a finite number", at: SourceLocation(file: path, line: line))
          }
          return v
        }
        let p = SIMD3(try number(columns.x, "x"), try number(columns.y, "y"), try number(columns.z, "z"))
        let c0 = fieldStart[columns.component]
        let c: Int
        if fieldEnd[columns.component] - c0 == 2 && base[c0] == UInt8(ascii: "u"),
          let k = [UInt8(ascii: "x"), UInt8(ascii: "y"), UInt8(ascii: "z")].firstIndex(of: base[c0 + 1])
        {
          c = k
        } else {
          throw InputError("found component '\(field(columns.component))'; expected ux, uy or uz", at: SourceLocation(file: path, line: line))
        }
        let setName = dataSetColumn >= 0 ? field(dataSetColumn) : ""
        let set: Int
        if let known = dataSetIndex[setName] { set = known } else {
          set = table.dataSetNames.count
          dataSetIndex[setName] = set
          table.dataSetNames.append(setName)
        }
        let index: Int
        if columns.point >= 0 {
          let id = try number(columns.point, "point")
          guard id == id.rounded() else {
            throw InputError("found point '\(field(columns.point))'; expected an integer", at: SourceLocation(file: path, line: line))
          }
          if let known = pointIndex[SIMD2(set, Int(id))] { index = known } else {
            index = table.points.count
            pointIndex[SIMD2(set, Int(id))] = index
            table.points.append(p)
            table.pointDataSet.append(set)
          }
        } else if let known = coordinateIndex[SIMD4(p, Double(set))] {
          index = known
        } else {
          index = table.points.count
          coordinateIndex[SIMD4(p, Double(set))] = index
          table.points.append(p)
          table.pointDataSet.append(set)
        }
        table.point.append(index)
        table.component.append(c)
        table.measured.append(try number(columns.measured, "measured"))
        table.predicted.append(try number(columns.predicted, "predicted"))
        table.weighted.append(try number(columns.weighted, "weighted_residual"))
      }
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

  /// The rows of data set k alone, its points numbered from 0 (a face of its own for the maps).
  package func dataSet(_ k: Int) -> ResidualTable {
    var sub = ResidualTable(path: path, point: [], component: [], measured: [], predicted: [], weighted: [], points: [])
    sub.dataSetNames = [dataSetNames[k]]
    var renumber = [Int: Int]()
    for r in 0..<count where pointDataSet[point[r]] == k {
      let q: Int
      if let known = renumber[point[r]] { q = known } else {
        q = sub.points.count
        renumber[point[r]] = q
        sub.points.append(points[point[r]])
        sub.pointDataSet.append(0)
      }
      sub.point.append(q)
      sub.component.append(component[r])
      sub.measured.append(measured[r])
      sub.predicted.append(predicted[r])
      sub.weighted.append(weighted[r])
    }
    return sub
  }
}
