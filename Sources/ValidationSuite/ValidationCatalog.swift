import Foundation

/// Every validation case, in the order the table lists them.
public enum ValidationCatalog {
  public static let all: [ValidationCase] = [
    CLTFarFieldCase.validationCase,
  ] + InterfaceEquilibriumCase.cases + PaganoPlateCase.cases + PaganoCylindricalCase.cases + EdgePeakConvergenceCase.cases
    + PaganoPlatePressureCase.cases + [
  ]

  /// Runs the cases, timing each.
  public static func run(_ cases: [ValidationCase], progress: (ValidationResult) -> Void = { _ in }) throws -> [ValidationResult] {
    let clock = ContinuousClock()
    return try cases.map { c in
      let start = clock.now
      var result = try c.run()
      let elapsed = (clock.now - start).components
      result.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
      progress(result)
      return result
    }
  }
}
