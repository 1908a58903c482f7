/// The entries of A⁻¹ on the pattern of a Cholesky factor P A Pᵀ = L Lᵀ, without forming A⁻¹,
/// and optionally their derivative along a direction E, d/dε (A + εE)⁻¹ = −A⁻¹EA⁻¹.
///
/// Why: a regularization rule needs tr((A + λB)⁻¹A) at every λ, and a covariance needs the
/// diagonal of an inverse, or of A⁻¹XA⁻¹ (a sandwich), which is a derivative of one. Both use
/// only the entries of Z = A⁻¹ where a sparse matrix is non-zero, and those all lie on the
/// pattern of L + Lᵀ, which Z restricted to that pattern closes under the recurrence of
/// Takahashi, Fagan & Chen (1973) (see also Erisman & Tinney, *Comm. ACM* 18:177, 1975).
/// From Lᵀ Z = L⁻¹, for the columns j = n−1 down to 0:
///
///     Z_kj = −(1/l_jj) Σ_{i ∈ S_j} l_ij Z_ik      (k ∈ S_j),
///     Z_jj = 1/l_jj² − (1/l_jj) Σ_{i ∈ S_j} l_ij Z_ij,
///
/// where S_j are the rows below the diagonal in column j of L. Every Z_ik with i, k ∈ S_j is
/// on the pattern (the filled graph is chordal), in a column already done. The cost is
/// Σ_j Σ_{k ∈ S_j} |column k|: O(n·p²) for a band of half-width p, the same order as the
/// factorization.
///
/// The derivative runs the same recurrences in dual numbers (value, derivative): first the
/// left-looking Cholesky for dL from dL Lᵀ + L dLᵀ = P E Pᵀ, then Takahashi's. It is exact
/// (no step size) and costs about twice as much again.
///
/// Storage: L is lower-triangular compressed columns in the permuted numbering, each column
/// with its diagonal first and its other rows ascending; Z is returned on the same layout.
package enum SelectedInverse {
  /// A lower-triangular factor in compressed columns, diagonal first in each column.
  package struct LowerFactor {
    package var columnStarts: [Int]
    package var rowIndices: [Int]
    package var values: [Double]
    package var dimension: Int { columnStarts.count - 1 }

    /// Checks the layout (a precondition failure otherwise): n + 1 starts, each column
    /// starting with its own, positive diagonal, the other rows ascending below it.
    package init(columnStarts: [Int], rowIndices: [Int], values: [Double]) {
      let n = columnStarts.count - 1
      precondition(n >= 0 && rowIndices.count == values.count && values.count == columnStarts[n],
        "SelectedInverse: arrays of a compressed-column factor expected")
      for j in 0..<n {
        let start = columnStarts[j], end = columnStarts[j + 1]
        precondition(end > start && rowIndices[start] == j && values[start] > 0,
          "SelectedInverse: column \(j) must start with a positive diagonal")
        for e in (start + 1)..<end {
          precondition(rowIndices[e] > rowIndices[e - 1] && rowIndices[e] < n,
            "SelectedInverse: rows of column \(j) must ascend below the diagonal")
        }
      }
      self.columnStarts = columnStarts
      self.rowIndices = rowIndices
      self.values = values
    }
  }

  /// Z = (L Lᵀ)⁻¹ on the pattern of L (same layout as `factor.values`).
  ///
  /// The pattern must be closed as a Cholesky factor's is (checked by `assert` in debug
  /// builds); an unclosed one gives wrong values.
  package static func onFactorPattern(_ factor: LowerFactor) -> [Double] {
    takahashi(factor, factor.values)
  }

  /// Z and dZ = −Z Ẽ Z on the pattern of L, Ẽ = P E Pᵀ given as its lower triangle on
  /// that same pattern (`directionOnPattern`, zero where E has no entry).
  package static func onFactorPattern(_ factor: LowerFactor, derivativeAlong directionOnPattern: [Double]) -> (
    values: [Double], derivatives: [Double]
  ) {
    precondition(directionOnPattern.count == factor.values.count, "SelectedInverse: direction must lie on the factor's pattern")
    let dl = factorDerivative(factor, directionOnPattern)
    let z = takahashi(factor, zip(factor.values, dl).map { Dual($0, $1) })
    return (z.map(\.value), z.map(\.derivative))
  }

  /// The arithmetic Takahashi's recurrence needs: `Double`, or `Dual` for the derivative.
  protocol Scalar {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static var zero: Self { get }
    static var one: Self { get }
  }

  /// A number with its derivative along one direction (forward-mode differentiation).
  struct Dual: Scalar {
    var value: Double
    var derivative: Double
    init(_ value: Double, _ derivative: Double) {
      self.value = value
      self.derivative = derivative
    }
    static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.derivative + b.derivative) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, a.derivative - b.derivative) }
    static func * (a: Dual, b: Dual) -> Dual {
      Dual(a.value * b.value, a.derivative * b.value + a.value * b.derivative)
    }
    static func / (a: Dual, b: Dual) -> Dual {
      let q = a.value / b.value
      return Dual(q, (a.derivative - q * b.derivative) / b.value)
    }
    static prefix func - (a: Dual) -> Dual { Dual(-a.value, -a.derivative) }
    static let zero = Dual(0, 0)
    static let one = Dual(1, 0)
  }

  /// Takahashi's recurrence on L's values `l` (in dual numbers: with dL as derivatives).
  static func takahashi<T: Scalar>(_ factor: LowerFactor, _ l: [T]) -> [T] {
    let n = factor.dimension
    var z = [T](repeating: .zero, count: l.count)
    // position[r] = where row r sits in the current column j (−1: not in S_j).
    var position = [Int](repeating: -1, count: n)
    factor.columnStarts.withUnsafeBufferPointer { p in
      factor.rowIndices.withUnsafeBufferPointer { row in
        l.withUnsafeBufferPointer { l in
          z.withUnsafeMutableBufferPointer { z in
            position.withUnsafeMutableBufferPointer { position in
              for j in stride(from: n - 1, through: 0, by: -1) {
                let start = p[j], end = p[j + 1]
                for e in (start + 1)..<end { position[row[e]] = e }
                // z[e] for e in column j accumulates Σ_i l_ij Z_i,row(e) over i ∈ S_j. Each
                // unordered pair {i, k} ⊂ S_j is met once, in column min(i, k) of Z.
                for e in (start + 1)..<end {
                  let k = row[e], lkj = l[e]
                  var found = 0
                  for f in p[k]..<p[k + 1] {
                    let q = position[row[f]]
                    guard q >= 0 else { continue }
                    found += 1
                    let zrk = z[f]
                    z[q] = z[q] + lkj * zrk
                    if q != e { z[e] = z[e] + l[q] * zrk }
                  }
                  assert(found == end - e, "SelectedInverse: the factor's pattern is not closed at column \(k)")
                }
                let ljj = l[start]
                var offDiagonal = T.zero
                for e in (start + 1)..<end {
                  z[e] = -z[e] / ljj
                  offDiagonal = offDiagonal + l[e] * z[e]
                  position[row[e]] = -1
                }
                z[start] = T.one / (ljj * ljj) - offDiagonal / ljj
              }
            }
          }
        }
      }
    }
    return z
  }

  /// dL with dL Lᵀ + L dLᵀ = Ẽ on L's pattern: the left-looking Cholesky column
  /// v = Ẽ_{j:,j} − Σ_{k<j} L_{j:,k} l_jk, l_jj = √v_j, L_{i,j} = v_i/l_jj, differentiated
  /// with L known: dv = Ẽ_{j:,j} − Σ_k (dL_{j:,k} l_jk + L_{j:,k} dl_jk),
  /// dl_jj = dv_j/(2l_jj), dl_ij = (dv_i − l_ij dl_jj)/l_jj.
  static func factorDerivative(_ factor: LowerFactor, _ direction: [Double]) -> [Double] {
    let n = factor.dimension
    let p = factor.columnStarts, row = factor.rowIndices, l = factor.values
    // rowEntries[r] lists the entries (column k < r, index e) of row r below the diagonal.
    var rowStarts = [Int](repeating: 0, count: n + 1)
    for j in 0..<n { for e in (p[j] + 1)..<p[j + 1] { rowStarts[row[e] + 1] += 1 } }
    for r in 0..<n { rowStarts[r + 1] += rowStarts[r] }
    var fill = rowStarts
    var rowEntries = [Int](repeating: 0, count: rowStarts[n])
    for j in 0..<n {
      for e in (p[j] + 1)..<p[j + 1] {
        rowEntries[fill[row[e]]] = e
        fill[row[e]] += 1
      }
    }
    var columnOf = [Int](repeating: 0, count: l.count)
    for j in 0..<n { for e in p[j]..<p[j + 1] { columnOf[e] = j } }
    var dl = [Double](repeating: 0, count: l.count)
    var dv = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for e in p[j]..<p[j + 1] { dv[row[e]] = direction[e] }
      for entry in rowStarts[j]..<rowStarts[j + 1] {
        let e = rowEntries[entry]  // l_jk, k = columnOf[e]; rows ≥ j of column k start at e
        let k = columnOf[e]
        let ljk = l[e], dljk = dl[e]
        for f in e..<p[k + 1] { dv[row[f]] -= dl[f] * ljk + l[f] * dljk }
      }
      let ljj = l[p[j]]
      let dljj = dv[j] / (2 * ljj)
      dl[p[j]] = dljj
      dv[j] = 0
      for e in (p[j] + 1)..<p[j + 1] {
        dl[e] = (dv[row[e]] - l[e] * dljj) / ljj
        dv[row[e]] = 0
      }
    }
    return dl
  }
}

extension Double: SelectedInverse.Scalar {
  static var one: Double { 1 }
}
