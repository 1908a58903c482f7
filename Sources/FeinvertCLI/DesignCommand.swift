import ArgumentParser
import FeinvertJobs

struct DesignCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "design",
    abstract: "Predict what each candidate test set-up resolves (standard errors before any data), and pick the best set within a budget.")

  @Option(help: "Candidate file (TOML: [[candidate]] tables; see the README's \"Designing the test\").") var candidates: String
  @Option(help: "Output directory: design.json and one sensitivity_<candidate>.vtu per candidate.") var out: String
  @Option(help: "Pick the best set of this many candidates (tests).") var choose: Int?
  @Option(help: "Selection criterion: d (determinant), a (sum of relative variances) or weighted (by --target).") var criterion: String?
  @Option(help: "Relative standard errors wanted, e.g. \"E2=0.02,nu12=0.02\" (short names when unique).") var target: String?
  @Option(help: "Relative uncertainty of the nominal values, e.g. \"E2=10%,nu12=20%\": predictions at the box's corners (or a Latin hypercube), worst case reported.")
  var nominalBox: String?
  @Flag(help: "Select on the worst case over the nominal box.") var robust = false
  @Option(help: "Also write an HTML page with the sensitivity maps.") var html: String?

  mutating func run() throws {
    var o = DesignJob.Options(candidates: candidates, out: out)
    (o.choose, o.criterion, o.target, o.nominalBox, o.robust, o.html) = (choose, criterion, target, nominalBox, robust, html)
    print(try DesignJob.run(o).summary)
  }
}
