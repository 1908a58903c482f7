import FECommon

/// Differentially private SGD for least-squares linear regression (Abadi et al. 2016,
/// Alg. 1) on a `StandardizedRegression`.
///
/// θ starts at 0. At each of T steps every training row i joins the batch with
/// probability q (Poisson sampling: one uniform draw per row, in row order); its
/// squared-loss gradient gᵢ = (θ·z̃ᵢ − tᵢ) z̃ᵢ is clipped to norm C,
/// ḡᵢ = gᵢ · min(1, C/‖gᵢ‖); then θ ← θ − η (Σ ḡᵢ + σC ξ)/(q n) with ξ ∼ N(0, I_d)
/// (d draws, Box–Muller, after the row draws). Dividing by the expected batch size q·n
/// rather than the drawn one keeps the released sum the sampled Gaussian mechanism
/// the accountant (`RenyiAccountant`) assumes, each record changing it by at most C.
///
/// All randomness comes from one `SplitMix64(seed:)`, so a run is reproducible.
package enum DPSGDLinearRegression {
  /// θ = (w, b) after T steps; see the type's discussion.
  ///
  /// `settings` must have q in (0, 1], C > 0, σ ≥ 0, T ≥ 0 and η > 0, or a
  /// precondition failure occurs (the caller validates user input).
  /// - Complexity: O(T n d).
  package static func train(_ problem: StandardizedRegression, settings: DPSGDSettings, seed: UInt64) -> [Double] {
    precondition(settings.sampleRate > 0 && settings.sampleRate <= 1 && settings.clipNorm > 0
                   && settings.noiseMultiplier >= 0 && settings.steps >= 0 && settings.learningRate > 0,
                 "DPSGDLinearRegression: invalid settings")
    let n = problem.rowCount, d = problem.parameterCount
    let q = settings.sampleRate, c = settings.clipNorm
    let noiseScale = settings.noiseMultiplier * c
    let stepScale = settings.learningRate / (q * Double(n))
    var rng = SplitMix64(seed: seed)
    var theta = [Double](repeating: 0, count: d)
    var sum = [Double](repeating: 0, count: d)
    problem.design.withUnsafeBufferPointer { z in
      problem.target.withUnsafeBufferPointer { t in
        problem.rowNorms.withUnsafeBufferPointer { norms in
          for _ in 0..<settings.steps {
            for k in 0..<d { sum[k] = 0 }
            for i in 0..<n where rng.nextUnit() < q {
              let row = i * d
              var r = -t[i]
              for k in 0..<d { r += theta[k] * z[row + k] }
              let norm = abs(r) * norms[i]
              let factor = norm > c ? r * (c / norm) : r
              for k in 0..<d { sum[k] += factor * z[row + k] }
            }
            if noiseScale > 0 {
              for k in 0..<d { sum[k] += noiseScale * rng.nextGaussian() }
            }
            for k in 0..<d { theta[k] -= stepScale * sum[k] }
          }
        }
      }
    }
    return theta
  }
}
