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
