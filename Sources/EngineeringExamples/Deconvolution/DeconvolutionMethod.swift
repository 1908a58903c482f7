/// How `feinvert app deconv` estimates x.
package enum DeconvolutionMethod: String, Sendable, CaseIterable {
  /// Tikhonov X̂ = H̄Y/(|H|² + λ), λ by GCV (the default).
  case tikhonov
  /// Wiener X̂ = H̄Y S_x/(|H|² S_x + S_e) with given signal and noise power spectra.
  case wiener
  /// The minimum-norm H⁺Py: exact on the range, zero on the null space.
  case minimumNorm = "minimum-norm"
}
