import FEBasis
import FECommon
@testable import FEKernel
import FeinvertTestSupport
import SparseSolve
import Testing

/// The refined model's solve by conjugate gradients preconditioned with the coarse factor
/// (`ElasticSolver.solveTwoLevel`, the discretization budget's default) against the direct
/// factor of the same refined matrix: a second solver of the same system.
@Suite struct TwoLevelSolveTests {
  /// A distorted box (non-affine elements, so the coarse matrix is not exactly the Galerkin
  /// product PᵀKP) of an orthotropic material turned by 0.4 rad, clamped at x = 0 and pulled
  /// obliquely at x = 4: on every element kind, refined by order elevation (hex8, tet4) or by
  /// a split (hex20, tet10), the two-level solution equals the direct one to 1e-8 relative.
  @Test(arguments: [ElementKind.hex8, .tet4, .hex20, .tet10, .prism6, .prism15])
  func twoLevelEqualsDirect(kind: ElementKind) throws {
    let coarseMesh = TestMeshes.box(kind, n: (4, 2, 2), size: SIMD3(4, 2, 1), distortion: 0.15, seed: 7)
    let material = OrthotropicMaterial(
      name: "m", E1: 140_000, E2: 10_000, E3: 10_000, G12: 5000, G13: 5000, G23: 3500, nu12: 0.3, nu13: 0.3, nu23: 0.45)
    let model = TestProblems.model(
      material: material, angle: 0.4, boundary: [("xmin", [0, 0, 0])], loads: [("xmax", SIMD3(100, 20, -5))])
    let coarse = try ElasticSolver(problem: LinearElasticProblem(mesh: coarseMesh, model: model, meshSource: "box.msh"))
    let uCoarse = try coarse.solve()

    let refinement = MeshRefinement.refine(coarseMesh)
    let fineProblem = try LinearElasticProblem(mesh: refinement.mesh, model: model, meshSource: "box.msh")
    let direct = try ElasticSolver(problem: fineProblem).solve()
    let iterative = try ElasticSolver(problem: fineProblem)
    let (u, statistics) = try iterative.solveTwoLevel(
      stiffness: fineProblem.blockStiffnesses(), coarse: coarse, prolongation: refinement.prolongation,
      initial: refinement.prolongation.prolong(uCoarse), tolerance: 1e-11)

    let scale = direct.map(abs).max()!
    let worst = zip(u, direct).map { abs($0 - $1) }.max()!
    #expect(worst < 1e-8 * scale, "\(kind): worst difference \(worst) of \(scale), \(statistics.iterations) iterations")
    #expect(statistics.iterations > 0 && statistics.iterations < 100, "\(kind): \(statistics.iterations) iterations")
    // The refined solution differs from the prolonged coarse one (else the test proves nothing).
    let prolonged = refinement.prolongation.prolong(uCoarse)
    #expect(zip(prolonged, direct).map { abs($0 - $1) }.max()! > 1e-4 * scale)
  }

  /// The prolongation reproduces the coarse field exactly: a coarse displacement that is a
  /// quadratic (quadratic meshes) or linear (linear meshes) function of position, prolonged,
  /// equals that function at every refined node (the nested spaces' defining property).
  @Test(arguments: [ElementKind.hex8, .tet4, .hex20, .tet10, .prism6, .prism15])
  func prolongationReproducesTheCoarseSpace(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (3, 2, 2), size: SIMD3(3, 2, 1))
    let refinement = MeshRefinement.refine(mesh)
    func field(_ p: SIMD3<Double>) -> SIMD3<Double> {
      kind.isQuadratic
        ? SIMD3(p.x * p.x - 0.5 * p.y * p.z, 2 * p.x * p.y + p.z, p.z * p.z - p.x)
        : SIMD3(p.x - 0.5 * p.y + 0.25, 2 * p.x + p.z, p.y - p.x)
    }
    var coarse = [Double](repeating: 0, count: 3 * mesh.nodeCount)
    for i in 0..<mesh.nodeCount { let f = field(mesh.point(i)); for c in 0..<3 { coarse[3 * i + c] = f[c] } }
    let fine = refinement.prolongation.prolong(coarse)
    var worst = 0.0
    for i in 0..<refinement.mesh.nodeCount {
      let f = field(refinement.mesh.point(i))
      for c in 0..<3 { worst = max(worst, abs(fine[3 * i + c] - f[c])) }
    }
    #expect(worst < 1e-12, "\(kind): \(worst)")
  }
}
