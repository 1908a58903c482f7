/// The λ one rule chose.
package struct RibosomeLambdaChoice: Sendable {
  package var rule: RibosomeLambdaRule
  package var lambda: Double
  /// tr H_λ, the effective number of parameters.
  package var traceInfluence: Double
  /// RSS_w at λ (spectral formula).
  package var residualSquared: Double
  /// GCV n·RSS_w/(n − tr H)² at λ.
  package var gcv: Double
  /// The L-curve's curvature at λ.
  package var curvature: Double
  /// Plain words when the rule was not met inside the grid (its optimum or root lies at or
  /// beyond an end, so the end was taken); nil otherwise.
  package var note: String?
}
