import FEBasis
import FEKernel

/// Stresses σ = C B(ξ) u evaluated anywhere inside an element (not only at its
/// integration points), in global axes, Voigt order xx yy zz yz xz xy.
///
/// The direct stress of a displacement element: discontinuous across element faces,
/// and least accurate at nodes and faces, which is why interface tractions are read
/// from both sides and compared.
public struct PointStress: Sendable {
  public let elements: VolumeElements

  public init(elements: VolumeElements) { self.elements = elements }

  /// Shape-function values and physical gradients (`3 * a + j`) of element `e` at `xi`.
  public func shapeFunctions(element e: Int, xi: SIMD3<Double>) -> (values: [Double], gradients: [Double]) {
    let kind = elements.kind(of: e)
    let nodes = elements.nodes(of: e)
    let n = kind.nodeCount
    var values = [Double](repeating: 0, count: n)
    var reference = [Double](repeating: 0, count: 3 * n)
    var physical = [Double](repeating: 0, count: 3 * n)
    var coordinates = [Double](repeating: 0, count: 3 * n)
    for (a, node) in nodes.enumerated() {
      for k in 0..<3 { coordinates[3 * a + k] = elements.mesh.coordinates[3 * node + k] }
    }
    values.withUnsafeMutableBufferPointer { v in
      reference.withUnsafeMutableBufferPointer { g in ReferenceElement.evaluate(kind, at: xi, values: v, gradients: g) }
    }
    _ = coordinates.withUnsafeBufferPointer { x in
      reference.withUnsafeBufferPointer { r in
        physical.withUnsafeMutableBufferPointer { p in
          ElasticityKernel.physicalGradients(
            n: n, coordinates: x.baseAddress!, referenceGradients: r.baseAddress!, into: p.baseAddress!)
        }
      }
    }
    return (values, physical)
  }

  /// σ in element `e` at `xi` for the block stiffnesses `stiffness` (36 values per
  /// volume block, global axes) and the nodal displacement `u` (3 per node).
  public func stress(element e: Int, xi: SIMD3<Double>, stiffness: [[Double]], displacement u: [Double]) -> [Double] {
    let (block, _) = elements.locate(e)
    let gradients = shapeFunctions(element: e, xi: xi).gradients
    let nodes = elements.nodes(of: e)
    var ue = [Double](repeating: 0, count: 3 * nodes.count)
    for (a, node) in nodes.enumerated() { for k in 0..<3 { ue[3 * a + k] = u[3 * node + k] } }
    var sigma = [Double](repeating: 0, count: 6)
    gradients.withUnsafeBufferPointer { g in
      stiffness[block].withUnsafeBufferPointer { c in
        ue.withUnsafeBufferPointer { up in
          sigma.withUnsafeMutableBufferPointer { s in
            ElasticityKernel.stress(
              n: nodes.count, gradients: g.baseAddress!, stiffness: c.baseAddress!, displacement: up.baseAddress!,
              into: s.baseAddress!)
          }
        }
      }
    }
    return sigma
  }
}

extension PointStress {
  /// ∂σ_i/∂x_j of the element's own (direct) stress field at `xi`, 18 values at `3 * i + j`:
  /// central differences in reference coordinates (step 1e-4, the polynomial field is
  /// smooth and may be evaluated just outside the reference domain) mapped to physical
  /// ones with the inverse Jacobian: ∂σ/∂x = (∂σ/∂ξ) J⁻¹, J_ji = ∂x_j/∂ξ_i.
  public func stressGradient(element e: Int, xi: SIMD3<Double>, stiffness: [[Double]], displacement u: [Double]) -> [Double]? {
    let eta = 1e-4
    var dxi = [[Double]](repeating: [], count: 3)
    for i in 0..<3 {
      var plus = xi, minus = xi
      plus[i] += eta
      minus[i] -= eta
      let sp = stress(element: e, xi: plus, stiffness: stiffness, displacement: u)
      let sm = stress(element: e, xi: minus, stiffness: stiffness, displacement: u)
      dxi[i] = (0..<6).map { (sp[$0] - sm[$0]) / (2 * eta) }
    }
    // J rows i: ∂x/∂ξ_i.
    let kind = elements.kind(of: e)
    let n = kind.nodeCount
    var values = [Double](repeating: 0, count: n), reference = [Double](repeating: 0, count: 3 * n)
    values.withUnsafeMutableBufferPointer { v in
      reference.withUnsafeMutableBufferPointer { g in ReferenceElement.evaluate(kind, at: xi, values: v, gradients: g) }
    }
    var j = [SIMD3<Double>](repeating: .zero, count: 3)
    for (a, node) in elements.nodes(of: e).enumerated() {
      let p = elements.mesh.point(node)
      for i in 0..<3 { j[i] += reference[3 * a + i] * p }
    }
    // Solve J^T g_row = dσ/dξ for each stress component: Σ_k ∂σ/∂x_k J[i][k] = dσ/dξ_i.
    var out = [Double](repeating: 0, count: 18)
    for c in 0..<6 {
      guard let g = ElementLocator.solve3((j[0], j[1], j[2]), SIMD3(dxi[0][c], dxi[1][c], dxi[2][c])) else { return nil }
      for k in 0..<3 { out[3 * c + k] = g[k] }
    }
    return out
  }
}
