/// The predicted displacement at the nodes of the observation surface.
///
/// What `feinvert solve` writes to `observed.csv`: one row per node of the
/// observation group, in ascending node-tag order, with the observed components.
public struct ObservedField: Sendable {
  public var nodeTags: [NodeTag]
  /// Coordinates, 3 per row.
  public var points: [SIMD3<Double>]
  /// Components observed (0 = ux, 1 = uy, 2 = uz).
  public var components: [Int]
  /// Values, `components.count` per row.
  public var values: [Double]

  /// Samples a displacement field at the nodes of `spec.group`.
  public init(mesh: Mesh, spec: ObservationSpec, displacement u: [Double]) {
    let nodes: [Int]
    if let group = mesh.group(named: spec.group) {
      nodes = mesh.nodes(in: group).sorted { mesh.nodeTags[$0] < mesh.nodeTags[$1] }
    } else {
      nodes = []
    }
    nodeTags = nodes.map { mesh.nodeTags[$0] }
    points = nodes.map { mesh.point($0) }
    components = spec.components
    var v = [Double]()
    v.reserveCapacity(nodes.count * spec.components.count)
    for node in nodes { for c in spec.components { v.append(u[DOF.index(node: node, component: c)]) } }
    values = v
  }
}
