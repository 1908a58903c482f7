#if FEINVERT_PETSC
import FEBasis
import FECommon
import FEKernel
import FeinvertTestSupport
import PETScBackend
import SparseSolve
import Testing

/// The PETSc backend in this process (one rank; the two-rank runs are the CLI tests of
/// `PETScCLITests`) against the serial direct solve, the truth.
@Suite(.serialized) struct DistributedSolveTests {
  static let material = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)

  /// A distorted box clamped at x = 0, stretched by a prescribed displacement and sheared by
  /// a force at x = L (the constraints' lift on the right-hand side is exercised): both methods agree with the serial supernodal Cholesky to
  /// 1e-8 relative (CG stopped at rtol 1e-13; cond(K) of these meshes is below 1e6, so the
  /// error is below ~1e-7 of the residual's ratio; MUMPS is a direct solve like ours).
  @Test(arguments: [(ElementKind.hex8, DistributedSolveSettings.Method.cgGAMG), (.hex20, .cgGAMG), (.tet10, .cgGAMG), (.hex8, .mumps), (.hex20, .mumps)])
  func matchesTheSerialDirectSolve(kind: ElementKind, method: DistributedSolveSettings.Method) throws {
    let mesh = TestMeshes.box(kind, n: kind.isQuadratic ? (6, 3, 2) : (12, 4, 3), size: SIMD3(3, 1, 0.5), distortion: 0.2, seed: 5)
    let model = TestProblems.model(
      material: Self.material, angle: 0.5,
      boundary: [("xmin", [0, 0, 0]), ("xmax", [0.002, nil, nil])],
      loads: [("xmax", SIMD3(0, 3, -2))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let serial = try ForwardSolution.run(problem)
    let settings = DistributedSolveSettings(method: method, relativeTolerance: 1e-13, maxIterations: 5000)
    let (solution, report) = try DistributedElasticSolve.forwardSolution(problem, settings: settings)
    let distributed = try #require(solution)
    let scale = serial.displacement.map(abs).max()!
    let difference = zip(serial.displacement, distributed.displacement).map { abs($0 - $1) }.max()!
    #expect(difference <= 1e-8 * scale, "\(kind) \(method): max difference \(difference) of \(scale); \(report.summary)")
    #expect(report.relativeResidual < 1e-10, "\(report.summary)")
    if method == .cgGAMG { #expect(report.iterations > 0 && report.iterations < 5000, "\(report.summary)") }
    let stressScale = serial.elementStress.map(abs).max()!
    let stressDifference = zip(serial.elementStress, distributed.elementStress).map { abs($0 - $1) }.max()!
    #expect(stressDifference <= 1e-7 * stressScale)
  }

  /// An iteration limit too small to converge is a numerical failure (exit 3) that says so.
  @Test func iterationLimitIsReported() throws {
    let mesh = TestMeshes.box(.hex8, n: (12, 4, 3), size: SIMD3(3, 1, 0.5), distortion: 0.2, seed: 5)
    let model = TestProblems.model(
      material: Self.material, angle: 0.5, boundary: [("xmin", [0, 0, 0])], loads: [("xmax", SIMD3(40, 3, -2))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let settings = DistributedSolveSettings(method: .cgGAMG, relativeTolerance: 1e-13, maxIterations: 2)
    #expect {
      _ = try DistributedElasticSolve.forwardSolution(problem, settings: settings)
    } throws: { error in
      guard let e = error as? NumericalError else { return false }
      return e.exitCode == 3 && e.message.contains("did not converge") && e.message.contains("max_iterations = 2")
    }
  }
}
#endif
