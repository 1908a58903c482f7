import FEKernel

/// A continuous stress field within each ply: the direct stresses at each element's
/// nodes averaged over the elements of the same ply that share the node, then
/// interpolated with the element's shape functions.
///
/// Its gradients (∂σ/∂x, ∂σ/∂y) are what the equilibrium recovery of the
/// through-thickness stresses integrates. Averaging per ply keeps the in-plane
/// stresses' jump across ply interfaces, which is physical.
public struct SmoothedStressField: Sendable {
  public let evaluator: PointStress
  let elementPly: [Int]
  /// Slot of (node, ply): `slots[node * plyCount + ply]`, −1 when absent.
  let slots: [Int: Int]
  let plyCount: Int
  /// 6 values per slot.
  let nodal: [Double]

  /// - Parameters:
  ///   - include: which elements take part (for example those near a station);
  ///     a point is evaluated only in an included element.
  public init(evaluator: PointStress, elementPly: [Int], plyCount: Int, stiffness: [[Double]], displacement u: [Double],
              include: (Int) -> Bool)
  {
    self.evaluator = evaluator
    self.elementPly = elementPly
    self.plyCount = plyCount
    let elements = evaluator.elements
    var slots = [Int: Int]()
    var sums = [Double](), counts = [Double]()
    for e in 0..<elements.count where include(e) {
      let kind = elements.kind(of: e)
      let reference = ReferenceElement.nodeCoordinates(kind)
      for (a, node) in elements.nodes(of: e).enumerated() {
        let xi = SIMD3(reference[3 * a], reference[3 * a + 1], reference[3 * a + 2])
        let sigma = evaluator.stress(element: e, xi: xi, stiffness: stiffness, displacement: u)
        let key = node * plyCount + (elementPly[e] - 1)
        let slot: Int
        if let s = slots[key] {
          slot = s
        } else {
          slot = counts.count
          slots[key] = slot
          counts.append(0)
          sums.append(contentsOf: repeatElement(0, count: 6))
        }
        counts[slot] += 1
        for i in 0..<6 { sums[6 * slot + i] += sigma[i] }
      }
    }
    for slot in counts.indices { for i in 0..<6 { sums[6 * slot + i] /= counts[slot] } }
    self.slots = slots
    nodal = sums
  }

  /// The smoothed stress and its gradient in element `e` at `xi`: 6 values, and 18
  /// values `∂σ_i/∂x_j` at `3 * i + j`. Nil when the element was not included.
  public func valueAndGradient(element e: Int, xi: SIMD3<Double>) -> (value: [Double], gradient: [Double])? {
    let (values, gradients) = evaluator.shapeFunctions(element: e, xi: xi)
    var value = [Double](repeating: 0, count: 6)
    var gradient = [Double](repeating: 0, count: 18)
    let ply = elementPly[e] - 1
    for (a, node) in evaluator.elements.nodes(of: e).enumerated() {
      guard let slot = slots[node * plyCount + ply] else { return nil }
      for i in 0..<6 {
        let s = nodal[6 * slot + i]
        value[i] += values[a] * s
        for j in 0..<3 { gradient[3 * i + j] += gradients[3 * a + j] * s }
      }
    }
    return (value, gradient)
  }
}
