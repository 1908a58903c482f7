import Foundation
import Inversion

/// Maximum-likelihood fits of the point and the distributed source model
/// (`shared/spec/apps.md` §7).
///
/// ## Why a profile search
///
/// The likelihood is Gaussian with sd_i fixed by the data, so maximizing it is weighted
/// least squares. The amplitude (A or S) enters linearly and is eliminated in closed form,
/// with A, S ≥ 0 (`EDNAProfile`). What remains is not smooth: a location crossing a
/// sampling site puts a kink into the misfit (a, b), or a jump (x₀: the point model
/// predicts 0 just upstream of its source). So:
///
/// - **Point model.** Between two neighbouring sites every x₀ gives the same likelihood
///   (moving x₀ changes only A·e^{βx₀}, which the profiled A absorbs). The search is exact
///   over x₀: one candidate per distinct site (x₀ = that site), each with β profiled on a
///   log grid refined by Brent's method (`ScalarMinimize.refineGridMinimum`). Candidates
///   are scanned downstream and the scan stops once the misfit of the sites upstream of x₀
///   (predicted 0) alone exceeds the best χ².
/// - **Distributed model.** A grid over (a, b) (b ≥ a + ℓ_min, including b = a + ℓ_min; the
///   sites, points inside every gap between sites, and a coarser reach upstream) and log β,
///   then `NelderMead` in (a, b − a, log β) from the best few separated grid points. b
///   beyond the last sample changes nothing and is reported as a bound.
///
/// Uncertainties come from the layer's `UncertaintyAnalysis` on the Jacobian of the
/// weighted residuals at the estimate (noise known).
package enum EDNAFitter {
  /// Both fits.
  package static func fitBoth(_ samples: EDNASamples, settings: EDNAFitSettings = EDNAFitSettings())
    -> (point: EDNAModelFit, distributed: EDNAModelFit)
  {
    (fitPoint(samples, settings: settings), fitDistributed(samples, settings: settings))
  }

  /// log-spaced β grid (natural logs), ascending.
  static func logDecayGrid(_ settings: EDNAFitSettings) -> [Double] {
    let lo = log(settings.decayRangePerKm.lower), hi = log(settings.decayRangePerKm.upper)
    let n = max(settings.decayGridCount, 2)
    return (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
  }

  /// Runs `search` and, while its β lands on an extendable floor, again with the floor
  /// lowered (`EDNAFitSettings.withExtendedDecayFloor`), keeping the better fit. Returns the
  /// fit and the settings whose range it was found in.
  static func withDecayFloorExtended<Result>(
    _ settings: EDNAFitSettings, chiSquare: (Result) -> Double, beta: (Result) -> Double,
    _ search: (EDNAFitSettings) -> Result
  ) -> (result: Result, settings: EDNAFitSettings) {
    var s = settings
    var best = search(s)
    var extensions = 0
    while s.extendsDecayFloor, extensions < EDNAFitSettings.floorExtensions,
      abs(beta(best) / s.decayRangePerKm.lower - 1) < 1e-6
    {
      s = s.withExtendedDecayFloor()
      let again = search(s)
      if chiSquare(again) <= chiSquare(best) { best = again }
      extensions += 1
    }
    return (best, s)
  }

  /// Whether β sits on the lower end of the range after every extension of the floor: the
  /// fit's β → 0 (β·span < 10⁻¹⁰).
  static func decayVanishes(_ beta: Double, _ settings: EDNAFitSettings) -> Bool {
    settings.extendsDecayFloor && abs(beta / settings.decayRangePerKm.lower - 1) < 1e-6
  }

  /// Whether β sits on (within 1e-6 relative of) a search bound.
  static func decayAtBound(_ beta: Double, _ settings: EDNAFitSettings) -> Bool {
    abs(beta / settings.decayRangePerKm.lower - 1) < 1e-6 || abs(beta / settings.decayRangePerKm.upper - 1) < 1e-6
  }

  /// Weighted residuals and Jacobian of `source` on `samples` (m × p, column-major).
  static func linearization(_ source: EDNASource, _ samples: EDNASamples) -> (residuals: [Double], jacobian: [Double]) {
    let m = samples.count, p = source.kind.parameterCount
    var r = [Double](repeating: 0, count: m)
    var j = [Double](repeating: 0, count: m * p)
    for i in 0..<m {
      let x = samples.positionsKm[i], sd = samples.standardDeviations[i]
      r[i] = (source.concentration(atKm: x) - samples.concentrations[i]) / sd
      let d = source.derivatives(atKm: x)
      for k in 0..<p { j[k * m + i] = d[k] / sd }
    }
    return (r, j)
  }

  /// χ², log L, AIC and predictions of `source`.
  static func score(_ source: EDNASource, _ samples: EDNASamples) -> (chiSquare: Double, logLikelihood: Double, aic: Double, predictions: [Double]) {
    let predictions = samples.positionsKm.map { source.concentration(atKm: $0) }
    var chi2 = 0.0
    for i in 0..<samples.count {
      let r = (predictions[i] - samples.concentrations[i]) / samples.standardDeviations[i]
      chi2 += r * r
    }
    let logL = samples.logLikelihood(chiSquare: chi2)
    return (chi2, logL, 2 * Double(source.kind.parameterCount) - 2 * logL, predictions)
  }

  /// Scales for the identifiability directions: |p|, or 1 where p is 0.
  static func scales(_ p: [Double]) -> [Double] { p.map { $0 == 0 || !$0.isFinite ? 1 : abs($0) } }

  static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
