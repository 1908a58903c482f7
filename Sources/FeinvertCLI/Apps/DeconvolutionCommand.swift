import ArgumentParser
import ExampleJobs

extension DeconvolutionMethod: ExpressibleByArgument {}

/// `feinvert app deconv`: circular deconvolution through a deep notch (`shared/spec/apps.md` §9).
struct DeconvolutionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deconv",
    abstract: "Circular deconvolution: Tikhonov with GCV, Wiener, minimum norm; condition number, null space, out-of-range residual.")

  @Option(help: "Data CSV: n,h,y.") var data: String
  @Option(help: "Method: tikhonov, wiener or minimum-norm.") var method: DeconvolutionMethod = .tikhonov
  @Option(help: "Spectra CSV for wiener: k,signal_power,noise_power.") var spectra: String?
  @Option(help: "Noise standard deviation, if known (overrides the file's noise_sigma).") var noiseSigma: Double?
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Estimate CSV: n,x_hat.") var out: String?
  @Option(help: "HTML page: the transfer spectrum with its notch and the estimate with its band.") var html: String?

  mutating func run() throws {
    let (_, summary) = try DeconvolutionJob.run(
      data: data, method: method, spectra: spectra, noiseSigma: noiseSigma, report: report, out: out, html: html)
    print(summary, terminator: "")
  }
}
