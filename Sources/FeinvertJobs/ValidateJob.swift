import FeinvertFiles
import FeinvertIO
import ValidationSuite

/// `feinvert validate`: the analytic regression cases, their table and report.
package enum ValidateJob {
  /// `name (--all): title` for every case.
  package static func catalogue() -> [String] {
    ValidationCatalog.all.map { "\($0.name)\($0.quick ? "" : " (--all)"): \($0.title)" }
  }

  /// Runs the selected cases, printing a line per case through `progress` as it ends;
  /// writes the report when asked.
  ///
  /// - Returns: whether every check passed, the markdown table (the README's validation
  ///   table, newline-terminated) when asked, and one line per failed check.
  package static func run(
    case name: String?, all: Bool, markdown: Bool, report: String?, progress: (String) -> Void
  ) throws -> (passed: Bool, markdown: String?, failures: [String]) {
    if let report { try checkOutputFile(report, option: "--report", inputs: []) }
    let cases = try ValidationSelection.cases(named: name, all: all)
    let results = try ValidationCatalog.run(cases) { progress(ValidationReport.caseLine($0)) }
    var failures = [String]()
    for r in results where !r.passed {
      for c in r.checks where !c.passed {
        failures.append("\(r.name): \(c.quantity): computed \(c.computed), reference \(c.reference), error \(c.error) > tolerance \(c.tolerance)")
      }
    }
    if let report {
      try OutputDirectory.writeFile(
        ValidationReport.json(results).withProvenance(try Provenance(inputs: [])).encoded() + "\n", to: report)
    }
    return (results.allSatisfy(\.passed), markdown ? ValidationReport.markdown(results) : nil, failures)
  }
}
