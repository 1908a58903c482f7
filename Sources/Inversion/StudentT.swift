import Foundation

/// Quantiles of the Student t and normal distributions, for confidence intervals.
package enum StudentT {
  /// The regularized incomplete beta function I_x(a, b), by Lentz's continued fraction
  /// (Press et al., *Numerical Recipes*, 3rd ed., §6.4, eq. 6.4.5), accurate to ~1e-14.
  package static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let lnBeta: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
    let lnFront: Double = lnBeta + a * log(x) + b * log(1 - x)
    if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
    let tiny = 1e-300
    var c = 1.0, d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for k in 1...20000 {  // converges in O(√max(a, b)) terms
      let m = Double(k)
      var num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + num * d; if abs(d) < tiny { d = tiny }
      c = 1 + num / c; if abs(c) < tiny { c = tiny }
      d = 1 / d; h *= d * c
      num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + num * d; if abs(d) < tiny { d = tiny }
      c = 1 + num / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
    }
    return exp(lnFront) * h / a
  }

  /// P(T ≤ t) for Student's t with ν degrees of freedom.
  package static func cdf(_ t: Double, dof nu: Double) -> Double {
    let tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5)
    return t >= 0 ? 1 - tail : tail
  }

  /// The quantile t_{p,ν} (p in (0.5, 1)), by bisection on the cdf to 1e-12 relative;
  /// the normal quantile when ν is infinite.
  package static func quantile(_ p: Double, dof nu: Double) -> Double {
    precondition(p > 0.5 && p < 1, "StudentT.quantile: p must lie in (0.5, 1)")
    if !nu.isFinite { return normalQuantile(p) }
    var lo = 0.0, hi = 1.0
    while cdf(hi, dof: nu) < p { hi *= 2 }
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if cdf(mid, dof: nu) < p { lo = mid } else { hi = mid }
      if hi - lo <= 1e-12 * hi { break }
    }
    return 0.5 * (lo + hi)
  }

  /// The standard normal quantile, by bisection on ½erfc(−x/√2) to 1e-14.
  package static func normalQuantile(_ p: Double) -> Double {
    var lo = -40.0, hi = 40.0
    for _ in 0..<200 {
      let mid = 0.5 * (lo + hi)
      if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
      if hi - lo <= 1e-14 { break }
    }
    return 0.5 * (lo + hi)
  }
}
