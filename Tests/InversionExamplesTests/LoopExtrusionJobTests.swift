@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import PrivacyExamples

/// The CLI-facing job of `feinvert app loops`.
@Suite struct LoopExtrusionJobTests {
  static func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loops-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func lifetimesJobWritesReportAndPredictions() throws {
    let dir = try Self.temporaryDirectory()
    try LoopExtrusionExampleFiles.text(seed: 7).write(toFile: dir + "/life.csv", atomically: true, encoding: .utf8)
    var o = LoopExtrusionJob.Options(data: dir + "/life.csv", report: dir + "/loops.json")
    o.out = dir + "/loops.csv"
    o.ringKb = 6000
    let (analysis, summary) = try LoopExtrusionJob.run(o)
    let fit = try #require(analysis.censoredFit)
    // ~1000 uncensored lifetimes: SE ≈ 3 %; 15 % is 5 SE.
    #expect(abs(analysis.processivityKb / 240 - 1) < 0.15)
    #expect(fit.censoredFraction > 0.6)
    #expect(analysis.predictionHalfDensity?.parameters.lefCount == 25)
    #expect(analysis.predictionHalfDensity?.replicates.count == 3)
    #expect(summary.contains("censored") && summary.contains("d = 240 kb (N = 25)"))
    let json = try String(contentsOfFile: dir + "/loops.json", encoding: .utf8)
    for key in ["\"processivity_kb\"", "\"censoring\"", "\"estimate_ignoring_censoring_kb\"", "\"half_density\"",
                "\"identifiability\"", "\"median_loop_kb\"", "\"coverage\""] {
      #expect(json.contains(key), "missing \(key)")
    }
    let table = try String(contentsOfFile: dir + "/loops.csv", encoding: .utf8)
    #expect(table.split(separator: "\n").count == 1 + 3 + 3 + 2)
  }

  @Test func snapshotsJobFitsBySimulation() throws {
    let dir = try Self.temporaryDirectory()
    let truth = LoopExtrusionParameters(ringSites: 1200, lefCount: 10, processivityKb: 120)
    var sim = LoopExtrusionSimulator(parameters: truth, seed: 4)
    sim.advance(steps: 2000)
    var text = "# ring_kb = 1200\nsnapshot,loop_kb,left_kb\n"
    for k in 0..<20 {
      sim.advance(steps: 300)
      for (j, size) in sim.loopSizesKb().enumerated() { text += "cell\(k),\(size),\(sim.legs(j).left)\n" }
    }
    try text.write(toFile: dir + "/snap.csv", atomically: true, encoding: .utf8)
    let (analysis, summary) = try LoopExtrusionJob.run(.init(data: dir + "/snap.csv", report: dir + "/snap.json"))
    let fit = try #require(analysis.snapshotFit)
    #expect(fit.observedCoverage != nil)
    // 200 loops of 10 LEFs: a rough fit; within 35 % (~3 SE).
    #expect(abs(analysis.processivityKb / 120 - 1) < 0.35, "\(analysis.processivityKb)")
    #expect(summary.contains("by simulation") && summary.contains("biased"))
    #expect(try String(contentsOfFile: dir + "/snap.json", encoding: .utf8).contains("\"plain_estimator_bias_factor\""))
  }

  @Test func badInputNamesFileAndLine() throws {
    let dir = try Self.temporaryDirectory()
    let cases: [(String, String)] = [
      ("length_kb,censored\n10,1\n-4,0\n", "bad.csv:3: found '-4' in column length_kb"),
      ("length_kb,censored\n10,1\n4,maybe\n", "bad.csv:3: found 'maybe' in column censored"),
      ("length_kb,censored\n0,1\n0,0\n", "bad.csv:3: found every length_kb = 0"),
      ("snapshot,loop_kb\na,10\na,20\n", "bad.csv:1: found no ring_kb or separation_kb"),
      ("# ring_kb = 600\nsnapshot,loop_kb\na,10\na,20\nb,5\n", "bad.csv:5: found snapshot 'b' with 1 loops; expected 2"),
      ("# ring_kb = 10\nsnapshot,loop_kb\na,10\na,20\n", "bad.csv:1: found ring_kb = 10"),
      ("# ring_kb = 600\nsnapshot,loop_kb,left_kb\na,10,5\na,20,600\n", "bad.csv:4: found '600' in column left_kb"),
      ("# separation_kb = 2\nlength_kb,censored\n10,1\n", "bad.csv:1: found separation_kb = 2"),
      ("loop,censored\n10,1\n", "bad.csv:1: found no column snapshot"),
    ]
    for (text, fragment) in cases {
      try expectBadInput(text, at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json") {
        _ = try LoopExtrusionJob.run(.init(data: dir + "/bad.csv", report: dir + "/never.json"))
      }
    }
    try "length_kb,censored\n10,1\n5,0\n".write(toFile: dir + "/ok.csv", atomically: true, encoding: .utf8)
    var o = LoopExtrusionJob.Options(data: dir + "/ok.csv", report: dir + "/never.json")
    o.replicates = 0
    #expect(throws: InputError.self) { try LoopExtrusionJob.run(o) }
    o.replicates = 3
    o.separationKb = 1
    do {
      _ = try LoopExtrusionJob.run(o)
      Issue.record("expected an InputError for --separation-kb 1")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("--separation-kb: found 1.0"))
    }
  }

  /// `Validation/apps/loops/lifetimes.csv` is regenerated from seed 2016 and compared byte
  /// for byte (FEINVERT_REGENERATE=1 rewrites it).
  @Test func workedExampleIsReproducible() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/loops/lifetimes.csv").path
    let text = LoopExtrusionExampleFiles.text(seed: 2016)
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
