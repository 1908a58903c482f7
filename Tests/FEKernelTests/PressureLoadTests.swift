import FEBasis
import FECommon
import FeinvertTestSupport
import Foundation
import Testing

@testable import FEKernel

/// `[[pressure]]`: the patch test (uniform pressures on a block give the exact uniform
/// stress), the faces' outward orientation found whatever their node order, and a
/// distribution's resultant against its analytic integral.
struct PressureLoadTests {
  static let material = OrthotropicMaterial(
    name: "M", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
    nu12: 0.32, nu13: 0.32, nu23: 0.436)

  static func pressure(_ group: String, _ value: Double?, _ text: String? = nil, key: String) throws -> PressureLoad {
    PressureLoad(group: group, value: value, distribution: try text.map { try ScalarExpression($0) },
                 location: SourceLocation(file: TestProblems.source, key: key))
  }

  /// The block with its `zmax` faces' node order reversed (normals pointing inward).
  static func flippingTop(_ mesh: Mesh) -> Mesh {
    var m = mesh
    let top = m.group(named: "zmax")!
    for b in m.blocks.indices where m.blocks[b].kind.dimension == 2 && m.blocks[b].physicalTags.contains(top.tag) {
      let n = m.blocks[b].kind.nodeCount
      let corners = m.blocks[b].kind == .quad4 || m.blocks[b].kind == .quad8 ? 4 : 3
      precondition(n == corners, "flippingTop: linear faces only")
      for e in 0..<m.blocks[b].elementCount {
        let range = (e * n)..<((e + 1) * n)
        m.blocks[b].connectivity.replaceSubrange(range, with: m.blocks[b].connectivity[range].reversed())
      }
    }
    return m
  }

  /// Pressures p1 on xmax and p2 on zmax of a block held by symmetry on xmin and zmin:
  /// σxx = −p1, σzz = −p2, all else 0, exactly (a linear displacement field), for every
  /// element kind and with the top faces' node order reversed. Relative 1e-9 (the solve).
  @Test(arguments: [(ElementKind.hex8, false), (.hex20, false), (.tet4, false), (.tet10, false), (.hex8, true), (.tet4, true)])
  func patchTestUniformPressure(kind: ElementKind, flipped: Bool) throws {
    var mesh = TestMeshes.box(kind, n: (2, 2, 2), size: SIMD3(2, 1, 0.5), distortion: 0.2)
    if flipped { mesh = Self.flippingTop(mesh) }
    let (p1, p2) = (3.0, 7.0)
    var model = TestProblems.model(
      material: Self.material, angle: 0,  // aligned: a rotated ply couples shear to the symmetry planes
      boundary: [("xmin", [0, nil, nil]), ("zmin", [nil, nil, 0]), ("origin", [nil, 0, nil]), ("x_axis", [nil, 0, nil])])
    model.pressures = [try Self.pressure("xmax", p1, key: "pressure[0]"), try Self.pressure("zmax", p2, key: "pressure[1]")]
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let solution = try ForwardSolution.run(problem)
    let stress = solution.elementStress
    for e in 0..<(stress.count / 6) {
      let s = Array(stress[(6 * e)..<(6 * e + 6)])
      #expect(abs(s[0] + p1) <= 1e-9 * p2, "σxx \(s[0])")
      #expect(abs(s[2] + p2) <= 1e-9 * p2, "σzz \(s[2])")
      for c in [1, 3, 4, 5] { #expect(abs(s[c]) <= 1e-9 * p2, "component \(c): \(s[c])") }
    }
  }

  /// The resultant of p = q sin(πx/2) sin(πy) on the top of a 2 × 1 block is
  /// −q (4/π)(2/π) e_z = −8q/π² e_z; the faces' Gauss rule (four degrees above the
  /// stiffness rule) gets it to 1e-6 on a 4 × 4 quad8 top.
  @Test func distributionResultant() throws {
    let mesh = TestMeshes.box(.hex20, n: (4, 4, 1), size: SIMD3(2, 1, 0.5))
    var model = TestProblems.model(material: Self.material, boundary: [("zmin", [0, 0, 0])])
    let q = 2.5
    model.pressures = [try Self.pressure("zmax", nil, "\(q) * sin(pi*x/2) * sin(pi*y)", key: "pressure[0]")]
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    let f = try ElasticSolver.loadVector(of: problem)
    var total = SIMD3<Double>(repeating: 0)
    for node in 0..<mesh.nodeCount { for c in 0..<3 { total[c] += f[DOF.index(node: node, component: c)] } }
    let exact = -8 * q / (Double.pi * Double.pi)
    #expect(abs(total.z - exact) <= 1e-6 * abs(exact), "\(total.z) vs \(exact)")
    #expect(abs(total.x) <= 1e-12 && abs(total.y) <= 1e-12)
  }

  /// A pressure that is not finite on the face (log of a negative x) is bad input at its key.
  @Test func nonFiniteDistributionIsBadInput() throws {
    let mesh = TestMeshes.box(.hex8, n: (2, 1, 1))
    var model = TestProblems.model(material: Self.material, boundary: [("zmin", [0, 0, 0])])
    model.pressures = [try Self.pressure("zmax", nil, "log(x - 1)", key: "pressure[0]")]
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "box.msh")
    #expect {
      _ = try ElasticSolver.loadVector(of: problem)
    } throws: { error in
      "\(error)".contains("pressure[0].distribution") && "\(error)".contains("not finite")
    }
  }
}

/// The expression parser of `distribution`.
struct ScalarExpressionTests {
  @Test(arguments: [
    ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9.0), ("2 ^ 3 ^ 2", 512.0), ("-2 ^ 2", -4.0), ("2 ^ -1", 0.5),
    ("-x + y*z", -1.0 + 2.0 * 3.0), ("sin(pi*x/2)", 1.0), ("sqrt(abs(-16))", 4.0), ("exp(log(3))", 3.0),
    ("1e-3 * 2E2", 0.2), (".5 + 1.", 1.5), ("cos(0) - tan(0)", 1.0), ("10 / 4 / 5", 0.5), ("+-+3", -3.0),
  ])
  func evaluates(text: String, expected: Double) throws {
    let e = try ScalarExpression(text)
    #expect(abs(e.evaluate(SIMD3(1, 2, 3)) - expected) <= 1e-14 * max(1, abs(expected)))
  }

  @Test(arguments: [
    ("sin(x", 6, "expected \")\""), ("2 * ", 5, "found the end"), ("foo(x)", 1, "found \"foo\""), ("x y", 3, "after a complete expression"),
    ("sin x", 5, "expected \"(\""), ("3 $ 4", 3, "after a complete expression"), ("(1 + 2))", 8, "after a complete expression"),
  ])
  func errorsNameTheColumn(text: String, column: Int, message: String) {
    do {
      _ = try ScalarExpression(text)
      Issue.record("expected a parse error for \(text)")
    } catch {
      #expect(error.column == column, "\(text): \(error)")
      #expect(error.message.contains(message), "\(text): \(error)")
    }
  }
}
