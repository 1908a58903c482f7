import ArgumentParser
import ExampleJobs

/// `feinvert app gill`: a fish gill's NTU from its O₂ effectiveness, as a counter-current
/// exchanger (`shared/spec/apps.md` §6).
struct GillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gill",
    abstract: "Gill NTU from effectiveness (counter-current eps-NTU inverse), kappa, interval; a lower bound only when eps >= 1.")

  @Option(help: "Measurements CSV: eps,sigma_eps,Cr or eps,sigma_eps,C_water,C_blood.") var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Table CSV: NTU,NTU_lo,NTU_hi,kappa,line,eps,Cr.") var out: String?
  @Option(help: "HTML page: NTU per gill with its interval, and kappa.") var html: String?
  @Option(help: "Effectiveness at which an open upper end (eps + sigma >= 1) is evaluated.")
  var epsCap: Double = GillJob.defaultEffectivenessCap

  mutating func run() throws {
    let (_, summary) = try GillJob.run(data: data, report: report, out: out, cap: epsCap, html: html)
    print(summary, terminator: "")
  }
}
