/// The measurement noise of an eDNA concentration: a floor plus a proportional part,
/// sd = √(σ_a² + (cv·c)²) (`shared/spec/apps.md` §7).
///
/// The spec evaluates it at the observed concentration y_i (so the weights of a fit are
/// fixed by the data and do not move with the model); a simulation draws noise at the
/// true concentration. Both use this one formula.
package struct EDNANoiseModel: Sendable, Equatable {
  /// σ_a: the absolute floor, in concentration units (for example copies/L).
  package var absoluteSD: Double
  /// cv: the proportional part (dimensionless).
  package var coefficientOfVariation: Double

  /// Both must be ≥ 0 and not both 0, or a precondition failure occurs (values from a
  /// file are checked at the edge).
  package init(absoluteSD: Double, coefficientOfVariation: Double) {
    precondition(absoluteSD >= 0 && coefficientOfVariation >= 0 && absoluteSD + coefficientOfVariation > 0,
                 "EDNANoiseModel: sigma_a and cv must be >= 0 and not both 0")
    self.absoluteSD = absoluteSD
    self.coefficientOfVariation = coefficientOfVariation
  }

  /// The standard deviation at concentration `c` (concentration units).
  @inlinable
  package func standardDeviation(_ c: Double) -> Double {
    (absoluteSD * absoluteSD + coefficientOfVariation * coefficientOfVariation * c * c).squareRoot()
  }

  /// The spec's validation values, σ_a = 2, cv = 0.25.
  package static let specDefault = EDNANoiseModel(absoluteSD: 2, coefficientOfVariation: 0.25)
}
