/// A general square sparse matrix in compressed sparse column form (both triangles stored).
///
/// Indices are 0-based. Row indices are sorted ascending within each column, with no
/// duplicates (UMFPACK requires both). Column `j` holds the entries
/// `columnStarts[j] ..< columnStarts[j + 1]` of `rowIndices` and `values`.
public struct CSCMatrix: Sendable {
  /// The number of rows and of columns.
  public let dimension: Int
  /// Where each column starts in `rowIndices` and `values`; `dimension + 1` entries, the first 0.
  public var columnStarts: [Int]
  /// The 0-based row index of each stored entry.
  public var rowIndices: [Int]
  /// The value of each stored entry.
  public var values: [Double]

  /// Creates a matrix from its compressed-column arrays.
  ///
  /// `columnStarts.count` must equal `dimension + 1`, `columnStarts.first` must be 0, and
  /// `rowIndices.count` and `values.count` must both equal `columnStarts.last`, or a
  /// precondition failure occurs.
  public init(dimension: Int, columnStarts: [Int], rowIndices: [Int], values: [Double]) {
    precondition(dimension >= 0, "CSCMatrix: dimension must be non-negative")
    precondition(
      columnStarts.count == dimension + 1, "CSCMatrix: columnStarts.count must equal dimension + 1")
    precondition(columnStarts.first == 0, "CSCMatrix: columnStarts[0] must be 0")
    precondition(
      rowIndices.count == columnStarts[dimension] && values.count == columnStarts[dimension],
      "CSCMatrix: rowIndices.count and values.count must equal columnStarts.last")
    self.dimension = dimension
    self.columnStarts = columnStarts
    self.rowIndices = rowIndices
    self.values = values
  }

  /// Computes `y = A x`.
  ///
  /// `x.count` must equal `dimension`, or a precondition failure occurs.
  /// - Complexity: O(number of stored entries).
  public func multiply(_ x: [Double]) -> [Double] {
    precondition(x.count == dimension, "CSCMatrix.multiply: x.count must equal dimension")
    var y = [Double](repeating: 0, count: dimension)
    for j in 0..<dimension {
      let xj = x[j]
      for k in columnStarts[j]..<columnStarts[j + 1] {
        y[rowIndices[k]] += values[k] * xj
      }
    }
    return y
  }

  /// Builds a matrix from a dense row-major `n x n` array, keeping the entries that are not
  /// exactly zero. For tests.
  package static func fromDense(_ a: [Double], n: Int) -> CSCMatrix {
    precondition(a.count == n * n, "fromDense: a.count must equal n*n")
    var starts = [0]
    var rows: [Int] = []
    var vals: [Double] = []
    for j in 0..<n {
      for i in 0..<n where a[i * n + j] != 0 {
        rows.append(i)
        vals.append(a[i * n + j])
      }
      starts.append(rows.count)
    }
    return CSCMatrix(dimension: n, columnStarts: starts, rowIndices: rows, values: vals)
  }
}
