/// The line on which each key of a TOML document is defined, found by a light scan.
///
/// TOMLKit parses values but keeps no source positions, so messages about a bad
/// value would otherwise only name its key. This index recognises table headers
/// (`[a.b]`, `[[a]]` with a running index), `key = value` lines and the keys of
/// one-line inline tables, which is all the model format uses. Keys are the dotted
/// paths feinvert prints: `materials.IM7_8552.nu12`, `plies[2].angle`,
/// `fit.parameters."IM7_8552.E2".initial` is simplified to `fit.parameters.IM7_8552.E2`.
struct TOMLLineIndex: Sendable {
  private(set) var lineOfKey: [String: Int] = [:]

  init(text: String) {
    var prefix = ""
    var arrayCounts: [String: Int] = [:]
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let lineNumber = i + 1
      let line = Self.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("[[") {
        let name = Self.nested(Self.unquote(String(line.dropFirst(2).prefix { $0 != "]" })), in: arrayCounts)
        let k = arrayCounts[name, default: -1] + 1
        arrayCounts[name] = k
        prefix = "\(name)[\(k)]"
        lineOfKey[prefix] = lineNumber
      } else if line.hasPrefix("[") {
        prefix = Self.nested(Self.unquote(String(line.dropFirst().prefix { $0 != "]" })), in: arrayCounts)
        lineOfKey[prefix] = lineNumber
      } else if let eq = line.firstIndex(of: "=") {
        let key = Self.unquote(String(line[..<eq]).trimmingCharacters(in: .whitespaces))
        let path = prefix.isEmpty ? key : "\(prefix).\(key)"
        lineOfKey[path] = lineNumber
        // Inline table: record its keys on the same line.
        let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("{") {
          for part in value.dropFirst().dropLast().split(separator: ",") {
            if let e = part.firstIndex(of: "=") {
              let sub = Self.unquote(String(part[..<e]).trimmingCharacters(in: .whitespaces))
              lineOfKey["\(path).\(sub)"] = lineNumber
            }
          }
        }
      }
    }
  }

  /// The line of a key path, or of its nearest enclosing key that has one.
  func line(of key: String) -> Int? {
    var k = key
    while true {
      if let l = lineOfKey[k] { return l }
      guard let dot = k.lastIndex(of: ".") else { return nil }
      k = String(k[..<dot])
    }
  }

  /// A header's path with each enclosing array of tables given its current index:
  /// `[[load_case.observation]]` after the second `[[load_case]]` is
  /// `load_case[1].observation` (counted per case).
  static func nested(_ name: String, in arrayCounts: [String: Int]) -> String {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard parts.count > 1 else { return name }
    var path = ""
    for part in parts.dropLast() {
      path = path.isEmpty ? part : "\(path).\(part)"
      if let k = arrayCounts[path] { path += "[\(k)]" }
    }
    return "\(path).\(parts.last!)"
  }

  static func stripComment(_ s: String) -> String {
    var inString = false
    var quote: Character = "\""
    for (i, ch) in s.enumerated() {
      if inString {
        if ch == quote { inString = false }
      } else if ch == "\"" || ch == "'" {
        inString = true
        quote = ch
      } else if ch == "#" {
        return String(s.prefix(i))
      }
    }
    return s
  }

  static func unquote(_ s: String) -> String {
    let t = s.trimmingCharacters(in: .whitespaces)
    if t.count >= 2, let q = t.first, q == "\"" || q == "'", t.last == q, !t.dropFirst().dropLast().contains(q) {
      return String(t.dropFirst().dropLast())
    }
    return s.split(separator: ".", omittingEmptySubsequences: false).map { part -> String in
      let p = part.trimmingCharacters(in: .whitespaces)
      if p.count >= 2, (p.hasPrefix("\"") && p.hasSuffix("\"")) || (p.hasPrefix("'") && p.hasSuffix("'")) {
        return String(p.dropFirst().dropLast())
      }
      return p
    }.joined(separator: ".")
  }
}

import Foundation
