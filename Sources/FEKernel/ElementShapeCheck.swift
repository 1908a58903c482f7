import FEBasis

/// Whether a volume element maps its reference domain one-to-one: its nodes are distinct
/// and det J > 0 at every integration point of the stiffness rule and at every node.
///
/// An inverted element (two nodes swapped, a face listed clockwise) has det J < 0
/// somewhere; a zero-volume element (all nodes in one plane) has det J = 0 everywhere; a
/// repeated node collapses an edge. Each would give a stiffness that is wrong without
/// any error, so the mesh reader refuses them at their line. Checking the nodes as well
/// as the integration points catches an element folded only near a corner (a quadratic
/// element with a mid-edge node pulled past its corner), which the integration points can
/// miss.
///
/// det J is judged against the element's size: a value at or below 1e-12 · d³, with d
/// the diagonal of the element's bounding box, counts as zero (a flat element's det J is
/// round-off, about 1e-17 · d³, not exactly zero).
public struct ElementShapeCheck {
  /// What is wrong with an element; node positions are 0-based in Gmsh's order.
  public enum Defect: Sendable, Equatable {
    /// Local nodes `first` < `second` are the same node.
    case repeatedNode(first: Int, second: Int)
    /// det J at a point is not positive (or not finite); `scaled` is det J / (d³ / reference measure)
    /// with d the bounding-box diagonal (about the ratio of the element's volume to its box's).
    case jacobian(determinant: Double, scaled: Double, at: Place)
  }

  /// Where det J was evaluated.
  public enum Place: Sendable, Equatable, CustomStringConvertible {
    /// 0-based point of the stiffness rule.
    case integrationPoint(Int)
    /// 0-based local node, Gmsh order.
    case node(Int)

    public var description: String {
      switch self {
      case .integrationPoint(let q): return "integration point \(q + 1)"
      case .node(let a): return "local node \(a + 1)"
      }
    }
  }

  public let kind: ElementKind
  let integration: ElementTables
  let atNodes: ElementTables
  var geometry: ElementGeometry

  /// - Parameter kind: a volume kind (`kind.dimension == 3`), or a precondition failure occurs.
  public init(kind: ElementKind) {
    precondition(kind.dimension == 3, "ElementShapeCheck: \(kind) is not a volume kind")
    self.kind = kind
    integration = ElementTables(stiffnessFor: kind)
    let reference = ReferenceElement.nodeCoordinates(kind)
    let points = (0..<kind.nodeCount).map { SIMD3(reference[3 * $0], reference[3 * $0 + 1], reference[3 * $0 + 2]) }
    atNodes = ElementTables(
      kind: kind, rule: QuadratureRule(points: points, weights: [Double](repeating: 1, count: points.count), degree: 0))
    geometry = ElementGeometry(nodeCount: kind.nodeCount)
  }

  /// The first defect of one element, or nil when it is sound.
  ///
  /// - Parameters:
  ///   - nodes: the element's node indices (dense, Gmsh order), `kind.nodeCount` of them,
  ///     or a precondition failure occurs.
  ///   - coordinates: every node's coordinates, `3 * node + axis`.
  public mutating func defect<Nodes: Collection>(nodes: Nodes, coordinates: [Double]) -> Defect? where Nodes.Element == Int {
    let list = Array(nodes)
    precondition(list.count == kind.nodeCount, "ElementShapeCheck: \(list.count) nodes for \(kind)")
    for a in 0..<list.count {
      for b in (a + 1)..<max(a + 1, list.count) where list[a] == list[b] { return .repeatedNode(first: a, second: b) }
    }
    geometry.gather(coordinates: coordinates, nodes: list)
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for a in 0..<list.count {
      let p = SIMD3(geometry.coordinates[3 * a], geometry.coordinates[3 * a + 1], geometry.coordinates[3 * a + 2])
      lo = pointwiseMin(lo, p)
      hi = pointwiseMax(hi, p)
    }
    let d = ((hi - lo) * (hi - lo)).sum().squareRoot()
    let scale = d * d * d / ReferenceElement.referenceMeasure(kind)
    var worst: (det: Double, place: Place)?
    for (tables, place) in [(integration, Place.integrationPoint), (atNodes, Place.node)] {
      for q in 0..<tables.rule.count {
        let det = geometry.evaluate(tables, point: q)
        if !(det > 1e-12 * scale) || !det.isFinite, worst.map({ det < $0.det }) ?? true { worst = (det, place(q)) }
        if det.isNaN { return .jacobian(determinant: det, scaled: .nan, at: place(q)) }
      }
    }
    return worst.map { .jacobian(determinant: $0.det, scaled: scale > 0 ? $0.det / scale : .nan, at: $0.place) }
  }
}
