import Foundation

/// The lines of a text file as byte ranges, for readers that parse large files without a
/// `String` per line or cell.
///
/// Lines are split at `\n` exactly as `text.utf8.split(separator: "\n",
/// omittingEmptySubsequences: false)` splits them (a `\r` before the `\n` stays in the
/// line, for the cell trimming to drop), so line numbers agree with the readers' older
/// `String` paths.
package enum CSVLines {
  /// The line count and whether the last line is empty (the text ends with `\n`, or is
  /// empty), as the split above would give them.
  package struct Summary: Sendable, Equatable {
    package var count: Int
    package var lastIsEmpty: Bool
  }

  /// Calls `body(offset, bytes)` for every line of `text` (offset 0-based; the line's
  /// bytes without its `\n`). The pointer is valid only during the call.
  ///
  /// - Complexity: O(n) in the text's UTF-8 length; no allocation besides making the
  ///   string contiguous when it is not.
  package static func forEach(
    in text: String, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows -> Summary {
    var text = text
    text.makeContiguousUTF8()
    guard let summary = try text.utf8.withContiguousStorageIfAvailable({ try forEach(in: $0, body) }) else {
      preconditionFailure("CSVLines: makeContiguousUTF8 left the string non-contiguous")
    }
    return summary
  }

  /// `forEach(in:_:)` over raw bytes.
  package static func forEach(
    in buffer: UnsafeBufferPointer<UInt8>, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows -> Summary {
    guard let base = buffer.baseAddress, buffer.count > 0 else {
      try body(0, UnsafeBufferPointer(start: nil, count: 0))
      return Summary(count: 1, lastIsEmpty: true)
    }
    var start = 0
    var offset = 0
    let n = buffer.count
    while true {
      let rest = n - start
      let found = rest > 0 ? memchr(base + start, 10, rest) : nil
      guard let found else {
        try body(offset, UnsafeBufferPointer(start: base + start, count: rest))
        return Summary(count: offset + 1, lastIsEmpty: rest == 0)
      }
      let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      try body(offset, UnsafeBufferPointer(start: base + start, count: end - start))
      start = end + 1
      offset += 1
    }
  }

  /// The first byte that is not a space, tab, `\r` or `\n`, or nil for a blank line
  /// (`CSVText.trim`'s blanks).
  @inlinable
  package static func firstNonBlank(_ line: UnsafeBufferPointer<UInt8>) -> UInt8? {
    for u in line where !(u == 32 || u == 9 || u == 13 || u == 10) { return u }
    return nil
  }

  /// The range of `line[from..<to]` without leading and trailing blanks (`CSVText.trim`'s).
  @inlinable
  package static func trimmed(_ line: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Range<Int> {
    var a = from, b = to
    while a < b, line[a] == 32 || line[a] == 9 || line[a] == 13 || line[a] == 10 { a += 1 }
    while b > a, line[b - 1] == 32 || line[b - 1] == 9 || line[b - 1] == 13 || line[b - 1] == 10 { b -= 1 }
    return a..<b
  }
}
