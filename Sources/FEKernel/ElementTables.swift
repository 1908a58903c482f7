import FEBasis

/// Shape function values and reference gradients of one element kind, precomputed
/// at the points of one quadrature rule.
///
/// Storage is contiguous: `values[q * nodeCount + a]` is N_a at point q, and
/// `gradients[(q * nodeCount + a) * 3 + j]` is ∂N_a/∂ξ_j there (columns j ≥ dimension are 0).
/// Node order is Gmsh's; points are the rule's, in its order.
public struct ElementTables: Sendable {
  public let kind: ElementKind
  public let rule: QuadratureRule
  public let values: [Double]
  public let gradients: [Double]

  /// Number of nodes of `kind`.
  public var nodeCount: Int { kind.nodeCount }

  /// Evaluates the shape functions of `kind` at every point of `rule`.
  /// - Complexity: O(rule.count × kind.nodeCount).
  public init(kind: ElementKind, rule: QuadratureRule) {
    let n = kind.nodeCount
    let q = rule.count
    var values = [Double](repeating: 0, count: q * n)
    var gradients = [Double](repeating: 0, count: 3 * q * n)
    values.withUnsafeMutableBufferPointer { v in
      gradients.withUnsafeMutableBufferPointer { g in
        for p in 0..<q {
          ReferenceElement.evaluate(
            kind, at: rule.points[p],
            values: UnsafeMutableBufferPointer(rebasing: v[(p * n)..<((p + 1) * n)]),
            gradients: UnsafeMutableBufferPointer(rebasing: g[(3 * p * n)..<(3 * (p + 1) * n)]))
        }
      }
    }
    self.kind = kind
    self.rule = rule
    self.values = values
    self.gradients = gradients
  }

  /// The stiffness tables of a kind: `ElementTables(kind:rule: Quadrature.stiffnessRule(for: kind))`.
  public init(stiffnessFor kind: ElementKind) {
    self.init(kind: kind, rule: Quadrature.stiffnessRule(for: kind))
  }
}
