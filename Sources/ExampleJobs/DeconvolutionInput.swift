import FeinvertFiles
import FECommon
import EngineeringExamples

/// A deconvolution CSV (`shared/spec/apps.md` §9) read and checked:
///
///     n,h,y
///     0,0.2503,0.0121
///     1,0.1904,0.0135
///
/// Metadata `noise_sigma` (optional, > 0) is the noise's standard deviation, when known.
/// Rows are the N samples in order: `n` is an integer increasing by one from row to row;
/// `h` in the row k places from the first is the impulse response at lag k (circular:
/// y_n = Σ_k h_k x_{(n−k) mod N}); `y` is the data. Optionally a spectra file for the Wiener
/// filter, `k,signal_power,noise_power`, with the N DFT bins k = 0…N−1 in order.
package struct DeconvolutionInput: Sendable {
  package var samples: [Int]
  package var impulseResponse: [Double]
  package var data: [Double]
  package var spectra: DeconvolutionInversion.Spectra?
  /// σ of the noise from the metadata `noise_sigma`, if given.
  package var noiseSigma: Double?
  package var path: String

  /// Reads and checks the data file and, if given, the spectra file.
  /// - Throws: `InputError` at `path:line`: missing or unknown columns, a gap in `n`, a
  ///   non-finite value, fewer than 2 rows, an h that is zero everywhere, a `noise_sigma`
  ///   that is not a positive number; in the spectra
  ///   file a wrong number of bins, a gap in `k`, a negative power or a non-positive noise
  ///   power.
  package static func load(path: String, spectraPath: String? = nil) throws -> DeconvolutionInput {
    let table = try CSVTable.read(path: path)
    try table.checkColumns(required: ["n", "h", "y"])
    let samples = try table.integers("n")
    for r in 1..<samples.count where samples[r] != samples[r - 1] + 1 {
      throw InputError("found n = \(samples[r]) after \(samples[r - 1]); expected consecutive samples (\(samples[r - 1] + 1))",
                       at: table.location(row: r))
    }
    guard samples.count >= 2 else {
      throw InputError("found 1 sample; expected at least 2", at: table.location(row: 0))
    }
    let h = try table.numbers("h")
    let y = try table.numbers("y")
    guard h.contains(where: { $0 != 0 }) else {
      throw InputError("found h = 0 in every row; expected an impulse response that is not zero", at: table.headerLocation)
    }
    let sigma = try table.metadataNumber("noise_sigma", accept: { $0 > 0 }, expected: "a standard deviation > 0")
    var spectra: DeconvolutionInversion.Spectra?
    if let spectraPath { spectra = try readSpectra(spectraPath, count: samples.count) }
    return DeconvolutionInput(
      samples: samples, impulseResponse: h, data: y, spectra: spectra, noiseSigma: sigma, path: path)
  }

  static func readSpectra(_ path: String, count n: Int) throws -> DeconvolutionInversion.Spectra {
    let table = try CSVTable.read(path: path)
    try table.checkColumns(required: ["k", "signal_power", "noise_power"])
    let bins = try table.integers("k")
    for (r, k) in bins.enumerated() where k != r {
      throw InputError("found bin k = \(k) in row \(r + 1); expected k = \(r) (the DFT bins 0…\(n - 1) in order)",
                       at: table.location(row: r))
    }
    guard bins.count == n else {
      throw InputError("found \(bins.count) bins; expected \(n), one per sample of the data",
                       at: table.location(row: bins.count - 1))
    }
    let signal = try table.numbers("signal_power", accept: { $0 >= 0 }, expected: "a power >= 0")
    let noise = try table.numbers("noise_power", accept: { $0 > 0 }, expected: "a power > 0")
    return DeconvolutionInversion.Spectra(signalPower: signal, noisePower: noise)
  }
}
