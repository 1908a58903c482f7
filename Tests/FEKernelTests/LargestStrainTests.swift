import FEBasis
import FECommon
import FeinvertTestSupport
import Testing

@testable import FEKernel

/// The largest principal strain against an independent truth: a linear displacement field
/// u = E x (E symmetric, so the strain is E itself) is reproduced exactly by every element
/// kind, so every integration point's strain is E and the largest |λ| is that of E, from
/// the Jacobi eigensolver (`SymmetricEigen`), not from Smith's cubic under test.
@Suite("Largest strain")
struct LargestStrainTests {
  @Test(arguments: [ElementKind.hex8, .hex20, .tet4, .tet10])
  func uniformStrainOfALinearField(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (2, 2, 1), size: SIMD3(2, 1, 0.5), distortion: 0.2, seed: 3)
    let assembler = try StiffnessAssembler(mesh: mesh, source: "box")
    let e: [Double] = [0.011, -0.004, 0.002, -0.003, 0.006, 0.0025, 0.003, 0.0015, 0.0005]  // row-major 3×3 (not yet symmetric)
    var strain = [Double](repeating: 0, count: 9)
    for i in 0..<3 { for j in 0..<3 { strain[3 * i + j] = 0.5 * (e[3 * i + j] + e[3 * j + i]) } }
    var u = [Double](repeating: 0, count: 3 * mesh.nodeCount)
    for node in 0..<mesh.nodeCount {
      let x = mesh.point(node)
      for i in 0..<3 { u[3 * node + i] = strain[3 * i] * x.x + strain[3 * i + 1] * x.y + strain[3 * i + 2] * x.z }
    }
    let truth = SymmetricEigen(symmetric: strain, n: 3).values.map(abs).max()!
    let largest = try #require(LargestStrain.of(u, assembler: assembler))
    // Exact reproduction of a linear field; 1e-12 relative covers the round-off of B u and of the cubic.
    #expect(abs(largest.strain - truth) <= 1e-12 * truth, "\(largest.strain) vs \(truth)")
    #expect(largest.kind == kind)
  }

  /// Smith's cubic against Jacobi on random symmetric tensors, including repeated
  /// eigenvalues (a pure dilatation) and a pure shear. Tolerance: 1e-12 of the largest.
  @Test func principalMagnitudeAgreesWithJacobi() {
    var rng = SplitMix64(seed: 11)
    var cases: [[Double]] = [[0.01, 0.01, 0.01, 0, 0, 0], [0, 0, 0, 0, 0, 0.02], [-0.03, 0.001, 0, 0, 0, 0]]
    for _ in 0..<200 { cases.append((0..<6).map { _ in 0.1 * (2 * rng.nextUnit() - 1) }) }
    for v in cases {
      let (xx, yy, zz, yz, xz, xy) = (v[0], v[1], v[2], 0.5 * v[3], 0.5 * v[4], 0.5 * v[5])
      let tensor = [xx, xy, xz, xy, yy, yz, xz, yz, zz]
      let truth = SymmetricEigen(symmetric: tensor, n: 3).values.map(abs).max()!
      let s = LargestStrain.principalMagnitude(v)
      #expect(abs(s - truth) <= 1e-12 * max(truth, 1e-300), "\(v): \(s) vs \(truth)")
    }
  }
}
