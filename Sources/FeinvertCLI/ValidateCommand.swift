import ArgumentParser
import FeinvertIO
import Foundation
import ValidationSuite

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
      for c in ValidationCatalog.all { print("\(c.name)\(c.quick ? "" : " (--all)"): \(c.title)") }
      return
    }
    let cases = try ValidationSelection.cases(named: `case`, all: all)
    let results = try ValidationCatalog.run(cases) { print(ValidationReport.caseLine($0)) }
    if markdown { print(ValidationReport.markdown(results), terminator: "") }
    for r in results where !r.passed {
      for c in r.checks where !c.passed {
        print("\(r.name): \(c.quantity): computed \(c.computed), reference \(c.reference), error \(c.error) > tolerance \(c.tolerance)")
      }
    }
    if let report { try writeAtomically(ValidationReport.json(results).encoded() + "\n", to: report) }
    if !results.allSatisfy(\.passed) { throw ExitCode(1) }
  }
}
