@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import CellBiologyExamples
import PrivacyExamples
import Testing

/// The CLI-facing job of `feinvert app ribosome`: files in, report and table out, and
/// line-numbered errors for bad input.
@Suite struct RibosomeJobTests {
  static func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ribosome-job-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func runsAndWritesReportAndTable() throws {
    let dir = try Self.scratch()
    let truth = RibosomeSimulation.trueRates(codons: 80)
    let mu = RibosomeSimulation.expectedCounts(rates: truth, kernel: [0.1, 0.8, 0.1], meanCount: 40)
    let counts = RibosomeSimulation.counts(expected: mu, seed: 7)
    var text = "# kernel = 0.1,0.8,0.1\n# mean_rate = 6.0\ncodon,count\n"
    for (i, c) in counts.enumerated() { text += "\(i + 1),\(Int(c))\n" }
    let data = dir.appendingPathComponent("counts.csv").path
    try text.write(toFile: data, atomically: true, encoding: .utf8)
    let report = dir.appendingPathComponent("report.json").path
    let out = dir.appendingPathComponent("k.csv").path
    let (estimate, summary) = try RibosomeJob.run(data: data, rule: .discrepancy, report: report, out: out)
    #expect(summary.contains("discrepancy") && summary.contains("wrote"))
    let json = try String(contentsOfFile: report, encoding: .utf8)
    for key in ["\"lambda\"", "\"gcv\"", "\"lcurve\"", "\"discrepancy\"", "\"trace_influence\"", "\"identifiability\"",
                "\"condition_number\"", "\"warnings\"", "\"rank\"", "\"null_space\""] {
      #expect(json.contains(key), "report lacks \(key)")
    }
    #expect(estimate.lambdaSource == "discrepancy" && estimate.lambda == estimate.selection?.discrepancy.lambda)
    // The table round-trips the estimate; the harmonic mean is the metadata's k̄ = 6.
    let table = try CSVTable.read(path: out)
    #expect(table.columns == ["codon", "k"])
    let k = try table.numbers("k")
    #expect(try table.integers("codon") == Array(1...80))
    for i in k.indices { #expect(k[i] == estimate.rates[i]) }
    let harmonic = Double(k.count) / k.reduce(0) { $0 + 1 / $1 }
    #expect(abs(harmonic - 6) < 1e-12 * 6)
  }

  @Test(arguments: [
    ("codon,count\n1,4\n2,5\n4,6\n", ":4: found codon 4 after 2; expected consecutive codons (3)"),
    ("codon,count\n1,4\n2,-5\n3,6\n", ":3: found '-5' in column count; expected a read count from 0 to 1e15"),
    ("codon,count\n1,4\n2,1e300\n3,6\n", ":3: found '1e300' in column count; expected a read count from 0 to 1e15"),
    ("codon,count\n1,4\n2,nan\n3,6\n", ":3: found 'nan' in column count"),
    ("# kernel = 0.2,0.8\ncodon,count\n1,4\n2,5\n3,6\n", ":1: found 2 kernel weights"),
    ("# kernel = 0.1,x,0.1\ncodon,count\n1,4\n2,5\n3,6\n", ":1: found kernel weight 'x'"),
    ("# mean_rate = -2\ncodon,count\n1,4\n2,5\n3,6\n", ":1: found mean_rate = -2; expected a rate > 0"),
    ("codon,count\n1,0\n2,0\n3,0\n", ":2: found only zero counts"),
    ("codon,count\n1,4\n2,5\n", ":3: found 2 codon(s); expected at least 3"),
    ("codon,reads\n1,4\n2,5\n3,6\n", ":1: found no column count"),
    // Too long for the dense λ search: refused at the first codon past the limit (line 10002).
    ("codon,count\n" + (1...1_000_001).map { "\($0),5\n" }.joined(), ":1000002: found 1000001 codons; expected at most 1000000"),
  ])
  func badInputNamesFileAndLine(text: String, message: String) throws {
    let dir = try Self.scratch()
    let data = dir.appendingPathComponent("bad.csv").path
    let report = dir.appendingPathComponent("report.json").path
    try expectBadInput(text, at: data, contains: message, leaves: report, namesFile: true) {
      _ = try RibosomeJob.run(data: data, report: report, out: nil)
    }
  }

  /// A huge fixed λ is a numerical failure with the right advice, not a crash: 1e308
  /// overflows K(λ) (CHOLMOD passes NaN pivots, so the factor is checked), 1e16 leaves the
  /// penalty's null space to round-off. Found by the option sweep of `make fuzz`.
  @Test(arguments: [(1e308, "overflows double precision"), (1e16, "swamps the data")])
  func hugeLambdaIsNumericalError(lambda: Double, message: String) throws {
    let dir = try Self.scratch()
    let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/ribosome/counts.csv").path
    let report = dir.appendingPathComponent("report.json").path
    do {
      _ = try RibosomeJob.run(data: data, lambda: lambda, report: report, out: nil)
      Issue.record("λ = \(lambda) should fail")
    } catch let error as NumericalError {
      #expect(error.description.contains(message), "\(error.description)")
    }
    #expect(!FileManager.default.fileExists(atPath: report))
  }

  /// λ = 0 with a kernel that hides a direction is a numerical failure (exit 3), not a crash:
  /// the kernel 0.5/0/0.5 on 21 codons is half the path graph's adjacency matrix, whose
  /// eigenvalues 2cos(kπ/22) include 0 at k = 11.
  @Test func singularKernelAtZeroLambdaIsNumericalError() throws {
    let dir = try Self.scratch()
    let data = dir.appendingPathComponent("counts.csv").path
    var text = "# kernel = 0.5,0,0.5\ncodon,count\n"
    for i in 1...21 { text += "\(i),\(10 + i % 3)\n" }
    try text.write(toFile: data, atomically: true, encoding: .utf8)
    let report = dir.appendingPathComponent("report.json").path
    #expect(throws: NumericalError.self) { try RibosomeJob.run(data: data, lambda: 0, report: report, out: nil) }
    #expect(!FileManager.default.fileExists(atPath: report))
    // With the GCV λ the same data are fine, and the report states the hidden direction.
    let (estimate, _) = try RibosomeJob.run(data: data, report: report, out: nil)
    #expect(estimate.dataRank < 21)
    #expect(estimate.warnings.contains { $0.contains("hides") })
  }
}

/// `Validation/apps/ribosome/` holds the worked example from seed 2026; this regenerates it
/// and compares byte for byte (FEINVERT_REGENERATE=1 rewrites it).
@Suite struct RibosomeWorkedExampleTests {
  @Test func workedExampleIsReproducible() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/ribosome")
    let texts = RibosomeExampleFiles.texts(seed: 2026)
    for (name, text) in [("counts.csv", texts.counts), ("truth.csv", texts.truth)] {
      let path = folder.appendingPathComponent(name).path
      if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
      let stored = try String(contentsOfFile: path, encoding: .utf8)
      #expect(stored == text, "\(name) differs from its generator")
    }
  }
}
