import Benchmark
import FECommon
import FeinvertIO
import Foundation

/// Reading a dense moiré field: a generated fringe CSV of 630,000 rows (x, y, z, ux, uz,
/// sigma_ux, sigma_uz in Swift's shortest round-trip form, as `feinvert synth` writes
/// them; about 75 MB), by the fringe reader and by the measured-data reader (the path
/// `feinvert fit` takes), and the same rows as a VIC-3D-style export (quoted header, a
/// mask column, NaN cells) through the layout path. Throughput is the file's bytes over
/// the median wall time: issue 18 asks for 100 MB/s or more.
///
///     cd Benchmarks && swift package benchmark --target FringeReader
///
/// FEINVERT_FRINGE_FILE=path reads that file instead of the generated one (e.g. the dense
/// fit's `big.csv` from `Benchmarks/perf/dense_fit.sh`).
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident, .throughput], timeUnits: .milliseconds,
    maxDuration: .seconds(60), maxIterations: 7)

  let files = FringeFiles.make()
  for (name, path) in [("fringe CSV", files.fringe), ("VIC-3D layout", files.vic3d)] {
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let megabytes = Double(bytes) / 1e6
    if name == "fringe CSV" {
      Benchmark("FringeCSVReader.read, \(name), \(String(format: "%.1f", megabytes)) MB") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try FringeCSVReader.read(path: path, lengthUnitMetres: 1e-3)) }
      }
    }
    Benchmark("MeasuredDataReader.read, \(name), \(String(format: "%.1f", megabytes)) MB") { benchmark in
      for _ in benchmark.scaledIterations { blackHole(try MeasuredDataReader.read(path: path, lengthUnitMetres: 1e-3)) }
    }
  }
}

enum FringeFiles {
  /// Writes the two files once into the temporary directory (or takes FEINVERT_FRINGE_FILE).
  static func make() -> (fringe: String, vic3d: String) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feinvert-fringe-bench").path
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let fringe = ProcessInfo.processInfo.environment["FEINVERT_FRINGE_FILE"] ?? directory + "/dense-630k.csv"
    let vic3d = directory + "/dense-630k-vic3d.csv"
    let rows = 630_000
    var rng = SplitMix64(seed: 18)
    if !FileManager.default.fileExists(atPath: fringe) {
      var text = "# grating_frequency = 2400\nx,y,z,ux,uz,sigma_ux,sigma_uz\n"
      text.reserveCapacity(rows * 120)
      for i in 0..<rows {
        let x = Double(i % 5000) * 0.004, z = Double(i / 5000) * 0.004
        let ux = 1e-3 * x + 2e-5 * rng.nextGaussian(), uz = -3e-4 * z + 2e-5 * rng.nextGaussian()
        text += "\(x),10.0,\(z),\(ux),\(uz),2e-05,2e-05\n"
      }
      FileManager.default.createFile(atPath: fringe, contents: Data(text.utf8))
    }
    if !FileManager.default.fileExists(atPath: vic3d) {
      var text = "\"Count\",\"X\",\"Y\",\"Z\",\"U\",\"V\",\"W\",\"sigma\"\n"
      text.reserveCapacity(rows * 120)
      for i in 0..<rows {
        let x = Double(i % 5000) * 0.004, y = Double(i / 5000) * 0.004
        let u = 1e-3 * x + 2e-5 * rng.nextGaussian(), w = 2e-5 * rng.nextGaussian()
        let v = i % 97 == 0 ? "NaN" : "\(-3e-4 * y + 2e-5 * rng.nextGaussian())"
        let sigma = i % 101 == 0 ? "-1" : "0.0125"
        text += "\(i),\(x),\(y),0.5,\(u),\(v),\(w),\(sigma)\n"
      }
      FileManager.default.createFile(atPath: vic3d, contents: Data(text.utf8))
    }
    return (fringe, vic3d)
  }
}
