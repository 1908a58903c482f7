import FECommon
import Foundation
import Inversion

/// Circular deconvolution y = h ⊛ x + e (`shared/spec/apps.md` §9), diagonal in Fourier
/// space: Y_k = H_k X_k + E_k.
///
/// Everything is a filter on the DFT bins:
/// - naive inverse X_k = Y_k/H_k, amplifying noise by 1/|H_k| (κ = max|H|/min|H| bounds
///   ‖δx‖/‖x‖ ≤ κ‖δy‖/‖y‖);
/// - Tikhonov X̂_k = H̄_k Y_k/(|H_k|² + λ), filter factors f_k = |H_k|²/(|H_k|² + λ);
/// - Wiener X̂_k = H̄_k Y_k S_x,k/(|H_k|² S_x,k + S_e,k) with given signal and noise power
///   spectra (Tikhonov when S_e/S_x = λ at every bin);
/// - the range projection P keeps the bins with |H_k| > 10⁻⁸·max|H| (the rest are the null
///   space: exact zeros of H up to round-off); ‖(I − P)y‖ is pure noise when h is right;
/// - the minimum-norm solution H⁺Py, X_k = Y_k/H_k in range, 0 in the null space. Its bias
///   is −x_null, the part of x at the null bins, which no regularization can restore
///   because the data do not depend on it.
///
/// Norms are of time-domain sequences, ‖x‖² = Σ x_n² = (1/N) Σ|X_k|².
package struct CircularDeconvolution: Sendable {
  /// N.
  package let count: Int
  /// H = DFT(h).
  package let transfer: ComplexSequence
  /// Y = DFT(y).
  package let data: ComplexSequence
  /// |H_k|².
  package let transferPower: [Double]
  /// Bins with |H_k| > `nullThreshold`·max|H| (the range of the convolution).
  package let inRange: [Bool]

  /// The relative size below which |H_k| counts as an exact zero.
  package static let nullThreshold = 1e-8

  /// `h.count == y.count >= 1`, or a precondition failure occurs.
  package init(impulseResponse h: [Double], data y: [Double]) {
    precondition(h.count == y.count && !h.isEmpty, "CircularDeconvolution: h and y need the same, positive length")
    count = h.count
    let hh = FourierTransform.forward(h)
    transfer = hh
    data = FourierTransform.forward(y)
    let power = (0..<h.count).map { hh.squaredMagnitude($0) }
    transferPower = power
    let top = power.max() ?? 0
    let cut = Self.nullThreshold * Self.nullThreshold * top
    inRange = power.map { $0 > cut }
  }

  /// max|H|/min|H| over all bins; ∞ when some bin is a null bin (|H_k| ≤ 10⁻⁸ max|H|: an
  /// exact zero of H, whose computed value is round-off).
  package var conditionNumber: Double {
    let top = transferPower.max() ?? 0, bottom = transferPower.min() ?? 0
    return bottom > 0 && !inRange.contains(false) ? (top / bottom).squareRoot() : .infinity
  }

  /// max|H|/min|H| over the range bins only (the amplification of the minimum-norm solution).
  package var rangeConditionNumber: Double {
    let kept = transferPower.indices.filter { inRange[$0] }.map { transferPower[$0] }
    guard let top = kept.max(), let bottom = kept.min(), bottom > 0 else { return .infinity }
    return (top / bottom).squareRoot()
  }

  /// The null bins (|H_k| ≤ 10⁻⁸ max|H|), ascending.
  package var nullBins: [Int] { (0..<count).filter { !inRange[$0] } }

  /// The bin's signed frequency in cycles per sample: k/N for k ≤ N/2, (k − N)/N above.
  package func frequency(_ k: Int) -> Double {
    Double(k <= count / 2 ? k : k - count) / Double(count)
  }

  /// Applies per-bin complex gains X̂_k = g_k Y_k with g_k = conj(H_k)·scale_k and returns
  /// the real time-domain sequence.
  func filtered(_ scale: (Int) -> Double) -> [Double] {
    var x = ComplexSequence(count: count)
    for k in 0..<count {
      let s = scale(k)
      if s == 0 { continue }
      let (hr, hi) = (transfer.real[k], transfer.imaginary[k])
      let (yr, yi) = (data.real[k], data.imaginary[k])
      // conj(H)·Y = (hr − i hi)(yr + i yi)
      x.real[k] = s * (hr * yr + hi * yi)
      x.imaginary[k] = s * (hr * yi - hi * yr)
    }
    return FourierTransform.inverseReal(x)
  }

  /// The naive inverse Y/H; nil when some H_k is exactly 0.
  package func naiveInverse() -> [Double]? {
    guard transferPower.allSatisfy({ $0 > 0 }) else { return nil }
    return filtered { 1 / transferPower[$0] }
  }

  /// The naive inverse's expected error norm over noise draws,
  /// √E‖x̂_naive − x‖² = σ·√(Σ_k |H_k|⁻²) (`shared/spec/apps.md` §9, revised 2026-12-07).
  ///
  /// The error is x̂_naive − x = IDFT(E/H); by Parseval ‖IDFT(Z)‖² = (1/N)Σ|Z_k|², and white
  /// noise of variance σ² has E|E_k|² = Nσ² at every bin, so E‖x̂_naive − x‖² = σ²Σ_k|H_k|⁻².
  /// It depends on h and σ only (not on x or on the draw); ∞ when some H_k is exactly 0.
  /// Divide by ‖x‖ for the spec's relative figure. `noiseSigma` in the units of y.
  package func naiveInverseExpectedError(noiseSigma sigma: Double) -> Double {
    guard transferPower.allSatisfy({ $0 > 0 }) else { return .infinity }
    return sigma * transferPower.reduce(0) { $0 + 1 / $1 }.squareRoot()
  }

  /// Tikhonov's X̂ = H̄Y/(|H|² + λ), λ > 0.
  package func tikhonov(lambda: Double) -> [Double] {
    filtered { transferPower[$0] + lambda > 0 ? 1 / (transferPower[$0] + lambda) : 0 }
  }

  /// Wiener's X̂ = H̄Y S_x/(|H|² S_x + S_e) for power spectra given per bin (S_x ≥ 0,
  /// S_e > 0; counts N), or a precondition failure occurs.
  package func wiener(signalPower: [Double], noisePower: [Double]) -> [Double] {
    precondition(signalPower.count == count && noisePower.count == count, "wiener: one power per bin")
    return filtered { k in
      let den = transferPower[k] * signalPower[k] + noisePower[k]
      return den > 0 ? signalPower[k] / den : 0
    }
  }

  /// The minimum-norm solution H⁺Py.
  package func minimumNorm() -> [Double] {
    filtered { inRange[$0] ? 1 / transferPower[$0] : 0 }
  }

  /// ‖(I − P)y‖, the part of the data the model h cannot produce.
  package var outOfRangeResidual: Double {
    var s = 0.0
    for k in 0..<count where !inRange[k] { s += data.squaredMagnitude(k) }
    return (s / Double(count)).squareRoot()
  }

  /// ‖y − h ⊛ x̂_λ‖² = (1/N) Σ|(1 − f_k) Y_k|², tr H_λ = Σ f_k and GCV = N‖r‖²/(N − Σ f_k)²
  /// (Golub, Heath & Wahba 1979; closed form because the influence matrix is circulant with
  /// eigenvalues f_k; the spec's Σ|(1 − f_k)Y_k|²/(N − Σf_k)² up to a constant factor). Null
  /// bins have f_k = 0 and enter with their whole |Y_k|².
  package func point(_ lambda: Double) -> LambdaCurvePoint {
    var r2 = 0.0, trace = 0.0, x2 = 0.0
    for k in 0..<count {
      let p = transferPower[k]
      let f = p + lambda > 0 ? p / (p + lambda) : 0
      let y2 = data.squaredMagnitude(k)
      r2 += (1 - f) * (1 - f) * y2
      trace += f
      if p + lambda > 0 { x2 += p * y2 / ((p + lambda) * (p + lambda)) }
    }
    let n = Double(count)
    r2 /= n
    let dof = n - trace
    return LambdaCurvePoint(
      lambda: lambda, residualNormSquared: r2, regularizationNormSquared: x2 / n, traceInfluence: trace,
      gcv: dof > 0 ? n * r2 / (dof * dof) : .infinity)
  }

  /// The residual on the range bins alone, ‖P(y − h ⊛ x̂_λ)‖² = (1/N) Σ_range |(1 − f_k)Y_k|²:
  /// with N_r − tr H it estimates the noise without the null bins that ‖(I − P)y‖ tests.
  package func rangeResidualSquared(_ lambda: Double) -> Double {
    var r2 = 0.0
    for k in 0..<count where inRange[k] {
      let p = transferPower[k]
      let f = p / (p + lambda)
      r2 += (1 - f) * (1 - f) * data.squaredMagnitude(k)
    }
    return r2 / Double(count)
  }

  /// The number of range bins N_r.
  package var rangeCount: Int { inRange.filter { $0 }.count }

  /// The standard deviation of each sample of the Tikhonov estimate under white noise of
  /// variance σ²: √((σ²/N) Σ |H_k|²/(|H_k|² + λ)²) (stationary, the same at every n). It
  /// describes the noise only, not the bias.
  package func tikhonovStandardError(lambda: Double, noiseVariance: Double) -> Double {
    var s = 0.0
    for k in 0..<count {
      let d = transferPower[k] + lambda
      if d > 0 { s += transferPower[k] / (d * d) }
    }
    return (noiseVariance * s / Double(count)).squareRoot()
  }

  /// λ by GCV: the grid λ = max|H|²·10^{−14 … 2} at 0.05 decades, then Brent's minimization
  /// in ln λ (`ScalarMinimize.refineGridMinimum`). The note says when the minimum lies at an
  /// end of the grid.
  package func chooseLambdaByGCV() -> (lambda: Double, point: LambdaCurvePoint, note: String?) {
    let top = max(transferPower.max() ?? 1, .leastNormalMagnitude)
    let grid = (0...320).map { log(top) + log(10) * (-14 + 0.05 * Double($0)) }
    let values = grid.map { point(exp($0)).gcv }
    let best = ScalarMinimize.refineGridMinimum(grid: grid, values: values, absoluteTolerance: 1e-9) { point(exp($0)).gcv }
    let lambda = exp(best.x)
    var note: String?
    if best.atGridEnd {
      let end = best.gridIndex == 0 ? "smallest" : "largest"
      note = "the GCV minimum lies at the \(end) λ of the grid max|H|²·[1e-14, 1e2]; the true minimum may lie beyond it"
    }
    return (lambda, point(lambda), note)
  }
}
