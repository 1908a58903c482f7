import FEBasis
import FECommon

extension SurfaceLoads {
  /// The outward orientation of every face of a surface group: +1 where the face's own
  /// normal (∂x/∂ξ × ∂x/∂η, Gmsh's node order) points out of the volume element whose
  /// boundary it lies on, −1 where it points in; per face, in the order of
  /// `mesh.blocks(in: group)` and their elements.
  ///
  /// The volume element is the one holding all the face's corner nodes; the sign is that
  /// of n · (face centre − element centre).
  ///
  /// - Returns: the signs, or the first face that bounds no volume element (its
  ///   element tag): a pressure on it has no body to push on.
  public static func outwardSigns(of group: PhysicalGroup, in mesh: Mesh) -> Result<[Double], FaceWithoutVolume> {
    var elementsOfNode = [[(block: Int, element: Int)]](repeating: [], count: mesh.nodeCount)
    let volumes = mesh.volumeBlocks
    for (b, block) in volumes.enumerated() {
      for e in 0..<block.elementCount { for node in block.nodes(of: e) { elementsOfNode[node].append((b, e)) } }
    }
    var signs = [Double]()
    for block in mesh.blocks(in: group) where block.kind.dimension == 2 {
      let corners = block.kind == .quad4 || block.kind == .quad8 ? 4 : 3
      for e in 0..<block.elementCount {
        let nodes = Array(block.nodes(of: e))
        let cornerNodes = Set(nodes.prefix(corners))
        guard let owner = elementsOfNode[nodes[0]].first(where: { candidate in
          let volumeNodes = Set(volumes[candidate.block].nodes(of: candidate.element))
          return cornerNodes.isSubset(of: volumeNodes)
        }) else {
          return .failure(FaceWithoutVolume(elementTag: block.elementTags[e]))
        }
        let volumeNodes = volumes[owner.block].nodes(of: owner.element)
        var volumeCentre = SIMD3<Double>(repeating: 0)
        for n in volumeNodes { volumeCentre += mesh.point(n) }
        volumeCentre /= Double(volumeNodes.count)
        var faceCentre = SIMD3<Double>(repeating: 0)
        for n in nodes.prefix(corners) { faceCentre += mesh.point(n) }
        faceCentre /= Double(corners)
        let p0 = mesh.point(nodes[0]), p1 = mesh.point(nodes[1]), p2 = mesh.point(nodes[corners - 1])
        let normal = cross(p1 - p0, p2 - p0)
        signs.append(((faceCentre - volumeCentre) * normal).sum() >= 0 ? 1 : -1)
      }
    }
    return .success(signs)
  }

  /// A surface face that bounds no volume element.
  public struct FaceWithoutVolume: Error, Sendable {
    public var elementTag: Int
  }

  /// Adds the consistent nodal forces of a pressure p(x) on a surface group:
  /// f_a = −∫ N_a p(x) n dA, n the outward unit normal, with the face's own shape
  /// functions and a Gauss rule of degree `degree` (exact for a uniform pressure on flat
  /// faces at the stiffness rule's degree; a distribution needs a few degrees more).
  ///
  /// - Parameters:
  ///   - signs: the faces' outward orientation (`outwardSigns(of:in:)`).
  /// - Returns: false when p(x) is not finite at some integration point (nothing is
  ///   added then).
  public static func addPressure(
    _ pressure: (SIMD3<Double>) -> Double, on group: PhysicalGroup, signs: [Double], mesh: Mesh, degree: Int,
    into f: inout [Double]
  ) -> Bool {
    var contributions = [(dof: Int, value: Double)]()
    var face = 0
    for block in mesh.blocks(in: group) where block.kind.dimension == 2 {
      let rule = Quadrature.rule(for: block.kind, degree: degree)
      let tables = ElementTables(kind: block.kind, rule: rule)
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        let nodes = block.nodes(of: e)
        let sign = signs[face]
        face += 1
        for q in 0..<rule.count {
          var t1 = SIMD3<Double>(repeating: 0), t2 = SIMD3<Double>(repeating: 0), x = SIMD3<Double>(repeating: 0)
          for (k, node) in nodes.enumerated() {
            let p = mesh.point(node)
            t1 += p * tables.gradients[(q * n + k) * 3]
            t2 += p * tables.gradients[(q * n + k) * 3 + 1]
            x += p * tables.values[q * n + k]
          }
          // |t1 × t2| dξ dη is the area element and (t1 × t2)/|…| the unit normal, so
          // n dA = (t1 × t2) w.
          let value = pressure(x)
          guard value.isFinite else { return false }
          let traction = -sign * value * rule.weights[q] * cross(t1, t2)
          for (k, node) in nodes.enumerated() {
            let nk = tables.values[q * n + k]
            for c in 0..<3 { contributions.append((DOF.index(node: node, component: c), nk * traction[c])) }
          }
        }
      }
    }
    for (dof, v) in contributions { f[dof] += v }
    return true
  }
}
