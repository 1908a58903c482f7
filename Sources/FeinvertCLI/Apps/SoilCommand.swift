import ArgumentParser
import ExampleJobs

/// `feinvert app soil`: reaction rates from net soil fluxes (`shared/spec/apps.md` §3).
struct SoilCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "soil",
    abstract: "Soil reaction rates from net fluxes: weighted NNLS, flux-variability ranges by LP, null space.")

  @Option(help: "Fluxes CSV: species,flux,sigma.") var data: String
  @Option(help: "Stoichiometry CSV: species,R1,...,Rn (empty cell = 0).") var stoichiometry: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Rate table CSV: reaction,nnls,min,max.") var out: String?
  @Option(help: "HTML page: the rates with their ranges, measured and fitted fluxes.") var html: String?

  mutating func run() throws {
    let (_, summary) = try SoilJob.run(data: data, stoichiometry: stoichiometry, report: report, out: out, html: html)
    print(summary, terminator: "")
  }
}
