import FECommon
import FEBasis
import FEKernel
import Foundation
import LaminateCoupons
import StressPost
import Testing

/// Free edges found from the mesh (`FreeEdges`), their tractions in the edge frame
/// (`FreeEdgeProfile`), and the same results for a coupon turned in its plane.
@Suite("Free edges")
struct FreeEdgeTests {
  static let material = OrthotropicMaterial(
    name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980, nu12: 0.32, nu13: 0.32, nu23: 0.436)

  /// A [45/−45]s coupon 8 × 4, clamped at x = 0 and pulled at x = L, turned by `phi`
  /// (radians) about z: the mesh's coordinates, the ply angles and the force all turned.
  static func coupon(
    phi: Double = 0, kind: ElementKind = .hex20, layup: [Double] = [45, -45, -45, 45], excludeLoad: Bool = true
  ) throws -> (field: InterlaminarField, problem: LinearElasticProblem, excluded: [PhysicalGroup]) {
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: layup), plyThickness: 0.25, length: 8, width: 4, elementKind: kind,
      elementsAlongLength: 8, elementsAcrossWidth: 6, elementsPerPly: 1, edgeBias: 3)
    var mesh = try CouponMesher.mesh(spec)
    let c = cos(phi), s = sin(phi)
    for i in 0..<mesh.nodeCount {
      let x = mesh.coordinates[3 * i], y = mesh.coordinates[3 * i + 1]
      mesh.coordinates[3 * i] = c * x - s * y
      mesh.coordinates[3 * i + 1] = s * x + c * y
    }
    let here = SourceLocation(file: "test.toml")
    let plies = layup.enumerated().map { k, a in
      PlyAssignment(group: CouponMesher.plyGroupName(k + 1), material: "IM7", angle: a * .pi / 180 + phi, location: here)
    }
    let model = ModelDefinition(
      source: "test.toml", materials: [material], plies: plies,
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: here)],
      loads: [SurfaceLoad(group: "end_xL", force: SIMD3(100 * c, 100 * s, 0), location: here)])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "coupon.msh")
    let solver = try ElasticSolver(problem: problem)
    let stiffness = problem.blockStiffnesses()
    let u = try solver.solve(stiffness: stiffness)
    let field = try InterlaminarField(
      mesh: mesh, elementPly: problem.elementPly, plyNames: plies.map(\.group), source: "coupon.msh", stiffness: stiffness,
      displacement: u)
    let excluded = (excludeLoad ? ["end_x0", "end_xL"] : ["end_x0"]).compactMap { mesh.group(named: $0) }
    return (field, problem, excluded)
  }

  /// Two straight edges per interface, named by their groups, each as long as the coupon,
  /// with the outward normal of its free face and the material on its left.
  @Test func couponHasTwoStraightEdgesPerInterface() throws {
    let (field, _, excluded) = try Self.coupon()
    let paths = FreeEdges.find(field: field, excluding: excluded)
    #expect(paths.count == 2 * 3)
    for k in 1...3 {
      let here = paths.filter { $0.interface == k }
      #expect(Set(here.map(\.name)) == ["edge_yminus", "edge_yplus"])
      for p in here {
        #expect(!p.closed)
        #expect(p.segments.count == 8)
        #expect(abs(p.z - 0.25 * Double(k)) < 1e-12)
        let profile = FreeEdgeProfile(path: p, field: field)
        #expect(abs(profile.length - 8) < 1e-9)
        let outward: SIMD3<Double> = p.name == "edge_yminus" ? SIMD3(0, -1, 0) : SIMD3(0, 1, 0)
        for s in profile.samples {
          #expect(((s.normal - outward) * (s.normal - outward)).sum() < 1e-16)  // a difference quotient's tangent
          #expect(abs(s.point.y - (p.name == "edge_yminus" ? 0 : 4)) < 1e-12)
        }
        // Hex20 edges: one element below and one above each segment.
        #expect(p.segments.allSatisfy { $0.below.count == 1 && $0.above.count == 1 })
      }
    }
  }

  /// The free-edge samples at an element column's centre equal the width line's end
  /// samples there (the same elements at the same point, found by the point locator for
  /// the line), with τtz = ±τxz and τnz = ∓τyz by the edge frames (t = +x at y = 0,
  /// −x at y = W).
  @Test func edgeFrameAgreesWithTheWidthLine() throws {
    let (field, _, excluded) = try Self.coupon()
    let paths = FreeEdges.find(field: field, excluding: excluded)
    let station = field.elementCentreStation(near: 4)
    for k in 1...3 {
      let line = try #require(InterfaceLine(field: field, interface: k, x: station, recover: false))
      for p in paths where p.interface == k {
        let profile = FreeEdgeProfile(path: p, field: field)
        let minus = p.name == "edge_yminus"
        let sample = try #require(profile.samples.first { abs($0.point.x - station) < 1e-9 })
        let end = minus ? line.samples.first! : line.samples.last!
        let t = end.traction
        let scale = max(abs(t.x), abs(t.y), abs(t.z), 1e-300)
        let e = sample.edge
        // The same point in the same two elements: equal to the locator's Newton tolerance.
        #expect(abs(e.sigmaZZ - t.x) <= 1e-9 * scale)
        #expect(abs(e.tauTZ - (minus ? t.y : -t.y)) <= 1e-9 * scale)
        #expect(abs(e.tauNZ - (minus ? -t.z : t.z)) <= 1e-9 * scale)
      }
    }
  }

  /// With only the clamp excluded the free boundary runs y = 0, x = L, y = W: one chain
  /// split at the two corners into three paths named by their groups.
  @Test func chainsSplitAtCorners() throws {
    let (field, _, excluded) = try Self.coupon(kind: .hex8, excludeLoad: false)
    let paths = FreeEdges.find(field: field, excluding: excluded).filter { $0.interface == 1 }
    #expect(Set(paths.map(\.name)) == ["edge_yminus", "end_xL", "edge_yplus"])
    let lengths = Dictionary(uniqueKeysWithValues: paths.map { ($0.name, FreeEdgeProfile(path: $0, field: field).length) })
    #expect(abs(lengths["edge_yminus"]! - 8) < 1e-9 && abs(lengths["edge_yplus"]! - 8) < 1e-9 && abs(lengths["end_xL"]! - 4) < 1e-9)
  }

  /// A coupon turned by 90° (length along y) and by 30° in its plane gives the axis-aligned
  /// coupon's interlaminar results: the same edges, and at every sample the same arc
  /// length and edge-frame stresses, to 1e-8 of the largest (the FE problem is the same one
  /// in turned axes; only round-off differs), and the same summaries.
  @Test(arguments: [90.0, 30.0])
  func rotatedCouponGivesTheSameResults(degrees: Double) throws {
    let reference = try Self.coupon()
    let turned = try Self.coupon(phi: degrees * .pi / 180)
    let a = FreeEdges.find(field: reference.field, excluding: reference.excluded)
    let b = FreeEdges.find(field: turned.field, excluding: turned.excluded)
    #expect(a.map(\.name) == b.map(\.name) && a.map(\.interface) == b.map(\.interface))
    var scale = 0.0
    let pa = a.map { FreeEdgeProfile(path: $0, field: reference.field) }
    let pb = b.map { FreeEdgeProfile(path: $0, field: turned.field) }
    for p in pa { for s in p.samples { scale = max(scale, s.edge.values.map(abs).max()!) } }
    #expect(scale > 1)
    for (p, q) in zip(pa, pb) {
      #expect(p.samples.count == q.samples.count)
      for (s, t) in zip(p.samples, q.samples) {
        #expect(abs(s.s - t.s) <= 1e-12 * 8)
        for (x, y) in zip(s.edge.values, t.edge.values) { #expect(abs(x - y) <= 1e-8 * scale, "\(p.path.name) s = \(s.s)") }
      }
      let d = 0.25
      let sa = FreeEdgeSummary(profile: p, field: reference.field, characteristicDistance: d)
      let sb = FreeEdgeSummary(profile: q, field: turned.field, characteristicDistance: d)
      for (x, y) in zip(sa.components, sb.components) {
        #expect(abs(x.peak - y.peak) <= 1e-8 * scale)
        #expect(abs(x.average - y.average) <= 1e-8 * scale)
        #expect(abs(x.farField - y.farField) <= 1e-8 * scale)
        // (Not the peak's place: where two samples tie to round-off, either may be the peak.)
      }
    }
  }
}

extension FreeEdgeTests {
  /// The peak of an open edge is sought outside the end zones (the clamp's and the load's
  /// corners), and is the largest magnitude there.
  @Test func peakIsSoughtOutsideTheEndZones() throws {
    let (field, _, excluded) = try Self.coupon()
    for path in FreeEdges.find(field: field, excluding: excluded) {
      let profile = FreeEdgeProfile(path: path, field: field)
      let summary = FreeEdgeSummary(profile: profile, field: field, characteristicDistance: 0.25, endZone: 2)
      for (c, component) in summary.components.enumerated() {
        #expect(component.peakS >= 2 && component.peakS <= 6, "\(path.name) \(component.name) at \(component.peakS)")
        let inside = profile.samples.filter { $0.s >= 2 && $0.s <= profile.length - 2 }.map { abs($0.edge.values[c]) }
        // (A component that vanishes by symmetry, round-off of 1e-13, has no peak to check.)
        if inside.max()! > 1e-6 { #expect(abs(component.peak) == inside.max()) }
      }
    }
  }
}

/// `--path`: a polyline of the user's, read by the point locator.
@Suite("User paths")
struct UserPathTests {
  /// A polyline across the width at the width line's station: its end samples are the
  /// width line's (the same point, the same locator, the same elements), in the path's
  /// frame (t = +y, n = +x: τtz = τyz, τnz = τxz); its length is the width.
  @Test func polylineAcrossTheWidthMatchesTheWidthLine() throws {
    let (field, _, _) = try FreeEdgeTests.coupon()
    let station = field.elementCentreStation(near: 4)
    for k in 1...3 {
      let line = try #require(InterfaceLine(field: field, interface: k, x: station, recover: false))
      let path = FreeEdgeProfile(
        name: "path1", interface: k, vertices: [SIMD2(station, 0), SIMD2(station, 4)], closed: false, spacing: 0.1,
        field: field)
      #expect(abs(path.length - 4) < 1e-12)
      #expect(path.samples.count == 41)
      for (p, l) in [(path.samples.first!, line.samples.first!), (path.samples.last!, line.samples.last!)] {
        let t = l.traction
        #expect(p.edge.sigmaZZ == t.x)
        #expect(p.edge.tauTZ == t.z && p.edge.tauNZ == t.y)
      }
    }
  }

  /// A circle's samples lie on it, run clockwise (n towards the centre), with angles.
  @Test func circleRunsClockwiseWithItsNormalToTheCentre() throws {
    let (field, _, _) = try FreeEdgeTests.coupon()
    let vertices = FreeEdgeProfile.circle(centre: SIMD2(4, 2), radius: 1, count: 72)
    let path = FreeEdgeProfile(name: "path1", interface: 1, vertices: vertices, closed: true, spacing: 0.5, field: field)
    #expect(path.samples.count == 72)
    #expect(abs(path.length - 72 * 2 * sin(Double.pi / 72)) < 1e-12)
    for s in path.samples {
      let r = SIMD2(s.point.x - 4, s.point.y - 2)
      #expect(abs((r * r).sum().squareRoot() - 1) < 1e-12)
      // n · r̂ = −cos(π/72) at a chord's start (n is the chord's normal).
      #expect(abs((SIMD2(s.normal.x, s.normal.y) * r).sum() + cos(Double.pi / 72)) < 1e-9)
      #expect(s.angleDegrees != nil)
    }
  }
}
