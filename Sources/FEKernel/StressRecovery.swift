import FECommon

/// Stresses from a displacement field, at integration points, in global axes.
///
/// σ = C B u at each integration point of the stiffness rule (where the
/// stresses of a displacement element are most accurate; Barlow points for
/// hex20's 2×2×2 subset aside). Voigt order xx yy zz yz xz xy; stress unit of the model.
public enum StressRecovery {
  /// The average over each element's integration points, 6 per element, in assembly
  /// order (`mesh.volumeBlocks`, block by block, element by element).
  public static func elementAverages(
    assembler: StiffnessAssembler, stiffness: [[Double]], displacement u: [Double]
  ) -> [Double] {
    var out = [Double](repeating: 0, count: 6 * assembler.elementCount)
    forEachIntegrationPoint(assembler: assembler, stiffness: stiffness, displacement: u) { element, _, sigma, weightFraction in
      for i in 0..<6 { out[6 * element + i] += sigma[i] * weightFraction }
    }
    return out
  }

  /// Calls `body(element, point, σ, fraction)` at every integration point, with the
  /// element's global number, the physical point, the stress, and the point's share
  /// of the element volume (w det J / V), so that Σ fraction σ is the volume average.
  public static func forEachIntegrationPoint(
    assembler: StiffnessAssembler, stiffness: [[Double]], displacement u: [Double],
    _ body: (_ element: Int, _ point: SIMD3<Double>, _ sigma: [Double], _ fraction: Double) -> Void
  ) {
    let mesh = assembler.mesh
    for (bi, block) in assembler.blocks.enumerated() {
      let tables = assembler.tables[bi]
      let n = block.kind.nodeCount
      let qn = tables.rule.count
      var geometry = ElementGeometry(nodeCount: n)
      var ue = [Double](repeating: 0, count: 3 * n)
      var sigma = [Double](repeating: 0, count: 6)
      var sigmas = [Double](repeating: 0, count: 6 * qn)
      var dets = [Double](repeating: 0, count: qn)
      var points = [SIMD3<Double>](repeating: .zero, count: qn)
      let c = stiffness[bi]
      for e in 0..<block.elementCount {
        geometry.gather(mesh: mesh, block: block, element: e)
        for a in 0..<n {
          let node = block.connectivity[e * n + a]
          for k in 0..<3 { ue[3 * a + k] = u[3 * node + k] }
        }
        var volume = 0.0
        for q in 0..<qn {
          let det = geometry.evaluate(tables, point: q)
          geometry.gradients.withUnsafeBufferPointer { gp in
            c.withUnsafeBufferPointer { cp in
              ue.withUnsafeBufferPointer { up in
                sigma.withUnsafeMutableBufferPointer { sp in
                  ElasticityKernel.stress(
                    n: n, gradients: gp.baseAddress!, stiffness: cp.baseAddress!,
                    displacement: up.baseAddress!, into: sp.baseAddress!)
                }
              }
            }
          }
          points[q] = geometry.position(tables, point: q)
          for i in 0..<6 { sigmas[6 * q + i] = sigma[i] }
          dets[q] = det * tables.rule.weights[q]
          volume += dets[q]
        }
        let element = assembler.blockOffsets[bi] + e
        for q in 0..<qn {
          body(element, points[q], Array(sigmas[(6 * q)..<(6 * q + 6)]), dets[q] / volume)
        }
      }
    }
  }
}
