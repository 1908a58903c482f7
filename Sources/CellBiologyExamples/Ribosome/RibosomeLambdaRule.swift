/// The rules that choose λ for the ribosome problem (`shared/spec/apps.md` §1), each applied
/// to the unconstrained problem.
package enum RibosomeLambdaRule: String, Sendable, CaseIterable {
  /// Generalized cross-validation: minimize n·RSS_w/(n − tr H_λ)² (Golub, Heath & Wahba
  /// 1979, *Technometrics* 21:215). The default.
  case gcv
  /// The L-curve's corner: maximum curvature of (ln‖r_w‖, ln‖D₂t‖) (Hansen & O'Leary 1993,
  /// *SIAM J. Sci. Comput.* 14:1487).
  case lCurve = "lcurve"
  /// Morozov's discrepancy principle with the Poisson weights: RSS_w = n.
  case discrepancy
}
