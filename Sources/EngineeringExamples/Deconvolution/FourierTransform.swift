import CFFTW
import FECommon

/// Discrete Fourier transforms of length-N complex sequences by FFTW 3.
///
/// Convention (FFTW's, unnormalized forward): X_k = Σ_n x_n e^{−2πikn/N}, and the inverse
/// x_n = (1/N) Σ_k X_k e^{+2πikn/N}; Parseval reads Σ|x_n|² = (1/N) Σ|X_k|².
///
/// Each call plans with `FFTW_ESTIMATE` (no trial runs, microseconds), executes once and
/// destroys its plan, so no plan outlives the call. FFTW's planner and `fftw_destroy_plan`
/// are not thread-safe, so plan, execution and destruction run under the process-wide
/// `FFTWPlannerLock` shared with every other FFTW user of the package (execution alone
/// would be safe, but for the lengths of this example the lock costs nothing and keeps the
/// pointer inside one critical section).
package enum FourierTransform {
  /// The forward DFT of a real sequence.
  package static func forward(_ x: [Double]) -> ComplexSequence {
    transform(ComplexSequence(real: x, imaginary: [Double](repeating: 0, count: x.count)), sign: FFTW_FORWARD)
  }

  /// The forward DFT of a complex sequence.
  package static func forward(_ x: ComplexSequence) -> ComplexSequence { transform(x, sign: FFTW_FORWARD) }

  /// The inverse DFT (with the 1/N), complex result.
  package static func inverse(_ spectrum: ComplexSequence) -> ComplexSequence {
    var x = transform(spectrum, sign: FFTW_BACKWARD)
    let scale = 1 / Double(max(spectrum.count, 1))
    for i in 0..<x.count {
      x.real[i] *= scale
      x.imaginary[i] *= scale
    }
    return x
  }

  /// The real part of the inverse DFT: the signal of a Hermitian-symmetric spectrum (its
  /// imaginary part is round-off).
  package static func inverseReal(_ spectrum: ComplexSequence) -> [Double] { inverse(spectrum).real }

  private static func transform(_ x: ComplexSequence, sign: Int32) -> ComplexSequence {
    let n = x.count
    if n == 0 { return x }
    var buffer = [Double](repeating: 0, count: 2 * n)
    for i in 0..<n {
      buffer[2 * i] = x.real[i]
      buffer[2 * i + 1] = x.imaginary[i]
    }
    buffer.withUnsafeMutableBytes { raw in
      let data = raw.baseAddress!.assumingMemoryBound(to: fftw_complex.self)
      // In-place transform; FFTW_ESTIMATE planning does not touch the array's contents.
      FFTWPlannerLock.mutex.withLock { _ in
        let plan = fftw_plan_dft_1d(Int32(n), data, data, sign, UInt32(FFTW_ESTIMATE))
        fftw_execute(plan)
        fftw_destroy_plan(plan)
      }
    }
    var out = ComplexSequence(count: n)
    for i in 0..<n {
      out.real[i] = buffer[2 * i]
      out.imaginary[i] = buffer[2 * i + 1]
    }
    return out
  }
}
