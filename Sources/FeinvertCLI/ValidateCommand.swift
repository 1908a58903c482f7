import ArgumentParser
import FeinvertJobs

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Regress the solver against analytic solutions; exit 1 when a case drifts past its tolerance.")

  @Option(help: "Run only this case (see --list).") var `case`: String?
  @Flag(help: "Run every case, including the slow ones.") var all = false
  @Flag(help: "List the cases and exit.") var list = false
  @Option(help: "Report JSON.") var report: String?
  @Flag(help: "Print the checks as a markdown table (the README's validation table).") var markdown = false

  mutating func run() throws {
    if list {
      for line in ValidateJob.catalogue() { print(line) }
      return
    }
    let outcome = try ValidateJob.run(case: `case`, all: all, markdown: markdown, report: report) { print($0) }
    if let table = outcome.markdown { print(table, terminator: "") }
    for line in outcome.failures { print(line) }
    if !outcome.passed { throw ExitCode(1) }
  }
}
