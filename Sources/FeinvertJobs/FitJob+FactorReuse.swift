import LaminateFit

extension FitJob {
  /// The summary line of `[fit] factor_reuse`: factorizations, solves on a kept factor and
  /// their CG iterations, and the threshold that forces a new factorization.
  static func factorReuseNote(_ c: LaminateForwardModel.Counters, settings: FitSettings) -> String {
    "factor reuse: \(c.factorizations) factorization\(c.factorizations == 1 ? "" : "s"), \(c.reusedSolves) solve\(c.reusedSolves == 1 ? "" : "s") by CG on a kept factor (\(c.cgIterations) CG iterations; a new factorization past \(settings.factorReuseIterations) iterations)"
  }
}
