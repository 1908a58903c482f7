import FeinvertFiles

/// The byte-level path of the fringe CSV's data rows: no `String` per line or cell.
///
/// A row is read here only when it reads cleanly; any row this path does not accept
/// (a field count that is wrong, a cell that is not a finite decimal, a value outside
/// its range, a missing sigma) is handed to `Table.append`, the `String` path, which
/// throws today's message at today's line. Values are those of `DecimalNumber.parse`
/// bit for bit (`DecimalBytes`).
extension FringeCSVReader.Table {
  /// Reads a comma-separated row of the fringe CSV (its cells in `columns` order).
  ///
  /// - Parameters:
  ///   - line: the row's bytes, without its `\n`.
  ///   - cells: scratch space of at least `columns.count` doubles.
  /// - Returns: whether the row was read; false leaves the table unchanged.
  mutating func appendFast(_ line: UnsafeBufferPointer<UInt8>, line number: Int,
                           cells: UnsafeMutableBufferPointer<Double>) -> Bool {
    let n = columns.count
    precondition(cells.count >= n, "FringeCSVReader.Table.appendFast: scratch too small")
    var k = 0
    var start = 0
    let count = line.count
    var j = 0
    while j <= count {
      if j == count || line[j] == 44 {
        guard k < n else { return false }
        let r = CSVLines.trimmed(line, from: start, to: j)
        if r.isEmpty {
          cells[k] = .nan
        } else {
          guard let v = DecimalBytes.parse(UnsafeBufferPointer(rebasing: line[r])) else { return false }
          cells[k] = v
        }
        k += 1
        start = j + 1
      }
      j += 1
    }
    guard k == n else { return false }
    return appendParsed(UnsafeBufferPointer(cells), line: number)
  }

  /// Appends a row given as one double per column (`columns` order; NaN: an empty cell)
  /// when it passes every check of `append`, and returns whether it did.
  ///
  /// The cells must hold finite numbers or NaN for empty; the checks are `append`'s, in
  /// its order, so a row refused here is one `append` throws for.
  mutating func appendParsed(_ cells: UnsafeBufferPointer<Double>, line number: Int) -> Bool {
    var p = SIMD3<Double>()
    for axis in 0..<3 {
      let v = cells[coordinateColumns[axis]]
      guard v.isFinite else { return false }
      p[axis] = v
    }
    for (d, s) in zip(dataColumns, sigmaColumns) {
      let value = cells[d]
      guard value.isNaN || abs(value) <= 1e100 else { return false }
      guard let s else { continue }
      let sd = cells[s]
      if sd.isNaN {
        guard value.isNaN else { return false }
      } else {
        guard sd > 0, (1 / sd).isFinite, sd <= 1e100 else { return false }
        guard value.isNaN || abs(value / sd) <= 1e150 else { return false }
      }
    }
    if let w = weightColumn {
      let weight = cells[w]
      guard weight.isNaN || (1e-100...1e100).contains(weight) else { return false }
    }
    points.append(p)
    lines.append(number)
    for (d, s) in zip(dataColumns, sigmaColumns) {
      values.append(cells[d])
      sigma.append(s.map { cells[$0] } ?? .nan)
    }
    if let w = weightColumn {
      let weight = cells[w]
      weights.append(weight.isNaN ? 1 : weight)
    }
    return true
  }
}
