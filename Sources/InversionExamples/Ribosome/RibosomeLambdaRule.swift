/// The rules that choose λ for the ribosome problem (`shared/spec/apps.md` §1), each applied
/// to the unconstrained problem.
public enum RibosomeLambdaRule: String, Sendable, CaseIterable {
  /// Generalized cross-validation: minimize n·RSS_w/(n − tr H_λ)² (Golub, Heath & Wahba
  /// 1979, *Technometrics* 21:215). The default.
  case gcv
  /// The L-curve's corner: maximum curvature of (ln‖r_w‖, ln‖D₂t‖) (Hansen & O'Leary 1993,
  /// *SIAM J. Sci. Comput.* 14:1487).
  case lCurve = "lcurve"
  /// Morozov's discrepancy principle with the Poisson weights: RSS_w = n.
  case discrepancy
}

/// The λ one rule chose.
public struct RibosomeLambdaChoice: Sendable {
  public var rule: RibosomeLambdaRule
  public var lambda: Double
  /// tr H_λ, the effective number of parameters.
  public var traceInfluence: Double
  /// RSS_w at λ (spectral formula).
  public var residualSquared: Double
  /// GCV n·RSS_w/(n − tr H)² at λ.
  public var gcv: Double
  /// The L-curve's curvature at λ.
  public var curvature: Double
  /// Plain words when the rule was not met inside the grid (its optimum or root lies at or
  /// beyond an end, so the end was taken); nil otherwise.
  public var note: String?
}

/// The three rules' choices and the grid they were chosen on.
public struct RibosomeLambdaSelection: Sendable {
  public var gcv: RibosomeLambdaChoice
  public var lCurve: RibosomeLambdaChoice
  public var discrepancy: RibosomeLambdaChoice
  /// λ on the grid, ascending.
  public var grid: [Double]
  /// GCV on the grid.
  public var gcvValues: [Double]

  public func choice(_ rule: RibosomeLambdaRule) -> RibosomeLambdaChoice {
    switch rule {
    case .gcv: return gcv
    case .lCurve: return lCurve
    case .discrepancy: return discrepancy
    }
  }
}
