import ArgumentParser
import ExampleJobs

extension RibosomeLambdaRule: ExpressibleByArgument {}

/// `feinvert app ribosome`: relative elongation rates from ribosome-profiling counts
/// (`shared/spec/apps.md` §1).
struct RibosomeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ribosome",
    abstract: "Elongation rates from ribosome-profiling counts: D2-regularized deconvolution, lambda by GCV/L-curve/discrepancy, positivity by BVLS.")

  @Option(help: "Counts CSV: codon,count (metadata: kernel, mean_rate).") var data: String
  @Option(help: "Lambda rule: gcv, lcurve or discrepancy.") var rule: RibosomeLambdaRule = .gcv
  @Option(help: "A fixed lambda >= 0 instead of a rule.") var lambda: Double?
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Rate table CSV: codon,k.") var out: String?
  @Option(help: "HTML page: the rates with their 95% band and the lambda curve.") var html: String?

  mutating func run() throws {
    let (_, summary) = try RibosomeJob.run(data: data, rule: rule, lambda: lambda, report: report, out: out, html: html)
    print(summary, terminator: "")
  }
}
