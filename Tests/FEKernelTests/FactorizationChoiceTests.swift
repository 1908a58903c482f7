import FEBasis
import FECommon
import FeinvertTestSupport
import SparseSolve
import Testing

@testable import FEKernel

/// The forward solve by the project's supernodal Cholesky (the default) against CHOLMOD on
/// the same problem: a second, independent sparse solver as the truth.
@Suite struct FactorizationChoiceTests {
  static let material = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)

  /// A distorted block clamped at x = 0 and pulled and sheared at x = L: a general
  /// displacement field. The two solves agree to 1e-10 relative (cond(K) of these small
  /// meshes is below 1e6, so each is within ~1e-10 of the exact discrete solution).
  @Test(arguments: [ElementKind.hex8, .hex20, .tet4, .tet10])
  func supernodalMatchesCholmod(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: kind.isQuadratic ? (3, 2, 2) : (6, 3, 3), size: SIMD3(3, 1, 0.5), distortion: 0.2, seed: 5)
    let model = TestProblems.model(
      material: Self.material, angle: 0.5,
      boundary: [("xmin", [0, 0, 0])],
      loads: [("xmax", SIMD3(40, 3, -2))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let ours = try ForwardSolution.run(problem)
    let cholmod = try ForwardSolution.run(problem, factorization: .cholmod(.nestedDissectionOfBlocks(blockSize: 3)))
    let scale = ours.displacement.map(abs).max()!
    #expect(scale > 0)
    let difference = zip(ours.displacement, cholmod.displacement).map { abs($0 - $1) }.max()!
    #expect(difference <= 1e-10 * scale, "\(kind): max difference \(difference) of \(scale)")
    #expect(ours.summary.contains("feinvert supernodal"))
    #expect(cholmod.summary.contains("CHOLMOD"))
  }
}
