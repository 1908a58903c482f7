@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Testing
@testable import EcologyExamples
@testable import PrivacyExamples

/// The CLI-facing job of `feinvert app edna`: files in, report and table out, bad input
/// named by file and line (or option), nothing written on failure.
@Suite struct EDNAJobTests {
  static func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edna-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func jobWritesReportTableAndDesign() throws {
    let dir = try Self.temporaryDirectory()
    try EDNAExampleFiles.text(seed: 7).write(toFile: dir + "/edna.csv", atomically: true, encoding: .utf8)
    var o = EDNAOptions(data: dir + "/edna.csv", report: dir + "/edna.json")
    o.out = dir + "/edna_fit.csv"
    o.bootstrap = 20
    o.design = 6
    o.designRange = "0,20"
    o.designSpacing = 0.5
    let (analysis, summary) = try EDNAJob.run(o)
    // Four samples inside the 6 km source: the distributed source wins clearly.
    #expect(analysis.comparison.preferred == .distributed)
    #expect(analysis.comparison.deltaAIC > 10)
    #expect(summary.contains("decision: distributed source preferred"))
    #expect(summary.contains("T-optimal design (n = 6"))
    let json = try String(contentsOfFile: dir + "/edna.json", encoding: .utf8)
    for key in ["\"models\"", "\"comparison\"", "\"delta_aic\"", "\"likelihood_ratio\"", "\"decision\"", "\"confidence\"",
                "\"p_value_against_point\"", "\"identifiability\"", "\"x0_interval_km\"", "\"condition_number\"", "\"optimal\""] {
      #expect(json.contains(key), "missing \(key)")
    }
    let table = try String(contentsOfFile: dir + "/edna_fit.csv", encoding: .utf8)
    #expect(table.hasPrefix("x_km,conc,sd,point_fit,distributed_fit\n"))
    #expect(table.split(separator: "\n").count == 11)
    // sd follows the spec at the observed y: row 1.
    let y0 = analysis.samples.concentrations[0]
    #expect(abs(analysis.samples.standardDeviations[0] - (4 + 0.0625 * y0 * y0).squareRoot()) < 1e-12)
  }

  @Test func bootstrapDecisionIsReportedWithItsPValue() throws {
    // `--decision bootstrap`: the LR test of the point model decides, and the report says so
    // with its p-value; AIC's choice is kept alongside. B = 19 is the least that can reject at
    // 5 %; it keeps this test fast (the decision rule's rates are EDNAValidationTests').
    let dir = try Self.temporaryDirectory()
    try EDNAExampleFiles.text(seed: 7).write(toFile: dir + "/edna.csv", atomically: true, encoding: .utf8)
    var o = EDNAOptions(data: dir + "/edna.csv", report: dir + "/edna.json")
    o.bootstrap = 19
    o.decision = .bootstrap
    let (analysis, summary) = try EDNAJob.run(o)
    let c = analysis.comparison
    #expect(c.rule == .bootstrap && c.decision == .distributed)
    #expect(c.bootstrap?.pValueAgainstPoint == 0.05)  // no replicate LR reached the observed one: p = 1/20
    #expect(summary.contains("decided by the parametric-bootstrap LR test of the point model at the 5 % level (p = 0.05, 19 replicates)"))
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/edna.json"))) as? [String: Any])
    let comparison = try #require(json["comparison"] as? [String: Any])
    #expect(comparison["decision_rule"] as? String == "bootstrap")
    #expect(comparison["aic_choice"] as? String == "distributed")
    let test = try #require(comparison["lr_test"] as? [String: Any])
    #expect(test["p_value"] as? Double == 0.05 && test["level"] as? Double == 0.05 && test["choice"] as? String == "distributed")
    // Under AIC the report says AIC decided.
    o.decision = .aic
    o.report = dir + "/aic.json"
    #expect(try EDNAJob.run(o).summary.contains("decided by AIC"))
    // Too few replicates for a 5 % test: an input error naming --bootstrap, nothing written.
    o.decision = .bootstrap
    o.bootstrap = 10
    o.report = dir + "/none.json"
    #expect(throws: InputError.self) { try EDNAJob.run(o) }
    do { _ = try EDNAJob.run(o) } catch { #expect("\(error)".hasPrefix("--bootstrap: ")) }
    #expect(!FileManager.default.fileExists(atPath: dir + "/none.json"))
  }

  @Test func sigmaColumnReplacesTheNoiseModel() throws {
    let dir = try Self.temporaryDirectory()
    let text = "x_km,conc,sigma\n0,0.1,1\n2,0.3,1\n4,5,2\n6,20,4\n8,30,5\n10,25,5\n14,10,3\n"
    try text.write(toFile: dir + "/s.csv", atomically: true, encoding: .utf8)
    var o = EDNAOptions(data: dir + "/s.csv", report: dir + "/s.json")
    o.bootstrap = 0
    let (analysis, _) = try EDNAJob.run(o)
    #expect(analysis.samples.standardDeviations == [1, 1, 2, 4, 5, 5, 3])
    #expect(try String(contentsOfFile: dir + "/s.json", encoding: .utf8).contains("\"source\": \"the sigma column\""))
  }

  @Test func badInputNamesFileAndLine() throws {
    let dir = try Self.temporaryDirectory()
    let good = "x_km,conc\n1,0\n3,1\n5,30\n8,80\n12,40\n"
    let cases: [(String, String)] = [
      ("x_km,conc\n1,0\n3,abc\n5,30\n8,80\n12,40\n", "bad.csv:3: found 'abc' in column conc"),
      ("x_km,concentration\n1,0\n", "bad.csv:1: found no column conc"),
      ("x_km,conc,sigma\n1,0,1\n3,1,0\n5,30,1\n8,80,1\n12,40,1\n", "bad.csv:3: found '0' in column sigma"),
      ("x_km,conc\n1,0\n3,1\n5,30\n8,80\n", "bad.csv:5: found 4 samples; expected at least 5"),
      ("x_km,conc\n2,0\n2,1\n2,30\n2,80\n2,40\n", "bad.csv:6: found every sample at x_km = 2.0"),
      ("# cv = -1\n" + good, "bad.csv:1: found cv = -1"),
      ("# sigma_a = 0\n" + good, "bad.csv:1: found sigma_a = 0"),
      ("x_km,conc\n1,0\n3,1\n-1e308,30\n8,80\n12,40\n", "bad.csv:4: found '-1e308' in column x_km"),
      ("x_km,conc\n1,1e300\n3,1e300\n5,1e300\n8,1e300\n12,1e300\n", "bad.csv:2: found '1e300' in column conc"),
      ("x_km,conc\n1,0\n3,nan\n5,30\n8,80\n12,40\n", "bad.csv:3: found 'nan' in column conc"),
    ]
    for (text, fragment) in cases {
      var o = EDNAOptions(data: dir + "/bad.csv", report: dir + "/never.json")
      o.bootstrap = 0
      try expectBadInput(text, at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json") {
        _ = try EDNAJob.run(o)
      }
    }
    try good.write(toFile: dir + "/good.csv", atomically: true, encoding: .utf8)
    let optionCases: [((inout EDNAOptions) -> Void, String)] = [
      ({ $0.nominal = "35,10,4,0.28" }, "--nominal: found \"35,10,4,0.28\""),
      ({ $0.designRange = "20" }, "--design-range: found \"20\""),
      ({ $0.minLength = 0 }, "--min-length: found 0.0"),
      ({ $0.betaRange = "1,0.5" }, "--beta-range: found \"1,0.5\""),
      ({ $0.sigmaA = -1 }, "--sigma-a: found -1.0"),
      ({ $0.sigmaA = 0 }, "--sigma-a: found 0.0"),
      ({ $0.cv = 1e6 }, "--cv: found 1000000.0"),
      ({ $0.bootstrap = Int.max }, "--bootstrap: found 9223372036854775807"),
    ]
    for (change, fragment) in optionCases {
      var o = EDNAOptions(data: dir + "/good.csv", report: dir + "/never.json")
      o.bootstrap = 0
      change(&o)
      expectInputError(contains: fragment, leaves: dir + "/never.json") { _ = try EDNAJob.run(o) }
    }
  }

  /// `Validation/apps/edna/edna.csv` is regenerated from seed 2026 and compared byte for
  /// byte (FEINVERT_REGENERATE=1 rewrites it).
  @Test func workedExampleIsReproducible() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/edna/edna.csv").path
    let text = EDNAExampleFiles.text(seed: 2026)
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
