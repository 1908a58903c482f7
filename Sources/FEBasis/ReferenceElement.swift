/// Reference elements: Gmsh node coordinates, shape functions, their reference
/// gradients, and the outward-oriented faces of the volume kinds.
///
/// Every kind uses Gmsh's reference domain and node order (Gmsh reference manual,
/// "Node ordering"; Gmsh source `src/geo/MLine.h`, `MTriangle.h`, `MQuadrangle.h`,
/// `MTetrahedron.h`, `MHexahedron.h`, `getNode`, `edges_*` and `faces_*`):
///
/// | kind | domain | nodes |
/// | --- | --- | --- |
/// | line2, line3 | ξ ∈ [-1, 1] | 0: -1, 1: +1, 2: midpoint |
/// | tri3, tri6 | unit simplex | (0,0), (1,0), (0,1); mid-edge 3: (0,1), 4: (1,2), 5: (2,0) |
/// | quad4, quad8 | [-1, 1]² | counter-clockwise from (-1,-1); mid-edge 4: (0,1), 5: (1,2), 6: (2,3), 7: (3,0) |
/// | tet4, tet10 | unit simplex | (0,0,0), (1,0,0), (0,1,0), (0,0,1); mid-edge 4: (0,1), 5: (1,2), 6: (2,0), 7: (3,0), 8: (3,2), 9: (3,1) |
/// | prism6, prism15 | unit triangle × [-1, 1] | (0,0,-1), (1,0,-1), (0,1,-1), then the same at ζ = +1; mid-edge 6: (0,1), 7: (0,2), 8: (0,3), 9: (1,2), 10: (1,4), 11: (2,5), 12: (3,4), 13: (3,5), 14: (4,5) |
/// | hex8, hex20 | [-1, 1]³ | z = -1 face counter-clockwise from (-1,-1,-1), then z = +1; mid-edge 8: (0,1), 9: (0,3), 10: (0,4), 11: (1,2), 12: (1,5), 13: (2,3), 14: (2,6), 15: (3,7), 16: (4,5), 17: (4,7), 18: (5,6), 19: (6,7) |
///
/// Quad8 and hex20 are serendipity elements; tri6 and tet10 are quadratic Lagrange
/// elements on the simplex. Formulas: Zienkiewicz, Taylor & Zhu, *The Finite Element
/// Method: Its Basis and Fundamentals*, 7th ed., §6.4 (serendipity, eqs. 6.21–6.24)
/// and §6.6 (simplex, eqs. 6.33–6.34, 6.39).
public enum ReferenceElement {
  /// Gmsh reference coordinates of the nodes, flat, 3 per node (unused axes 0).
  ///
  /// - Returns: `3 * kind.nodeCount` values, `[3 * node + axis]`, node in Gmsh order.
  public static func nodeCoordinates(_ kind: ElementKind) -> [Double] {
    switch kind {
    case .point1: return [0, 0, 0]
    case .line2: return [-1, 0, 0, 1, 0, 0]
    case .line3: return [-1, 0, 0, 1, 0, 0, 0, 0, 0]
    case .tri3: return [0, 0, 0, 1, 0, 0, 0, 1, 0]
    case .quad4: return [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0]
    case .tet4: return [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    case .hex8:
      return [
        -1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1,
        -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1,
      ]
    case .prism6: return [0, 0, -1, 1, 0, -1, 0, 1, -1, 0, 0, 1, 1, 0, 1, 0, 1, 1]
    case .prism15: return withMidEdgeNodes(nodeCoordinates(.prism6), edges(of: .prism15))
    case .tri6: return withMidEdgeNodes(nodeCoordinates(.tri3), edges(of: .tri6))
    case .quad8: return withMidEdgeNodes(nodeCoordinates(.quad4), edges(of: .quad8))
    case .tet10: return withMidEdgeNodes(nodeCoordinates(.tet4), edges(of: .tet10))
    case .hex20: return withMidEdgeNodes(nodeCoordinates(.hex8), edges(of: .hex20))
    }
  }

  /// The corner pairs of the edges of a kind, in Gmsh's edge order.
  ///
  /// For a quadratic kind, edge `e` carries the mid-edge node `cornerCount + e`
  /// (Gmsh `edges_tri`, `edges_quad`, `edges_tetra`, `edges_hexa`).
  /// - Returns: pairs of local corner indices (0-based); empty for `point1`.
  public static func edges(of kind: ElementKind) -> [(Int, Int)] {
    switch kind {
    case .point1: return []
    case .line2, .line3: return [(0, 1)]
    case .tri3, .tri6: return [(0, 1), (1, 2), (2, 0)]
    case .quad4, .quad8: return [(0, 1), (1, 2), (2, 3), (3, 0)]
    case .tet4, .tet10: return [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    case .prism6, .prism15: return [(0, 1), (0, 2), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (3, 5), (4, 5)]
    case .hex8, .hex20:
      return [
        (0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3),
        (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7),
      ]
    }
  }

  private static func withMidEdgeNodes(_ corners: [Double], _ edges: [(Int, Int)]) -> [Double] {
    var x = corners
    for (a, b) in edges {
      for j in 0..<3 { x.append(0.5 * (corners[3 * a + j] + corners[3 * b + j])) }
    }
    return x
  }

  /// Local node lists of each face of a volume kind, with the face kind.
  ///
  /// The nodes of a face are in the face kind's Gmsh order (corners, then mid-edge
  /// nodes), and the corners run so that the right-hand-rule normal
  /// `(x₁ − x₀) × (x₂ − x₀)` points out of the element. The face order is Gmsh's
  /// (`faces_tetra`, `faces_hexa` and the `getFaceVertices` tables of
  /// `MTetrahedron10` and `MHexahedron20`):
  /// tet faces 0: ζ = 0, 1: η = 0, 2: ξ = 0, 3: ξ + η + ζ = 1;
  /// hex faces 0: ζ = −1, 1: η = −1, 2: ξ = −1, 3: ξ = +1, 4: η = +1, 5: ζ = +1;
  /// prism faces (`faces_prism`) 0: ζ = −1 (triangle), 1: ζ = +1 (triangle), 2: η = 0,
  /// 3: ξ = 0, 4: ξ + η = 1 (quadrangles): a prism has faces of two kinds.
  ///
  /// `kind` must be a volume kind (`dimension == 3`), or a precondition failure occurs.
  public static func faces(of kind: ElementKind) -> [(kind: ElementKind, localNodes: [Int])] {
    switch kind {
    case .tet4:
      return [[0, 2, 1], [0, 1, 3], [0, 3, 2], [3, 1, 2]].map { (.tri3, $0) }
    case .tet10:
      return [
        [0, 2, 1, 6, 5, 4], [0, 1, 3, 4, 9, 7], [0, 3, 2, 7, 8, 6], [3, 1, 2, 9, 5, 8],
      ].map { (.tri6, $0) }
    case .hex8:
      return [
        [0, 3, 2, 1], [0, 1, 5, 4], [0, 4, 7, 3], [1, 2, 6, 5], [2, 3, 7, 6], [4, 5, 6, 7],
      ].map { (.quad4, $0) }
    case .hex20:
      return [
        [0, 3, 2, 1, 9, 13, 11, 8], [0, 1, 5, 4, 8, 12, 16, 10],
        [0, 4, 7, 3, 10, 17, 15, 9], [1, 2, 6, 5, 11, 14, 18, 12],
        [2, 3, 7, 6, 13, 15, 19, 14], [4, 5, 6, 7, 16, 18, 19, 17],
      ].map { (.quad8, $0) }
    case .prism6:
      return [(.tri3, [0, 2, 1]), (.tri3, [3, 4, 5]), (.quad4, [0, 1, 4, 3]), (.quad4, [0, 3, 5, 2]), (.quad4, [1, 2, 5, 4])]
    case .prism15:
      return [
        (.tri6, [0, 2, 1, 7, 9, 6]), (.tri6, [3, 4, 5, 12, 14, 13]), (.quad8, [0, 1, 4, 3, 6, 10, 12, 8]),
        (.quad8, [0, 3, 5, 2, 8, 13, 11, 7]), (.quad8, [1, 2, 5, 4, 9, 11, 14, 10]),
      ]
    default:
      preconditionFailure("ReferenceElement.faces(of:): \(kind) is not a volume kind")
    }
  }

  /// The kind of the boundary facets of a kind: hex8 → quad4, hex20 → quad8,
  /// tet4 → tri3, tet10 → tri6, prism6 → quad4 and prism15 → quad8 (their side faces;
  /// the two ends are triangles, see `faces(of:)`); for surface kinds the edge kind (quad4, tri3 → line2;
  /// quad8, tri6 → line3), for curve kinds point1.
  ///
  /// `kind` must not be `point1`, or a precondition failure occurs.
  public static func faceKind(of kind: ElementKind) -> ElementKind {
    switch kind {
    case .hex8, .prism6: return .quad4
    case .hex20, .prism15: return .quad8
    case .tet4: return .tri3
    case .tet10: return .tri6
    case .quad4, .tri3: return .line2
    case .quad8, .tri6: return .line3
    case .line2, .line3: return .point1
    case .point1: preconditionFailure("ReferenceElement.faceKind(of:): point1 has no faces")
    }
  }

  /// The measure of the reference domain: 2 (line), 1/2 (tri), 4 (quad), 1/6 (tet),
  /// 8 (hex), 1 (prism: 1/2 × 2), 1 (point).
  public static func referenceMeasure(_ kind: ElementKind) -> Double {
    switch kind {
    case .point1: return 1
    case .line2, .line3: return 2
    case .tri3, .tri6: return 0.5
    case .quad4, .quad8: return 4
    case .tet4, .tet10: return 1.0 / 6.0
    case .hex8, .hex20: return 8
    case .prism6, .prism15: return 1
    }
  }

  /// Shape function values and reference gradients at one reference point.
  ///
  /// Writes `values[a] = N_a(ξ)` and `gradients[3 * a + j] = ∂N_a/∂ξ_j(ξ)` for the
  /// nodes `a` in Gmsh order; for `dimension < 3` the unused columns `j ≥ dimension`
  /// are set to 0, and unused components of `xi` are ignored. Allocation-free.
  ///
  /// `values.count` must be at least `kind.nodeCount` and `gradients.count` at least
  /// `3 * kind.nodeCount`, or a precondition failure occurs; entries beyond those are
  /// left untouched.
  /// - Parameters:
  ///   - kind: the element kind.
  ///   - xi: the reference point (ξ, η, ζ) in Gmsh's reference domain of `kind`.
  ///   - values: receives the shape function values.
  ///   - gradients: receives the reference gradients, row-major, 3 per node.
  @inlinable
  public static func evaluate(
    _ kind: ElementKind, at xi: SIMD3<Double>,
    values: UnsafeMutableBufferPointer<Double>,
    gradients: UnsafeMutableBufferPointer<Double>
  ) {
    let n = kind.nodeCount
    precondition(values.count >= n, "ReferenceElement.evaluate: values buffer too small")
    precondition(gradients.count >= 3 * n, "ReferenceElement.evaluate: gradients buffer too small")
    let v = values.baseAddress.unsafelyUnwrapped
    let g = gradients.baseAddress.unsafelyUnwrapped
    switch kind {
    case .point1:
      v[0] = 1
      g[0] = 0; g[1] = 0; g[2] = 0
    case .line2: evaluateLine2(xi.x, v, g)
    case .line3: evaluateLine3(xi.x, v, g)
    case .tri3: evaluateTri3(xi.x, xi.y, v, g)
    case .tri6: evaluateTri6(xi.x, xi.y, v, g)
    case .quad4: evaluateQuad4(xi.x, xi.y, v, g)
    case .quad8: evaluateQuad8(xi.x, xi.y, v, g)
    case .tet4: evaluateTet4(xi.x, xi.y, xi.z, v, g)
    case .tet10: evaluateTet10(xi.x, xi.y, xi.z, v, g)
    case .hex8: evaluateHex8(xi.x, xi.y, xi.z, v, g)
    case .hex20: evaluateHex20(xi.x, xi.y, xi.z, v, g)
    case .prism6: evaluatePrism6(xi.x, xi.y, xi.z, v, g)
    case .prism15: evaluatePrism15(xi.x, xi.y, xi.z, v, g)
    }
  }

  /// Writes one node's value and gradient row.
  @inlinable @inline(__always)
  static func set(
    _ v: UnsafeMutablePointer<Double>, _ g: UnsafeMutablePointer<Double>, _ a: Int,
    _ value: Double, _ d0: Double, _ d1: Double, _ d2: Double
  ) {
    v[a] = value
    g[3 * a] = d0
    g[3 * a + 1] = d1
    g[3 * a + 2] = d2
  }
}
