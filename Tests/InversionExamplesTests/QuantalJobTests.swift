@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import CellBiologyExamples
import PrivacyExamples
import Testing

/// The CLI-facing job of `feinvert app quantal`: both CSV forms and bad input.
@Suite struct QuantalJobTests {
  static func scratch() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quantal-job-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Spec: a fit from the summary CSV reproduces the raw-trial fit to 10⁻⁹; the `--out`
  /// table is itself a summary CSV that reads back to the same fit.
  @Test func summaryFormReproducesTrialForm() throws {
    let dir = try Self.scratch()
    let trials = QuantalSimulation.trials(QuantalSimulation.Design(), seed: 77)
    let labels = ["p0.1", "p0.2", "p0.4", "p0.6", "p0.8"]
    var raw = "# baseline_variance = 9\ncondition,trial,amplitude\n"
    for (c, amplitudes) in trials.enumerated() {
      for (t, x) in amplitudes.enumerated() { raw += "\(labels[c]),\(t + 1),\(x)\n" }
    }
    let rawPath = dir.appendingPathComponent("trials.csv").path
    try raw.write(toFile: rawPath, atomically: true, encoding: .utf8)
    let (rawFit, summary) = try QuantalJob.run(
      data: rawPath, report: dir.appendingPathComponent("r1.json").path, out: dir.appendingPathComponent("table.csv").path)
    #expect(summary.contains("q_app") && summary.contains("N "))
    var text = "# baseline_variance = 9\ncondition,n,mean,variance,var_of_variance\n"
    for (c, amplitudes) in trials.enumerated() {
      let s = QuantalCondition(label: labels[c], amplitudes: amplitudes)
      text += "\(s.label),\(s.trials),\(s.mean),\(s.variance),\(s.varianceOfVariance)\n"
    }
    let summaryPath = dir.appendingPathComponent("summary.csv").path
    try text.write(toFile: summaryPath, atomically: true, encoding: .utf8)
    let (sumFit, _) = try QuantalJob.run(data: summaryPath, report: dir.appendingPathComponent("r2.json").path, out: nil)
    let (tableFit, _) = try QuantalJob.run(
      data: dir.appendingPathComponent("table.csv").path, report: dir.appendingPathComponent("r3.json").path, out: nil)
    // The CSVs are written with round-trip precision; the fits agree to 1e-9 (spec §4).
    for other in [sumFit, tableFit] {
      #expect(abs(other.quantalSize - rawFit.quantalSize) <= 1e-9 * abs(rawFit.quantalSize))
      #expect(abs(other.sites - rawFit.sites) <= 1e-9 * abs(rawFit.sites))
      #expect(abs(other.sitesStandardError - rawFit.sitesStandardError) <= 1e-9 * rawFit.sitesStandardError)
      for i in 0..<5 { #expect(abs(other.releaseProbabilities[i] - rawFit.releaseProbabilities[i]) <= 1e-9) }
    }
    let json = try String(contentsOfFile: dir.appendingPathComponent("r1.json").path, encoding: .utf8)
    for key in ["\"q_app\"", "\"N\"", "\"ci95\"", "\"reduced_chi_square\"", "\"condition_number\"", "\"identifiability\"",
                "\"rank\"", "\"null_space\"", "\"warnings\"", "\"p_std_error\""] {
      #expect(json.contains(key), "report lacks \(key)")
    }
  }

  /// Without var_of_variance the normal-theory weight 2s⁴/(n − 1) is used, and the report says so.
  @Test func normalTheoryWeightsAreReported() throws {
    let dir = try Self.scratch()
    let path = dir.appendingPathComponent("s.csv").path
    try "condition,n,mean,variance\na,100,20,300\nb,100,60,700\nc,100,120,800\n".write(toFile: path, atomically: true, encoding: .utf8)
    let report = dir.appendingPathComponent("r.json").path
    _ = try QuantalJob.run(data: path, report: report, out: nil)
    let json = try String(contentsOfFile: report, encoding: .utf8)
    #expect(json.contains("normal-theory") && json.contains("No baseline_variance"))
  }

  @Test(arguments: [
    ("condition,trial,amplitude\na,1,3\na,2,4\na,3,5\nb,1,1\nb,2,2\nb,3,3\nb,4,4\n", ":4: found 3 trial(s) for condition a; expected at least 4"),
    ("condition,trial,amplitude\na,1,3\na,1,4\n", ":3: found trial 1 of condition a again (first at line 2)"),
    ("condition,trial,amplitude\na,1,3\na,2,x\n", ":3: found 'x' in column amplitude"),
    ("condition,n,mean,variance\na,10,1,2\na,10,2,3\n", ":3: found condition a again (first at line 2)"),
    ("condition,n,mean,variance\na,3,1,2\nb,10,2,3\n", ":2: found '3' in column n; expected a trial count >= 4"),
    ("condition,n,mean,variance\na,10,1,-2\nb,10,2,3\n", ":2: found '-2' in column variance; expected a variance >= 0"),
    ("condition,n,mean,variance,var_of_variance\na,10,1,2,0\nb,10,2,3,1\n", ":2: found Var(s²) = 0.0 for condition a"),
    ("condition,n,mean,variance\na,10,1,2\n", ":2: found 1 condition(s); expected at least 2"),
    ("# baseline_variance = -1\ncondition,n,mean,variance\na,10,1,2\nb,10,2,3\n", ":1: found baseline_variance = -1"),
    ("condition,n,mean\na,10,1\nb,10,2\n", ":1: found no column variance"),
  ])
  func badInputNamesFileAndLine(text: String, message: String) throws {
    let dir = try Self.scratch()
    let data = dir.appendingPathComponent("bad.csv").path
    let report = dir.appendingPathComponent("r.json").path
    try expectBadInput(text, at: data, contains: message, leaves: report, namesFile: true) {
      _ = try QuantalJob.run(data: data, report: report, out: nil)
    }
  }

  /// Identical means cannot separate slope and curvature: a numerical failure (exit 3).
  @Test func identicalMeansAreNumericalError() throws {
    let dir = try Self.scratch()
    let path = dir.appendingPathComponent("s.csv").path
    try "condition,n,mean,variance\na,50,20,300\nb,50,20,310\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: NumericalError.self) { try QuantalJob.run(data: path, report: dir.appendingPathComponent("r.json").path, out: nil) }
  }
}

/// `Validation/apps/quantal/` holds the worked example from seed 2026; this regenerates it and
/// compares byte for byte (FEINVERT_REGENERATE=1 rewrites it).
@Suite struct QuantalWorkedExampleTests {
  @Test func workedExampleIsReproducible() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/quantal")
    for (name, text) in QuantalExampleFiles.texts(seed: 2026) {
      let path = folder.appendingPathComponent(name).path
      if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
      let stored = try String(contentsOfFile: path, encoding: .utf8)
      #expect(stored == text, "\(name) differs from its generator")
    }
  }
}
