import FEBasis
import FECommon
import FeinvertTestSupport
import Foundation
import Testing

@testable import FEKernel

/// Manufactured solution: a smooth displacement field, its body force
/// b = −∇·(C : ∇ˢu) computed analytically, and the L2 error of the FE solution
/// on refined meshes. The observed order is the log-log slope between the two
/// finest meshes; theory (Ciarlet, *The Finite Element Method for Elliptic
/// Problems*, Thm 3.2.5 with Aubin–Nitsche) gives p + 1: 2 for linear, 3 for
/// quadratic elements. Tolerance ±0.3 on the slope: pre-asymptotic meshes bend it
/// by a few tenths.
@Suite struct ConvergenceTests {
  /// u_k = A_k sin(a_k · x + φ_k), with its gradient and Hessian.
  struct Field {
    let amplitude: [Double] = [1e-2, -7e-3, 5e-3]
    let wave: [SIMD3<Double>] = [SIMD3(1.3, 0.7, 0.4), SIMD3(-0.5, 1.1, 0.9), SIMD3(0.8, -0.6, 1.2)]
    let phase: [Double] = [0.3, 1.1, -0.4]

    func value(_ x: SIMD3<Double>) -> SIMD3<Double> {
      SIMD3((0..<3).map { amplitude[$0] * sin((wave[$0] * x).sum() + phase[$0]) })
    }

    /// b_i = −Σ C_ijkl ∂_j ∂_l u_k, with ∂_j∂_l u_k = −A_k sin(·) a_kj a_kl.
    func bodyForce(_ x: SIMD3<Double>, stiffness c: SmallMatrix) -> SIMD3<Double> {
      func v(_ i: Int, _ j: Int) -> Int {
        if i == j { return i }
        switch (min(i, j), max(i, j)) { case (1, 2): return 3; case (0, 2): return 4; default: return 5 }
      }
      var b = SIMD3<Double>(repeating: 0)
      for k in 0..<3 {
        let s = amplitude[k] * sin((wave[k] * x).sum() + phase[k])
        for i in 0..<3 { for j in 0..<3 { for l in 0..<3 {
          b[i] += c[v(i, j), v(k, l)] * s * wave[k][j] * wave[k][l]
        } } }
      }
      return b
    }
  }

  static let cases: [(ElementKind, [Int], Double)] = [
    (.hex8, [2, 4, 8], 2), (.tet4, [2, 4, 8], 2), (.hex20, [1, 2, 4], 3), (.tet10, [1, 2, 4], 3),
    (.prism6, [2, 4, 8], 2), (.prism15, [1, 2, 4], 3),
  ]

  @Test(arguments: 0..<6)
  func l2ErrorConvergesAtTheoreticalRate(caseIndex: Int) throws {
    let (kind, levels, expectedRate) = Self.cases[caseIndex]
    let field = Field()
    let material = OrthotropicMaterial.im7_8552Test
    let angle = 0.5
    let c = PlyRotation.rotatedStiffness(material.stiffness, angle: angle)
    var errors = [Double](), sizes = [Double]()
    for n in levels {
      let mesh = TestMeshes.box(kind, n: (n, n, n), size: SIMD3(2, 2, 2))
      let (u, _) = try TestProblems.solveWithBoundaryField(
        mesh: mesh, material: material, angle: angle, field: field.value,
        bodyForce: { field.bodyForce($0, stiffness: c) }, bodyForceDegree: 8)
      errors.append(l2Error(mesh: mesh, u: u, exact: field.value))
      sizes.append(2 / Double(n))
    }
    let k = errors.count - 1
    let rate = log(errors[k - 1] / errors[k]) / log(sizes[k - 1] / sizes[k])
    #expect(abs(rate - expectedRate) < 0.3, "\(kind): errors \(errors), observed rate \(rate)")
  }

  /// ‖u_h − u‖_L2 by a degree-8 rule on every element.
  func l2Error(mesh: Mesh, u: [Double], exact: (SIMD3<Double>) -> SIMD3<Double>) -> Double {
    var sum = 0.0
    for block in mesh.volumeBlocks {
      let rule = Quadrature.rule(for: block.kind, degree: 8)
      let tables = ElementTables(kind: block.kind, rule: rule)
      let n = block.kind.nodeCount
      var geometry = ElementGeometry(nodeCount: n)
      for e in 0..<block.elementCount {
        let nodes = Array(block.nodes(of: e))
        geometry.gather(mesh: mesh, block: block, element: e)
        for q in 0..<rule.count {
          let det = geometry.evaluate(tables, point: q)
          let p = geometry.position(tables, point: q)
          var uh = SIMD3<Double>(repeating: 0)
          for (a, node) in nodes.enumerated() {
            let na = tables.values[q * n + a]
            uh += SIMD3(u[3 * node], u[3 * node + 1], u[3 * node + 2]) * na
          }
          let d = uh - exact(p)
          sum += (d * d).sum() * det * rule.weights[q]
        }
      }
    }
    return sum.squareRoot()
  }
}
