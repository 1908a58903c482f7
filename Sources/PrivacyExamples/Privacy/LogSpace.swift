import Foundation

/// Sums and special functions in log space for the Rényi-DP accountant, written as
/// dp-accounting's `rdp_privacy_accountant.py` writes them so that its values are
/// reproduced to round-off.
enum LogSpace {
  /// log(eˣ + eʸ) without overflow; `-infinity` is log 0.
  static func add(_ logX: Double, _ logY: Double) -> Double {
    let a = min(logX, logY), b = max(logX, logY)
    if a == -.infinity { return b }
    return log1p(exp(a - b)) + b
  }

  /// log |C(n, k)| = lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1) for real n, k.
  ///
  /// `lgamma` is log|Γ|, like scipy's `gammaln`: for fractional n and k > n + 1 the
  /// binomial coefficient is negative and only its magnitude enters, as in
  /// dp-accounting's `_log_comb` (the fractional series of `SampledGaussianRDP`).
  static func binomial(_ n: Double, _ k: Double) -> Double {
    lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)
  }

  /// log erfc(x), accurate far into the tail where erfc(x) underflows.
  ///
  /// Below x = 20 (erfc(20) ≈ 5e-176) `erfc` itself is accurate to a few ulps
  /// relative. Above it, the asymptotic series (Abramowitz & Stegun 7.1.23)
  /// erfc x = e^(−x²)/(x√π) · (1 − 1/(2x²) + 3/(2x²)² − 15/(2x²)³ + 105/(2x²)⁴ − 945/(2x²)⁵),
  /// whose first omitted term is below 3e-12 relative at x = 20. dp-accounting
  /// computes the same quantity as log 2 + log Φ(−x√2) with scipy's `log_ndtr`.
  static func erfcLog(_ x: Double) -> Double {
    if x < 20 { return log(erfc(x)) }
    let u = 1 / (2 * x * x)
    let series = 1 - u * (1 - 3 * u * (1 - 5 * u * (1 - 7 * u * (1 - 9 * u))))
    return -x * x - log(x) - 0.5 * log(Double.pi) + log(series)
  }
}
