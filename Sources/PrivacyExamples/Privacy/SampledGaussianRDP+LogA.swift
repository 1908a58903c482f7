import Foundation

extension SampledGaussianRDP {
  /// The most terms of the fractional-order series before the order is given up
  /// (dp-accounting's `_MAX_STEPS_LOG_A_FRAC`).
  static let maximumFractionalTerms = 1000

  /// log A_α for integer α ≥ 2, 0 < q < 1: the binomial sum
  /// A_α = Σᵢ₌₀^α C(α, i) qⁱ (1 − q)^(α−i) exp((i² − i)/(2σ²))
  /// (Mironov, Talwar & Zhang 2019, §3.2), accumulated in log space in the order
  /// i = 0, 1, …, α as dp-accounting's `_compute_log_a_int` does.
  /// - Complexity: O(α).
  static func logAInteger(q: Double, sigma: Double, alpha: Int) -> Double {
    var logA = -Double.infinity
    let logQ = log(q), log1mq = log1p(-q)
    let twoSigma2 = 2 * (sigma * sigma)
    let a = Double(alpha)
    for index in 0...alpha {
      let i = Double(index)
      let logCoefficient = LogSpace.binomial(a, i) + i * logQ + (a - i) * log1mq
      logA = LogSpace.add(logA, logCoefficient + (i * i - i) / twoSigma2)
    }
    return logA
  }

  /// log A_α for fractional α, 0 < q < 1: the series of Mironov, Talwar & Zhang
  /// (2019, §3.3), which splits the integral defining A_α at
  /// z₀ = σ² log(1/q − 1) + ½ into A₀ (over (−∞, z₀]) and A₁ (over [z₀, ∞)):
  ///
  ///   A₀ = Σᵢ |C(α, i)| qⁱ (1 − q)^(α−i) e^((i² − i)/(2σ²)) · ½ erfc((i − z₀)/(√2 σ)),
  ///   A₁ = Σᵢ |C(α, i)| q^(α−i) (1 − q)ⁱ e^((j² − j)/(2σ²)) · ½ erfc((z₀ − j)/(√2 σ)),
  ///   j = α − i.
  ///
  /// The coefficients are taken in magnitude, as dp-accounting takes them (`_log_comb`
  /// uses log|Γ|), although C(α, i) alternates in sign for i > α + 1: the series
  /// therefore bounds A_α from above, a valid and conservative RDP. Against quadrature
  /// of A_α's defining integral it overstates RDP by 0.77 % at α = 2.5 (q = 0.1, σ = 2),
  /// 2.8 % at α = 1.7 (q = 0.02, σ = 1.5) and 4e-7 at α = 7.3 (q = 0.05, σ = 1)
  /// (`PrivacyAccountantTests.testLogAAgainstQuadrature`); integer orders are exact.
  ///
  /// Summation stops, exactly as dp-accounting's `_compute_log_a_frac` stops, at the
  /// first term i where both log-terms decreased and the larger is 30 below the log of
  /// the running total; after `maximumFractionalTerms` terms without stopping the
  /// order is given up (∞). (dp-accounting 0.6.0 gives up at low orders when σ ≲ 1.)
  /// - Complexity: O(terms), at most 1000.
  static func logAFractional(q: Double, sigma: Double, alpha: Double) -> Double {
    var logA0 = -Double.infinity, logA1 = -Double.infinity
    let z0 = sigma * sigma * log(1 / q - 1) + 0.5
    let logQ = log(q), log1mq = log1p(-q)
    let twoSigma2 = 2 * (sigma * sigma)
    let erfcScale = 2.0.squareRoot() * sigma
    let logHalf = log(0.5)
    var lastS0 = -Double.infinity, lastS1 = -Double.infinity
    for index in 0..<maximumFractionalTerms {
      let i = Double(index)
      let logCoefficient = LogSpace.binomial(alpha, i)
      let j = alpha - i
      let logT0 = logCoefficient + i * logQ + j * log1mq
      let logT1 = logCoefficient + j * logQ + i * log1mq
      let logE0 = logHalf + LogSpace.erfcLog((i - z0) / erfcScale)
      let logE1 = logHalf + LogSpace.erfcLog((z0 - j) / erfcScale)
      let logS0 = logT0 + (i * i - i) / twoSigma2 + logE0
      let logS1 = logT1 + (j * j - j) / twoSigma2 + logE1
      logA0 = LogSpace.add(logA0, logS0)
      logA1 = LogSpace.add(logA1, logS1)
      let total = LogSpace.add(logA0, logA1)
      if logS0 < lastS0 && logS1 < lastS1 && max(logS0, logS1) < total - 30 { return total }
      lastS0 = logS0
      lastS1 = logS1
    }
    return .infinity
  }
}
