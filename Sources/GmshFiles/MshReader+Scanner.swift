import FECommon
import FEKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A cursor over the bytes of a MSH file: lines and tokens for the ASCII parts,
/// fixed-size little- or big-endian values for the binary parts of MSH 4.1 binary.
///
/// Lines are 1-based; `line` is the number of the next line `readLine()` returns.
/// Once `binary` is set, locations are byte offsets (`byte 1234`).
struct MshScanner {
  /// The file's bytes followed by one 0 byte, so `strtod` always stops.
  let bytes: [UInt8]
  /// Number of real bytes (without the terminating 0).
  let count: Int
  let path: String
  var pos = 0
  var line = 1
  /// Whether locations are reported as byte offsets.
  var binary = false
  /// Whether binary values must be byte-swapped (file written on a big-endian machine).
  var swapBytes = false

  init(bytes: [UInt8], path: String) {
    var b = bytes
    b.append(0)
    self.bytes = b
    self.count = bytes.count
    self.path = path
  }

  /// One line of text: byte range (without the line break) and its 1-based number.
  struct Line {
    var start: Int
    var end: Int
    var number: Int
  }

  var atEnd: Bool { pos >= count }

  /// A count from a header, capped by the bytes left, for `reserveCapacity`: a
  /// bogus count in a file must not allocate (or overflow) before it is refuted.
  func plausible(_ n: Int) -> Int { max(0, min(n, count - pos)) }

  /// The location of the current position (line, or byte offset in binary mode).
  var here: SourceLocation {
    binary ? SourceLocation(file: path, key: "byte \(pos)") : SourceLocation(file: path, line: line)
  }

  func location(of line: Line) -> SourceLocation {
    binary ? SourceLocation(file: path, key: "byte \(line.start)") : SourceLocation(file: path, line: line.number)
  }

  /// Location of the end of the file, for truncation errors: the last line that has
  /// any text (or the byte count in binary mode).
  var endLocation: SourceLocation {
    if binary { return SourceLocation(file: path, key: "byte \(count)") }
    var lines = 1
    var lastNonEmpty = 1
    var lineHasText = false
    for i in 0..<count {
      if bytes[i] == 10 {
        if lineHasText { lastNonEmpty = lines }
        lines += 1
        lineHasText = false
      } else if bytes[i] != 13 && bytes[i] != 32 && bytes[i] != 9 {
        lineHasText = true
      }
    }
    if lineHasText { lastNonEmpty = lines }
    return SourceLocation(file: path, line: lastNonEmpty)
  }

  /// The next line, or `nil` at the end of the file. A trailing `\r` is dropped.
  mutating func readLine() -> Line? {
    guard pos < count else { return nil }
    let start = pos
    var end = start
    while end < count && bytes[end] != 10 { end += 1 }
    pos = end < count ? end + 1 : end
    let l = Line(start: start, end: (end > start && bytes[end - 1] == 13) ? end - 1 : end, number: line)
    line += 1
    return l
  }

  /// The next line that is not blank, or `nil` at the end of the file.
  mutating func readNonBlankLine() -> Line? {
    while let l = readLine() {
      if !tokens(l).isEmpty { return l }
    }
    return nil
  }

  /// The next line inside `section`, or a truncation error.
  mutating func requireLine(in section: String) throws(MshError) -> Line {
    guard let l = readLine() else { throw .truncated(section: section, at: endLocation) }
    return l
  }

  /// Whitespace-separated tokens of a line, as byte ranges.
  func tokens(_ l: Line) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var i = l.start
    while i < l.end {
      while i < l.end && (bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 13) { i += 1 }
      if i >= l.end { break }
      let s = i
      while i < l.end && bytes[i] != 32 && bytes[i] != 9 && bytes[i] != 13 { i += 1 }
      result.append(s..<i)
    }
    return result
  }

  func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

  func text(_ l: Line) -> String {
    let s = text(l.start..<l.end)
    return s.count > 60 ? String(s.prefix(57)) + "..." : s
  }

  /// The line's text without surrounding blanks.
  func trimmed(_ l: Line) -> String {
    let t = tokens(l)
    guard let first = t.first, let last = t.last else { return "" }
    return text(first.lowerBound..<last.upperBound)
  }

  /// Parses a decimal integer token.
  func int(_ r: Range<Int>, _ expected: @autoclosure () -> String, at loc: SourceLocation) throws(MshError) -> Int {
    var i = r.lowerBound
    var negative = false
    if i < r.upperBound && (bytes[i] == 45 || bytes[i] == 43) {
      negative = bytes[i] == 45
      i += 1
    }
    guard i < r.upperBound else { throw .badNumber(found: text(r), expected: expected(), at: loc) }
    var v = 0
    while i < r.upperBound {
      let d = Int(bytes[i]) - 48
      guard d >= 0 && d <= 9 else { throw .badNumber(found: text(r), expected: expected(), at: loc) }
      let (m, o1) = v.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(d)
      guard !o1 && !o2 else { throw .badNumber(found: text(r), expected: expected(), at: loc) }
      v = a
      i += 1
    }
    return negative ? -v : v
  }

  /// Parses a finite floating-point token.
  func double(_ r: Range<Int>, _ expected: @autoclosure () -> String, at loc: SourceLocation) throws(MshError) -> Double {
    let value: Double? = bytes.withUnsafeBufferPointer { buf in
      guard let base = buf.baseAddress else { return nil }
      let start = UnsafeMutablePointer(mutating: base + r.lowerBound).withMemoryRebound(to: CChar.self, capacity: r.count) { $0 }
      var endPtr: UnsafeMutablePointer<CChar>? = nil
      let v = strtod(start, &endPtr)
      guard let e = endPtr, e - start == r.count else { return nil }
      return v
    }
    guard let v = value, v.isFinite else { throw .badNumber(found: text(r), expected: expected(), at: loc) }
    return v
  }

  // MARK: binary values

  /// Requires `n` more bytes inside `section`.
  func need(_ n: Int, in section: String) throws(MshError) {
    guard n >= 0, pos + n <= count else { throw .truncated(section: section, at: SourceLocation(file: path, key: "byte \(count)")) }
  }

  mutating func int32(in section: String) throws(MshError) -> Int {
    try need(4, in: section)
    var raw: UInt32 = 0
    for k in 0..<4 { raw |= UInt32(bytes[pos + k]) << (8 * UInt32(k)) }
    pos += 4
    if swapBytes { raw = raw.byteSwapped }
    return Int(Int32(bitPattern: raw))
  }

  /// A `size_t` (8 bytes in MSH 4.1 with data size 8), checked to fit a non-negative `Int`.
  mutating func size(in section: String, _ what: String) throws(MshError) -> Int {
    try need(8, in: section)
    let at = pos
    var raw: UInt64 = 0
    for k in 0..<8 { raw |= UInt64(bytes[pos + k]) << (8 * UInt64(k)) }
    pos += 8
    if swapBytes { raw = raw.byteSwapped }
    guard raw <= UInt64(Int.max) else {
      throw .badNumber(found: String(raw), expected: what, at: SourceLocation(file: path, key: "byte \(at)"))
    }
    return Int(raw)
  }

  mutating func float64(in section: String, _ what: String) throws(MshError) -> Double {
    try need(8, in: section)
    let at = pos
    var raw: UInt64 = 0
    for k in 0..<8 { raw |= UInt64(bytes[pos + k]) << (8 * UInt64(k)) }
    pos += 8
    if swapBytes { raw = raw.byteSwapped }
    let v = Double(bitPattern: raw)
    guard v.isFinite else {
      throw .badNumber(found: String(v), expected: what, at: SourceLocation(file: path, key: "byte \(at)"))
    }
    return v
  }
}
