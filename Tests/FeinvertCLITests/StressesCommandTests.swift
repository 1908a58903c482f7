import Foundation
import Testing

/// `feinvert stresses` and `feinvert validate` end to end.
@Suite struct StressesCommandTests {
  /// Rows of a CSV (after comments) as dictionaries by header name.
  func rows(_ text: String) -> [[String: Double]] {
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      var row = [String: Double]()
      for (k, name) in header.enumerated() { row[name] = Double(cells[k]) }
      return row
    }
  }

  func report(E2 estimate: Double, stdError: Double?) -> String {
    let se = stdError.map { "\"std_error\": \($0)," } ?? ""
    let correlation = stdError == nil ? "" : ", \"correlation\": [[1.0]]"
    return "{\"parameters\": [{\"name\": \"IM7_8552.E2\", \"estimate\": \(estimate), \(se) \"initial\": 9000}]\(correlation)}"
  }

  @Test func writesTheContractFilesForEveryInterface() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let r = try h.run(["stresses", "--mesh", "coupon.msh", "--out", "edge"])
    #expect(r.status == 0, "\(r.stderr)")
    let csv = try h.read("edge/interlaminar.csv")
    let header = csv.split(separator: "\n").first { !$0.hasPrefix("#") }.map(String.init) ?? ""
    #expect(header.hasPrefix("interface,x,y,z,sigma_zz,tau_xz,tau_yz"))
    let interfaces = Set(rows(csv).compactMap { $0["interface"] })
    #expect(interfaces == [1, 2, 3])
    let summary = try h.read("edge/interlaminar_summary.json")
    #expect(summary.contains("\"interfaces\""))
    #expect(summary.contains("\"peak\""))
    #expect(summary.contains("average_over_characteristic_distance"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// The 95% band of a single parameter is 1.96 s |∂t/∂p|; ∂t/∂p is checked against a
  /// central difference of two runs with E2 moved by ±0.5% (agreement 1e-3 of the
  /// largest derivative: the traction is smooth in E2).
  @Test func bandsMatchAFiniteDifferenceOfTheTraction() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let e2 = 11380.0, se = 200.0, step = 0.005 * 11380.0
    try h.write("fit.json", report(E2: e2, stdError: se))
    try h.write("plus.json", report(E2: e2 + step, stdError: nil))
    try h.write("minus.json", report(E2: e2 - step, stdError: nil))
    for (name, file) in [("band", "fit.json"), ("plus", "plus.json"), ("minus", "minus.json")] {
      let r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", file, "--out", name])
      #expect(r.status == 0, "\(r.stderr)")
    }
    let band = rows(try h.read("band/interlaminar.csv"))
    let plus = rows(try h.read("plus/interlaminar.csv")), minus = rows(try h.read("minus/interlaminar.csv"))
    #expect(band.count == plus.count && band.count > 10)
    #expect(!(try h.read("plus/interlaminar.csv")).contains("_lo95"), "no band without a covariance")
    for c in ["sigma_zz", "tau_xz", "tau_yz"] {
      var largest = 0.0
      var pairs = [(Double, Double)]()
      for i in band.indices {
        let fd = abs((plus[i][c]! - minus[i][c]!) / (2 * step))
        let fromBand = (band[i]["\(c)_hi95"]! - band[i]["\(c)_lo95"]!) / 2 / (1.959963984540054 * se)
        largest = max(largest, fd)
        pairs.append((fd, fromBand))
      }
      for (fd, fromBand) in pairs {
        #expect(abs(fd - fromBand) <= 1e-3 * largest + 1e-12, "\(c): FD \(fd) vs band \(fromBand)")
      }
    }
  }

  @Test func badParamsAreBadInputAndLeaveNothing() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    var r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "missing.json", "--out", "edge"])
    #expect(r.status == 2 && r.stderr.contains("missing.json"), "\(r.stderr)")
    try h.write("bad.json", "{\"parameters\": [{\"name\": \"NOPE.E2\", \"estimate\": 1.0}]}")
    r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "bad.json", "--out", "edge"])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("bad.json: parameters[0].name"), "\(r.stderr)")
    #expect(r.stderr.contains("NOPE"), "\(r.stderr)")
    try h.write("notjson.json", "parameters = 3")
    r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "notjson.json", "--out", "edge"])
    #expect(r.status == 2 && r.stderr.contains("notjson.json"), "\(r.stderr)")
    try h.write("impossible.json", "{\"parameters\": [{\"name\": \"IM7_8552.E2\", \"estimate\": -100.0}]}")
    r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "impossible.json", "--out", "edge"])
    #expect(r.status == 2 && r.stderr.contains("impossible.json"), "\(r.stderr)")
    #expect(!h.exists("edge/interlaminar.csv"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func validateRunsOneCaseAndRejectsAnUnknownOne() throws {
    let h = try CLIHarness()
    var r = try h.run(["validate", "--case", "pagano_cylindrical_S10", "--report", "v.json"])
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("pagano_cylindrical_S10 pass"))
    #expect(try h.read("v.json").contains("\"passed\": true"))
    r = try h.run(["validate", "--case", "no_such_case"])
    #expect(r.status == 2 && r.stderr.contains("--case") && r.stderr.contains("clt_far_field"), "\(r.stderr)")
  }
}
