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
