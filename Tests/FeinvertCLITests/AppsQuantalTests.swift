import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app quantal` end to end.
@Suite struct AppsQuantalTests {
  @Test func quantalRunsOnTheWorkedExample() throws {
    let h = try CLIHarness()
    for (name, text) in QuantalExampleFiles.texts(seed: 2026) { try h.write(name, text) }
    let r = try h.run(["app", "quantal", "--data", "trials.csv", "--report", "quantal.json", "--out", "table.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("q_app") && !r.stdout.contains("N poorly constrained"))
    // The table reads back as summary input.
    let s = try h.run(["app", "quantal", "--data", "table.csv", "--report", "again.json"])
    #expect(s.status == 0, "\(s.stderr)")
    let low = try h.run(["app", "quantal", "--data", "trials_low_p.csv", "--report", "low.json"])
    #expect(low.status == 0 && low.stdout.contains("N poorly constrained"), "\(low.stdout)")
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func quantalBadInputIsExitTwo() throws {
    let h = try CLIHarness()
    try h.write("q.csv", "condition,n,mean,variance\na,10,1,2\nb,2,3,4\n")
    let r = try h.run(["app", "quantal", "--data", "q.csv", "--report", "quantal.json"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("q.csv:3:") && r.stderr.contains("expected a trial count >= 4"), "\(r.stderr)")
    #expect(!h.exists("quantal.json"))
  }
}
