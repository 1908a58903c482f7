import FECommon
import Foundation

/// A CSV file read under the interface's CSV rules ("Fringe data: CSV" in
/// `shared/spec/interface.md`), for inputs whose columns are not the fringe file's:
/// the `feinvert app` data sets of `shared/spec/apps.md`.
///
/// - Lines whose first non-blank character is `#` are comments; `# key = value`
///   comments are metadata (`metadata`, with the line in `metadataLines`). Blank
///   lines are skipped.
/// - The first other line is the header; every later line is a row with exactly as
///   many comma-separated fields as the header. Fields are trimmed of blanks.
/// - Cells are read per column by the typed accessors below, which throw an
///   `InputError` at `path:line` reading "found …; expected …": an empty cell where a
///   value is required, `nan`/`inf`/text where a number belongs.
///
/// The table checks only the shape; what a column must hold is the caller's rule.
public struct CSVTable: Sendable {
  /// The file as the user named it, used in every message.
  public let path: String
  /// `# key = value` entries.
  public let metadata: [String: String]
  /// The line of each metadata entry.
  public let metadataLines: [String: Int]
  /// The header's column names, in file order.
  public let columns: [String]
  /// The header's line number (1-based).
  public let headerLine: Int
  /// The cells, row by row.
  public let rows: [[String]]
  /// Each row's line number (1-based).
  public let rowLines: [Int]

  /// Reads a CSV file.
  ///
  /// - Throws: `InputError` when the file cannot be read, is not UTF-8, has no header
  ///   or no rows, a repeated column name, or a row with the wrong number of fields.
  public static func read(path: String) throws -> CSVTable {
    try parse(text: TextFile.read(path: path, expected: "a readable CSV file"), path: path)
  }

  /// Parses CSV text; see the type's discussion.
  public static func parse(text: String, path: String) throws -> CSVTable {
    var metadata = [String: String](), metadataLines = [String: Int]()
    var header: [String]?
    var headerLine = 0
    var rows = [[String]](), rowLines = [Int]()
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (offset, bytes) in lines.enumerated() {
      let lineNumber = offset + 1
      var line = Substring(bytes)
      if offset == 0 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
      let trimmed = CSVText.trim(line)
      if trimmed.isEmpty { continue }
      if trimmed.utf8.first == UInt8(ascii: "#") {
        if let (key, value) = CSVText.metadataEntry(trimmed.dropFirst()) {
          metadata[key] = value
          metadataLines[key] = lineNumber
        }
        continue
      }
      let fields = line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        .map { String(CSVText.trim(Substring($0))) }
      guard let names = header else {
        for (k, name) in fields.enumerated() {
          guard !name.isEmpty else {
            throw InputError("found an empty column name (column \(k + 1)); expected a header of column names",
                             at: SourceLocation(file: path, line: lineNumber))
          }
          if let j = fields[..<k].firstIndex(of: name) {
            throw InputError("found column \(name) twice (columns \(j + 1) and \(k + 1)); expected each column once",
                             at: SourceLocation(file: path, line: lineNumber))
          }
        }
        header = fields
        headerLine = lineNumber
        continue
      }
      guard fields.count == names.count else {
        throw InputError(
          "found \(fields.count) fields; expected \(names.count) (\(names.joined(separator: ",")))",
          at: SourceLocation(file: path, line: lineNumber))
      }
      rows.append(fields)
      rowLines.append(lineNumber)
    }
    guard let names = header else {
      throw InputError("found no header line; expected a header of column names", at: SourceLocation(file: path))
    }
    guard !rows.isEmpty else {
      throw InputError("found no data rows after the header; expected at least one row",
                       at: SourceLocation(file: path, line: headerLine))
    }
    return CSVTable(path: path, metadata: metadata, metadataLines: metadataLines, columns: names,
                    headerLine: headerLine, rows: rows, rowLines: rowLines)
  }

  /// The location of row `row` (0-based), for messages.
  public func location(row: Int) -> SourceLocation { SourceLocation(file: path, line: rowLines[row]) }

  /// The header's location, for messages about columns.
  public var headerLocation: SourceLocation { SourceLocation(file: path, line: headerLine) }

  /// Whether the header has `name`.
  public func has(_ name: String) -> Bool { columns.contains(name) }

  /// Checks that every name in `required` is present and that no column outside
  /// `required ∪ optional` is (a typo would otherwise drop data silently).
  public func checkColumns(required: [String], optional: [String] = []) throws {
    for name in required where !columns.contains(name) {
      throw InputError(
        "found no column \(name) in the header (\(columns.joined(separator: ","))); expected columns \(required.joined(separator: ","))",
        at: headerLocation)
    }
    let allowed = Set(required + optional)
    for (k, name) in columns.enumerated() where !allowed.contains(name) {
      throw InputError(
        "found unknown column '\(name)' (column \(k + 1)); expected \((required + optional).joined(separator: ", "))",
        at: headerLocation)
    }
  }

  /// The column's index, or an error at the header naming the missing column.
  public func index(of name: String) throws -> Int {
    guard let k = columns.firstIndex(of: name) else {
      throw InputError("found no column \(name) in the header (\(columns.joined(separator: ","))); expected it",
                       at: headerLocation)
    }
    return k
  }

  /// Every cell of `name` as a finite number; an empty cell is an error.
  ///
  /// - Parameter accept: an extra check (for example `{ $0 > 0 }`) with the phrase
  ///   the message uses for what was expected ("a number > 0").
  public func numbers(_ name: String, accept: ((Double) -> Bool)? = nil, expected: String = "a finite decimal number")
    throws -> [Double]
  {
    try optionalNumbers(name, accept: accept, expected: expected).enumerated().map { i, v in
      guard let v else {
        throw InputError("found an empty cell in column \(name); expected \(expected)", at: location(row: i))
      }
      return v
    }
  }

  /// Every cell of `name`, `nil` where the cell is empty (a masked value).
  public func optionalNumbers(_ name: String, accept: ((Double) -> Bool)? = nil,
                              expected: String = "a finite decimal number") throws -> [Double?]
  {
    let k = try index(of: name)
    return try rows.indices.map { i in
      let cell = rows[i][k]
      if cell.isEmpty { return nil }
      guard let v = DecimalNumber.parse(cell), accept?(v) ?? true else {
        throw InputError("found '\(cell)' in column \(name); expected \(expected)", at: location(row: i))
      }
      return v
    }
  }

  /// Every cell of `name` as an integer; an empty cell or a non-integer is an error.
  public func integers(_ name: String, accept: ((Int) -> Bool)? = nil, expected: String = "an integer") throws -> [Int] {
    let k = try index(of: name)
    return try rows.indices.map { i in
      let cell = rows[i][k]
      guard let v = Int(cell), accept?(v) ?? true else {
        throw InputError("found '\(cell)' in column \(name); expected \(expected)", at: location(row: i))
      }
      return v
    }
  }

  /// Every cell of `name` as text; an empty cell is an error.
  public func strings(_ name: String) throws -> [String] {
    let k = try index(of: name)
    return try rows.indices.map { i in
      guard !rows[i][k].isEmpty else {
        throw InputError("found an empty cell in column \(name); expected a name", at: location(row: i))
      }
      return rows[i][k]
    }
  }

  /// A metadata value read as a finite number (its first blank-separated token, so a
  /// trailing remark is allowed), or `nil` when the key is absent.
  public func metadataNumber(_ key: String, accept: ((Double) -> Bool)? = nil,
                             expected: String = "a finite decimal number") throws -> Double?
  {
    guard let value = metadata[key] else { return nil }
    let token = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
    guard let v = DecimalNumber.parse(token), accept?(v) ?? true else {
      throw InputError("found \(key) = \(value); expected \(expected)",
                       at: SourceLocation(file: path, line: metadataLines[key]))
    }
    return v
  }
}
