import Foundation
import Inversion

/// h from the measured base heat flow of a pin fin (`shared/spec/apps.md` §8).
///
/// q rises strictly with h (κ = d ln q/d ln h ≥ ½ > 0), so q(h) = q_meas has exactly
/// one root. It is found in u = ln h: `ScalarRoot.bracketLogarithmic` from
/// h = 10 W m⁻² K⁻¹, then `ScalarRoot.brent` on ln q(e^u) − ln q_meas (close to linear in u,
/// slope κ), to 2ε relative. The interval maps q ± σ_q through the same inverse
/// (monotone, so exactly; a lower end q − σ_q ≤ 0 gives h ≥ 0 only). The delta-method
/// standard error is σ_h = h σ_q/(q κ).
///
/// The long-fin statement: ∂ln h/∂ln k = −(∂ln q/∂ln k)/κ tends to −1 as mL grows
/// (q ∝ √(hk)), so a relative error in k moves h by as much in the opposite sense;
/// only the product hk is then identified.
package enum FinInversion {
  /// One fin's answer.
  package struct Result: Sendable, Equatable {
    /// The estimate, W m⁻² K⁻¹.
    package var h: Double
    /// h at q − σ_q (0 when q − σ_q ≤ 0).
    package var hLower: Double
    /// h at q + σ_q.
    package var hUpper: Double
    /// σ_h = h σ_q/(q κ), the delta-method standard error.
    package var standardError: Double
    /// κ = d ln q/d ln h at the estimate, in [½, 1].
    package var kappa: Double
    /// ∂ln h/∂ln k at fixed q: −1 when only hk is identified.
    package var dLnHdLnK: Double
    /// mL at the estimate (infinity for an infinite fin).
    package var mL: Double
    /// Whether the fin behaves as infinitely long (|∂ln h/∂ln k| ≥ 0.95): only hk is identified.
    package var onlyHKIdentified: Bool
    /// Brent iterations at the estimate.
    package var iterations: Int
    /// Plain statements for the report.
    package var warnings: [String]
  }

  /// Inverts one fin.
  ///
  /// - Parameters:
  ///   - fin: geometry, k, θ_b and tip.
  ///   - q: the measured base heat flow, W, of the sign of θ_b.
  ///   - sigmaQ: its standard deviation, W (≥ 0).
  /// - Throws: `ScalarRootError` (exit 3) if the root search fails, which a positive
  ///   q/θ_b rules out short of overflow. `q/θ_b > 0` and `sigmaQ >= 0` are checked by
  ///   the reader; otherwise a precondition failure occurs.
  package static func invert(_ fin: PinFin, q: Double, sigmaQ: Double) throws -> Result {
    precondition(q / fin.baseExcess > 0 && sigmaQ >= 0, "FinInversion: need q/θ_b > 0 and σ_q ≥ 0")
    let (h, iterations) = try solveH(fin, q: q)
    let qAbs = abs(q)
    let lowerQ = qAbs - sigmaQ, upperQ = qAbs + sigmaQ
    let hLower = lowerQ > 0 ? try solveH(fin, q: lowerQ * sign(fin.baseExcess)).h : 0
    let hUpper = sigmaQ > 0 ? try solveH(fin, q: upperQ * sign(fin.baseExcess)).h : h
    let kappa = fin.sensitivityToH(h: h)
    let dk = -fin.sensitivityToK(h: h) / kappa
    let mL = fin.mL(h: h)
    let longFin = abs(dk) >= 0.95
    var warnings = [String]()
    if longFin {
      let where_ = fin.tip == .infinite ? "an infinite fin" : "mL = \(short(mL)) (effectively infinite beyond 2.65)"
      warnings.append("only the product h*k is identified (\(where_)): q is proportional to sqrt(h k), so h = \(short(h)) "
        + "holds only for k = \(short(fin.conductivity)); a relative error in k gives about the same relative error in h, "
        + "opposite in sign (d ln h/d ln k = \(short(dk)))")
    }
    if lowerQ <= 0 {
      warnings.append("q - sigma_q <= 0: the data bound h only from above; the lower end is 0")
    }
    if kappa < 0.55 {
      warnings.append("kappa = \(short(kappa)): a relative error in q is amplified about \(short(1 / kappa))x in h")
    }
    return Result(
      h: h, hLower: hLower, hUpper: hUpper, standardError: h * sigmaQ / (qAbs * kappa), kappa: kappa,
      dLnHdLnK: dk, mL: mL, onlyHKIdentified: longFin, iterations: iterations, warnings: warnings)
  }

  /// The h with q(h) = q, by the bracket search and Brent in ln h.
  package static func solveH(_ fin: PinFin, q: Double) throws -> (h: Double, iterations: Int) {
    let target = log(abs(q))
    let f: (Double) -> Double = { u in log(abs(fin.heatFlow(h: exp(u)))) - target }
    // Bracket in ln h: steps of ln 4 from h = 10, within h ∈ [1e-200, 1e200].
    let bracket = try ScalarRoot.bracketLogarithmic(from: 10, lowerLimit: 1e-200, upperLimit: 1e200) { h in f(log(h)) }
    let root = try ScalarRoot.brent(in: log(bracket.lower), log(bracket.upper), f)
    return (exp(root.x), root.iterations)
  }

  static func sign(_ x: Double) -> Double { x < 0 ? -1 : 1 }

  /// Four significant digits, for messages.
  static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
