import Foundation

/// The weighted least-squares misfit of a source model with its amplitude eliminated in
/// closed form, so that a search only has to visit locations and β.
///
/// For a shape f_i (the model with amplitude 1), the amplitude that minimizes
/// χ²(c) = Σ w_i (c f_i − y_i)², w_i = 1/sd_i², subject to c ≥ 0 is
/// c = max(0, Σw f y / Σw f²), and then χ² = Σw y² − c·Σw f y (variable projection with
/// one linear parameter; Golub & Pereyra 1973, *SIAM J. Numer. Anal.* 10:413).
struct EDNAProfile: Sendable {
  let x: [Double]
  let y: [Double]
  /// 1/sd_i².
  let w: [Double]
  /// Σ w_i y_i²: χ² with the amplitude at 0.
  let zeroChiSquare: Double

  init(_ samples: EDNASamples) {
    x = samples.positionsKm
    y = samples.concentrations
    w = samples.standardDeviations.map { 1 / ($0 * $0) }
    var s = 0.0
    for i in x.indices { s += w[i] * y[i] * y[i] }
    zeroChiSquare = s
  }

  /// The best amplitude and χ² from the sums Σw f y and Σw f².
  @inline(__always)
  func project(_ fy: Double, _ ff: Double) -> (amplitude: Double, chiSquare: Double) {
    guard ff > 0, fy > 0 else { return (0, zeroChiSquare) }
    let c = fy / ff
    return (c, max(zeroChiSquare - c * fy, 0))
  }

  /// Point source at x₀ with decay β: shape e^{−β(x−x₀)} for x ≥ x₀. Returns A and χ².
  func point(originKm x0: Double, decayPerKm beta: Double) -> (amplitude: Double, chiSquare: Double) {
    var fy = 0.0, ff = 0.0
    for i in x.indices where x[i] >= x0 {
      let f = exp(-beta * (x[i] - x0))
      fy += w[i] * f * y[i]
      ff += w[i] * f * f
    }
    return project(fy, ff)
  }

  /// Uniform source on [a, b] with decay β. Returns S (= β × the fitted amplitude of the
  /// shape e^{−β(x−b)₊} − e^{−β(x−a)₊}) and χ².
  func distributed(startKm a: Double, endKm b: Double, decayPerKm beta: Double) -> (rate: Double, chiSquare: Double) {
    var fy = 0.0, ff = 0.0
    for i in x.indices where x[i] > a {
      let f = EDNASource.distributedShape(x[i], a, b, beta)
      fy += w[i] * f * y[i]
      ff += w[i] * f * f
    }
    let (c, chi2) = project(fy, ff)
    return (c * beta, chi2)
  }
}
