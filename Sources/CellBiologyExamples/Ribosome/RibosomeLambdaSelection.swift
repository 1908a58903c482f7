import Foundation

/// The three rules' choices and the grid they were chosen on.
public struct RibosomeLambdaSelection: Sendable {
  /// The λ grid of the spec: 10⁻⁴ … 10⁶ at 0.05 decades (201 points).
  public static let lambdaGrid: [Double] = (0...200).map { pow(10, -4 + 0.05 * Double($0)) }

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
