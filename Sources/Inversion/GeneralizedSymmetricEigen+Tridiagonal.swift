import Foundation

extension GeneralizedSymmetricEigen {
  /// The eigendecomposition of a dense symmetric matrix C = Q diag(θ) Qᵀ: Householder
  /// reduction to tridiagonal form with the transformations accumulated (`tred2`), then the
  /// implicit QL iteration with Wilkinson's shift (`tql2`), as in Wilkinson & Reinsch,
  /// *Handbook for Automatic Computation* II (1971), contributions II/2 and II/3, and their
  /// public-domain transcription in JAMA (NIST/MathWorks, 1999).
  ///
  /// The routines are written on W = Vᵀ (row r of W is column r of JAMA's V), so that every
  /// inner loop runs along contiguous memory.
  ///
  /// - Parameter c: row-major n × n, symmetric.
  /// - Returns: θ ascending and the eigenvectors column-major (vector k is
  ///   `vectors[k*n ..< (k+1)*n]`), orthonormal.
  static func symmetricEigen(_ c: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
    if n == 0 { return ([], []) }
    var w = c  // symmetric, so W = Cᵀ = C to start
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    w.withUnsafeMutableBufferPointer { wp in
      d.withUnsafeMutableBufferPointer { dp in
        e.withUnsafeMutableBufferPointer { ep in
          tridiagonalize(wp, dp, ep, n: n)
          diagonalizeTridiagonal(wp, dp, ep, n: n)
        }
      }
    }
    let order = (0..<n).sorted { d[$0] < d[$1] }
    var vectors = [Double](repeating: 0, count: n * n)
    for (k, row) in order.enumerated() {
      for i in 0..<n { vectors[k * n + i] = w[row * n + i] }
    }
    return (order.map { d[$0] }, vectors)
  }

  /// The eigenvalues alone, ascending: `tred2` without accumulating the transformations and
  /// the QL iteration without vectors, about 4n³/3 flops instead of 7n³.
  static func symmetricEigenvalues(_ c: [Double], n: Int) -> [Double] {
    if n == 0 { return [] }
    var w = c
    var d = [Double](repeating: 0, count: n)
    var e = [Double](repeating: 0, count: n)
    w.withUnsafeMutableBufferPointer { wp in
      d.withUnsafeMutableBufferPointer { dp in
        e.withUnsafeMutableBufferPointer { ep in
          tridiagonalize(wp, dp, ep, n: n, accumulate: false)
          diagonalizeTridiagonal(wp, dp, ep, n: n, vectors: false)
        }
      }
    }
    return d.sorted()
  }

  /// `tred2` on W = Vᵀ: on return d is the diagonal, e[1...] the subdiagonal (e[0] = 0), and
  /// (with `accumulate`) W the transpose of the orthogonal V with C = V T Vᵀ. JAMA's V[r][c]
  /// is `w[c*n + r]`. Without `accumulate` W is left holding the reduction's work.
  static func tridiagonalize(
    _ w: UnsafeMutableBufferPointer<Double>, _ d: UnsafeMutableBufferPointer<Double>,
    _ e: UnsafeMutableBufferPointer<Double>, n: Int, accumulate: Bool = true
  ) {
    for j in 0..<n { d[j] = w[j * n + n - 1] }
    for i in stride(from: n - 1, to: 0, by: -1) {
      var scale = 0.0, h = 0.0
      for k in 0..<i { scale += abs(d[k]) }
      if scale == 0 {
        e[i] = d[i - 1]
        for j in 0..<i {
          d[j] = w[j * n + i - 1]
          w[j * n + i] = 0
          w[i * n + j] = 0
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
          w[i * n + j] = f
          let row = j * n
          g = e[j] + w[row + j] * f
          for k in (j + 1)..<max(j + 1, i) {
            let vkj = w[row + k]
            g += vkj * d[k]
            e[k] += vkj * f
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
          let row = j * n
          for k in j..<i { w[row + k] -= f * e[k] + g * d[k] }
          d[j] = w[row + i - 1]
          w[row + i] = 0
        }
      }
      d[i] = h
    }
    if !accumulate {
      // The reflectors never touch the diagonal entry they leave behind: T's diagonal is V's.
      for j in 0..<n { d[j] = w[j * n + j] }
      e[0] = 0
      return
    }
    // Accumulate the transformations.
    for i in 0..<(n - 1) {
      w[i * n + n - 1] = w[i * n + i]
      w[i * n + i] = 1
      let h = d[i + 1]
      let next = (i + 1) * n
      if h != 0 {
        for k in 0...i { d[k] = w[next + k] / h }
        for j in 0...i {
          let row = j * n
          var g = 0.0
          for k in 0...i { g += w[next + k] * w[row + k] }
          for k in 0...i { w[row + k] -= g * d[k] }
        }
      }
      for k in 0...i { w[next + k] = 0 }
    }
    for j in 0..<n {
      d[j] = w[j * n + n - 1]
      w[j * n + n - 1] = 0
    }
    w[(n - 1) * n + (n - 1)] = 1
    e[0] = 0
  }

  /// `tql2` on the tridiagonal (d, e) with the vectors held as rows of W: on return d holds
  /// the eigenvalues (unsorted) and row k of W the eigenvector of d[k].
  static func diagonalizeTridiagonal(
    _ w: UnsafeMutableBufferPointer<Double>, _ d: UnsafeMutableBufferPointer<Double>,
    _ e: UnsafeMutableBufferPointer<Double>, n: Int, vectors: Bool = true
  ) {
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
            if !vectors { continue }
            let rowI = i * n, rowNext = (i + 1) * n
            for k in 0..<n {
              let hk = w[rowNext + k]
              let wk = w[rowI + k]
              w[rowNext + k] = s * wk + cc * hk
              w[rowI + k] = cc * wk - s * hk
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
