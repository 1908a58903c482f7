import Foundation

/// Residual diagnostics: the histogram against the normal density, the normal QQ plot,
/// and the residual averaged along each axis of the face.
package enum ResidualStatistics {
  /// The standard normal quantile Φ⁻¹(p), 0 < p < 1.
  ///
  /// Acklam's rational approximation (P. J. Acklam, "An algorithm for computing the
  /// inverse normal cumulative distribution function", 2003; relative error below
  /// 1.15e-9), refined by one Halley step on Φ(x) − p with Φ from `erfc`, which brings it
  /// to about machine precision. `p` outside (0, 1) is a precondition failure.
  package static func normalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1, "normalQuantile needs 0 < p < 1")
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
             -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
             -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
             4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    var x: Double
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - low {
      let q = p - 0.5, r = q * q
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    // One Halley step (Acklam's refinement).
    let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x -= u / (1 + x * u / 2)
    return x
  }

  /// A histogram on `bins` equal bins over [lo, hi] (values outside are counted in the end bins).
  package static func histogram(_ xs: [Double], lo: Double, hi: Double, bins: Int) -> (centres: [Double], counts: [Int]) {
    precondition(bins >= 1 && hi > lo, "a histogram needs bins and lo < hi")
    let h = (hi - lo) / Double(bins)
    var counts = [Int](repeating: 0, count: bins)
    for x in xs { counts[min(bins - 1, max(0, Int(((x - lo) / h).rounded(.down))))] += 1 }
    return ((0..<bins).map { lo + (Double($0) + 0.5) * h }, counts)
  }

  /// The normal QQ plot: sorted values against Φ⁻¹((i + 0.5)/n), at most `maxPoints` of
  /// them (evenly spaced in rank, always keeping the two extremes).
  package static func qq(_ xs: [Double], maxPoints: Int) -> (theoretical: [Double], sample: [Double]) {
    let sorted = xs.sorted()
    let n = sorted.count
    guard n > 0 else { return ([], []) }
    let ranks: [Int] = n <= maxPoints ? Array(0..<n)
      : (0..<maxPoints).map { Int((Double($0) * Double(n - 1) / Double(maxPoints - 1)).rounded()) }
    return (ranks.map { normalQuantile((Double($0) + 0.5) / Double(n)) }, ranks.map { sorted[$0] })
  }

  /// The mean of `values` over the slices of `coordinate`, with each slice's count: one
  /// slice per distinct coordinate (to 1e-9 of the range) when there are at most `bins` of
  /// them (grid data: no slice mixes two lines of points), else `bins` equal slices.
  package static func profile(coordinate: [Double], values: [Double], bins: Int) -> (centres: [Double], means: [Double], counts: [Int]) {
    guard let lo = coordinate.min(), let hi = coordinate.max() else { return ([], [], []) }
    let tol = 1e-9 * max(hi - lo, 1e-300)
    var distinct = [Double]()
    for x in coordinate.sorted() where distinct.last.map({ x - $0 > tol }) ?? true {
      distinct.append(x)
      if distinct.count > bins { break }
    }
    if distinct.count <= bins {
      var sum = [Double](repeating: 0, count: distinct.count), count = [Int](repeating: 0, count: distinct.count)
      for (k, x) in coordinate.enumerated() {
        var l = 0, h = distinct.count - 1
        while l < h { let m = (l + h) / 2; if distinct[m] < x - tol { l = m + 1 } else { h = m } }
        sum[l] += values[k]
        count[l] += 1
      }
      return (distinct, distinct.indices.map { sum[$0] / Double(count[$0]) }, count)
    }
    let n = hi > lo ? bins : 1
    let h = hi > lo ? (hi - lo) / Double(n) : 1
    var sum = [Double](repeating: 0, count: n), count = [Int](repeating: 0, count: n)
    for (k, x) in coordinate.enumerated() {
      let i = min(n - 1, max(0, Int((x - lo) / h)))
      sum[i] += values[k]
      count[i] += 1
    }
    let keep = (0..<n).filter { count[$0] > 0 }
    return (keep.map { lo + (Double($0) + 0.5) * h }, keep.map { sum[$0] / Double(count[$0]) }, keep.map { count[$0] })
  }
}
