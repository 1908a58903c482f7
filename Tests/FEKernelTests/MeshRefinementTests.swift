import FEBasis
import FECommon
@testable import FEKernel
import FeinvertTestSupport
import Testing

/// The refined discretization of the discretization budget, checked against meshes built
/// independently (`TestMeshes.box`) and against an exact solution.
@Suite struct MeshRefinementTests {
  /// The node positions of a mesh as a set, rounded to 1e-12 of the box (exact for these
  /// dyadic coordinates).
  static func nodeSet(_ mesh: Mesh) -> Set<SIMD3<Int64>> {
    Set((0..<mesh.nodeCount).map { i in
      let p = mesh.point(i) * 1e12
      return SIMD3(Int64(p.x.rounded()), Int64(p.y.rounded()), Int64(p.z.rounded()))
    })
  }

  /// Elevating a hex8 (tet4) box gives the nodes of the hex20 (tet10) box on the same
  /// cells, every element of the quadratic kind, every group kept.
  @Test(arguments: [(ElementKind.hex8, ElementKind.hex20), (.tet4, .tet10), (.prism6, .prism15)])
  func elevationMatchesTheQuadraticMesh(linear: ElementKind, quadratic: ElementKind) throws {
    let mesh = TestMeshes.box(linear, n: (3, 2, 2), size: SIMD3(3, 2, 1))
    let refinement = MeshRefinement.refine(mesh)
    let (refined, method) = (refinement.mesh, refinement.method)
    #expect(method == .orderElevation)
    let reference = TestMeshes.box(quadratic, n: (3, 2, 2), size: SIMD3(3, 2, 1))
    #expect(Self.nodeSet(refined) == Self.nodeSet(reference))
    #expect(refined.nodeCount == reference.nodeCount)
    #expect(refined.volumeBlocks.allSatisfy { $0.kind == quadratic })
    #expect(refined.volumeElementCount == mesh.volumeElementCount)
    #expect(refined.physicalGroups == mesh.physicalGroups)
    // Original nodes keep their tags and places.
    #expect(Array(refined.nodeTags.prefix(mesh.nodeCount)) == mesh.nodeTags)
  }

  /// Splitting a hex20 (prism15) box gives the nodes of the box with twice the cells per axis.
  @Test(arguments: [ElementKind.hex20, .prism15])
  func splitMatchesTheHalvedMesh(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (2, 1, 1), size: SIMD3(2, 1, 1))
    let refinement = MeshRefinement.refine(mesh)
    let (refined, method) = (refinement.mesh, refinement.method)
    #expect(method == .uniformSplit)
    let reference = TestMeshes.box(kind, n: (4, 2, 2), size: SIMD3(2, 1, 1))
    #expect(Self.nodeSet(refined) == Self.nodeSet(reference))
    #expect(refined.nodeCount == reference.nodeCount)
    #expect(refined.volumeElementCount == 8 * mesh.volumeElementCount)
    // Each face group is split into four faces per face.
    for g in mesh.physicalGroups where g.dimension == 2 {
      let before = mesh.blocks(in: g).reduce(0) { $0 + $1.elementCount }
      let after = refined.blocks(in: g).reduce(0) { $0 + $1.elementCount }
      #expect(after == 4 * before, "\(g.name)")
    }
  }

  /// A uniform strain is reproduced exactly on the refined distorted meshes of every kind
  /// (the patch test: a linear field is in every element's space), so the refined
  /// elements are valid (positive Jacobians: the assembler refuses others) and conforming.
  @Test(arguments: [ElementKind.hex8, .hex20, .tet4, .tet10, .prism6, .prism15])
  func refinedMeshPassesThePatchTest(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (2, 2, 2), size: SIMD3(2, 1, 1), distortion: 0.15, seed: 3)
    let refined = MeshRefinement.refine(mesh).mesh
    let material = OrthotropicMaterial.isotropic(name: "m", E: 1000, nu: 0.3)
    let strain = 1e-3
    // ux = strain·x on every boundary node, uy = uz = 0: the exact solution is that field.
    let problem = try LinearElasticProblem(
      mesh: refined, model: TestProblems.model(material: material, angle: 0.3), meshSource: "patch.msh")
    let faces = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    let outer = Set(faces.flatMap { refined.nodes(in: refined.group(named: $0)!) })
    let prescribed = outer.sorted().flatMap { node in
      (0..<3).map { c in (dof: DOF.index(node: node, component: c), value: c == 0 ? strain * refined.point(node).x : 0) }
    }
    let u = try ElasticSolver(problem: problem.replacingPrescribed(prescribed)).solve()
    var worst = 0.0
    for node in 0..<refined.nodeCount {
      worst = max(worst, abs(u[3 * node] - strain * refined.point(node).x), abs(u[3 * node + 1]), abs(u[3 * node + 2]))
    }
    // Round-off of a well-conditioned small solve: 1e-10 of the largest displacement (2e-3).
    #expect(worst < 1e-10 * 2e-3, "\(kind): worst error \(worst)")
  }
}
