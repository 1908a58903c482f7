import FeinvertFiles
import FECommon
import EngineeringExamples
import FitReportHTML

/// `feinvert app deconv` from files to files: read `n,h,y` (and the spectra for Wiener),
/// deconvolve, write the report (and `n,x_hat` with `--out`), each atomically after the
/// estimate succeeded.
package enum DeconvolutionJob {
  /// Runs the job. `noiseSigma` (the command's `--noise-sigma`) overrides the file's
  /// `noise_sigma`.
  /// - Throws: `InputError` (exit 2) for bad input or `--method wiener` without
  ///   `--spectra`; `NumericalError` (exit 3) when h has no non-zero Fourier coefficient.
  package static func run(
    data: String, method: DeconvolutionMethod = .tikhonov, spectra: String? = nil, noiseSigma: Double? = nil,
    report: String, out: String?, html: String? = nil
  ) throws -> (estimate: DeconvolutionEstimate, summary: String) {
    if let html { try checkOutputFile(html, option: "--html", inputs: [data] + (spectra.map { [$0] } ?? [])) }
    if let noiseSigma, !(noiseSigma > 0 && noiseSigma.isFinite) {
      throw InputError("found --noise-sigma \(noiseSigma); expected a finite number > 0", at: SourceLocation(file: "command line"))
    }
    if method == .wiener && spectra == nil {
      throw InputError("found --method wiener without --spectra; expected a spectra CSV (k,signal_power,noise_power)",
                       at: SourceLocation(file: "command line"))
    }
    let input = try DeconvolutionInput.load(path: data, spectraPath: method == .wiener ? spectra : nil)
    let estimate = try DeconvolutionInversion.estimate(
      impulseResponse: input.impulseResponse, data: input.data, method: method, spectra: input.spectra,
      noiseSigma: noiseSigma ?? input.noiseSigma)
    var files = [(report, DeconvolutionReport.json(estimate, input: input).withProvenance(try Provenance(inputs: [("data", data)] + (method == .wiener ? spectra.map { [("spectra", $0)] } ?? [] : []))).encoded() + "\n")]
    if let out { files.append((out, DeconvolutionReport.csv(estimate, samples: input.samples))) }
    if let html { files.append((html, DeconvolutionReport.page(estimate, input: input).html(library: try ChartLibrary.text()))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (estimate, DeconvolutionReport.summary(estimate, input: input) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
