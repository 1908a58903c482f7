@testable import ExampleJobs
import FECommon
import Foundation
import CellBiologyExamples
import PrivacyExamples
import XCTest

/// `feinvert app privacy` from files to files: the report and curve are written, bad
/// input is an `InputError` at `file:line` or at the option, and a failed run leaves
/// no output behind.
final class PrivacyJobTests: XCTestCase {
  var directory = ""

  override func setUpWithError() throws {
    directory = NSTemporaryDirectory() + "privacy-job-\(UUID().uuidString)/"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(atPath: directory)
  }

  func options(data: String = PrivacyFixtures.path("diabetes.csv")) -> PrivacyJob.Options {
    var o = PrivacyJob.Options(data: data, report: directory + "report.json")
    o.out = directory + "curve.csv"
    o.sigmas = "0,8"
    o.seeds = 3
    o.steps = 200
    return o
  }

  /// A small run writes both files; the report carries the attack, the curve and the
  /// identifiability warnings (the population-inference one among them).
  func testRunWritesReportAndCurve() throws {
    let (analysis, summary) = try PrivacyJob.run(options())
    XCTAssertEqual(analysis.curve.count, 2)
    XCTAssertTrue(summary.contains("OLS attack on sex: members 0.615 (baseline 0.552), non-members 0.588 (baseline 0.511)"))
    let report = try String(contentsOfFile: directory + "report.json", encoding: .utf8)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
    for key in ["data", "split", "ols", "attack", "dp_sgd", "accountant", "curve", "identifiability"] {
      XCTAssertNotNil(json[key], key)
    }
    let warnings = try XCTUnwrap((json["identifiability"] as? [String: Any])?["warnings"] as? [String])
    XCTAssertTrue(warnings.contains { $0.contains("population inference, not a membership leak") })
    let curve = try String(contentsOfFile: directory + "curve.csv", encoding: .utf8)
    XCTAssertEqual(curve.split(separator: "\n").filter { !$0.hasPrefix("#") }.count, 3)
    XCTAssertTrue(curve.contains("\n0.0,inf,inf,"))
  }

  /// Text in a numeric cell: the message names the file and line.
  func testBadCellNamesFileAndLine() throws {
    let path = directory + "bad.csv"
    try "age,sex,bmi,progression\n50,1,22.0,100\n60,2,abc,120\n".write(toFile: path, atomically: true, encoding: .utf8)
    try assertInputError(options(data: path), contains: "\(path):3: found 'abc' in column bmi; expected a finite decimal number")
  }

  /// A continuous sensitive column, a missing target, an unknown feature, and options
  /// out of range: each an `InputError` naming where, and no output written.
  func testInputErrors() throws {
    var o = options()
    o.sensitive = "age"
    try assertInputError(o, contains: "distinct values in column age; expected a categorical attribute with 2 to 20 values")
    o = options()
    o.target = "y"
    try assertInputError(o, contains: "found no column y in the header")
    o = options()
    o.features = "sex,bmi,weight"
    try assertInputError(o, contains: "found no column weight in the header")
    o = options()
    o.trainFraction = 0.01
    try assertInputError(o, contains: "--train-fraction: found 0.01 (4 of 442 records train)")
    o = options()
    o.sigmas = "0,x"
    try assertInputError(o, contains: "--sigmas: found \"0,x\"")
    o = options()
    o.sampleRate = 0
    try assertInputError(o, contains: "--sample-rate: found 0.0; expected a sampling rate q in (0, 1]")
    o = options()
    o.delta = 1
    try assertInputError(o, contains: "--delta: found 1.0")
    o = options()
    o.seeds = Int.max  // would not fit in memory: refused, not attempted
    try assertInputError(o, contains: "--seeds: found 9223372036854775807; expected 1 to 10000")
    o = options()
    o.steps = Int.max
    try assertInputError(o, contains: "--steps: found 9223372036854775807; expected at most 10000000")
  }

  /// A DP-SGD whose parameters overflow is a numerical failure, exit 3, with no output
  /// written. (Clipping bounds every step by η·(C + σC|ξ|)/q, so only an absurd η
  /// overflows: 1e308 here, which makes θ·z̃ overflow at the second step.)
  func testOverflowIsNumericalError() throws {
    var o = options()
    o.learningRate = 1e308
    o.sigmas = "0"
    XCTAssertThrowsError(try PrivacyJob.run(o)) { error in
      XCTAssertTrue(error is NumericalError, "\(error)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: o.report))
  }

  /// The accountant mode prints both RDP conversions (Abadi et al.'s setting: classic
  /// 1.2586, improved 1.0355, as dp-accounting gives them) and the PLD ε, writes them at
  /// full precision with a report path, and rejects a bad σ list without writing.
  func testAccountantMode() throws {
    let path = directory + "accountant.json"
    let (rows, text) = try PrivacyJob.accountant(sampleRate: 0.01, noise: "4,0", steps: 10_000, delta: 1e-5, report: path)
    XCTAssertTrue(text.contains("sigma = 4.0: epsilon = 1.0355 (improved, order 17.0), 1.2586 (classic, order 20.0), 0.9470 (PLD)"), text)
    XCTAssertTrue(text.contains("wrote \(path)"), text)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    XCTAssertEqual(json["mode"] as? String, "accountant")
    let results = try XCTUnwrap(json["results"] as? [[String: Any]])
    XCTAssertEqual(results.count, 2)
    // Full precision: the report spells each ε as its shortest round-trip decimal, which reads
    // back to the computed double (checked on the text: Foundation's JSON parser on Linux is
    // not correctly rounded).
    let text2 = try String(contentsOfFile: path, encoding: .utf8)
    for (key, value) in [("epsilon_pld", rows[0].pld.epsilon), ("epsilon_rdp_improved", rows[0].improved.epsilon),
                         ("epsilon_rdp_classic", rows[0].classic.epsilon)] {
      XCTAssertTrue(text2.contains("\"\(key)\": \(value)"), key)
      XCTAssertEqual(Double("\(value)"), value)
    }
    XCTAssertEqual(results[0]["noise_multiplier"] as? Double, 4)
    XCTAssertTrue(results[1]["epsilon_pld"] is NSNull)
    XCTAssertEqual(results[1]["epsilon_infinite"] as? Bool, true)
    let bad = directory + "bad.json"
    XCTAssertThrowsError(try PrivacyJob.accountant(sampleRate: 0.01, noise: "-1", steps: 10, delta: 1e-5, report: bad)) { error in
      XCTAssertTrue("\(error)".hasPrefix("--noise: "), "\(error)")
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: bad))
  }

  func assertInputError(_ o: PrivacyJob.Options, contains text: String, line: UInt = #line) throws {
    XCTAssertThrowsError(try PrivacyJob.run(o), line: line) { error in
      XCTAssertTrue(error is InputError, "\(error)", line: line)
      XCTAssertTrue("\(error)".contains(text), "\(error)", line: line)
    }
    XCTAssertFalse(FileManager.default.fileExists(atPath: o.report), line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: o.out ?? ""), line: line)
  }
}
