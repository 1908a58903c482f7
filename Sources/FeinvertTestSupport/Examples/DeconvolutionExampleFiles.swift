import EngineeringExamples

/// The CSV text of the deconvolution worked example (`Validation/apps/deconv/`), so a test
/// can regenerate and compare it.
package enum DeconvolutionExampleFiles {
  /// `notch.csv` (the spec's deep notch, d = 10⁻³), `notch_zero.csv` (the exact-zero variant,
  /// h matching the data) and `notch_zero_mismatch.csv` (h with its zero at bin 16, the data
  /// made with the zero at bin 17), each `n,h,y` from `DeconvolutionSimulation` with the
  /// given noise seed; and `truth.csv` (`n,x`).
  package static func texts(seed: UInt64) -> [(name: String, text: String)] {
    let base = DeconvolutionSimulation.Case()
    let x = DeconvolutionSimulation.signal(base)
    var zero = base
    zero.notchDepth = 0
    var shifted = zero
    shifted.notchFrequency = 17.0 / 256
    func file(_ comment: String, model: DeconvolutionSimulation.Case, truth: DeconvolutionSimulation.Case) -> String {
      let h = DeconvolutionSimulation.impulseResponse(model)
      let y = DeconvolutionSimulation.data(truth, h: DeconvolutionSimulation.impulseResponse(truth), x: x, seed: seed)
      var s = "# Synthetic (DeconvolutionSimulation), N = 256, SplitMix64 seed \(seed)\n# \(comment)\n# noise_sigma = 0.002\nn,h,y\n"
      for i in 0..<base.count { s += "\(i),\(h[i]),\(y[i])\n" }
      return s
    }
    var truth = "# The true signal: pulses (1, 80, 6) and (1, 170, 10) + 0.05 cos(2 pi n/16)\nn,x\n"
    for (i, v) in x.enumerated() { truth += "\(i),\(v)\n" }
    return [
      ("notch.csv", file("H = Gaussian low-pass (f_c = 0.3) x Gaussian notch at 1/16 (w = 0.006, depth 1e-3)", model: base, truth: base)),
      ("notch_zero.csv", file("exact-zero variant: notch depth 0 at 1/16", model: zero, truth: zero)),
      ("notch_zero_mismatch.csv", file("h has its zero at 16/256; the data were made with the zero at 17/256", model: zero, truth: shifted)),
      ("truth.csv", truth),
    ]
  }
}
