import ArgumentParser
import ExampleJobs

/// `feinvert app quantal`: quantal parameters by variance–mean analysis (`shared/spec/apps.md` §4).
struct QuantalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantal",
    abstract: "Quantal size, site number and release probabilities from a weighted variance-mean parabola.")

  @Option(help: "Data CSV: condition,trial,amplitude or condition,n,mean,variance[,var_of_variance] (metadata baseline_variance).")
  var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Per-condition table CSV: condition,n,mean,variance,var_of_variance,p,p_std_error.") var out: String?
  @Option(help: "HTML page: the variance-mean plot with the fitted parabola.") var html: String?

  mutating func run() throws {
    let (_, summary) = try QuantalJob.run(data: data, report: report, out: out, html: html)
    print(summary, terminator: "")
  }
}
