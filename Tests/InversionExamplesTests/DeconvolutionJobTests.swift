@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import EcologyExamples
import EngineeringExamples
import PrivacyExamples
import Testing

/// The CLI-facing job of `feinvert app deconv`.
@Suite struct DeconvolutionJobTests {
  static func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deconv-job-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func runsAllMethods() throws {
    let dir = try Self.scratch()
    var c = DeconvolutionSimulation.Case()
    c.notchDepth = 0
    let h = DeconvolutionSimulation.impulseResponse(c)
    let x = DeconvolutionSimulation.signal(c)
    let y = DeconvolutionSimulation.data(c, h: h, x: x, seed: 5)
    var text = "n,h,y\n"
    for i in 0..<256 { text += "\(i),\(h[i]),\(y[i])\n" }
    let data = dir.appendingPathComponent("d.csv").path
    try text.write(toFile: data, atomically: true, encoding: .utf8)
    let xs = FourierTransform.forward(x)
    var spectra = "k,signal_power,noise_power\n"
    for k in 0..<256 { spectra += "\(k),\(xs.squaredMagnitude(k)),\(256 * 4e-6)\n" }
    let spectraPath = dir.appendingPathComponent("s.csv").path
    try spectra.write(toFile: spectraPath, atomically: true, encoding: .utf8)
    for method in DeconvolutionMethod.allCases {
      let report = dir.appendingPathComponent("r-\(method.rawValue).json").path
      let out = dir.appendingPathComponent("x-\(method.rawValue).csv").path
      let (e, summary) = try DeconvolutionJob.run(data: data, method: method, spectra: spectraPath, report: report, out: out)
      #expect(summary.contains("kappa") && summary.contains("wrote"))
      #expect(e.nullBins == [16, 240])
      let json = try String(contentsOfFile: report, encoding: .utf8)
      for key in ["\"lambda\"", "\"condition_number\"", "\"out_of_range_residual\"", "\"bias\"", "\"identifiability\"",
                  "\"null_space\"", "\"warnings\"", "\"rank\": 254"] {
        #expect(json.contains(key), "report lacks \(key)")
      }
      let table = try CSVTable.read(path: out)
      #expect(table.columns == ["n", "x_hat"])
      #expect(try table.numbers("x_hat") == e.estimate)
      // Every method misses x_null: error at least ‖x_null‖/‖x‖ ≈ 0.12.
      #expect(DeconvolutionSimulation.relativeError(e.estimate, x) > 0.1)
    }
  }

  @Test(arguments: [
    ("n,h,y\n0,1,2\n2,0.5,1\n", ":3: found n = 2 after 0; expected consecutive samples (1)"),
    ("n,h,y\n0,1,2\n1,inf,1\n", ":3: found 'inf' in column h"),
    ("n,h,y\n0,0,2\n1,0,1\n", ":1: found h = 0 in every row"),
    ("n,h\n0,1\n1,0.5\n", ":1: found no column y"),
    ("n,h,y\n0,1,2\n", ":2: found 1 sample; expected at least 2"),
    ("n,h,y\n0,1,\n1,1,2\n", ":2: found an empty cell in column y"),
    ("# noise_sigma = 0\nn,h,y\n0,1,2\n1,1,2\n", ":1: found noise_sigma = 0; expected a standard deviation > 0"),
  ])
  func badInputNamesFileAndLine(text: String, message: String) throws {
    let dir = try Self.scratch()
    let data = dir.appendingPathComponent("bad.csv").path
    let report = dir.appendingPathComponent("r.json").path
    try expectBadInput(text, at: data, contains: message, leaves: report, namesFile: true) {
      _ = try DeconvolutionJob.run(data: data, report: report, out: nil)
    }
  }

  @Test func badSpectraFile() throws {
    let dir = try Self.scratch()
    let data = dir.appendingPathComponent("d.csv").path
    try "n,h,y\n0,1,2\n1,0.5,1\n2,0.2,0\n".write(toFile: data, atomically: true, encoding: .utf8)
    let spectra = dir.appendingPathComponent("s.csv").path
    try "k,signal_power,noise_power\n0,1,1\n1,1,0\n2,1,1\n".write(toFile: spectra, atomically: true, encoding: .utf8)
    let report = dir.appendingPathComponent("r.json").path
    #expect {
      try DeconvolutionJob.run(data: data, method: .wiener, spectra: spectra, report: report, out: nil)
    } throws: { error in
      (error as? InputError)?.description.contains("s.csv:3: found '0' in column noise_power; expected a power > 0") ?? false
    }
    #expect(throws: InputError.self) { try DeconvolutionJob.run(data: data, method: .wiener, report: report, out: nil) }
  }
}

/// `Validation/apps/deconv/` holds the worked example from seed 2026; this regenerates it and
/// compares byte for byte (FEINVERT_REGENERATE=1 rewrites it).
@Suite struct DeconvolutionWorkedExampleTests {
  @Test func workedExampleIsReproducible() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/deconv")
    for (name, text) in DeconvolutionExampleFiles.texts(seed: 2026) {
      let path = folder.appendingPathComponent(name).path
      if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
      let stored = try String(contentsOfFile: path, encoding: .utf8)
      #expect(stored == text, "\(name) differs from its generator")
    }
  }
}
