import FEKernel
import LaminateFit

extension FitJob {
  /// One forward solve at the initial values, before the fit: a largest strain above
  /// 20 % there is bad input (exit 2), above 2 % a warning (`StrainCheck`).
  ///
  /// The solve is the fit's own first evaluation: `LaminateForwardModel.predict` keeps its
  /// factor and displacement, so the fit starting at the same values reuses them.
  /// - Returns: the warnings.
  static func checkStrainAtStart(_ setup: Setup) throws -> [String] {
    let initial = setup.settings.parameters.map(\.initial)
    _ = try setup.forward.predict(initial)
    let largest = LargestStrain.of(setup.forward.lastDisplacement, assembler: setup.forward.solver.assembler)
    let warning = try StrainCheck.refuseAbsurd(
      largest, context: "at the initial values of [fit.parameters]", model: setup.forward.model(for: initial))
    return warning.map { [$0] } ?? []
  }

  /// A warning when the fitted solution strains beyond 2 %.
  static func strainWarningAtEstimate(_ outcome: LaminateFitRun.Outcome, setup: Setup) -> [String] {
    let largest = LargestStrain.of(outcome.displacement, assembler: setup.forward.solver.assembler)
    return StrainCheck.warning(largest, context: "at the estimate", model: outcome.fittedModel).map { [$0] } ?? []
  }
}
