import Foundation
import FECommon
import TOMLKit

/// A TOML file read and parsed, with its line index: the start of every reader of the
/// project's TOML files (models, candidate files), so that each names the file the same way.
struct TOMLDocument {
  let root: TOMLTable
  let reader: TableReader

  /// The text of `path`: `unreadable` or `notText` (the messages, naming what was expected)
  /// when it cannot be read or is not UTF-8.
  static func text(of path: String, unreadable: String, notText: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError(unreadable, at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(notText, at: SourceLocation(file: path))
    }
    return text
  }

  /// Parses `text`; a syntax error names the file and its line.
  init(text: String, path: String) throws {
    do {
      root = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw InputError("\(error.description); expected valid TOML", at: SourceLocation(file: path, line: error.source.begin.line))
    }
    reader = TableReader(path: path, lines: TOMLLineIndex(text: text))
  }
}

/// Typed access to TOMLKit tables with messages that name file, line and key.
struct TableReader {
  let path: String
  let lines: TOMLLineIndex

  func location(_ key: String) -> SourceLocation {
    SourceLocation(file: path, line: lines.line(of: key), key: key)
  }

  func error(_ key: String, _ message: String) -> InputError {
    InputError(message, at: location(key))
  }

  /// File order of a key (its line), for stable iteration over TOMLKit's unordered keys.
  func order(_ key: String) -> Int { lines.line(of: key) ?? Int.max }

  func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

  func allowOnly(_ allowed: Set<String>, in table: TOMLTable, at prefix: String) throws {
    for key in table.keys where !allowed.contains(key) {
      throw error(join(prefix, key), "unknown key \"\(key)\"; expected one of \(allowed.sorted().joined(separator: ", "))")
    }
  }

  func optionalTable(_ t: TOMLTable, _ key: String, at prefix: String) throws -> TOMLTable? {
    guard let v = t[key] else { return nil }
    guard let table = v.table else { throw error(join(prefix, key), "is a \(v.type); expected a table") }
    return table
  }

  func arrayOfTables(_ t: TOMLTable, _ key: String) throws -> [TOMLTable] {
    guard let v = t[key] else { return [] }
    guard let array = v.array else { throw error(key, "is a \(v.type); expected an array of tables [[\(key)]]") }
    return try array.enumerated().map { i, item in
      guard let table = item.table else { throw error("\(key)[\(i)]", "is a \(item.type); expected a table") }
      return table
    }
  }

  func number(_ t: TOMLTable, _ key: String, at prefix: String) throws -> Double {
    guard let v = try optionalNumber(t, key, at: prefix) else {
      throw error(join(prefix, key), "is missing; expected a number")
    }
    return v
  }

  func optionalNumber(_ t: TOMLTable, _ key: String, at prefix: String) throws -> Double? {
    guard let v = t[key] else { return nil }
    let x: Double
    if let d = v.double { x = d } else if let i = v.int { x = Double(i) } else {
      throw error(join(prefix, key), "is a \(v.type); expected a number")
    }
    guard x.isFinite else { throw error(join(prefix, key), "= \(x); expected a finite number") }
    return x
  }

  func string(_ t: TOMLTable, _ key: String, at prefix: String) throws -> String {
    guard let s = try optionalString(t, key, at: prefix) else {
      throw error(join(prefix, key), "is missing; expected a string")
    }
    return s
  }

  func optionalString(_ t: TOMLTable, _ key: String, at prefix: String) throws -> String? {
    guard let v = t[key] else { return nil }
    guard let s = v.string else { throw error(join(prefix, key), "is a \(v.type); expected a string") }
    return s
  }

  func numberArray(_ t: TOMLTable, _ key: String, count: Int, at prefix: String) throws -> [Double] {
    guard let v = t[key] else { throw error(join(prefix, key), "is missing; expected an array of \(count) numbers") }
    guard let a = v.array, a.count == count else {
      throw error(join(prefix, key), "is not an array of \(count) numbers; expected [\((1...max(count, 1)).map { "x\($0)" }.joined(separator: ", "))]")
    }
    return try a.map { item in
      let x: Double
      if let d = item.double { x = d } else if let i = item.int { x = Double(i) } else {
        throw error(join(prefix, key), "holds a \(item.type); expected numbers")
      }
      guard x.isFinite else { throw error(join(prefix, key), "holds \(x); expected finite numbers") }
      return x
    }
  }

  func stringArray(_ t: TOMLTable, _ key: String, at prefix: String) throws -> [String] {
    guard let v = t[key] else { throw error(join(prefix, key), "is missing; expected an array of strings") }
    guard let a = v.array else { throw error(join(prefix, key), "is a \(v.type); expected an array of strings") }
    return try a.map { item in
      guard let s = item.string else { throw error(join(prefix, key), "holds a \(item.type); expected strings") }
      return s
    }
  }
}
