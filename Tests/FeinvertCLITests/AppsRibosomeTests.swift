import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app ribosome` end to end: exit codes, summary, report and table, and bad input.
@Suite struct AppsRibosomeTests {
  @Test func ribosomeRunsOnTheWorkedExample() throws {
    let h = try CLIHarness()
    try h.write("counts.csv", RibosomeExampleFiles.texts(seed: 2026).counts)
    let r = try h.run(["app", "ribosome", "--data", "counts.csv", "--report", "ribosome.json", "--out", "k.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("lambda: gcv") && r.stdout.contains("lcurve") && r.stdout.contains("discrepancy"))
    let json = try h.read("ribosome.json")
    #expect(json.contains("\"identifiability\"") && json.contains("\"trace_influence\""))
    #expect(try h.read("k.csv").hasPrefix("codon,k\n1,"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func ribosomeBadInputIsExitTwo() throws {
    let h = try CLIHarness()
    try h.write("counts.csv", "# kernel = 0.1,0.8\ncodon,count\n1,3\n2,4\n3,5\n")
    let r = try h.run(["app", "ribosome", "--data", "counts.csv", "--report", "ribosome.json"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("counts.csv:1:") && r.stderr.contains("expected"), "\(r.stderr)")
    #expect(!h.exists("ribosome.json") && h.temporaryLeftovers().isEmpty)
  }

  @Test func ribosomeSingularAtZeroLambdaIsExitThree() throws {
    let h = try CLIHarness()
    var text = "# kernel = 0.5,0,0.5\ncodon,count\n"
    for i in 1...21 { text += "\(i),\(10 + i % 3)\n" }
    try h.write("counts.csv", text)
    let r = try h.run(["app", "ribosome", "--data", "counts.csv", "--lambda", "0", "--report", "ribosome.json"])
    #expect(r.status == 3, "\(r.stderr)")
    #expect(!h.exists("ribosome.json"))
  }
}
