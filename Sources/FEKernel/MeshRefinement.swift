import FECommon
import FEBasis
import SparseSolve

/// A finer discretization of the same geometry, for the fit's discretization-error
/// budget: the model solved on it tells how far the mesh being fitted is from the
/// converged answer.
///
/// Two refinements, chosen per mesh:
///
/// - **Order elevation** when every element is linear: hex8 → hex20, tet4 → tet10,
///   prism6 → prism15 (and their faces quad4 → quad8, tri3 → tri6, line2 → line3), one new node at the
///   midpoint of every edge, shared by the elements around it. The geometry is the
///   linear one of the mesh, exactly; the displacement space gains the quadratic terms,
///   which is what a linear element lacks (shear locking of hex8 in bending). The DOF
///   count grows about 4× for hex8, 7× for tet4.
/// - **Uniform split** when some element is quadratic (no higher order exists here):
///   every element becomes 8 (volumes: hexahedra in octants, tetrahedra by corners and
///   an octahedron, prisms by the triangle's four children in two layers), 4 (faces) or
///   2 (lines) elements of its own kind,
///   their nodes placed by the parent's own quadratic map, so curved boundaries stay
///   where they were. The DOF count grows about 8×.
///
/// Point elements and physical groups are carried over; new nodes are tagged after the
/// largest existing tag, new elements from 1.
public enum MeshRefinement {
  public enum Method: String, Sendable {
    case orderElevation = "order elevation"
    case uniformSplit = "uniform split"
  }

  /// A refined mesh, how it was made, and the interpolation of the original mesh's nodal
  /// fields onto it.
  public struct RefinedMesh: Sendable {
    public var mesh: Mesh
    public var method: Method
    /// Each refined node's value as a combination of the original nodes' (the original
    /// elements' shape functions at the new node; the identity on the original nodes, which
    /// come first). Both refinements are nested, so this reproduces the original field.
    public var prolongation: NodalProlongation
  }

  /// The refined mesh (see the type's discussion).
  public static func refine(_ mesh: Mesh) -> RefinedMesh {
    let linear = mesh.blocks.allSatisfy { !$0.kind.isQuadratic }
    var rows = ProlongationRows(originalCount: mesh.nodeCount)
    let refined = linear ? elevate(mesh, rows: &rows) : split(mesh, rows: &rows)
    return RefinedMesh(mesh: refined, method: linear ? .orderElevation : .uniformSplit, prolongation: rows.prolongation(fineNodeCount: refined.nodeCount))
  }

  /// The rows of the prolongation as the refinement makes new nodes; a node met again from
  /// an element of higher dimension takes that element's row (a volume's shape functions
  /// rather than a face's, though on a conforming face the two agree).
  struct ProlongationRows {
    let originalCount: Int
    var rows = [Int: (dimension: Int, entries: [(node: Int, weight: Double)])]()

    mutating func set(_ node: Int, dimension: Int, _ entries: [(node: Int, weight: Double)]) {
      guard node >= originalCount, (rows[node]?.dimension ?? -1) < dimension else { return }
      rows[node] = (dimension, entries.filter { abs($0.weight) > 1e-14 })
    }

    func prolongation(fineNodeCount: Int) -> NodalProlongation {
      var starts = [0], nodes = [Int](), weights = [Double]()
      starts.reserveCapacity(fineNodeCount + 1)
      for i in 0..<fineNodeCount {
        if i < originalCount {
          nodes.append(i)
          weights.append(1)
        } else if let row = rows[i] {
          for e in row.entries { nodes.append(e.node); weights.append(e.weight) }
        }
        starts.append(nodes.count)
      }
      return NodalProlongation(
        fineNodeCount: fineNodeCount, coarseNodeCount: originalCount, blockSize: 3, rowStarts: starts, coarseNodes: nodes,
        weights: weights)
    }
  }

  /// The refined mesh's node count, without building it: exact for order elevation (the
  /// nodes plus the distinct edges of the linear elements), 8× the nodes for a split (the
  /// count of a split hex20 or tet10 mesh to within its boundary layer).
  public static func estimatedNodeCount(_ mesh: Mesh) -> Int {
    guard mesh.blocks.allSatisfy({ !$0.kind.isQuadratic }) else { return 8 * mesh.nodeCount }
    var edges = Set<SIMD2<Int>>()
    for block in mesh.blocks where block.kind.dimension >= 1 {
      let corners = ReferenceElement.edges(of: block.kind)
      for e in 0..<block.elementCount {
        let nodes = block.nodes(of: e)
        for (a, b) in corners {
          let i = nodes[nodes.startIndex + a], j = nodes[nodes.startIndex + b]
          edges.insert(SIMD2(min(i, j), max(i, j)))
        }
      }
    }
    return mesh.nodeCount + edges.count
  }

  /// The quadratic kind on the same corners.
  static func elevated(_ kind: ElementKind) -> ElementKind {
    switch kind {
    case .line2: .line3
    case .tri3: .tri6
    case .quad4: .quad8
    case .tet4: .tet10
    case .hex8: .hex20
    case .prism6: .prism15
    default: kind
    }
  }

  /// Order elevation (see the type's discussion); every block must be linear.
  static func elevate(_ mesh: Mesh, rows: inout ProlongationRows) -> Mesh {
    var builder = NodeBuilder(mesh)
    var midNode = [SIMD2<Int>: Int]()
    var blocks = [ElementBlock]()
    var nextTag = 1
    for block in mesh.blocks {
      let kind = elevated(block.kind)
      let edges = kind == block.kind ? [] : ReferenceElement.edges(of: kind)
      var connectivity = [Int]()
      connectivity.reserveCapacity(block.elementCount * kind.nodeCount)
      for e in 0..<block.elementCount {
        let corners = Array(block.nodes(of: e))
        connectivity.append(contentsOf: corners)
        for (a, b) in edges {
          let key = SIMD2(min(corners[a], corners[b]), max(corners[a], corners[b]))
          if let node = midNode[key] {
            connectivity.append(node)
          } else {
            let node = builder.append(0.5 * (mesh.point(corners[a]) + mesh.point(corners[b])))
            midNode[key] = node
            rows.set(node, dimension: kind.dimension, [(corners[a], 0.5), (corners[b], 0.5)])
            connectivity.append(node)
          }
        }
      }
      let tags = Array(nextTag..<(nextTag + block.elementCount))
      nextTag += block.elementCount
      blocks.append(ElementBlock(kind: kind, elementTags: tags, connectivity: connectivity, physicalTags: block.physicalTags))
    }
    return builder.mesh(blocks: blocks, groups: mesh.physicalGroups)
  }

  /// Uniform split (see the type's discussion).
  static func split(_ mesh: Mesh, rows: inout ProlongationRows) -> Mesh {
    var builder = NodeBuilder(mesh)
    var blocks = [ElementBlock]()
    var nextTag = 1
    for block in mesh.blocks {
      let kind = block.kind
      guard kind != .point1 else {
        let tags = Array(nextTag..<(nextTag + block.elementCount))
        nextTag += block.elementCount
        blocks.append(ElementBlock(kind: kind, elementTags: tags, connectivity: block.connectivity, physicalTags: block.physicalTags))
        continue
      }
      let children = childReferenceNodes(kind)
      let n = kind.nodeCount
      var values = [Double](repeating: 0, count: n), gradients = [Double](repeating: 0, count: 3 * n)
      var connectivity = [Int]()
      connectivity.reserveCapacity(block.elementCount * children.count * n)
      for e in 0..<block.elementCount {
        let parent = Array(block.nodes(of: e))
        for child in children {
          for xi in child {
            values.withUnsafeMutableBufferPointer { v in
              gradients.withUnsafeMutableBufferPointer { g in ReferenceElement.evaluate(kind, at: xi, values: v, gradients: g) }
            }
            var x = SIMD3<Double>.zero
            for a in 0..<n { x += values[a] * mesh.point(parent[a]) }
            let node = builder.node(at: x)
            rows.set(node, dimension: kind.dimension, (0..<n).map { (parent[$0], values[$0]) })
            connectivity.append(node)
          }
        }
      }
      let count = block.elementCount * children.count
      blocks.append(ElementBlock(
        kind: kind, elementTags: Array(nextTag..<(nextTag + count)), connectivity: connectivity,
        physicalTags: block.physicalTags))
      nextTag += count
    }
    return builder.mesh(blocks: blocks, groups: mesh.physicalGroups)
  }

  /// The reference coordinates of the nodes of each child of a split element, each child
  /// in `kind`'s node order (corners, then the midpoints of its edges when quadratic).
  static func childReferenceNodes(_ kind: ElementKind) -> [[SIMD3<Double>]] {
    let corners = ReferenceElement.nodeCoordinates(kind)
    func corner(_ a: Int) -> SIMD3<Double> { SIMD3(corners[3 * a], corners[3 * a + 1], corners[3 * a + 2]) }
    var children = [[SIMD3<Double>]]()
    switch kind.dimension {
    case 1, 2 where kind == .quad4 || kind == .quad8, 3 where kind == .hex8 || kind == .hex20:
      // Tensor-product kinds: the 2^d half-size copies of the reference cube [-1, 1]^d.
      let d = kind.dimension
      let cornerCount = 1 << d
      for child in 0..<cornerCount {
        var centre = SIMD3<Double>.zero
        for axis in 0..<d { centre[axis] = (child >> axis) & 1 == 0 ? -0.5 : 0.5 }
        children.append((0..<cornerCount).map { centre + 0.5 * corner($0) })
      }
    case 3 where kind == .prism6 || kind == .prism15:
      // Prisms: the triangle's four children (as below) times the halves ζ ∈ [-1, 0], [0, 1].
      let v = (0..<3).map { SIMD2(corner($0).x, corner($0).y) }
      let m01 = 0.5 * (v[0] + v[1]), m12 = 0.5 * (v[1] + v[2]), m20 = 0.5 * (v[2] + v[0])
      for t in [[v[0], m01, m20], [m01, v[1], m12], [m20, m12, v[2]], [m01, m12, m20]] {
        for (lo, hi) in [(-1.0, 0.0), (0.0, 1.0)] {
          children.append(t.map { SIMD3($0.x, $0.y, lo) } + t.map { SIMD3($0.x, $0.y, hi) })
        }
      }
    case 2:  // triangles: three corner copies and the middle one, all oriented as the parent
      let v = (0..<3).map(corner)
      let m01 = 0.5 * (v[0] + v[1]), m12 = 0.5 * (v[1] + v[2]), m20 = 0.5 * (v[2] + v[0])
      children = [[v[0], m01, m20], [m01, v[1], m12], [m20, m12, v[2]], [m01, m12, m20]]
    default:  // tetrahedra: four corner copies and the inner octahedron cut along m02–m13
      let v = (0..<4).map(corner)
      func m(_ a: Int, _ b: Int) -> SIMD3<Double> { 0.5 * (v[a] + v[b]) }
      children = [
        [v[0], m(0, 1), m(0, 2), m(0, 3)], [m(0, 1), v[1], m(1, 2), m(1, 3)],
        [m(0, 2), m(1, 2), v[2], m(2, 3)], [m(0, 3), m(1, 3), m(2, 3), v[3]],
        [m(0, 2), m(1, 3), m(0, 1), m(0, 3)], [m(0, 2), m(1, 3), m(0, 3), m(2, 3)],
        [m(0, 2), m(1, 3), m(2, 3), m(1, 2)], [m(0, 2), m(1, 3), m(1, 2), m(0, 1)],
      ].map { t in
        // Keep the parent's orientation: a positive volume in reference coordinates.
        let volume = ((t[1] - t[0]) * cross(t[2] - t[0], t[3] - t[0])).sum()
        return volume > 0 ? t : [t[0], t[1], t[3], t[2]]
      }
    }
    guard kind.isQuadratic else { return children }
    let edges = ReferenceElement.edges(of: kind)
    return children.map { c in c + edges.map { 0.5 * (c[$0.0] + c[$0.1]) } }
  }

  /// The refined mesh's nodes: the original ones first (same tags), then new ones;
  /// a node asked for at a place where one exists (to 1e-9 of the mesh's extent) is
  /// that node, so children of neighbouring elements share their nodes.
  struct NodeBuilder {
    var tags: [NodeTag]
    var coordinates: [Double]
    var nextTag: Int
    /// Quantization step of the spatial hash.
    let step: Double
    var cells = [SIMD3<Int>: [Int]]()

    init(_ mesh: Mesh) {
      tags = mesh.nodeTags
      coordinates = mesh.coordinates
      nextTag = (mesh.nodeTags.map(\.rawValue).max() ?? 0) + 1
      var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
      for i in 0..<mesh.nodeCount { lo = pointwiseMin(lo, mesh.point(i)); hi = pointwiseMax(hi, mesh.point(i)) }
      let extent = mesh.nodeCount > 0 ? (hi - lo).max() : 1
      step = max(extent, 1e-300) * 1e-9
      for i in 0..<mesh.nodeCount { cells[cell(mesh.point(i)), default: []].append(i) }
    }

    func cell(_ x: SIMD3<Double>) -> SIMD3<Int> {
      SIMD3(Int((x.x / step).rounded(.down)), Int((x.y / step).rounded(.down)), Int((x.z / step).rounded(.down)))
    }

    func point(_ i: Int) -> SIMD3<Double> { SIMD3(coordinates[3 * i], coordinates[3 * i + 1], coordinates[3 * i + 2]) }

    /// The node at `x`, made when none is within one quantization step.
    mutating func node(at x: SIMD3<Double>) -> Int {
      let c = cell(x)
      for dz in -1...1 { for dy in -1...1 { for dx in -1...1 {
        for i in cells[c &+ SIMD3(dx, dy, dz)] ?? [] where ((point(i) - x) * (point(i) - x)).sum() <= step * step {
          return i
        }
      } } }
      return append(x)
    }

    /// A new node at `x`.
    mutating func append(_ x: SIMD3<Double>) -> Int {
      let i = tags.count
      tags.append(NodeTag(nextTag))
      nextTag += 1
      coordinates.append(contentsOf: [x.x, x.y, x.z])
      cells[cell(x), default: []].append(i)
      return i
    }

    func mesh(blocks: [ElementBlock], groups: [PhysicalGroup]) -> Mesh {
      Mesh(nodeTags: tags, coordinates: coordinates, blocks: blocks, physicalGroups: groups)
    }
  }
}
