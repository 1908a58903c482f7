import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app leaf` end to end.
@Suite struct AppsLeafTests {
  @Test func leafRunsOnTheWorkedExample() throws {
    let h = try CLIHarness()
    try h.write("leaf.csv", LeafExampleFiles.text(seed: 2026))
    let r = try h.run(["app", "leaf", "--data", "leaf.csv", "--report", "leaf.json", "--out", "leaf_out.csv",
                       "--bootstrap", "500", "--seed", "3"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("K_max upper bound"))
    #expect(try h.read("leaf.json").contains("\"label\": \"upper bound\""))
    #expect(try h.read("leaf_out.csv").hasPrefix("t,psi,K_leaf,PLC,chance_bound"))
  }

  @Test func leafPercentagePLCIsExitTwo() throws {
    let h = try CLIHarness()
    try h.write("leaf.csv", "t,psi,K_leaf,sigma_K_leaf,PLC,sigma_PLC\n0,-0.2,10,0.8,0.1,0.03\n1,-0.5,9,0.8,35,0.03\n")
    let r = try h.run(["app", "leaf", "--data", "leaf.csv", "--report", "leaf.json"])
    #expect(r.status == 2 && r.stderr.contains("leaf.csv:3:"), "\(r.stderr)")
    #expect(!h.exists("leaf.json"))
  }
}
