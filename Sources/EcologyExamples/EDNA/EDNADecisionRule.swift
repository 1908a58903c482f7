/// How `feinvert app edna` chooses between the point and the distributed source
/// (`shared/spec/apps.md` §7, revised 2026-12-07).
///
/// Under a point truth the distributed model contains the point source up to ℓ_min, so
/// 2Δlog L behaves like χ²₁ and AIC (which prefers the distributed model when LR > 2) keeps
/// the point model with probability at most 1 − P(χ²₁ > 2) ≈ 84 %. The bootstrap LR test
/// holds the point model unless the data reject it at the test's level (5 %), so it keeps a
/// true point source in about 95 % of data sets, at the price of some power.
package enum EDNADecisionRule: String, Sendable, CaseIterable {
  /// The lower AIC = 2p − 2 log L (p = 3, 4); the point model on a tie.
  case aic
  /// The parametric-bootstrap LR test of the point model (`EDNABootstrap`): the distributed
  /// model when p ≤ level, the point model otherwise.
  case bootstrap
}
