import Foundation
import Testing

/// `feinvert app gill` end to end: ε ≥ 1 is reported as a lower bound with a warning
/// and exit status 0.
@Suite struct AppsGillTests {
  @Test func gillLowerBoundExitsZero() throws {
    let h = try CLIHarness()
    try h.write("gill.csv", "eps,sigma_eps,Cr\n0.99,0.01,0.5\n1.01,0.02,0.5\n")
    let r = try h.run(["app", "gill", "--data", "gill.csv", "--report", "gill.json", "--out", "ntu.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("only the lower bound") && r.stdout.contains("[6.477, 17.03] (cap)"), "\(r.stdout)")
    #expect(try h.read("ntu.csv").hasPrefix("NTU,NTU_lo,NTU_hi,kappa"))
    #expect(try h.read("gill.json").contains("\"lower_bound_only\": true"))
  }

  @Test func gillBadRatioIsExitTwo() throws {
    let h = try CLIHarness()
    try h.write("gill.csv", "eps,sigma_eps,Cr\n0.5,0.01,2\n")
    let r = try h.run(["app", "gill", "--data", "gill.csv", "--report", "gill.json"])
    #expect(r.status == 2 && r.stderr.contains("gill.csv:2:") && r.stderr.contains("expected a capacity ratio"), "\(r.stderr)")
    #expect(!h.exists("gill.json"))
  }
}
