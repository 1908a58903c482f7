import FECommon
import Foundation
import Inversion

/// Multiple-probability fluctuation analysis (variance–mean; `shared/spec/apps.md` §4).
///
/// For N independent sites releasing with probability p a quantum of mean size q and
/// within-site CV, the response mean is μ = Npq and its variance σ² − σ_bg² = q_app·μ − μ²/N,
/// q_app = q(1 + CV²) (Silver, Momiyama & Cull-Candy 1998, *J Physiol* 510:881; Clements &
/// Silver 2000, *Trends Neurosci* 23:105). Across conditions that change p, the variance is a
/// parabola in the mean through the origin:
///
///     z_i = s_i² − σ_bg² = a μ_i + b μ_i²,  weights w_i = 1/Var(s_i²),
///
/// fitted by weighted linear least squares without intercept (`LinearLeastSquares.solve` on
/// √W X), with Cov(a, b) = (XᵀWX)⁻¹ (`UncertaintyAnalysis`, noise known: the weights are
/// inverse variances). Then q_app = a, N = −1/b, p_i = μ_i/(N q_app), standard errors by the
/// delta method, and χ²/dof tests the parabola.
///
/// Only q_app is identified, not q and CV separately. With all p small the parabola is
/// nearly a line and N is unidentifiable: the fit warns "N poorly constrained" when
/// max p̂ < 0.5.
package enum QuantalAnalysis {
  /// Fits the parabola.
  ///
  /// - Parameters:
  ///   - conditions: at least 2, each with a positive Var(s²) (the reader checks).
  ///   - baselineVariance: σ_bg² (unit²), subtracted from every s².
  /// - Throws: `NumericalError` when the design is rank deficient (fewer than two distinct
  ///   non-zero means: a and b cannot be separated).
  package static func fit(_ conditions: [QuantalCondition], baselineVariance: Double) throws -> QuantalFit {
    precondition(conditions.count >= 2, "QuantalAnalysis: at least two conditions")
    precondition(conditions.allSatisfy { $0.varianceOfVariance > 0 }, "QuantalAnalysis: Var(s²) must be positive")
    let m = conditions.count
    // √W X (column-major m × 2) and √W z.
    var design = [Double](repeating: 0, count: 2 * m)
    var rhs = [Double](repeating: 0, count: m)
    for (i, c) in conditions.enumerated() {
      let root = 1 / c.varianceOfVariance.squareRoot()
      design[i] = root * c.mean
      design[m + i] = root * c.mean * c.mean
      rhs[i] = root * (c.variance - baselineVariance)
    }
    let distinctMeans = Set(conditions.map(\.mean).filter { $0 != 0 }).count
    guard distinctMeans >= 2 else {
      throw NumericalError(
        "the conditions have \(distinctMeans) distinct non-zero mean(s): a variance–mean parabola needs at least two to separate the slope a from the curvature b")
    }
    let coefficients = LinearLeastSquares.solve(a: design, rows: m, columns: 2, b: rhs)
    let (a, b) = (coefficients[0], coefficients[1])
    var residuals = rhs
    for i in 0..<m { residuals[i] = design[i] * a + design[m + i] * b - rhs[i] }
    let chi2 = residuals.reduce(0) { $0 + $1 * $1 }
    let uncertainty = UncertaintyAnalysis.analyze(
      jacobian: design, residuals: residuals, parameterCount: 2, parameterNames: ["a", "b"], noiseKnown: true,
      estimate: [a, b])
    let cov = uncertainty.covariance
    let (seA, seB) = (uncertainty.standardErrors[0], uncertainty.standardErrors[1])

    let sites = -1 / b
    let seSites = seB / (b * b)
    // N's interval from b's 95 % interval (N = −1/b increases with b on b < 0).
    let z = StudentT.normalQuantile(0.975)
    let (bLow, bHigh) = (b - z * seB, b + z * seB)
    let interval: (Double?, Double?) = bLow >= 0 ? (nil, nil) : (-1 / bLow, bHigh < 0 ? -1 / bHigh : nil)
    // p_i = −bμ_i/a: ∂p/∂a = bμ/a², ∂p/∂b = −μ/a.
    var p = [Double](), seP = [Double]()
    for c in conditions {
      let pi = -b * c.mean / a
      let ga = b * c.mean / (a * a), gb = -c.mean / a
      let v = ga * ga * cov[0] + 2 * ga * gb * cov[1] + gb * gb * cov[3]
      p.append(pi)
      seP.append(max(v, 0).squareRoot())
    }

    var warnings = [String]()
    func g(_ x: Double) -> String { String(format: "%.3g", x) }
    warnings.append(
      "Only q_app = q(1 + CV²) is identified, not the quantal size q and its within-site CV separately.")
    if (p.max() ?? 0) < 0.5 {
      warnings.append(
        "N poorly constrained: max p̂ = \(g(p.max() ?? 0)) < 0.5, so the variance–mean relation is nearly a line and its curvature −1/N is barely visible; add conditions of high release probability.")
    }
    if b >= 0 {
      warnings.append(
        "The parabola does not bend down (b = \(g(b)) ≥ 0): N = −1/b is not determined (the data look like Poisson release from many sites); q_app is still estimated.")
    } else if interval.1 == nil {
      warnings.append(
        "The 95 % interval of b reaches 0, so N has only a lower bound, N ≥ \(g(interval.0 ?? .nan)); its upper end is not determined by the data.")
    }
    if a <= 0 {
      warnings.append("The initial slope a = \(g(a)) is not positive: the data do not show quantal variance (check the baseline variance).")
    }
    let dof = m - 2
    if dof > 0 {
      let reduced = chi2 / Double(dof)
      if reduced > 3 {
        warnings.append(
          "χ²/dof = \(g(reduced)): the conditions scatter more than their sampling variances allow; the simple binomial model (uniform p, independent sites) may not hold (Silver 2003: non-uniform p adds terms).")
      }
    } else {
      warnings.append("Two conditions for two parameters: no degrees of freedom to test the parabola (χ² is 0).")
    }
    for w in uncertainty.identifiabilityWarnings { warnings.append(w.message) }
    return QuantalFit(
      a: a, b: b, covariance: cov, quantalSize: a, quantalSizeStandardError: seA, sites: sites,
      sitesStandardError: seSites, sitesInterval: interval, releaseProbabilities: p,
      releaseProbabilityStandardErrors: seP, chiSquare: chi2, degreesOfFreedom: dof,
      conditionNumber: uncertainty.conditionNumber, correlation: uncertainty.correlation[1],
      rank: uncertainty.rank, warnings: warnings)
  }
}
