import FECommon
import FeinvertFiles
import Foundation

/// A `fit.json` read back for the page: the contract's keys and the extensions the page
/// shows, each checked for its type with a message naming the key.
///
/// Keys the page does not need are ignored; extensions absent from an older report
/// (`history`, `singular_vectors`, `warnings`) leave their part of the page out with a note.
package struct FitReportFile {
  package var path: String
  package var root: [String: Any]

  package struct Parameter {
    package var name: String
    package var unit: String?
    package var initial: Double
    package var estimate: Double
    package var standardError: Double?
    package var ci95: (Double, Double)?
    package var bounds: (Double, Double)
    package var atBound: Bool
  }

  package var parameters: [Parameter]
  package var correlation: [[Double]]

  package static func read(path: String) throws -> FitReportFile {
    try parse(text: TextFile.read(path: path, expected: "a fit report (fit.json) written by feinvert fit"), path: path)
  }

  /// Parses a fit report's text; `path` names it in messages.
  package static func parse(text: String, path: String) throws -> FitReportFile {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    } catch {
      throw InputError("found text that is not JSON; expected a fit report (fit.json) written by feinvert fit",
                       at: SourceLocation(file: path))
    }
    guard let root = object as? [String: Any] else {
      throw InputError("found a JSON value that is not an object; expected a fit report", at: SourceLocation(file: path))
    }
    var file = FitReportFile(path: path, root: root, parameters: [], correlation: [])
    guard let list = root["parameters"] as? [Any] else {
      throw file.error("parameters", "an array of parameters")
    }
    file.parameters = try list.enumerated().map { i, item in
      guard let p = item as? [String: Any] else { throw file.error("parameters[\(i)]", "an object") }
      let key = "parameters[\(i)]"
      guard let name = p["name"] as? String else { throw file.error(key + ".name", "a string") }
      func number(_ k: String) throws -> Double {
        guard let x = Self.number(p[k]) else { throw file.error("\(key).\(k)", "a number") }
        return x
      }
      func pair(_ k: String) throws -> (Double, Double)? {
        if p[k] == nil || p[k] is NSNull { return nil }
        guard let a = p[k] as? [Any], a.count == 2, let lo = Self.number(a[0]), let hi = Self.number(a[1]) else {
          throw file.error("\(key).\(k)", "[low, high] or null")
        }
        return (lo, hi)
      }
      let bounds = try pair("bounds") ?? (-.infinity, .infinity)
      return Parameter(
        name: name, unit: p["unit"] as? String, initial: try number("initial"), estimate: try number("estimate"),
        standardError: Self.number(p["std_error"]), ci95: try pair("ci95"), bounds: bounds,
        atBound: (p["at_bound"] as? Bool) ?? false)
    }
    let n = file.parameters.count
    if let rows = root["correlation"] as? [Any] {
      file.correlation = try rows.enumerated().map { i, row in
        guard let r = row as? [Any], r.count == n else { throw file.error("correlation[\(i)]", "\(n) numbers") }
        return r.map { Self.number($0) ?? .nan }
      }
      guard file.correlation.count == n else { throw file.error("correlation", "\(n) rows, one per parameter") }
    }
    return file
  }

  func error(_ key: String, _ expected: String) -> InputError {
    InputError("key \(key) is missing or of the wrong type; expected \(expected)", at: SourceLocation(file: path))
  }

  /// A JSON number as a Double; nil for null, absent or another type.
  package static func number(_ x: Any?) -> Double? {
    // Not `x is Bool`: an NSNumber 0 or 1 from JSONSerialization bridges to Bool too.
    guard let x, type(of: x) != Bool.self, !(x is NSNull) else { return nil }
    if let d = x as? Double { return d }
    if let i = x as? Int { return Double(i) }
    if let n = x as? NSNumber { return n.doubleValue }
    return nil
  }

  package func number(_ key: String) -> Double? { Self.number(root[key]) }
  package func object(_ key: String) -> [String: Any]? { root[key] as? [String: Any] }
  package func numbers(_ key: String) -> [Double]? { (root[key] as? [Any]).map { $0.map { Self.number($0) ?? .nan } } }
  package func strings(_ key: String) -> [String] { (root[key] as? [Any])?.compactMap { $0 as? String } ?? [] }
}
