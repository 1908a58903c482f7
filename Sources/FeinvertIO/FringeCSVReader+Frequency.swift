import FECommon
import Foundation

extension FringeCSVReader {
  /// The file's `# grating_frequency` in lines per model length unit, or nil when the file
  /// states none. Only the comment lines before the header are read.
  ///
  /// - Throws: `InputError` at the line of a malformed frequency.
  public static func gratingFrequency(path: String, lengthUnitMetres: Double) throws -> Double? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    let head = String(decoding: handle.readData(ofLength: 1 << 16), as: UTF8.self)
    for (offset, line) in head.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = CSVTextLine.trim(line)
      if trimmed.isEmpty { continue }
      guard trimmed.hasPrefix("#") else { break }
      let body = trimmed.dropFirst()
      guard let eq = body.firstIndex(of: "=") else { continue }
      guard CSVTextLine.trim(body[..<eq]) == "grating_frequency" else { continue }
      let value = String(CSVTextLine.trim(body[body.index(after: eq)...]))
      let f = try gratingFrequency(value, at: SourceLocation(file: path, line: offset + 1))
      return f.linesPerUnit / f.unitMetres * lengthUnitMetres
    }
    return nil
  }
}

/// Blank trimming for the metadata scan above.
enum CSVTextLine {
  static func trim(_ s: Substring) -> Substring {
    var t = s
    while let c = t.first, c == " " || c == "\t" || c == "\r" { t = t.dropFirst() }
    while let c = t.last, c == " " || c == "\t" || c == "\r" { t = t.dropLast() }
    return t
  }
}
