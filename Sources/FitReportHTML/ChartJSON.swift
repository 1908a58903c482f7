import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A chart specification (plotly.js's `data`, `layout`), written compactly into the page.
///
/// Like `FeinvertFiles.JSONValue` with ordered keys, but encoded on one line, with number
/// arrays rounded to a stated number of significant digits (`numbers`), so that a map of
/// a few hundred thousand cells stays a few megabytes. Non-finite numbers are `null`,
/// which plotly.js draws as a gap (a masked or empty cell). Every `<` in a string is
/// written `\u003c`, so no text can close the `<script>` element the JSON sits in.
package indirect enum ChartJSON: Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([ChartJSON])
  case object([(String, ChartJSON)])
  /// Numbers rounded to `digits` significant digits (`%.<digits>g`).
  case numbers([Double], digits: Int)

  /// Full-precision numbers (shortest round-tripping text).
  package static func exact(_ xs: [Double]) -> ChartJSON { .array(xs.map { .number($0) }) }
  package static func strings(_ xs: [String]) -> ChartJSON { .array(xs.map { .string($0) }) }

  /// The compact text.
  package var encoded: String {
    var out = ""
    encode(into: &out)
    return out
  }

  package func encode(into out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let x): out += x.isFinite ? "\(x)" : "null"
    case .string(let s): Self.quote(s, into: &out)
    case .array(let items):
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += "," }
        item.encode(into: &out)
      }
      out += "]"
    case .object(let fields):
      out += "{"
      for (i, (key, value)) in fields.enumerated() {
        if i > 0 { out += "," }
        Self.quote(key, into: &out)
        out += ":"
        value.encode(into: &out)
      }
      out += "}"
    case .numbers(let xs, let digits):
      out += "["
      var buffer = [CChar](repeating: 0, count: 40)
      let format = "%.\(max(1, min(17, digits)))g"
      for (i, x) in xs.enumerated() {
        if i > 0 { out += "," }
        if x.isFinite {
          buffer.withUnsafeMutableBufferPointer { b in
            _ = withVaList([x]) { vsnprintf(b.baseAddress!, 40, format, $0) }
          }
          out += String(cString: buffer)
        } else {
          out += "null"
        }
      }
      out += "]"
    }
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for ch in s.unicodeScalars {
      switch ch {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "<": out += "\\u003c"
      default:
        if ch.value < 0x20 { out += String(format: "\\u%04x", ch.value) } else { out.unicodeScalars.append(ch) }
      }
    }
    out += "\""
  }
}
