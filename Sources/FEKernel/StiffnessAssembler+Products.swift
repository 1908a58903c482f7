import Dispatch

extension StiffnessAssembler {
  /// The products (∂K/∂p_j) u for several parameters at once, element by element.
  ///
  /// ∂K_e/∂p u_e = ∫ Bᵀ (∂C/∂p) B u_e dV = ∫ Bᵀ (∂C/∂p) ε(u) dV, so the strain is
  /// computed once per integration point and each parameter costs one 6×6 product and
  /// one Bᵀ multiply. No matrix is assembled; this is what the forward sensitivities
  /// and the adjoint gradient need.
  ///
  /// - Parameters:
  ///   - u: a nodal field, 3 per node.
  ///   - derivatives: for each parameter, per volume block, ∂C/∂p (36 values,
  ///     global axes, row-major) or nil where the block does not depend on it.
  /// - Returns: one vector (3 per node) per parameter.
  public func stiffnessDerivativeProducts(_ u: [Double], derivatives: [[[Double]?]]) -> [[Double]] {
    let parameterCount = derivatives.count
    let dofs = dofCount
    var out = [[Double]](repeating: [Double](repeating: 0, count: dofs), count: parameterCount)
    for (bi, block) in blocks.enumerated() {
      let active = (0..<parameterCount).filter { derivatives[$0][bi] != nil }
      if active.isEmpty { continue }
      let t = tables[bi]
      let n = block.kind.nodeCount
      var geometry = ElementGeometry(nodeCount: n)
      var ue = [Double](repeating: 0, count: 3 * n)
      for e in 0..<block.elementCount {
        geometry.gather(mesh: mesh, block: block, element: e)
        for a in 0..<n {
          let node = block.connectivity[e * n + a]
          for k in 0..<3 { ue[3 * a + k] = u[3 * node + k] }
        }
        for q in 0..<t.rule.count {
          let det = geometry.evaluate(t, point: q)
          let g = geometry.gradients
          let w = det * t.rule.weights[q]
          // Engineering strain at the point.
          var eps = [Double](repeating: 0, count: 6)
          for a in 0..<n {
            let gx = g[3 * a], gy = g[3 * a + 1], gz = g[3 * a + 2]
            let ux = ue[3 * a], uy = ue[3 * a + 1], uz = ue[3 * a + 2]
            eps[0] += gx * ux
            eps[1] += gy * uy
            eps[2] += gz * uz
            eps[3] += gz * uy + gy * uz
            eps[4] += gz * ux + gx * uz
            eps[5] += gy * ux + gx * uy
          }
          for j in active {
            let dc = derivatives[j][bi]!
            var s = [Double](repeating: 0, count: 6)
            for r in 0..<6 {
              var v = 0.0
              for c in 0..<6 { v += dc[6 * r + c] * eps[c] }
              s[r] = v * w
            }
            // f_a += B_aᵀ s
            for a in 0..<n {
              let node = block.connectivity[e * n + a]
              let gx = g[3 * a], gy = g[3 * a + 1], gz = g[3 * a + 2]
              out[j][3 * node] += gx * s[0] + gz * s[4] + gy * s[5]
              out[j][3 * node + 1] += gy * s[1] + gz * s[3] + gx * s[5]
              out[j][3 * node + 2] += gz * s[2] + gy * s[3] + gx * s[4]
            }
          }
        }
      }
    }
    return out
  }
}
