import Foundation

/// One point of a regularization-parameter search.
public struct LambdaCurvePoint: Sendable, Equatable {
  public var lambda: Double
  /// ‖A x_λ − b‖² (linear) or ‖r(p_λ)‖² (nonlinear), already weighted.
  public var residualNormSquared: Double
  /// ‖L x_λ‖² (linear) or ‖(p_λ − prior)/scale‖² (nonlinear).
  public var regularizationNormSquared: Double
  /// tr H_λ, the effective number of parameters (linearized for nonlinear problems).
  public var traceInfluence: Double
  /// m‖r‖²/(m − tr H)²; m the number of data.
  public var gcv: Double
  /// Curvature of the L-curve (log ‖r‖, log ‖Lx‖) at this λ; nil at the ends of a grid.
  public var curvature: Double?

  public init(
    lambda: Double, residualNormSquared: Double, regularizationNormSquared: Double,
    traceInfluence: Double, gcv: Double, curvature: Double? = nil
  ) {
    self.lambda = lambda
    self.residualNormSquared = residualNormSquared
    self.regularizationNormSquared = regularizationNormSquared
    self.traceInfluence = traceInfluence
    self.gcv = gcv
    self.curvature = curvature
  }
}

/// The λ a rule chose, with the curve it chose from.
public struct LambdaChoice: Sendable {
  public var rule: RegularizationRule
  public var lambda: Double
  /// The values at the chosen λ.
  public var chosen: LambdaCurvePoint
  /// The grid, ascending in λ (refinement points are not included).
  public var curve: [LambdaCurvePoint]
  /// σ² used by the discrepancy rule (1 when the noise is known), or the GCV estimate
  /// ‖r‖²/(m − tr H) at the chosen λ for the other rules.
  public var noiseVariance: Double
  /// Plain words when the rule could not be met (for example the discrepancy target lies
  /// outside the residuals the grid reaches, so the nearest end was taken); nil otherwise.
  public var note: String?

  public init(rule: RegularizationRule, lambda: Double, chosen: LambdaCurvePoint, curve: [LambdaCurvePoint], noiseVariance: Double, note: String? = nil) {
    self.note = note
    self.rule = rule
    self.lambda = lambda
    self.chosen = chosen
    self.curve = curve
    self.noiseVariance = noiseVariance
  }
}

package enum LambdaSearch {
  /// Curvature of the L-curve at the interior grid points by finite differences in
  /// t = log λ of ρ = ½log‖r‖², η = ½log‖Lx‖²: κ = (ρ′η″ − ρ″η′)/(ρ′² + η′²)^{3/2}
  /// (Hansen, *Rank-Deficient and Discrete Ill-Posed Problems*, 1998, eq. 7.5, with the
  /// sign chosen so that the corner has positive curvature).
  package static func curvatures(_ points: inout [LambdaCurvePoint]) {
    let k = points.count
    guard k >= 3 else { return }
    let t = points.map { log($0.lambda) }
    let rho = points.map { 0.5 * log(max($0.residualNormSquared, Double.leastNormalMagnitude)) }
    let eta = points.map { 0.5 * log(max($0.regularizationNormSquared, Double.leastNormalMagnitude)) }
    for i in 1..<(k - 1) {
      let h1 = t[i] - t[i - 1], h2 = t[i + 1] - t[i]
      func d1(_ f: [Double]) -> Double {
        let right: Double = (f[i + 1] - f[i]) / h2
        let left: Double = (f[i] - f[i - 1]) / h1
        return (right * h1 + left * h2) / (h1 + h2)
      }
      func d2(_ f: [Double]) -> Double {
        let right: Double = (f[i + 1] - f[i]) / h2
        let left: Double = (f[i] - f[i - 1]) / h1
        return 2 * (right - left) / (h1 + h2)
      }
      let r1 = d1(rho), r2 = d2(rho), e1 = d1(eta), e2 = d2(eta)
      let den = pow(r1 * r1 + e1 * e1, 1.5)
      points[i].curvature = den > 0 ? (r1 * e2 - r2 * e1) / den : 0
    }
  }

  /// Golden-section minimum of f on [a, b] (in whatever variable the caller uses).
  package static func goldenSection(_ a0: Double, _ b0: Double, iterations: Int, _ f: (Double) throws -> Double) rethrows -> Double {
    let g = (5.0.squareRoot() - 1) / 2
    var a = a0, b = b0
    var c = b - g * (b - a), d = a + g * (b - a)
    var fc = try f(c), fd = try f(d)
    for _ in 0..<iterations {
      if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = try f(c) }
      else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = try f(d) }
    }
    return fc < fd ? c : d
  }
}
