import FEBasis
import FECommon
import FeinvertTestSupport
import SparseSolve
import Testing

@testable import FEKernel

/// `[solver] precision = "mixed"`: the single-precision factor refined by CG in double
/// against the double factor (the truth here: a direct solve with the same analysis),
/// on every element kind, and a laminate too ill-conditioned for single precision, where
/// the fallback to the double factor must happen and be said.
@Suite struct MixedPrecisionTests {
  static let material = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)

  /// A distorted block clamped at x = 0, pulled and sheared at x = L. The refinement stops
  /// at dsposv's backward error (√n ε ‖K‖∞ ‖u‖∞), and cond(K) of these meshes is below
  /// 1e6, so both answers are within ~1e-11 of the exact discrete solution: 1e-10 relative
  /// (of the largest displacement) between them.
  @Test(arguments: [ElementKind.tet4, .tet10, .hex8, .hex20, .prism6, .prism15])
  func mixedMatchesDouble(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: kind.isQuadratic ? (3, 2, 2) : (6, 3, 3), size: SIMD3(3, 1, 0.5), distortion: 0.2, seed: 5)
    let model = TestProblems.model(
      material: Self.material, angle: 0.5,
      boundary: [("xmin", [0, 0, 0])],
      loads: [("xmax", SIMD3(40, 3, -2))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let double = try ForwardSolution.run(problem, factorization: .supernodal(threads: 2, blockSize: 3))
    let mixed = try ForwardSolution.run(problem, factorization: .mixedPrecision(threads: 2, blockSize: 3))
    let scale = double.displacement.map(abs).max()!
    #expect(scale > 0)
    let difference = zip(mixed.displacement, double.displacement).map { abs($0 - $1) }.max()!
    #expect(difference <= 1e-10 * scale, "\(kind): max difference \(difference) of \(scale)")
    let summary = try #require(mixed.statistics?.mixedPrecision)
    #expect(summary.singleFactorizations == 1 && summary.doubleFactorizations == 0 && summary.fallbackReason == nil)
    #expect(summary.cgIterations >= 1)
    #expect(mixed.summary.contains("single-precision factor refined in double"))
    #expect(mixed.summary.contains("mixed precision: 1 single-precision factorization, 1 solve refined by"))
    #expect(!mixed.summary.contains("FELL BACK"))
  }

  /// Thin plies of a very anisotropic material (E1/E2 = 1e8, elements 2e-4 thick under a
  /// 20 x 20 plate): cond(K) far beyond 1/ε of single precision (a pivot turns negative in
  /// the single factor; found by trying: E1/E2 = 1e7 still refines, with 30 CG iterations,
  /// and thinner plies make even the double solve fail its residual check), while the
  /// double factor still passes today's residual check. The answer must then be the
  /// double factor's (to the last bits: the same factor) and the summary must say so.
  @Test func illConditionedLaminateFallsBackAndSaysSo() throws {
    let stiff = OrthotropicMaterial(
      name: "extreme", E1: 1e10, E2: 100, E3: 100, G12: 50, G13: 50, G23: 40,
      nu12: 0.25, nu13: 0.25, nu23: 0.3)
    let mesh = TestMeshes.box(.hex8, n: (8, 8, 4), size: SIMD3(20, 20, 8e-4), distortion: 0.1, seed: 3)
    let model = TestProblems.model(
      material: stiff, angle: 0.3,
      boundary: [("xmin", [0, 0, 0])],
      loads: [("xmax", SIMD3(1, 0.5, 0.01))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "thin.msh")
    let double = try ForwardSolution.run(problem, factorization: .supernodal(threads: 2, blockSize: 3))
    let mixed = try ForwardSolution.run(problem, factorization: .mixedPrecision(threads: 2, blockSize: 3))
    let summary = try #require(mixed.statistics?.mixedPrecision)
    #expect(summary.fallbackReason != nil, "expected a fallback: \(mixed.summary)")
    #expect(summary.doubleFactorizations == 1)
    #expect(mixed.summary.contains("FELL BACK to the double factor"))
    #expect(summary.fallbackReason?.contains("single-precision factor broke down") == true)
    let scale = double.displacement.map(abs).max()!
    let difference = zip(mixed.displacement, double.displacement).map { abs($0 - $1) }.max()!
    #expect(difference <= 1e-12 * scale, "max difference \(difference) of \(scale)")
  }
}
