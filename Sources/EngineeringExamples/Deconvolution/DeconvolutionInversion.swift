import FECommon
import Foundation

/// `feinvert app deconv`: circular deconvolution with a report of what the data cannot
/// determine (`shared/spec/apps.md` §9); the numerics are `CircularDeconvolution`'s.
package enum DeconvolutionInversion {
  /// Power spectra for the Wiener filter, one value per DFT bin.
  package struct Spectra: Sendable {
    package var signalPower: [Double]
    package var noisePower: [Double]
    package init(signalPower: [Double], noisePower: [Double]) {
      self.signalPower = signalPower
      self.noisePower = noisePower
    }
  }

  /// Estimates x from y = h ⊛ x + e.
  ///
  /// The noise σ: `noiseSigma` when the user knows it. Otherwise the GCV estimate
  /// σ̂² = ‖y − h ⊛ x̂‖²/(N − tr H) at λ_GCV (Wahba 1990, eq. 4.7.4) for the standard errors,
  /// but the out-of-range check needs a σ that does not come from the null bins it tests: the
  /// range-only estimate ‖P r‖²/(N_r − tr H), used only when N_r − tr H ≥ 10 (a regularized
  /// fit with spare degrees of freedom). When h's range is well conditioned the range fit
  /// leaves no such freedom and σ is not estimable apart from the null bins; the report
  /// then says that the check needs `noise_sigma`.
  ///
  /// `h.count == y.count >= 2`, and for `.wiener` spectra with N entries each, or a
  /// precondition failure occurs (the file reader checks).
  /// - Throws: `NumericalError` when h is zero (nothing is observed).
  package static func estimate(
    impulseResponse h: [Double], data y: [Double], method: DeconvolutionMethod = .tikhonov, spectra: Spectra? = nil,
    noiseSigma: Double? = nil
  ) throws -> DeconvolutionEstimate {
    precondition(method != .wiener || spectra != nil, "DeconvolutionInversion: Wiener needs spectra")
    let problem = CircularDeconvolution(impulseResponse: h, data: y)
    let n = problem.count
    guard (problem.transferPower.max() ?? 0) > 0 else {
      throw NumericalError("the impulse response h has no non-zero Fourier coefficient: y carries no information on x")
    }
    let gcv = problem.chooseLambdaByGCV()
    let gcvSigma2 = gcv.point.residualNormSquared / max(Double(n) - gcv.point.traceInfluence, .leastNormalMagnitude)
    let sigma2 = noiseSigma.map { $0 * $0 } ?? gcvSigma2
    let rangeDOF = Double(problem.rangeCount) - gcv.point.traceInfluence
    let independentSigma2: Double? = noiseSigma.map { $0 * $0 }
      ?? (rangeDOF >= 10 ? problem.rangeResidualSquared(gcv.lambda) / rangeDOF : nil)
    let nullBins = problem.nullBins
    let x: [Double]
    let standardError: Double
    switch method {
    case .tikhonov:
      x = problem.tikhonov(lambda: gcv.lambda)
      standardError = problem.tikhonovStandardError(lambda: gcv.lambda, noiseVariance: sigma2)
    case .wiener:
      let s = spectra!
      x = problem.wiener(signalPower: s.signalPower, noisePower: s.noisePower)
      // Var X̂_k = |g_k|²·S_e,k with g_k = H̄ S_x/(|H|² S_x + S_e); Var x̂_n = (1/N²) Σ |g_k|² S_e,k.
      var v = 0.0
      for k in 0..<n {
        let den = problem.transferPower[k] * s.signalPower[k] + s.noisePower[k]
        if den > 0 {
          let g = s.signalPower[k] / den
          v += problem.transferPower[k] * g * g * s.noisePower[k]
        }
      }
      standardError = (v / Double(n * n)).squareRoot()
    case .minimumNorm:
      x = problem.minimumNorm()
      var s = 0.0
      for k in 0..<n where problem.inRange[k] { s += 1 / problem.transferPower[k] }
      standardError = (sigma2 * s / Double(n)).squareRoot()
    }
    let residual = problem.outOfRangeResidual
    let noiseLevel = independentSigma2.map { ($0 * Double(nullBins.count)).squareRoot() }
    let attenuated = problem.transferPower.filter { $0 < gcv.lambda }.count
    var warnings = [String]()
    func g(_ v: Double) -> String { String(format: "%.3g", v) }
    let kappa = problem.conditionNumber
    warnings.append(
      "κ = max|H|/min|H| = \(kappa.isFinite ? g(kappa) : "∞"): a relative data error δ can become a relative error up to κ·δ in the naive inverse.")
    if !nullBins.isEmpty {
      let freqs = nullBins.map { g(problem.frequency($0)) }.joined(separator: ", ")
      warnings.append(
        "H is zero (≤ 1e-8·max|H|) at \(nullBins.count) bin(s), frequencies \(freqs) cycles/sample: the part x_null of x there does not reach the data, so every estimate is biased by −x_null (norm ‖x_null‖, unknown from y), and no regularization removes it.")
      if let noiseLevel {
        if residual > 5 * noiseLevel {
          warnings.append(
            "‖(I − P)y‖ = \(g(residual)) is \(g(residual / noiseLevel))× the noise level \(g(noiseLevel)) expected at the null bins: the data have energy where the given h has zeros, so h is probably wrong (a zero at the wrong frequency).")
        }
      } else {
        warnings.append(
          "‖(I − P)y‖ = \(g(residual)) cannot be compared with the noise: σ was not given and the range fit leaves \(g(max(rangeDOF, 0))) spare degrees of freedom (< 10), so the null bins are the only estimate of σ; give noise_sigma to test h.")
      }
    }
    if attenuated > 0 {
      warnings.append(
        "\(attenuated) of \(n) bins have |H_k|² < λ_GCV = \(g(gcv.lambda)) (filter factor < 1/2): x at those frequencies is mostly not recovered (smoothed towards 0).")
    }
    if let note = gcv.note { warnings.append("GCV: \(note)") }
    let naiveError = problem.naiveInverseExpectedError(noiseSigma: sigma2.squareRoot())
    let estimateNorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let naiveRelative = estimateNorm > 0 ? naiveError / estimateNorm : .nan
    return DeconvolutionEstimate(
      method: method, estimate: x, lambda: gcv.lambda, traceInfluence: gcv.point.traceInfluence, lambdaNote: gcv.note,
      noiseVariance: sigma2, noiseGiven: noiseSigma != nil, standardError: standardError, conditionNumber: kappa,
      rangeConditionNumber: problem.rangeConditionNumber, nullBins: nullBins,
      nullFrequencies: nullBins.map { problem.frequency($0) }, outOfRangeResidual: residual,
      outOfRangeNoiseLevel: noiseLevel, attenuatedBins: attenuated, naiveExpectedError: naiveError,
      naiveExpectedRelativeError: naiveRelative, warnings: warnings)
  }
}
