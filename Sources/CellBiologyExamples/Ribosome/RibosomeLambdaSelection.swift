import Foundation

/// The three rules' choices and the grid they were chosen on.
package struct RibosomeLambdaSelection: Sendable {
  /// The λ grid of the spec: 10⁻⁴ … 10⁶ at 0.05 decades (201 points).
  package static let lambdaGrid: [Double] = (0...200).map { pow(10, -4 + 0.05 * Double($0)) }

  package var gcv: RibosomeLambdaChoice
  package var lCurve: RibosomeLambdaChoice
  package var discrepancy: RibosomeLambdaChoice
  /// λ on the grid, ascending.
  package var grid: [Double]
  /// GCV on the grid.
  package var gcvValues: [Double]

  package func choice(_ rule: RibosomeLambdaRule) -> RibosomeLambdaChoice {
    switch rule {
    case .gcv: return gcv
    case .lCurve: return lCurve
    case .discrepancy: return discrepancy
    }
  }
}
