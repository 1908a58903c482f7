import FECommon
import ValidationSuite

/// Which cases `feinvert validate` runs: one by name, every quick one, or all.
package enum ValidationSelection {
  package static func cases(named name: String?, all: Bool) throws -> [ValidationCase] {
    if let name {
      guard let c = ValidationCatalog.all.first(where: { $0.name == name }) else {
        throw InputError("found case '\(name)'; expected one of \(ValidationCatalog.all.map(\.name).joined(separator: ", "))",
                         at: SourceLocation(file: "command line", key: "--case"))
      }
      return [c]
    }
    return all ? ValidationCatalog.all : ValidationCatalog.all.filter(\.quick)
  }
}
