import FeinvertFiles

/// The byte-level path of a measured-data file's rows under a software layout or a
/// column map (DICe, VIC-3D, MatchID, mapped tables): no `String` per row or cell.
///
/// A row is read here only when it has no quote and reads cleanly; anything else (a
/// comment, a quote, a wrong field count, a cell that is not a number, a value out of
/// range) is left to `Reading.row`, the `String` path, which reads it or throws today's
/// message at today's line. The values are those of that path bit for bit: its cell
/// rule (`CSVSeparator.decimalValue`, NaN cells) read from the bytes, the same scale
/// applied once (the `String` path prints the scaled double and reads it back, which
/// round-trips exactly).
extension MeasuredDataReader.Reading {
  /// Reads one data row from its bytes, or returns false (nothing changed) for the
  /// `String` path to read it.
  ///
  /// - Parameters:
  ///   - ranges: scratch for the cells' byte ranges.
  ///   - values: scratch of at least `sources.count` doubles.
  mutating func rowFast(_ line: UnsafeBufferPointer<UInt8>, line number: Int, ranges: inout [Range<Int>],
                        values: UnsafeMutableBufferPointer<Double>) -> Bool {
    guard let first = CSVLines.firstNonBlank(line), first != UInt8(ascii: "#"), first != UInt8(ascii: "*"),
          !line.contains(UInt8(ascii: "\"")), table != nil, values.count >= sources.count
    else { return false }
    // The cells: the line trimmed, split at the separator (runs of blanks under
    // `.whitespace`), each cell trimmed, as `CSVSeparator.split` does without quotes.
    let whole = CSVLines.trimmed(line, from: 0, to: line.count)
    ranges.removeAll(keepingCapacity: true)
    var i = whole.lowerBound
    var start = i
    let end = whole.upperBound
    while i < end {
      let u = line[i]
      let separates: Bool
      switch separator {
      case .comma: separates = u == UInt8(ascii: ",")
      case .semicolon: separates = u == UInt8(ascii: ";")
      case .tab: separates = u == 9
      case .whitespace: separates = u == 32 || u == 9
      }
      if separates {
        ranges.append(CSVLines.trimmed(line, from: start, to: i))
        i += 1
        if separator == .whitespace { while i < end && (line[i] == 32 || line[i] == 9) { i += 1 } }
        start = i
        continue
      }
      i += 1
    }
    if !whole.isEmpty { ranges.append(CSVLines.trimmed(line, from: start, to: end)) }
    if trailingEmpty, ranges.count == cells.count + 1, ranges.last?.isEmpty == true { ranges.removeLast() }
    guard ranges.count == cells.count else { return false }
    for k in maskColumns {
      let cell = UnsafeBufferPointer(rebasing: line[ranges[k]])
      if Self.isNaN(cell) {
        return maskRow(layout?.maskReason ?? "a negative value in the mask column", line: number)
      }
      if let v = decimalValue(cell) {
        if v < 0 { return maskRow(layout?.maskReason ?? "a negative value in the mask column", line: number) }
      } else if !cell.isEmpty {
        return false
      }
    }
    guard let columns = table?.columns else { return false }
    for (j, source) in sources.enumerated() {
      guard let k = source else {
        values[j] = planeZ ?? 0
        continue
      }
      let cell = UnsafeBufferPointer(rebasing: line[ranges[k]])
      if cell.isEmpty { values[j] = .nan; continue }
      if foreign && Self.isNaN(cell) {
        if case .coordinate = columns[j] { return maskRow("coordinates NaN", line: number) }
        values[j] = .nan
        continue
      }
      guard let v = decimalValue(cell) else { return false }
      values[j] = v * scales[j]
    }
    guard table?.appendParsed(UnsafeBufferPointer(rebasing: values[0..<sources.count]), line: number) == true else {
      return false
    }
    rowsRead += 1
    return true
  }

  /// Counts a row read and dropped for `reason`.
  private mutating func maskRow(_ reason: String, line number: Int) -> Bool {
    rowsRead += 1
    mask(reason, line: number)
    return true
  }

  /// `CSVSeparator.decimalValue` on a cell's bytes.
  func decimalValue(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
    guard separator.allowsDecimalComma, let comma = cell.firstIndex(of: UInt8(ascii: ",")) else {
      return DecimalBytes.parse(cell)
    }
    guard !cell.contains(UInt8(ascii: ".")), cell.lastIndex(of: UInt8(ascii: ",")) == comma else { return nil }
    var copy = Array(cell)
    copy[comma] = UInt8(ascii: ".")
    return copy.withUnsafeBufferPointer { DecimalBytes.parse($0) }
  }

  /// `Reading.isNaN` on a cell's bytes: `nan`, `-nan` or `+nan`, in any case.
  static func isNaN(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    if cell.count == 4 {
      guard cell[0] == UInt8(ascii: "-") || cell[0] == UInt8(ascii: "+") else { return false }
      i = 1
    } else if cell.count != 3 {
      return false
    }
    return cell[i] | 0x20 == UInt8(ascii: "n") && cell[i + 1] | 0x20 == UInt8(ascii: "a")
      && cell[i + 2] | 0x20 == UInt8(ascii: "n")
  }
}
