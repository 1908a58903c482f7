import Foundation

extension GeneralizedSymmetricEigen {
  /// The eigendecomposition of a dense symmetric matrix C = Q diag(θ) Qᵀ: Householder
  /// reduction to tridiagonal form with the transformations accumulated (`tred2`), then the
  /// implicit QL iteration with Wilkinson's shift (`tql2`), as in Wilkinson & Reinsch,
  /// *Handbook for Automatic Computation* II (1971), contributions II/2 and II/3, and their
  /// public-domain transcription in JAMA (NIST/MathWorks, 1999).
  ///
  /// - Parameter c: row-major n × n, symmetric.
  /// - Returns: θ ascending and Q row-major (`q[i*n + k]` is component i of vector k).
  static func symmetricEigen(_ c: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    if n == 0 { return ([], []) }
    var v = c
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    tridiagonalize(&v, &d, &e, n: n)
    // QL works on pairs of columns of V; hold Vᵀ so that each pair is two contiguous rows.
    var vt = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { vt[j * n + i] = v[i * n + j] } }
    diagonalizeTridiagonal(&vt, &d, &e, n: n)
    let order = (0..<n).sorted { d[$0] < d[$1] }
    var q = [Double](repeating: 0, count: n * n)
    for (k, col) in order.enumerated() {
      for i in 0..<n { q[i * n + k] = vt[col * n + i] }
    }
    return (order.map { d[$0] }, q)
  }

  /// `tred2`: on return d is the diagonal, e[1...] the subdiagonal (e[0] = 0), and v the
  /// orthogonal matrix with C = V T Vᵀ (row-major).
  static func tridiagonalize(_ v: inout [Double], _ d: inout [Double], _ e: inout [Double], n: Int) {
    for j in 0..<n { d[j] = v[(n - 1) * n + j] }
    for i in stride(from: n - 1, to: 0, by: -1) {
      var scale = 0.0, h = 0.0
      for k in 0..<i { scale += abs(d[k]) }
      if scale == 0 {
        e[i] = d[i - 1]
        for j in 0..<i {
          d[j] = v[(i - 1) * n + j]
          v[i * n + j] = 0
          v[j * n + i] = 0
        }
      } else {
        // The Householder vector of row i, scaled to avoid under- and overflow.
        for k in 0..<i {
          d[k] /= scale
          h += d[k] * d[k]
        }
        var f = d[i - 1]
        var g = h.squareRoot()
        if f > 0 { g = -g }
        e[i] = scale * g
        h -= f * g
        d[i - 1] = f - g
        for j in 0..<i { e[j] = 0 }
        // Apply the similarity transformation to the remaining columns.
        for j in 0..<i {
          f = d[j]
          v[j * n + i] = f
          g = e[j] + v[j * n + j] * f
          for k in (j + 1)..<max(j + 1, i) {
            g += v[k * n + j] * d[k]
            e[k] += v[k * n + j] * f
          }
          e[j] = g
        }
        f = 0
        for j in 0..<i {
          e[j] /= h
          f += e[j] * d[j]
        }
        let hh = f / (h + h)
        for j in 0..<i { e[j] -= hh * d[j] }
        for j in 0..<i {
          f = d[j]
          g = e[j]
          for k in j..<i { v[k * n + j] -= f * e[k] + g * d[k] }
          d[j] = v[(i - 1) * n + j]
          v[i * n + j] = 0
        }
      }
      d[i] = h
    }
    // Accumulate the transformations.
    for i in 0..<(n - 1) {
      v[(n - 1) * n + i] = v[i * n + i]
      v[i * n + i] = 1
      let h = d[i + 1]
      if h != 0 {
        for k in 0...i { d[k] = v[k * n + i + 1] / h }
        for j in 0...i {
          var g = 0.0
          for k in 0...i { g += v[k * n + i + 1] * v[k * n + j] }
          for k in 0...i { v[k * n + j] -= g * d[k] }
        }
      }
      for k in 0...i { v[k * n + i + 1] = 0 }
    }
    for j in 0..<n {
      d[j] = v[(n - 1) * n + j]
      v[(n - 1) * n + j] = 0
    }
    v[(n - 1) * n + (n - 1)] = 1
    e[0] = 0
  }

  /// `tql2` on the tridiagonal (d, e) with the vectors held as rows of `vt`: on return d holds
  /// the eigenvalues (unsorted) and row k of `vt` the eigenvector of d[k].
  static func diagonalizeTridiagonal(_ vt: inout [Double], _ d: inout [Double], _ e: inout [Double], n: Int) {
    for i in 1..<max(n, 1) { e[i - 1] = e[i] }
    e[n - 1] = 0
    var f = 0.0, tst1 = 0.0
    let eps = Double.ulpOfOne
    for l in 0..<n {
      tst1 = max(tst1, abs(d[l]) + abs(e[l]))
      var m = l
      while m < n - 1 && abs(e[m]) > eps * tst1 { m += 1 }
      if m > l {
        var iterations = 0
        repeat {
          iterations += 1
          // Wilkinson's shift from the leading 2 × 2 block.
          var g = d[l]
          var p = (d[l + 1] - g) / (2 * e[l])
          var r = (p * p + 1).squareRoot()
          if p < 0 { r = -r }
          d[l] = e[l] / (p + r)
          d[l + 1] = e[l] * (p + r)
          let dl1 = d[l + 1]
          var h = g - d[l]
          for i in (l + 2)..<max(l + 2, n) { d[i] -= h }
          f += h
          // The implicit QL sweep.
          p = d[m]
          var cc = 1.0, c2 = 1.0, c3 = 1.0
          let el1 = e[l + 1]
          var s = 0.0, s2 = 0.0
          for i in stride(from: m - 1, through: l, by: -1) {
            c3 = c2
            c2 = cc
            s2 = s
            g = cc * e[i]
            h = cc * p
            r = (p * p + e[i] * e[i]).squareRoot()
            e[i + 1] = s * r
            s = e[i] / r
            cc = p / r
            p = cc * d[i] - s * g
            d[i + 1] = h + s * (cc * g + s * d[i])
            let rowI = i * n, rowNext = (i + 1) * n
            for k in 0..<n {
              let hk = vt[rowNext + k]
              vt[rowNext + k] = s * vt[rowI + k] + cc * hk
              vt[rowI + k] = cc * vt[rowI + k] - s * hk
            }
          }
          p = -s * s2 * c3 * el1 * e[l] / dl1
          e[l] = s * p
          d[l] = cc * p
        } while abs(e[l]) > eps * tst1 && iterations < 60
      }
      d[l] += f
      e[l] = 0
    }
  }
}
