import ArgumentParser
import ExampleJobs

/// `feinvert app leaf`: an upper bound on the leaf xylem's maximum conductance
/// (`shared/spec/apps.md` §2).
struct LeafCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leaf",
    abstract: "Leaf K_max upper bound (chance-constrained, bootstrap interval) and the K_AQP(t) decomposition.")

  @Option(help: "Series CSV: t,psi,K_leaf,sigma_K_leaf,PLC,sigma_PLC (PLC a fraction).") var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Per-time table CSV: t,psi,K_leaf,PLC,chance_bound,K_xylem,K_AQP,K_AQP_se.") var out: String?
  @Option(help: "Chance-constraint quantile z.") var z: Double = LeafJob.defaultZ
  @Option(help: "Bootstrap replicates.") var bootstrap: Int = 2000
  @Option(help: "Bootstrap seed.") var seed: UInt64 = 1
  @Option(help: "HTML page: the bound on K_max and the K_AQP(t) decomposition.") var html: String?

  mutating func run() throws {
    let (_, summary) = try LeafJob.run(data: data, report: report, out: out, z: z, bootstrap: bootstrap, seed: seed, html: html)
    print(summary, terminator: "")
  }
}
