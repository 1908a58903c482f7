import FECommon
import FEKernel

/// Problems built in code for tests: one material on the volume group `solid`.
public enum TestProblems {
  public static let source = "test.toml"

  /// A model with every volume block in group `solid` made of `material` turned by `angle` (radians).
  public static func model(
    material: OrthotropicMaterial, angle: Double = 0,
    boundary: [(group: String, values: [Double?])] = [],
    loads: [(group: String, force: SIMD3<Double>)] = []
  ) -> ModelDefinition {
    ModelDefinition(
      source: source, materials: [material],
      plies: [PlyAssignment(group: "solid", material: material.name, angle: angle, location: SourceLocation(file: source, key: "plies[0]"))],
      boundary: boundary.enumerated().map { i, b in
        PrescribedDisplacement(group: b.group, values: b.values, location: SourceLocation(file: source, key: "boundary[\(i)]"))
      },
      loads: loads.enumerated().map { i, l in
        SurfaceLoad(group: l.group, force: l.force, location: SourceLocation(file: source, key: "load[\(i)]"))
      })
  }

  /// Solves a problem whose boundary values on the group `outer` come from a
  /// field, with an optional body force, and returns the displacement.
  public static func solveWithBoundaryField(
    mesh: Mesh, material: OrthotropicMaterial, angle: Double = 0,
    field: (SIMD3<Double>) -> SIMD3<Double>,
    bodyForce: ((SIMD3<Double>) -> SIMD3<Double>)? = nil, bodyForceDegree: Int = 6
  ) throws -> (displacement: [Double], solver: ElasticSolver) {
    var model = model(material: material, angle: angle)
    // One boundary entry per outer node would be heavy; use a point group per value instead:
    // prescribe through a custom constraint list below.
    model.boundary = []
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "test.msh")
    let outer = mesh.group(named: "outer")!
    var prescribed = [(dof: Int, value: Double)]()
    for node in mesh.nodes(in: outer) {
      let u = field(mesh.point(node))
      for c in 0..<3 { prescribed.append((DOF.index(node: node, component: c), u[c])) }
    }
    let constrained = problem.replacingPrescribed(prescribed.sorted { $0.dof < $1.dof })
    let solver = try ElasticSolver(problem: constrained)
    var extra: [Double]? = nil
    if let b = bodyForce {
      var f = [Double](repeating: 0, count: 3 * mesh.nodeCount)
      SurfaceLoads.addBodyForce(b, mesh: mesh, degree: bodyForceDegree, into: &f)
      extra = f
    }
    let u = try solver.solve(extraForce: extra)
    return (u, solver)
  }
}
