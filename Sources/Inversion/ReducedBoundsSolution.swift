/// The outcome of `LinearLeastSquares.boundedFromUnconstrained`.
public struct ReducedBoundsSolution: Sendable {
  /// The bounded minimizer.
  public var x: [Double]
  /// Indices held at their lower bound, ascending.
  public var atLower: [Int]
  /// Indices held at their upper bound, ascending.
  public var atUpper: [Int]
  /// The candidate set the reduced BVLS worked on (indices whose bound may be active).
  public var candidates: [Int]
  /// Rounds of candidate growth (1 when the first candidate set sufficed, 0 when the
  /// unconstrained minimizer was already feasible).
  public var rounds: Int
}
