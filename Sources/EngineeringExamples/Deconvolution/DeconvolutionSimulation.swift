import FECommon
import Foundation

/// The deep-notch case of the spec's validation (`shared/spec/apps.md` §9), constructed
/// explicitly.
///
/// Frequencies f are signed, in cycles per sample, on the DFT bins f_k = k/N (k ≤ N/2) or
/// (k − N)/N. The transfer function is real and even in f (zero phase), so h is real and
/// circularly symmetric:
///
///     H(f) = exp(−f²/(2 f_c²)) · [1 − (1 − d)·exp(−(|f| − f₀)²/(2 w²))]
///
/// a Gaussian low-pass whose standard deviation is f_c, times a Gaussian notch of depth d at
/// ±f₀ with standard deviation w. With N = 256, f₀ = 1/16 lies on bin 16 exactly, and the
/// neighbouring bins (Δf = 1/256 ≈ 0.0039 = 0.65 w) keep 1 − 0.999·e^{−0.21} ≈ 0.19 of their
/// gain: the notch is one bin deep. d = 0 is the exact-zero variant.
///
/// The signal is two Gaussian pulses plus a sinusoid on the notch,
///
///     x_n = Σ_p a_p exp(−(n − c_p)²/(2 s_p²)) + 0.05 cos(2π f₀ n),
///
/// pulses (a, c, s) = (1, 80, 6) and (1, 170, 10) samples. The spec leaves the pulses open;
/// these unit pulses make the notch's share of the signal, ‖x_notch‖/‖x‖ = 0.121 (the sinusoid
/// and the pulses' content at ±f₀), match the spec's "Tikhonov error ≈ 0.12, dominated by the
/// notch component".
package enum DeconvolutionSimulation {
  /// The case's parameters; the defaults are the spec's.
  package struct Case: Sendable {
    package var count = 256
    /// f_c, cycles/sample.
    package var cutoff = 0.3
    /// f₀, cycles/sample.
    package var notchFrequency = 1.0 / 16
    /// w, cycles/sample.
    package var notchWidth = 0.006
    /// d, the gain left at f₀ (0: an exact zero).
    package var notchDepth = 1e-3
    /// Pulses (amplitude, centre sample, s.d. in samples).
    package var pulses: [(amplitude: Double, centre: Double, width: Double)] = [(1, 80, 6), (1, 170, 10)]
    /// The sinusoid's amplitude (at f₀ of the signal, which need not be the filter's notch).
    package var sinusoidAmplitude = 0.05
    /// The sinusoid's frequency, cycles/sample.
    package var sinusoidFrequency = 1.0 / 16
    /// σ of the white Gaussian noise.
    package var noiseSigma = 2e-3

    package init() {}
  }

  /// H(f_k) on the N bins (real, even).
  package static func transfer(_ c: Case) -> [Double] {
    (0..<c.count).map { k in
      let f = Double(k <= c.count / 2 ? k : k - c.count) / Double(c.count)
      let lowPass = exp(-f * f / (2 * c.cutoff * c.cutoff))
      let offset = abs(f) - c.notchFrequency
      let notch = 1 - (1 - c.notchDepth) * exp(-offset * offset / (2 * c.notchWidth * c.notchWidth))
      return lowPass * notch
    }
  }

  /// h = IDFT(H), real (H is real and even).
  package static func impulseResponse(_ c: Case) -> [Double] {
    let h = transfer(c)
    return FourierTransform.inverseReal(ComplexSequence(real: h, imaginary: [Double](repeating: 0, count: h.count)))
  }

  /// The true signal x_n.
  package static func signal(_ c: Case) -> [Double] {
    (0..<c.count).map { i in
      let n = Double(i)
      var x = c.sinusoidAmplitude * cos(2 * .pi * c.sinusoidFrequency * n)
      for p in c.pulses { x += p.amplitude * exp(-(n - p.centre) * (n - p.centre) / (2 * p.width * p.width)) }
      return x
    }
  }

  /// y = h ⊛ x + e: the circular convolution (through the DFT of h and x) plus white
  /// Gaussian noise of s.d. `noiseSigma` from `SplitMix64(seed:)` (no noise when `seed` is nil).
  package static func data(_ c: Case, h: [Double], x: [Double], seed: UInt64?) -> [Double] {
    let hh = FourierTransform.forward(h), xx = FourierTransform.forward(x)
    var yy = ComplexSequence(count: c.count)
    for k in 0..<c.count {
      yy.real[k] = hh.real[k] * xx.real[k] - hh.imaginary[k] * xx.imaginary[k]
      yy.imaginary[k] = hh.real[k] * xx.imaginary[k] + hh.imaginary[k] * xx.real[k]
    }
    var y = FourierTransform.inverseReal(yy)
    if let seed {
      var rng = SplitMix64(seed: seed)
      for i in 0..<y.count { y[i] += c.noiseSigma * rng.nextGaussian() }
    }
    return y
  }

  /// ‖a − b‖/‖b‖.
  package static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "relativeError: equal lengths")
    var num = 0.0, den = 0.0
    for i in a.indices {
      num += (a[i] - b[i]) * (a[i] - b[i])
      den += b[i] * b[i]
    }
    return (num / den).squareRoot()
  }
}
