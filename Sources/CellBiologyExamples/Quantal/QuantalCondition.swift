/// One recording condition of a variance–mean (multiple-probability fluctuation) analysis:
/// the number of trials and the sample moments of the response amplitudes.
package struct QuantalCondition: Sendable, Equatable {
  /// The condition's label as in the data.
  package var label: String
  /// Trials n (at least 4 for Var(s²)).
  package var trials: Int
  /// Sample mean μ̂ of the amplitudes (pA, or the data's unit).
  package var mean: Double
  /// Unbiased sample variance s² = Σ(x − x̄)²/(n − 1) of the amplitudes (unit²), background
  /// included.
  package var variance: Double
  /// Var(s²), the sampling variance of s² (unit⁴), whose inverse weights the fit.
  package var varianceOfVariance: Double

  package init(label: String, trials: Int, mean: Double, variance: Double, varianceOfVariance: Double) {
    self.label = label
    self.trials = trials
    self.mean = mean
    self.variance = variance
    self.varianceOfVariance = varianceOfVariance
  }

  /// The summary of raw trial amplitudes: mean, s², and Var(s²) = (m₄ − s⁴(n − 3)/(n − 1))/n
  /// with m₄ = Σ(x − x̄)⁴/n the sample fourth central moment (the plug-in estimate of the
  /// exact variance of s², e.g. Kendall & Stuart, *The Advanced Theory of Statistics* I,
  /// eq. 10.9; used for MPFA weights by Silver 2003, *J Neurosci Methods* 130:127).
  /// The result can be ≤ 0 for tiny or odd samples; the caller decides.
  ///
  /// `amplitudes.count >= 4`, or a precondition failure occurs.
  package init(label: String, amplitudes x: [Double]) {
    let n = x.count
    precondition(n >= 4, "QuantalCondition: at least 4 trials")
    let mean = x.reduce(0, +) / Double(n)
    var m2 = 0.0, m4 = 0.0
    for v in x {
      let d = (v - mean) * (v - mean)
      m2 += d
      m4 += d * d
    }
    let s2 = m2 / Double(n - 1)
    m4 /= Double(n)
    let nn = Double(n)
    self.init(label: label, trials: n, mean: mean, variance: s2,
              varianceOfVariance: (m4 - s2 * s2 * (nn - 3) / (nn - 1)) / nn)
  }
}
