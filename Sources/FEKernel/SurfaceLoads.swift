import FEBasis
import FECommon

/// Consistent nodal forces of uniform tractions and body forces.
///
/// A total force F on a surface group is spread as the uniform traction t = F / A,
/// A the group's area, and each face contributes f_a = ∫ N_a t dA with the face's
/// own shape functions (so a quad8 face gives its corner nodes negative shares
/// under uniform traction, as it must; Zienkiewicz & Taylor, *The Finite Element
/// Method*, vol. 1, §8.7).
public enum SurfaceLoads {
  /// Area of a surface group (model length unit²), by quadrature over its faces.
  public static func area(of group: PhysicalGroup, in mesh: Mesh) -> Double {
    var total = 0.0
    forEachFacePoint(group: group, mesh: mesh) { _, _, dA in total += dA }
    return total
  }

  /// Adds the consistent nodal forces of a uniform traction equal to `force / area` on the group.
  public static func addUniformTraction(
    totalForce force: SIMD3<Double>, on group: PhysicalGroup, mesh: Mesh, into f: inout [Double]
  ) {
    let a = area(of: group, in: mesh)
    guard a > 0 else { return }
    let t = force / a
    forEachFacePoint(group: group, mesh: mesh) { nodes, shape, dA in
      for (k, node) in nodes.enumerated() {
        let w = shape[k] * dA
        f[DOF.index(node: node, component: 0)] += w * t.x
        f[DOF.index(node: node, component: 1)] += w * t.y
        f[DOF.index(node: node, component: 2)] += w * t.z
      }
    }
  }

  /// Calls `body(nodes, N, dA)` at every integration point of every face of the
  /// group, with the face's node indices, shape-function values and the area weight
  /// w·|∂x/∂ξ × ∂x/∂η|.
  public static func forEachFacePoint(
    group: PhysicalGroup, mesh: Mesh, degree: Int? = nil,
    _ body: (_ nodes: ArraySlice<Int>, _ shape: [Double], _ dA: Double) -> Void
  ) {
    for block in mesh.blocks(in: group) where block.kind.dimension == 2 {
      let rule = degree.map { Quadrature.rule(for: block.kind, degree: $0) } ?? Quadrature.stiffnessRule(for: block.kind)
      let tables = ElementTables(kind: block.kind, rule: rule)
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        let nodes = block.nodes(of: e)
        for q in 0..<rule.count {
          var t1 = SIMD3<Double>(repeating: 0), t2 = SIMD3<Double>(repeating: 0)
          var shape = [Double](repeating: 0, count: n)
          for (k, node) in nodes.enumerated() {
            let p = mesh.point(node)
            t1 += p * tables.gradients[(q * n + k) * 3]
            t2 += p * tables.gradients[(q * n + k) * 3 + 1]
            shape[k] = tables.values[q * n + k]
          }
          let c = SIMD3(t1.y * t2.z - t1.z * t2.y, t1.z * t2.x - t1.x * t2.z, t1.x * t2.y - t1.y * t2.x)
          let dA = (c * c).sum().squareRoot() * rule.weights[q]
          body(nodes, shape, dA)
        }
      }
    }
  }

  /// Adds the consistent nodal forces of a body force b(x) (force per volume).
  public static func addBodyForce(
    _ b: (SIMD3<Double>) -> SIMD3<Double>, mesh: Mesh, degree: Int, into f: inout [Double]
  ) {
    for block in mesh.volumeBlocks {
      let rule = Quadrature.rule(for: block.kind, degree: degree)
      let tables = ElementTables(kind: block.kind, rule: rule)
      let n = block.kind.nodeCount
      var geometry = ElementGeometry(nodeCount: n)
      for e in 0..<block.elementCount {
        let nodes = block.nodes(of: e)
        geometry.gather(mesh: mesh, block: block, element: e)
        for q in 0..<rule.count {
          let det = geometry.evaluate(tables, point: q)
          let p = geometry.position(tables, point: q)
          let force = b(p) * (det * rule.weights[q])
          for (k, node) in nodes.enumerated() {
            let nk = tables.values[q * n + k]
            for c in 0..<3 { f[DOF.index(node: node, component: c)] += nk * force[c] }
          }
        }
      }
    }
  }
}
