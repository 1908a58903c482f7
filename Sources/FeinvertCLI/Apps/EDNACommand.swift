import ArgumentParser
import ExampleJobs

extension EDNADecisionRule: ExpressibleByArgument {}

/// `feinvert app edna`: point versus distributed eDNA source under plug flow and decay,
/// and a T-optimal sampling design (`shared/spec/apps.md` §7).
struct EDNACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "edna",
    abstract: "eDNA source: point vs distributed fits (profile likelihood), decision by AIC or the bootstrap LR test, T-optimal design.")

  @Option(help: "Samples CSV: x_km,conc[,sigma]; metadata sigma_a, cv.") var data: String
  @Option(help: "Report JSON.") var report: String
  @Option(help: "Table CSV: x_km,conc,sd,point_fit,distributed_fit.") var out: String?
  @Option(help: "HTML page: the samples, both models' profiles and the proposed design.") var html: String?
  @Option(help: "Noise floor sigma_a (overrides the metadata; default 2).") var sigmaA: Double?
  @Option(help: "Noise coefficient of variation cv (overrides the metadata; default 0.25).") var cv: Double?
  @Option(help: "Minimum length b - a of a distributed source, km.") var minLength = 0.5
  @Option(help: "Search range of beta, per km: lo,hi (default 0.001,20).") var betaRange: String?
  @Option(help: "Parametric bootstrap replicates per model (0: none).") var bootstrap = 200
  @Option(help: "Rule that decides between the models: aic, or bootstrap (the parametric-bootstrap LR test of the point model at the 5 % level; needs --bootstrap >= 19).")
  var decision: EDNADecisionRule = .aic
  @Option(help: "Seed of the bootstrap and of the design search.") var seed: UInt64 = 1
  @Option(help: "Propose a T-optimal design of this many sites.") var design: Int?
  @Option(help: "Candidate range of the design, km: lo,hi (default: the sampled range).") var designRange: String?
  @Option(help: "Candidate spacing of the design, km.") var designSpacing = 0.25
  @Option(help: "Nominal distributed source of the design: S,a,b,beta (default: the fit).") var nominal: String?

  mutating func run() throws {
    var o = EDNAOptions(data: data, report: report)
    (o.out, o.sigmaA, o.cv, o.minLength, o.betaRange, o.bootstrap) = (out, sigmaA, cv, minLength, betaRange, bootstrap)
    (o.seed, o.design, o.designRange, o.designSpacing, o.nominal) = (seed, design, designRange, designSpacing, nominal)
    o.decision = decision
    o.html = html
    let (analysis, summary) = try EDNAJob.run(o)
    print(summary, terminator: "")
    if !(analysis.point.converged && analysis.distributed.converged) { throw ExitCode(4) }
  }
}
