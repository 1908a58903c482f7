/// The entries of A⁻¹ on the pattern of a Cholesky factor P A Pᵀ = L Lᵀ, without forming A⁻¹.
///
/// Why: a regularization rule needs tr((A + λB)⁻¹A) at every λ, and a covariance needs the
/// diagonal of an inverse. Both use only the entries of Z = A⁻¹ where A (or B) is non-zero,
/// and those all lie on the pattern of L + Lᵀ, which Z restricted to that pattern closes
/// under the recurrence of Takahashi, Fagan & Chen (1973) (see also Erisman & Tinney,
/// *Comm. ACM* 18:177, 1975). From Lᵀ Z = L⁻¹, for the columns j = n−1 down to 0:
///
///     Z_kj = −(1/l_jj) Σ_{i ∈ S_j} l_ij Z_ik      (k ∈ S_j),
///     Z_jj = 1/l_jj² − (1/l_jj) Σ_{i ∈ S_j} l_ij Z_ij,
///
/// where S_j are the rows below the diagonal in column j of L. Every Z_ik with i, k ∈ S_j is
/// on the pattern (the filled graph is chordal), in a column already done. The cost is
/// Σ_j Σ_{k ∈ S_j} |column k|: O(n·p²) for a band of half-width p, the same order as the
/// factorization.
///
/// Storage: L is lower-triangular compressed columns in the permuted numbering, each column
/// with its diagonal first and its other rows ascending; Z is returned on the same layout.
package enum SelectedInverse {
  /// Z = (L Lᵀ)⁻¹ on the pattern of L (same layout as `values`).
  ///
  /// `columnStarts` has n + 1 entries; each column's first row is its own index (the
  /// diagonal, positive) and the rest ascend; every column's rows below the diagonal must
  /// form a pattern closed as a Cholesky factor's is. A violation of the layout is a
  /// precondition failure; an unclosed pattern gives wrong values (it is checked by
  /// `assert` in debug builds).
  package static func onFactorPattern(columnStarts: [Int], rowIndices: [Int], values: [Double]) -> [Double] {
    let n = columnStarts.count - 1
    precondition(n >= 0 && rowIndices.count == values.count && values.count == columnStarts[n],
      "SelectedInverse: arrays of a compressed-column factor expected")
    var z = [Double](repeating: 0, count: values.count)
    // position[r] = where row r sits in the current column j (−1: not in S_j).
    var position = [Int](repeating: -1, count: n)
    columnStarts.withUnsafeBufferPointer { p in
      rowIndices.withUnsafeBufferPointer { row in
        values.withUnsafeBufferPointer { l in
          z.withUnsafeMutableBufferPointer { z in
            position.withUnsafeMutableBufferPointer { position in
              for j in stride(from: n - 1, through: 0, by: -1) {
                let start = p[j], end = p[j + 1]
                precondition(end > start && row[start] == j && l[start] > 0,
                  "SelectedInverse: column \(j) must start with a positive diagonal")
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
                    z[q] += lkj * zrk
                    if q != e { z[e] += l[q] * zrk }
                  }
                  assert(found == end - e, "SelectedInverse: the factor's pattern is not closed at column \(k)")
                }
                let ljj = l[start]
                var offDiagonal = 0.0
                for e in (start + 1)..<end {
                  z[e] = -z[e] / ljj
                  offDiagonal += l[e] * z[e]
                  position[row[e]] = -1
                }
                z[start] = 1 / (ljj * ljj) - offDiagonal / ljj
              }
            }
          }
        }
      }
    }
    return z
  }
}
