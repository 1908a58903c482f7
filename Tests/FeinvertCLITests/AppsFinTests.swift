import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app fin` end to end.
@Suite struct AppsFinTests {
  @Test func finRunsAndFlagsLongFins() throws {
    let h = try CLIHarness()
    try h.write("fins.csv", FinExampleFiles.text(seed: 2026))
    let r = try h.run(["app", "fin", "--data", "fins.csv", "--report", "fin.json", "--out", "fin.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("only the product h*k is identified"))
    #expect(try h.read("fin.json").contains("\"only_hk_identified\": true"))
    #expect(try h.read("fin.csv").hasPrefix("line,tip,h,h_lo,h_hi"))
  }

  @Test func finBadTipIsExitTwo() throws {
    let h = try CLIHarness()
    try h.write("fins.csv", "D,L,k,T_base,T_inf,q,sigma_q,tip\n0.005,0.05,398,100,25,5,0.1,round\n")
    let r = try h.run(["app", "fin", "--data", "fins.csv", "--report", "fin.json"])
    #expect(r.status == 2 && r.stderr.contains("fins.csv:2:"), "\(r.stderr)")
    #expect(!h.exists("fin.json") && h.temporaryLeftovers().isEmpty)
  }
}
