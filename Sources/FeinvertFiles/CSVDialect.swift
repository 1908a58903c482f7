import Foundation

/// The separator of a delimited text file, detected from its header line, and the
/// splitting of a line into cells (double quotes honoured) under it.
///
/// Detection (`detect(header:)`) counts the separators *outside* double quotes on the
/// header line: a tab if there is one, else `;` if there is one, else `,` if there is
/// one, else runs of blanks (whitespace-separated columns, as DICe and many lab
/// scripts write). The order matters for exports in a decimal-comma locale: MatchID and
/// a German or French Excel write `;` between cells and `,` inside numbers, and a header
/// holding a `;` is never read as comma-separated.
///
/// Decimal commas (`decimalValue`): under `;`, tab or whitespace separators a numeric
/// cell may use one `,` as its decimal point (`1,25e-3`); a cell holding both `,` and
/// `.` is not a number (a thousands separator would be read wrongly either way). Under
/// `,` a comma always separates cells.
package enum CSVSeparator: Sendable, Equatable, CustomStringConvertible {
  case comma, semicolon, tab, whitespace

  /// The name used in messages.
  package var description: String {
    switch self {
    case .comma: return "','"
    case .semicolon: return "';'"
    case .tab: return "tab"
    case .whitespace: return "blanks"
    }
  }

  /// Whether a cell may hold a decimal comma under this separator.
  package var allowsDecimalComma: Bool { self != .comma }

  /// The separator of a header line (see the type's discussion).
  package static func detect(header: Substring) -> CSVSeparator {
    var inQuotes = false
    var tabs = 0, semicolons = 0, commas = 0
    for u in header.utf8 {
      if u == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
      if inQuotes { continue }
      switch u {
      case 9: tabs += 1
      case UInt8(ascii: ";"): semicolons += 1
      case UInt8(ascii: ","): commas += 1
      default: break
      }
    }
    if tabs > 0 { return .tab }
    if semicolons > 0 { return .semicolon }
    if commas > 0 { return .comma }
    return .whitespace
  }

  /// The cells of `line`, each trimmed of blanks and unquoted (`""` inside quotes is one
  /// `"`), or nil when a quote is left open. A trailing separator (some exporters end
  /// every line with one) gives a last empty cell; the caller decides.
  package func split(_ line: Substring) -> [String]? {
    var cells = [String]()
    var cell = [UInt8]()
    var inQuotes = false
    var wasQuoted = false
    let bytes = Array(CSVText.trim(line).utf8)
    var i = 0
    func finish() {
      var s = String(decoding: cell, as: UTF8.self)
      if !wasQuoted { s = String(CSVText.trim(Substring(s))) }
      cells.append(s)
      cell.removeAll(keepingCapacity: true)
      wasQuoted = false
    }
    let isBlank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
    while i < bytes.count {
      let u = bytes[i]
      if inQuotes {
        if u == UInt8(ascii: "\"") {
          if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
            cell.append(u)
            i += 2
            continue
          }
          inQuotes = false
        } else {
          cell.append(u)
        }
        i += 1
        continue
      }
      if u == UInt8(ascii: "\"") && cell.allSatisfy(isBlank) {
        cell.removeAll()
        inQuotes = true
        wasQuoted = true
        i += 1
        continue
      }
      let separates: Bool
      switch self {
      case .comma: separates = u == UInt8(ascii: ",")
      case .semicolon: separates = u == UInt8(ascii: ";")
      case .tab: separates = u == 9
      case .whitespace: separates = isBlank(u)
      }
      if separates {
        finish()
        i += 1
        if self == .whitespace { while i < bytes.count && isBlank(bytes[i]) { i += 1 } }
        continue
      }
      // Blanks after a closing quote are dropped; other text is kept as written.
      if wasQuoted && isBlank(u) { i += 1; continue }
      cell.append(u)
      i += 1
    }
    if inQuotes { return nil }
    if !bytes.isEmpty { finish() }
    return cells
  }

  /// The finite decimal value of a cell, reading one `,` as the decimal point where this
  /// separator allows it (`DecimalNumber`'s rule otherwise: no `nan`, `inf`, hex).
  package func decimalValue(_ cell: String) -> Double? {
    if allowsDecimalComma, cell.contains(",") {
      guard !cell.contains("."), cell.filter({ $0 == "," }).count == 1 else { return nil }
      return DecimalNumber.parse(cell.replacingOccurrences(of: ",", with: "."))
    }
    return DecimalNumber.parse(cell)
  }
}
