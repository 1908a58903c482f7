import Foundation

/// A sampling design scored by the T criterion (`EDNADesignProblem`).
package struct EDNADesignScore: Sendable {
  /// The sites, km, ascending (repeats allowed).
  package var sitesKm: [Double]
  /// T(ξ) at the nominal distributed source.
  package var criterion: Double
  /// The point source closest to the nominal curve at these sites.
  package var closestPoint: EDNASource
  /// T > 2 (`EDNADesignProblem.discriminationThreshold`).
  package var discriminating: Bool
  /// Σ C_D(x_i)²/sd_i²: the squared signal-to-noise of the design, for judging "T ≈ 0".
  package var signal: Double

  /// A plain-word verdict for reports.
  package var statement: String {
    let t = String(format: "%.4g", criterion)
    if discriminating {
      return "T = \(t): the sites discriminate (noise-free data would give LR = T > 2)"
    }
    let nearZero = criterion <= 1e-6 * max(signal, 1)
    return "T = \(t)\(nearZero ? " ≈ 0" : ""): the sites do not discriminate a distributed from a point source "
      + "(LR would stay below the AIC penalty 2 even without noise)"
      + (nearZero ? "; a point source reproduces the nominal curve there exactly (for example, every site downstream of the source)" : "")
  }
}
