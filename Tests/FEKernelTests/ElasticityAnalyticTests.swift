import LaminateCoupons
import FEBasis
import FECommon
import FeinvertTestSupport
import Foundation
import Testing

@testable import FEKernel

/// Solutions the elements must reproduce exactly, checked against truths that do
/// not come from the code under test.
@Suite struct ElasticityAnalyticTests {
  static let volumeKinds: [ElementKind] = [.hex8, .hex20, .tet4, .tet10, .prism6, .prism15]
  static let material = OrthotropicMaterial.im7_8552Test

  /// Patch test: a linear field imposed on the boundary of a distorted mesh is
  /// reproduced at every interior node. Isoparametric elements represent linear
  /// fields exactly and the quadrature integrates the constant-stress residual
  /// exactly, so the only error is round-off amplified by the condition number:
  /// 1e-10 relative leaves room for that on these small meshes.
  @Test(arguments: volumeKinds)
  func patchTest(kind: ElementKind) throws {
    let n = kind.isQuadratic ? (2, 2, 2) : (3, 3, 3)
    let mesh = TestMeshes.box(kind, n: n, size: SIMD3(2, 1.5, 1), distortion: 0.25, seed: 7)
    let a: [Double] = [1e-3, 2e-4, -3e-4, -5e-4, 7e-4, 1e-4, 2.5e-4, -1e-4, 4e-4]
    let field: (SIMD3<Double>) -> SIMD3<Double> = { x in
      SIMD3(0.01 + a[0] * x.x + a[1] * x.y + a[2] * x.z,
            -0.02 + a[3] * x.x + a[4] * x.y + a[5] * x.z,
            0.005 + a[6] * x.x + a[7] * x.y + a[8] * x.z)
    }
    let (u, _) = try TestProblems.solveWithBoundaryField(mesh: mesh, material: Self.material, angle: 0.4, field: field)
    var maxError = 0.0, scale = 0.0
    for node in 0..<mesh.nodeCount {
      let exact = field(mesh.point(node))
      for c in 0..<3 {
        maxError = max(maxError, abs(u[3 * node + c] - exact[c]))
        scale = max(scale, abs(exact[c]))
      }
    }
    #expect(maxError <= 1e-10 * scale, "max nodal error \(maxError) vs scale \(scale)")
  }

  /// A homogeneous ply turned by θ under uniform strain: the stress in every
  /// element is C̄ ε, with C̄ from a full fourth-order tensor rotation written
  /// independently of the Bond-matrix code (`AnalyticElasticity`). 1e-9 relative
  /// to the stress scale: the field is exact in the element space, so only
  /// round-off remains.
  @Test(arguments: [0.0, 25.0, 45.0, -45.0, 90.0])
  func uniformStrainGivesRotatedStiffnessStress(angleDegrees: Double) throws {
    let angle = angleDegrees * .pi / 180
    let mesh = TestMeshes.box(.hex8, n: (3, 2, 2), size: SIMD3(2, 1, 0.5), distortion: 0.2, seed: 3)
    // Extension in x and y, shear in xy and xz (engineering strains).
    let strain: [Double] = [1e-3, -2e-4, 1e-4, 0, 3e-4, 5e-4]
    let field: (SIMD3<Double>) -> SIMD3<Double> = { x in
      SIMD3(strain[0] * x.x + strain[5] * x.y + strain[4] * x.z,
            strain[1] * x.y + strain[3] * x.z,
            strain[2] * x.z)
    }
    let (u, solver) = try TestProblems.solveWithBoundaryField(mesh: mesh, material: Self.material, angle: angle, field: field)
    let cBar = AnalyticElasticity.tensorRotatedStiffness(Self.material.stiffness, angle: angle)
    let expected = cBar.multiply(strain)
    let scale = expected.map(abs).max()!
    let stress = StressRecovery.elementAverages(
      assembler: solver.assembler, stiffness: solver.problem.blockStiffnesses(), displacement: u)
    var worst = 0.0
    for e in 0..<solver.assembler.elementCount {
      for i in 0..<6 { worst = max(worst, abs(stress[6 * e + i] - expected[i])) }
    }
    #expect(worst <= 1e-9 * scale, "worst stress error \(worst), scale \(scale)")
    // Every integration point, not only the averages.
    StressRecovery.forEachIntegrationPoint(
      assembler: solver.assembler, stiffness: solver.problem.blockStiffnesses(), displacement: u
    ) { _, _, sigma, _ in
      for i in 0..<6 { worst = max(worst, abs(sigma[i] - expected[i])) }
    }
    #expect(worst <= 1e-9 * scale)
  }

  /// Off-axis uniaxial tension by end tractions with statically determinate (3-2-1)
  /// restraint: the exact solution is a uniform stress σ_x = F/A, and the strains
  /// follow Jones's closed forms for the off-axis modulus and shear coupling
  /// (*Mechanics of Composite Materials*, eqs. 2.97–2.98). Exact for these elements;
  /// 1e-9 relative allows round-off.
  @Test(arguments: [ElementKind.hex8, .hex20, .tet10, .prism6, .prism15], [0.0, 30.0, 45.0, -60.0, 90.0])
  func offAxisTensionMatchesJones(kind: ElementKind, angleDegrees: Double) throws {
    let angle = angleDegrees * .pi / 180
    let size = SIMD3<Double>(2, 1, 0.5)
    let mesh = TestMeshes.box(kind, n: kind.isQuadratic ? (2, 2, 1) : (4, 2, 2), size: size, distortion: 0.2, seed: 11)
    let force = 50.0
    let model = TestProblems.model(
      material: Self.material, angle: angle,
      boundary: [("origin", [0, 0, 0]), ("x_axis", [nil, 0, 0]), ("xy_plane", [nil, nil, 0])],
      loads: [("xmax", SIMD3(force, 0, 0)), ("xmin", SIMD3(-force, 0, 0))])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let solution = try ForwardSolution.run(problem)
    let sigma = force / (size.y * size.z)
    var worst = 0.0
    for e in 0..<(solution.elementStress.count / 6) {
      for i in 0..<6 {
        let expected = i == 0 ? sigma : 0
        worst = max(worst, abs(solution.elementStress[6 * e + i] - expected))
      }
    }
    #expect(worst <= 1e-9 * sigma, "stress deviates by \(worst)")
    let u = solution.displacement
    let xAxis = mesh.nodes(in: mesh.group(named: "x_axis")!)[0]
    let xyPlane = mesh.nodes(in: mesh.group(named: "xy_plane")!)[0]
    let epsX = u[3 * xAxis] / size.x
    let gammaXY = u[3 * xyPlane] / size.y
    let ex = AnalyticElasticity.offAxisModulus(Self.material, angle: angle)
    #expect(abs(epsX - sigma / ex) <= 1e-9 * abs(sigma / ex), "eps_x \(epsX) vs Jones \(sigma / ex)")
    let gammaExpected = AnalyticElasticity.offAxisShearCompliance(Self.material, angle: angle) * sigma
    #expect(abs(gammaXY - gammaExpected) <= 1e-9 * abs(sigma / ex), "gamma_xy \(gammaXY) vs Jones \(gammaExpected)")
  }

  /// Tension through the thickness by tractions on the triangular ends of prisms (zmin,
  /// zmax: tri3 or tri6 faces) under 3-2-1 restraint: the exact solution is a uniform
  /// σ_zz = F/A in every element, 1e-9 relative (round-off only).
  @Test(arguments: [ElementKind.prism6, .prism15])
  func tractionOnTriangularFacesGivesUniformStress(kind: ElementKind) throws {
    let size = SIMD3<Double>(2, 1, 0.5)
    let mesh = TestMeshes.box(kind, n: (3, 2, 2), size: size, distortion: 0.2, seed: 5)
    #expect(mesh.blocks(in: mesh.group(named: "zmax")!).allSatisfy { $0.kind == .tri3 || $0.kind == .tri6 })
    let force = 40.0
    let model = TestProblems.model(
      material: Self.material, angle: 0.7,
      boundary: [("origin", [0, 0, 0]), ("x_axis", [nil, 0, 0]), ("xy_plane", [nil, nil, 0])],
      loads: [("zmax", SIMD3(0, 0, force)), ("zmin", SIMD3(0, 0, -force))])
    let solution = try ForwardSolution.run(try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh"))
    let sigma = force / (size.x * size.y)
    var worst = 0.0
    for e in 0..<(solution.elementStress.count / 6) {
      for i in 0..<6 { worst = max(worst, abs(solution.elementStress[6 * e + i] - (i == 2 ? sigma : 0))) }
    }
    #expect(worst <= 1e-9 * sigma, "stress deviates by \(worst)")
  }

  /// An unconstrained element stiffness has exactly six zero-energy modes (the
  /// rigid motions). Zero means below 1e-10 of the largest eigenvalue (round-off of
  /// a Jacobi eigensolver on a matrix of this size is ~1e-14 relative); the seventh
  /// must be well above it (1e-6), or a spurious mode exists.
  @Test(arguments: volumeKinds)
  func elementStiffnessHasSixRigidModes(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (1, 1, 1), size: SIMD3(1.2, 0.9, 0.7), distortion: 0, seed: 1)
    // Distort the single element's corners a little by hand.
    var distorted = mesh
    for i in 0..<distorted.coordinates.count { distorted.coordinates[i] *= 1 + 0.05 * sin(Double(i)) }
    let assembler = try StiffnessAssembler(mesh: distorted, source: "one.msh")
    let c = PlyRotation.rotatedStiffness(Self.material.stiffness, angle: 0.3).values
    let n = 3 * kind.nodeCount
    let ke = assembler.elementStiffness(block: 0, element: 0, stiffness: c)
    var asym = 0.0
    for i in 0..<n { for j in 0..<n { asym = max(asym, abs(ke[i * n + j] - ke[j * n + i])) } }
    let eig = SymmetricEigen(symmetric: ke, n: n)
    let top = eig.values.last!
    #expect(asym <= 1e-13 * top, "Ke symmetric to round-off")
    let zeros = eig.values.filter { abs($0) < 1e-10 * top }.count
    #expect(zeros == 6, "eigenvalues \(eig.values.prefix(8))")
    #expect(eig.values[6] > 1e-6 * top)
  }

  /// The rigid-body check names what the constraints leave free.
  @Test func missingConstraintIsNamed() throws {
    let mesh = TestMeshes.box(.hex8, n: (2, 1, 1))
    // xmin held in x only: y, z translations and rotation about x remain.
    let model = TestProblems.model(material: Self.material, boundary: [("xmin", [0, nil, nil])])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    do {
      _ = try ElasticSolver(problem: problem)
      Issue.record("expected a singular-stiffness error")
    } catch let error as NumericalError {
      #expect(error.exitCode == 3)
      #expect(error.message.contains("translation in y is not constrained"))
      #expect(error.message.contains("translation in z is not constrained"))
      #expect(error.message.contains("rotation about x is not constrained"))
      #expect(!error.message.contains("rotation about y"))
    }
    // The same with the 3-2-1 points added solves.
    let held = TestProblems.model(material: Self.material, boundary: [("xmin", [0, nil, nil]), ("origin", [nil, 0, 0]), ("xy_plane", [nil, nil, 0])])
    _ = try ElasticSolver(problem: LinearElasticProblem(mesh: mesh, model: held, meshSource: "box.msh"))
  }

  /// A 0.4 mm thick, 20 m long strip (aspect ratio 5·10⁴) clamped at one end is held: the
  /// check must not mistake its slenderness for a free rotation. Held in x alone at that
  /// end, its free motions are still found.
  @Test func slenderClampedStripIsHeld() throws {
    let spec = CouponSpec(layup: Layup(anglesDegrees: [0, 0]), plyThickness: 0.2, length: 20000, width: 4,
                          elementsAlongLength: 2, elementsAcrossWidth: 2, elementsPerPly: 1)
    let mesh = try CouponMesher.mesh(spec)
    let here = SourceLocation(file: "strip.toml")
    func model(_ end: [Double?]) -> ModelDefinition {
      ModelDefinition(
        source: "strip.toml", materials: [Self.material],
        plies: [PlyAssignment(group: "ply1", material: Self.material.name, angle: 0, location: here),
                PlyAssignment(group: "ply2", material: Self.material.name, angle: 0, location: here)],
        boundary: [PrescribedDisplacement(group: "end_x0", values: end, location: here),
                   PrescribedDisplacement(group: "end_xL", values: [20, nil, nil], location: here)],
        loads: [])
    }
    _ = try ElasticSolver(problem: LinearElasticProblem(mesh: mesh, model: model([0, 0, 0]), meshSource: "strip.msh"))
    do {
      _ = try ElasticSolver(problem: LinearElasticProblem(mesh: mesh, model: model([0, nil, nil]), meshSource: "strip.msh"))
      Issue.record("expected a singular-stiffness error")
    } catch let error as NumericalError {
      #expect(error.message.contains("translation in y is not constrained"), "\(error.message)")
      #expect(error.message.contains("translation in z is not constrained"), "\(error.message)")
    }
  }

  @Test func singlePointHoldLeavesRotationsFree() throws {
    let mesh = TestMeshes.box(.tet4, n: (2, 1, 1))
    let model = TestProblems.model(material: Self.material, boundary: [("origin", [0, 0, 0])])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    #expect {
      _ = try ElasticSolver(problem: problem)
    } throws: { error in
      let text = "\(error)"
      return text.contains("rotation about x") && text.contains("rotation about y") && text.contains("rotation about z")
        && !text.contains("translation")
    }
  }
}

extension OrthotropicMaterial {
  /// IM7/8552-like constants with distinct values everywhere, so that no coupling vanishes by accident.
  static let im7_8552Test = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 10500, G12: 5170, G13: 4900, G23: 3980,
    nu12: 0.32, nu13: 0.30, nu23: 0.436)
}
