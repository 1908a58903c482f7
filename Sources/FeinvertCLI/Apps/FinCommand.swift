import ArgumentParser
import ExampleJobs

/// `feinvert app fin`: the heat-transfer coefficient of a pin fin from its base heat
/// flow (`shared/spec/apps.md` §8).
struct FinCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fin",
    abstract: "Pin-fin h from the base heat flow: Brent's root finder, kappa = dln q/dln h, interval from q -/+ sigma_q.")

  @Option(help: "Fin CSV: D,L,k,T_base,T_inf,q,sigma_q,tip (SI units; tip convective|adiabatic|infinite).") var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Table CSV: line,tip,h,h_lo,h_hi,std_error,kappa,dlnh_dlnk,mL.") var out: String?
  @Option(help: "HTML page: h per fin with its interval, and kappa.") var html: String?

  mutating func run() throws {
    let (_, summary) = try FinJob.run(data: data, report: report, out: out, html: html)
    print(summary, terminator: "")
  }
}
