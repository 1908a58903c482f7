import ArgumentParser
import ExampleJobs

/// `feinvert app privacy`: model inversion of a linear regression and DP-SGD with a
/// Rényi-DP accountant (`shared/spec/apps.md` §10); `--accountant` prints ε only.
struct PrivacyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "privacy",
    abstract: "Attribute inference on a linear regression (Fredrikson 2014) and DP-SGD with an RDP accountant.",
    discussion: """
      With --data: fits OLS on a seeded train split, attacks the sensitive attribute of members and non-members, \
      then trains DP-SGD at each --sigmas value (--seeds runs each) and reports ε → attack accuracy. \
      With --accountant: prints ε for T steps of the Poisson-sampled Gaussian (--sample-rate, --noise, --steps, --delta) \
      by the RDP accountant (improved and classic conversions) and the PLD accountant; --report writes them at full precision.
      """)

  @Option(help: "Data CSV: numeric features and a target column.") var data: String?
  @Option(help: "Report JSON (with --accountant: the ε table at full precision).") var report: String?
  @Option(help: "Curve CSV: one row per noise multiplier.") var out: String?
  @Option(help: "HTML page: the privacy-utility curve.") var html: String?
  @Option(help: "Target column.") var target = "progression"
  @Option(help: "Sensitive (attacked) feature column.") var sensitive = "sex"
  @Option(help: "Feature columns, comma-separated (default: every column but the target).") var features: String?
  @Option(help: "Fraction of records that train (members).") var trainFraction = 0.5
  @Option(help: "Seed of the split and of the DP-SGD runs.") var seed: UInt64 = 1
  @Option(help: "Noise multipliers of the curve, comma-separated (0: no noise).") var sigmas = "0,1,2,4,8,16"
  @Option(help: "Per-example gradient clipping norm C (standardized units).") var clip = 1.0
  @Option(help: "Poisson sampling rate q.") var sampleRate = 0.1
  @Option(help: "DP-SGD steps T.") var steps = 1000
  @Option(help: "DP-SGD learning rate η.") var learningRate = 0.1
  @Option(help: "δ of the (ε, δ) guarantees.") var delta = 1e-5
  @Option(help: "Seeded DP-SGD runs per noise multiplier.") var seeds = 40
  @Flag(help: "Print ε only (no data): needs --noise.") var accountant = false
  @Option(help: "Noise multiplier(s) σ for --accountant, comma-separated.") var noise: String?

  mutating func validate() throws {
    if accountant {
      guard noise != nil else { throw ValidationError("--accountant needs --noise SIGMA") }
    } else {
      guard data != nil, report != nil else { throw ValidationError("give --data FILE.csv and --report OUT.json (or --accountant)") }
    }
  }

  mutating func run() throws {
    if accountant, let noise {
      print(try PrivacyJob.accountant(sampleRate: sampleRate, noise: noise, steps: steps, delta: delta, report: report).summary,
            terminator: "")
      return
    }
    guard let data, let report else { return }
    var o = PrivacyJob.Options(data: data, report: report)
    (o.target, o.sensitive, o.features, o.trainFraction, o.seed) = (target, sensitive, features, trainFraction, seed)
    (o.sigmas, o.clip, o.sampleRate, o.steps, o.learningRate) = (sigmas, clip, sampleRate, steps, learningRate)
    (o.delta, o.seeds, o.out, o.html) = (delta, seeds, out, html)
    print(try PrivacyJob.run(o).summary, terminator: "")
  }
}
