import Foundation

/// What a fit's outcome says about itself: how well it reproduces the data, and which
/// standard errors are worth stating. The report serializes these; it decides nothing.
extension LaminateFitRun.Outcome {
  /// ½ Σ r_w², the objective at the estimate (weighted residuals).
  public var objective: Double { 0.5 * weightedResiduals.reduce(0) { $0 + $1 * $1 } }

  /// The root mean square of the unweighted residuals (predicted − measured), length unit.
  public var rmsResidual: Double {
    let m = measured.count
    let sum = (0..<m).reduce(0.0) { $0 + (predicted[$1] - measured[$1]) * (predicted[$1] - measured[$1]) }
    return (sum / Double(max(m, 1))).squareRoot()
  }

  /// Whether parameter j has a standard error worth stating: not held at a bound (the
  /// local theory says nothing there) and not moving along a direction the data do not
  /// resolve at all (its standard error would be only a lower bound). The report writes
  /// `null` otherwise, and `stresses --params` then draws no bands.
  public func isUncertaintyDetermined(_ j: Int) -> Bool {
    !result.activeBounds[j] && !(uncertainty.unresolved.indices.contains(j) && uncertainty.unresolved[j])
  }

  /// The χ² test of the fit against the stated noise (see `GoodnessOfFit`).
  public var goodnessOfFit: GoodnessOfFit {
    let chi2 = weightedResiduals.reduce(0) { $0 + $1 * $1 }
    // The analysis's values − free parameters, less the rigid motion projected out before it.
    let dof = uncertainty.degreesOfFreedom - rigidBody.count - registrations.reduce(0) { $0 + $1.activeCount }
    guard uncertainty.noiseKnown else {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: nil,
                           message: "no sigma columns: the noise is estimated from the residuals, so the misfit cannot be tested against it")
    }
    guard dof > 0 else {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: nil,
                           message: "no degrees of freedom left to test the misfit")
    }
    let limit = Double(dof) + 5 * (2 * Double(dof)).squareRoot()
    let reduced = chi2 / Double(dof)
    if chi2 <= limit {
      return GoodnessOfFit(chiSquare: chi2, degreesOfFreedom: dof, consistent: true,
                           message: String(format: "chi2/dof = %.3g: the model reproduces the data to their stated noise", reduced))
    }
    return GoodnessOfFit(
      chiSquare: chi2, degreesOfFreedom: dof, consistent: false,
      message: String(format: "chi2/dof = %.3g (chi2 %.4g for %d degrees of freedom, above %.4g, five standard deviations of chi2): ", reduced, chi2, dof, limit)
        + "the fit does not reproduce the data to their stated noise. It may have stopped in a local minimum (ply angles started far from the truth: try other initial values), the model may not match the test (loads, supports, layup), or the sigma columns may be too small")
  }
}

/// The χ² test of a fit against the stated noise (sigma columns): χ² = Σ r_w², ν = values
/// − parameters − rigid-body unknowns. A converged fit whose χ² exceeds ν + 5√(2ν) (five
/// standard deviations of χ²_ν) does not reproduce the data to their noise: a local
/// minimum (ply angles from far off), a wrong model, or sigma too small. Without sigma
/// columns the noise is estimated from these residuals, so there is nothing to test.
public struct GoodnessOfFit: Sendable {
  public var chiSquare: Double
  public var degreesOfFreedom: Int
  /// true or false when the noise is known and ν > 0; nil when there is nothing to test.
  public var consistent: Bool?
  /// The verdict in plain words, for the report and the terminal.
  public var message: String

  /// χ²/ν, NaN without degrees of freedom.
  public var reducedChiSquare: Double { degreesOfFreedom > 0 ? chiSquare / Double(degreesOfFreedom) : .nan }
}
