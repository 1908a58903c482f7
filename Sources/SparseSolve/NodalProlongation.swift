/// The interpolation P from a coarse discretization's unknowns to a fine one's, node by
/// node: each fine node's value is a weighted sum of coarse nodes' values, the same weights
/// for each of the `blockSize` unknowns a node carries (the coarse shape functions at the
/// fine node, for nested finite-element spaces).
///
/// Unknown `blockSize·i + c` belongs to node i and component c on both levels. Unknowns held
/// fixed (prescribed) on either level are left out: P maps the free coarse unknowns to the
/// free fine ones, which is what a coarse-grid correction of a constrained system needs.
public struct NodalProlongation: Sendable {
  public let fineNodeCount: Int
  public let coarseNodeCount: Int
  public let blockSize: Int
  /// Row i of P (fine node i) is `rowStarts[i] ..< rowStarts[i + 1]` of `coarseNodes` and `weights`.
  public let rowStarts: [Int]
  public let coarseNodes: [Int]
  public let weights: [Double]

  /// - Precondition: `rowStarts.count == fineNodeCount + 1`, every coarse node below
  ///   `coarseNodeCount`, `weights.count == coarseNodes.count`.
  public init(fineNodeCount: Int, coarseNodeCount: Int, blockSize: Int, rowStarts: [Int], coarseNodes: [Int], weights: [Double]) {
    precondition(rowStarts.count == fineNodeCount + 1 && rowStarts.last == coarseNodes.count && weights.count == coarseNodes.count,
                 "NodalProlongation: row arrays")
    precondition(coarseNodes.allSatisfy { $0 >= 0 && $0 < coarseNodeCount }, "NodalProlongation: coarse node out of range")
    self.fineNodeCount = fineNodeCount
    self.coarseNodeCount = coarseNodeCount
    self.blockSize = blockSize
    self.rowStarts = rowStarts
    self.coarseNodes = coarseNodes
    self.weights = weights
  }

  /// x_fine = P x_coarse, with the fixed unknowns of both levels taken as zero.
  public func prolong(_ coarse: [Double], coarseFixed: [Bool], fineFixed: [Bool]) -> [Double] {
    let b = blockSize
    precondition(coarse.count == b * coarseNodeCount && fineFixed.count == b * fineNodeCount, "NodalProlongation.prolong: sizes")
    var fine = [Double](repeating: 0, count: b * fineNodeCount)
    for i in 0..<fineNodeCount {
      for k in rowStarts[i]..<rowStarts[i + 1] {
        let j = coarseNodes[k], w = weights[k]
        for c in 0..<b where !coarseFixed[b * j + c] { fine[b * i + c] += w * coarse[b * j + c] }
      }
      for c in 0..<b where fineFixed[b * i + c] { fine[b * i + c] = 0 }
    }
    return fine
  }

  /// x_fine = P x_coarse, every unknown included (a nodal field interpolated).
  public func prolong(_ coarse: [Double]) -> [Double] {
    prolong(coarse, coarseFixed: [Bool](repeating: false, count: coarse.count),
            fineFixed: [Bool](repeating: false, count: blockSize * fineNodeCount))
  }

  /// r_coarse = Pᵀ r_fine, with the fixed unknowns of both levels taken as zero.
  public func restrict(_ fine: [Double], coarseFixed: [Bool], fineFixed: [Bool]) -> [Double] {
    let b = blockSize
    precondition(fine.count == b * fineNodeCount && coarseFixed.count == b * coarseNodeCount, "NodalProlongation.restrict: sizes")
    var coarse = [Double](repeating: 0, count: b * coarseNodeCount)
    for i in 0..<fineNodeCount {
      for k in rowStarts[i]..<rowStarts[i + 1] {
        let j = coarseNodes[k], w = weights[k]
        for c in 0..<b where !fineFixed[b * i + c] { coarse[b * j + c] += w * fine[b * i + c] }
      }
    }
    for q in coarse.indices where coarseFixed[q] { coarse[q] = 0 }
    return coarse
  }
}
