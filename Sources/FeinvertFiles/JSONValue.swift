/// A JSON value with ordered object keys, so reports read in a fixed, sensible order.
///
/// Non-finite numbers have no JSON spelling; they are written as `null`.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case integer(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool { a.encoded() == b.encoded() }

  public static func numbers(_ xs: [Double]) -> JSONValue { .array(xs.map { .number($0) }) }

  /// Pretty-printed text with two-space indentation.
  public func encoded(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent)
    let inner = String(repeating: "  ", count: indent + 1)
    switch self {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let x): return x.isFinite ? "\(x)" : "null"
    case .integer(let i): return "\(i)"
    case .string(let s): return Self.quote(s)
    case .array(let items):
      if items.isEmpty { return "[]" }
      // Arrays of scalars stay on one line.
      if items.allSatisfy({ if case .array = $0 { return false }; if case .object = $0 { return false }; return true }) {
        return "[" + items.map { $0.encoded() }.joined(separator: ", ") + "]"
      }
      return "[\n" + items.map { inner + $0.encoded(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "]"
    case .object(let fields):
      if fields.isEmpty { return "{}" }
      return "{\n" + fields.map { inner + Self.quote($0.0) + ": " + $0.1.encoded(indent: indent + 1) }.joined(separator: ",\n") + "\n" + pad + "}"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for ch in s.unicodeScalars {
      switch ch {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
      }
    }
    return out + "\""
  }
}

import Foundation
