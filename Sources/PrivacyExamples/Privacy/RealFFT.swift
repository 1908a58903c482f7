import CFFTW
import FECommon
import Foundation

/// The T-fold circular self-convolution of a real sequence by FFTW's real transforms.
enum RealFFT {
  /// x ⊛ x ⊛ … ⊛ x (`times` factors), circular on x's length N: the inverse real DFT of
  /// X_k^T, X = the forward real DFT (FFTW's `r2c`/`c2r`, unnormalized; the 1/N is applied
  /// here). The power is taken in polar form, |X|^T e^{iT·arg X}.
  ///
  /// Plans are made with `FFTW_ESTIMATE` and destroyed in the call, under
  /// `FFTWPlannerLock` (FFTW's planner is not thread-safe). `x.count >= 1`, or a
  /// precondition failure occurs.
  static func power(_ x: [Double], _ times: Int) -> [Double] {
    let n = x.count
    precondition(n >= 1 && times >= 1, "RealFFT.power")
    let half = n / 2 + 1
    var real = x
    var spectrum = [Double](repeating: 0, count: 2 * half)
    real.withUnsafeMutableBufferPointer { r in
      spectrum.withUnsafeMutableBytes { raw in
        let c = raw.baseAddress!.assumingMemoryBound(to: fftw_complex.self)
        FFTWPlannerLock.mutex.withLock { _ in
          // FFTW_ESTIMATE does not overwrite the input while planning.
          let plan = fftw_plan_dft_r2c_1d(Int32(n), r.baseAddress, c, UInt32(FFTW_ESTIMATE))
          fftw_execute(plan)
          fftw_destroy_plan(plan)
        }
      }
    }
    let t = Double(times)
    for k in 0..<half {
      let re = spectrum[2 * k], im = spectrum[2 * k + 1]
      let modulus = pow((re * re + im * im).squareRoot(), t)
      let angle = t * atan2(im, re)
      spectrum[2 * k] = modulus * cos(angle)
      spectrum[2 * k + 1] = modulus * sin(angle)
    }
    real.withUnsafeMutableBufferPointer { r in
      spectrum.withUnsafeMutableBytes { raw in
        let c = raw.baseAddress!.assumingMemoryBound(to: fftw_complex.self)
        FFTWPlannerLock.mutex.withLock { _ in
          // c2r overwrites its input (the spectrum), which is not used afterwards.
          let plan = fftw_plan_dft_c2r_1d(Int32(n), c, r.baseAddress, UInt32(FFTW_ESTIMATE))
          fftw_execute(plan)
          fftw_destroy_plan(plan)
        }
      }
    }
    let scale = 1 / Double(n)
    return real.map { $0 * scale }
  }
}
