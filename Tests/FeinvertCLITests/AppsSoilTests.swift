import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app soil` end to end: exit codes, the printed summary, the report and the
/// table, and a bad input that names the file and line and leaves nothing behind.
@Suite struct AppsSoilTests {
  @Test func soilRunsOnTheWorkedExample() throws {
    let h = try CLIHarness()
    let texts = SoilExampleFiles.texts(seed: 2026)
    try h.write("stoich.csv", texts.stoichiometry)
    try h.write("fluxes.csv", texts.fluxes)
    let r = try h.run(["app", "soil", "--data", "fluxes.csv", "--stoichiometry", "stoich.csv",
                       "--report", "soil.json", "--out", "rates.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("rank 6") && r.stdout.contains("not determined"))
    let json = try h.read("soil.json")
    #expect(json.contains("\"identifiability\"") && json.contains("\"rank\": 6"))
    #expect(try h.read("rates.csv").hasPrefix("reaction,nnls,min,max\n"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func soilBadFluxIsExitTwo() throws {
    let h = try CLIHarness()
    let texts = SoilExampleFiles.texts(seed: 2026)
    try h.write("stoich.csv", texts.stoichiometry)
    try h.write("fluxes.csv", "species,flux,sigma\nCO2,60,1\nO2,nan,1\n")
    let r = try h.run(["app", "soil", "--data", "fluxes.csv", "--stoichiometry", "stoich.csv", "--report", "soil.json"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("fluxes.csv:3:") && r.stderr.contains("expected"), "\(r.stderr)")
    #expect(!h.exists("soil.json") && h.temporaryLeftovers().isEmpty)
  }
}
