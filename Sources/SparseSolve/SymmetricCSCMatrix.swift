/// A symmetric sparse matrix that stores its upper triangle in compressed sparse column form.
///
/// Only entries with `row <= column` are stored. Indices are 0-based. Row indices are sorted
/// ascending within each column, with no duplicates. Column `j` holds the entries
/// `columnStarts[j] ..< columnStarts[j + 1]` of `rowIndices` and `values`.
///
/// This is the layout CHOLMOD calls `stype = 1` (upper), `sorted = 1`, `packed = 1`.
public struct SymmetricCSCMatrix: Sendable {
  /// The number of rows and of columns.
  public let dimension: Int
  /// Where each column starts in `rowIndices` and `values`; `dimension + 1` entries, the first 0.
  public var columnStarts: [Int]
  /// The 0-based row index of each stored entry; each is `<=` its column.
  public var rowIndices: [Int]
  /// The value of each stored entry.
  public var values: [Double]

  /// Creates a matrix from its compressed-column arrays.
  ///
  /// `columnStarts.count` must equal `dimension + 1`, `columnStarts.first` must be 0, and
  /// `rowIndices.count` and `values.count` must both equal `columnStarts.last`, or a
  /// precondition failure occurs. Sortedness and `row <= column` are checked by `assert`.
  public init(dimension: Int, columnStarts: [Int], rowIndices: [Int], values: [Double]) {
    precondition(dimension >= 0, "SymmetricCSCMatrix: dimension must be non-negative")
    precondition(
      columnStarts.count == dimension + 1,
      "SymmetricCSCMatrix: columnStarts.count must equal dimension + 1")
    precondition(columnStarts.first == 0, "SymmetricCSCMatrix: columnStarts[0] must be 0")
    precondition(
      rowIndices.count == columnStarts[dimension] && values.count == columnStarts[dimension],
      "SymmetricCSCMatrix: rowIndices.count and values.count must equal columnStarts.last")
    assert(
      Self.isValidUpperPattern(dimension, columnStarts, rowIndices),
      "SymmetricCSCMatrix: rows must be sorted, unique and <= their column")
    self.dimension = dimension
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
    self.values = values
  }

  /// The number of stored entries (upper triangle, diagonal included).
  public var storedCount: Int { columnStarts[dimension] }

  /// Computes `y = A x` with the full symmetric matrix (both triangles).
  ///
  /// `x.count` must equal `dimension`, or a precondition failure occurs.
  /// - Complexity: O(number of stored entries).
  public func multiply(_ x: [Double]) -> [Double] {
    precondition(x.count == dimension, "SymmetricCSCMatrix.multiply: x.count must equal dimension")
    var y = [Double](repeating: 0, count: dimension)
    let n = dimension
    columnStarts.withUnsafeBufferPointer { p in
      rowIndices.withUnsafeBufferPointer { ri in
        values.withUnsafeBufferPointer { v in
          x.withUnsafeBufferPointer { xb in
            y.withUnsafeMutableBufferPointer { yb in
              for j in 0..<n {
                let xj = xb[j]
                var sum = 0.0
                for k in p[j]..<p[j + 1] {
                  let i = ri[k]
                  let a = v[k]
                  if i == j {
                    sum += a * xj
                  } else {
                    yb[i] += a * xj
                    sum += a * xb[i]
                  }
                }
                yb[j] += sum
              }
            }
          }
        }
      }
    }
    return y
  }

  /// The position in `values` of the entry `(row, column)`, or `nil` if it is not stored.
  ///
  /// Both indices are 0-based and `row <= column` is required (upper triangle), or a
  /// precondition failure occurs.
  /// - Complexity: O(log(entries in the column)), by binary search.
  public func entryIndex(row: Int, column: Int) -> Int? {
    precondition(row <= column, "SymmetricCSCMatrix.entryIndex: row must be <= column")
    precondition(
      column >= 0 && column < dimension && row >= 0, "SymmetricCSCMatrix.entryIndex: out of range")
    return rowIndices.sortedIndex(of: row, in: columnStarts[column]..<columnStarts[column + 1])
  }

  /// Builds the upper triangle of a dense symmetric row-major `n x n` matrix, keeping the
  /// entries that are not exactly zero plus every diagonal entry. For tests.
  package static func fromDense(_ a: [Double], n: Int) -> SymmetricCSCMatrix {
    precondition(a.count == n * n, "fromDense: a.count must equal n*n")
    var starts = [0]
    var rows: [Int] = []
    var vals: [Double] = []
    for j in 0..<n {
      for i in 0...j where a[i * n + j] != 0 || i == j {
        rows.append(i)
        vals.append(a[i * n + j])
      }
      starts.append(rows.count)
    }
    return SymmetricCSCMatrix(dimension: n, columnStarts: starts, rowIndices: rows, values: vals)
  }

  /// The full symmetric matrix (both triangles), dense row-major `n x n`. For tests.
  package func dense() -> [Double] {
    let n = dimension
    var a = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      for e in columnStarts[j]..<columnStarts[j + 1] {
        a[rowIndices[e] * n + j] = values[e]
        a[j * n + rowIndices[e]] = values[e]
      }
    }
    return a
  }

  static func isValidUpperPattern(_ n: Int, _ starts: [Int], _ rows: [Int]) -> Bool {
    for j in 0..<n {
      guard starts[j] <= starts[j + 1] else { return false }
      var previous = -1
      for k in starts[j]..<starts[j + 1] {
        let i = rows[k]
        guard i > previous, i <= j else { return false }
        previous = i
      }
    }
    return true
  }
}

extension Array where Element == Int {
  /// Where `value` sits in `self[range]`, which must ascend (a compressed column's rows), or
  /// nil; by binary search.
  package func sortedIndex(of value: Int, in range: Range<Int>) -> Int? {
    var lo = range.lowerBound, hi = range.upperBound
    while lo < hi {
      let mid = (lo + hi) / 2
      if self[mid] == value { return mid }
      if self[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return nil
  }
}
