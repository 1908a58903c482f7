/// Geometry of one element at its integration points: the node coordinates
/// gathered once, then physical shape-function gradients and det J point by point.
///
/// The one place the gather-and-map steps live for the paths outside the assembly's
/// hot loop (stress recovery, stiffness-derivative products, body forces, the
/// Jacobian check, error norms). Buffers are allocated once per element kind.
public struct ElementGeometry {
  public let nodeCount: Int
  /// Node coordinates, 3 per node, element order.
  public private(set) var coordinates: [Double]
  /// Physical gradients ∂N_a/∂x_j at the last evaluated point, `3 * a + j`.
  public private(set) var gradients: [Double]

  public init(nodeCount: Int) {
    self.nodeCount = nodeCount
    coordinates = [Double](repeating: 0, count: 3 * nodeCount)
    gradients = [Double](repeating: 0, count: 3 * nodeCount)
  }

  /// Copies the coordinates of element `e` of `block`.
  public mutating func gather(mesh: Mesh, block: ElementBlock, element e: Int) {
    precondition(block.kind.nodeCount == nodeCount, "ElementGeometry: block kind has another node count")
    let n = nodeCount
    for a in 0..<n {
      let node = block.connectivity[e * n + a]
      coordinates[3 * a] = mesh.coordinates[3 * node]
      coordinates[3 * a + 1] = mesh.coordinates[3 * node + 1]
      coordinates[3 * a + 2] = mesh.coordinates[3 * node + 2]
    }
  }

  /// Copies the coordinates of the given nodes (dense indices, element order) from a flat
  /// coordinate array (`3 * node + axis`); `nodes.count` must equal `nodeCount`.
  public mutating func gather(coordinates all: [Double], nodes: [Int]) {
    precondition(nodes.count == nodeCount, "ElementGeometry: \(nodes.count) nodes for \(nodeCount)")
    for (a, node) in nodes.enumerated() {
      coordinates[3 * a] = all[3 * node]
      coordinates[3 * a + 1] = all[3 * node + 1]
      coordinates[3 * a + 2] = all[3 * node + 2]
    }
  }

  /// Physical gradients at integration point `q` of `tables`.
  ///
  /// - Returns: det J there (negative for an inverted element).
  public mutating func evaluate(_ tables: ElementTables, point q: Int) -> Double {
    let n = nodeCount
    return coordinates.withUnsafeBufferPointer { xp in
      tables.gradients.withUnsafeBufferPointer { dn in
        gradients.withUnsafeMutableBufferPointer { gp in
          ElasticityKernel.physicalGradients(
            n: n, coordinates: xp.baseAddress!, referenceGradients: dn.baseAddress! + q * n * 3,
            into: gp.baseAddress!)
        }
      }
    }
  }

  /// The physical position of integration point `q`: Σ N_a x_a.
  public func position(_ tables: ElementTables, point q: Int) -> SIMD3<Double> {
    var p = SIMD3<Double>(repeating: 0)
    for a in 0..<nodeCount {
      let na: Double = tables.values[q * nodeCount + a]
      p += SIMD3<Double>(coordinates[3 * a], coordinates[3 * a + 1], coordinates[3 * a + 2]) * na
    }
    return p
  }
}
