import FECommon
import FEBasis
import FEKernel
import FeinvertTestSupport
import Foundation
import Testing

@testable import LaminateFit

/// Points on a surface group, generated independently of the operator: a random face
/// of the group and a random reference point inside it, mapped by the face's own
/// shape functions.
private struct SurfaceSample {
  var point: SIMD3<Double>
  /// Outward-or-inward unit normal of the face there, (∂x/∂ξ × ∂x/∂η)/|…|.
  var normal: SIMD3<Double>
  var elementTag: Int
  /// The face size as the contract measures it: min(shortest edge, √area).
  var size: Double
}

private func faceMap(
  _ mesh: Mesh, kind: ElementKind, nodes: ArraySlice<Int>, xi: SIMD2<Double>
) -> (x: SIMD3<Double>, tx: SIMD3<Double>, ty: SIMD3<Double>) {
  var v = [Double](repeating: 0, count: 8), g = [Double](repeating: 0, count: 24)
  v.withUnsafeMutableBufferPointer { vp in
    g.withUnsafeMutableBufferPointer { gp in
      ReferenceElement.evaluate(kind, at: SIMD3(xi.x, xi.y, 0), values: vp, gradients: gp)
    }
  }
  var x = SIMD3<Double>(), tx = SIMD3<Double>(), ty = SIMD3<Double>()
  for (a, node) in nodes.enumerated() {
    let p = mesh.point(node)
    x += v[a] * p
    tx += g[3 * a] * p
    ty += g[3 * a + 1] * p
  }
  return (x, tx, ty)
}

private func norm(_ a: SIMD3<Double>) -> Double { (a * a).sum().squareRoot() }
private func samples(
  _ mesh: Mesh, group name: String, count: Int, rng: inout SplitMix64, margin: Double = 0
) -> [SurfaceSample] {
  let group = mesh.group(named: name)!
  let blocks = mesh.blocks(in: group)
  var faces = [(ElementBlock, Int)]()
  for b in blocks { for e in 0..<b.elementCount { faces.append((b, e)) } }
  var out = [SurfaceSample]()
  for _ in 0..<count {
    let (block, e) = faces[Int(rng.next() % UInt64(faces.count))]
    let kind = block.kind
    var xi: SIMD2<Double>
    if kind == .quad4 || kind == .quad8 {
      xi = SIMD2(2 * rng.nextUnit() - 1, 2 * rng.nextUnit() - 1) * (1 - margin)
    } else {
      var s = rng.nextUnit(), t = rng.nextUnit()
      if s + t > 1 { (s, t) = (1 - s, 1 - t) }
      xi = SIMD2(s, t) * (1 - 3 * margin) + SIMD2(margin, margin)
    }
    let nodes = block.nodes(of: e)
    let m = faceMap(mesh, kind: kind, nodes: nodes, xi: xi)
    let n = cross(m.tx, m.ty)
    let corners = (kind == .quad4 || kind == .quad8) ? 4 : 3
    let c = (0..<corners).map { mesh.point(nodes[nodes.startIndex + $0]) }
    let shortest = (0..<corners).map { norm(c[($0 + 1) % corners] - c[$0]) }.min()!
    let area = corners == 4 ? 0.5 * norm(cross(c[2] - c[0], c[3] - c[1])) : 0.5 * norm(cross(c[1] - c[0], c[2] - c[0]))
    out.append(SurfaceSample(point: m.x, normal: n / norm(n), elementTag: block.elementTags[e], size: min(shortest, area.squareRoot())))
  }
  return out
}

/// Nodal values of a field, 3 per node.
private func nodal(_ mesh: Mesh, _ field: (SIMD3<Double>) -> SIMD3<Double>) -> [Double] {
  var u = [Double](repeating: 0, count: 3 * mesh.nodeCount)
  for node in 0..<mesh.nodeCount {
    let v = field(mesh.point(node))
    for c in 0..<3 { u[DOF.index(node: node, component: c)] = v[c] }
  }
  return u
}

private func linearField(_ p: SIMD3<Double>) -> SIMD3<Double> {
  SIMD3(0.3 + 1.1 * p.x - 0.7 * p.y + 0.2 * p.z, -0.4 + 0.5 * p.x + 0.9 * p.y - 1.3 * p.z, 1.7 - 0.8 * p.x + 0.1 * p.y + 0.6 * p.z)
}

private func quadraticField(_ p: SIMD3<Double>) -> SIMD3<Double> {
  linearField(p) + SIMD3(
    0.7 * p.x * p.x - 0.4 * p.x * p.y + 0.3 * p.y * p.z + 0.5 * p.z * p.z,
    -0.2 * p.y * p.y + 0.9 * p.x * p.z - 0.6 * p.x * p.x,
    0.4 * p.z * p.z + 0.8 * p.x * p.y - 0.3 * p.y * p.y)
}

/// A box of `kind` with mildly distorted interior nodes.
private func box(_ kind: ElementKind, n: (Int, Int, Int) = (4, 3, 2)) -> Mesh {
  TestMeshes.box(kind, n: n, size: SIMD3(2, 1, 0.5), distortion: 0.2)
}

@Suite("Observation operator")
struct ObservationOperatorTests {
  static let kinds: [ElementKind] = [.hex8, .hex20, .tet4, .tet10, .prism6, .prism15]
  static let groups = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]

  private func check(
    _ mesh: Mesh, group: String, field: (SIMD3<Double>) -> SIMD3<Double>, count: Int, seed: UInt64
  ) throws {
    var rng = SplitMix64(seed: seed)
    let s = samples(mesh, group: group, count: count, rng: &rng)
    let op = try ObservationOperator(
      mesh: mesh, group: group, points: s.map(\.point), lines: Array(2..<(count + 2)), source: "data.csv",
      dropOffSurface: false)
    #expect(op.pointCount == count)
    #expect(op.droppedCount == 0)
    #expect(op.keptIndices == Array(0..<count))
    let u = nodal(mesh, field)
    for c in 0..<3 {
      let v = op.interpolate(u, component: c)
      for i in 0..<count {
        let exact = field(s[i].point)[c]
        // Exact reproduction, up to rounding in the field's magnitude (about 3 here).
        #expect(abs(v[i] - exact) <= 1e-12 * max(1, abs(exact)), "component \(c), point \(i) on \(group)")
      }
    }
    for w in op.shapeWeights { #expect(abs(w.reduce(0, +) - 1) < 1e-13) }
    for (i, d) in op.distances.enumerated() { #expect(d <= 1e-12, "point \(i) distance \(d)") }
  }

  @Test(arguments: kinds)
  func linearFieldIsReproduced(kind: ElementKind) throws {
    let mesh = box(kind)
    for (k, g) in Self.groups.enumerated() {
      try check(mesh, group: g, field: linearField, count: 200, seed: UInt64(k + 1))
    }
  }

  /// Quad8 and tri6 faces with straight edges span the complete quadratics.
  @Test(arguments: [ElementKind.hex20, .tet10, .prism15])
  func quadraticFieldIsReproducedOnQuadraticFaces(kind: ElementKind) throws {
    let mesh = box(kind)
    for (k, g) in Self.groups.enumerated() {
      try check(mesh, group: g, field: quadraticField, count: 200, seed: UInt64(10 + k))
    }
  }

  @Test(arguments: kinds)
  func pointsSlightlyOffTheSurfaceAreProjected(kind: ElementKind) throws {
    let mesh = box(kind)
    var rng = SplitMix64(seed: 7)
    // Stay off the face edges so the foot of the normal is inside the same face.
    let s = samples(mesh, group: "ymax", count: 100, rng: &rng, margin: 0.05)
    let offsets = s.map { (2 * rng.nextUnit() - 1) * 0.009 * $0.size }  // within the 1% tolerance
    let moved = zip(s, offsets).map { $0.point + $1 * $0.normal }
    let op = try ObservationOperator(
      mesh: mesh, group: "ymax", points: moved, lines: Array(1...100), source: "data.csv", dropOffSurface: false)
    #expect(op.pointCount == 100)
    let u = nodal(mesh, linearField)
    let v = op.interpolate(u, component: 0)
    for i in 0..<100 {
      // Relative to the box size 2: the projection is exact to rounding.
      #expect(norm(op.projectedPoints[i] - s[i].point) < 1e-12 * 2)
      #expect(abs(op.distances[i] - abs(offsets[i])) < 1e-12 * 2)
      #expect(abs(v[i] - linearField(s[i].point).x) < 1e-12 * 4)
    }
  }

  @Test func pointFivePercentOffIsRejectedOrDropped() throws {
    let mesh = box(.hex20)
    var rng = SplitMix64(seed: 3)
    let s = samples(mesh, group: "zmax", count: 20, rng: &rng, margin: 0.05)
    var points = s.map(\.point)
    points[7] += 0.05 * s[7].size * s[7].normal
    let lines = Array(3..<23)  // point 7 is on line 10
    do {
      _ = try ObservationOperator(
        mesh: mesh, group: "zmax", points: points, lines: lines, source: "data.csv", dropOffSurface: false)
      Issue.record("a point 5% off the surface was accepted")
    } catch let e as InputError {
      let p = points[7]
      let expectedStart = "data.csv:10: point (\(p.x), \(p.y), \(p.z)) lies "
      #expect(e.description.hasPrefix(expectedStart), "\(e.description)")
      #expect(e.description.contains("from surface group \"zmax\" (nearest face: element \(s[7].elementTag), quad8); expected within "))
      #expect(e.description.hasSuffix("or --drop-off-surface to skip such points"))
      #expect(e.exitCode == 2)
    }
    let op = try ObservationOperator(
      mesh: mesh, group: "zmax", points: points, lines: lines, source: "data.csv", dropOffSurface: true)
    #expect(op.droppedCount == 1)
    #expect(op.pointCount == 19)
    #expect(op.keptIndices == Array(0..<7) + Array(8..<20))
  }

  /// A point in the plane of the surface but beyond its outline is off the surface.
  @Test func pointOutsideTheFaceExtentIsRejected() throws {
    let mesh = box(.hex8)
    // zmax is [0, 2] × [0, 1] at z = 0.5; cells are 0.5 × 1/3: 1% of the smaller side is 0.0033.
    let points = [SIMD3<Double>(1.0, 0.5, 0.5), SIMD3(2.02, 0.5, 0.5), SIMD3(1.0, 0.5, 0.5)]
    do {
      _ = try ObservationOperator(
        mesh: mesh, group: "zmax", points: points, lines: [4, 5, 6], source: "edge.csv", dropOffSurface: false)
      Issue.record("a point beyond the outline was accepted")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("edge.csv:5: point (2.02, 0.5, 0.5) lies 0.02 from surface group \"zmax\""), "\(e.description)")
    }
    // Just inside the tolerance beyond the outline: accepted, projected onto the edge.
    let op = try ObservationOperator(
      mesh: mesh, group: "zmax", points: [SIMD3(2.003, 0.5, 0.5)], lines: [1], source: "edge.csv",
      dropOffSurface: false)
    #expect(norm(op.projectedPoints[0] - SIMD3(2, 0.5, 0.5)) < 1e-14)
  }

  @Test(arguments: kinds)
  func transposeIsConsistent(kind: ElementKind) throws {
    let mesh = box(kind)
    var rng = SplitMix64(seed: 11)
    let s = samples(mesh, group: "xmax", count: 300, rng: &rng)
    let op = try ObservationOperator(
      mesh: mesh, group: "xmax", points: s.map(\.point), lines: Array(1...300), source: "d.csv", dropOffSurface: false)
    let u = (0..<(3 * mesh.nodeCount)).map { _ in 2 * rng.nextUnit() - 1 }
    let w = (0..<op.pointCount).map { _ in 2 * rng.nextUnit() - 1 }
    for c in 0..<3 {
      let left = zip(op.interpolate(u, component: c), w).reduce(0) { $0 + $1.0 * $1.1 }
      var g = [Double](repeating: 0, count: u.count)
      op.accumulateTranspose(w, component: c, into: &g)
      let right = zip(u, g).reduce(0) { $0 + $1.0 * $1.1 }
      // Both are sums of the same products in another order: rounding only.
      #expect(abs(left - right) <= 1e-12 * max(1, abs(left)))
      // Only component c is touched.
      for (k, gk) in g.enumerated() where DOF.component(of: k) != c { #expect(gk == 0) }
    }
  }

  @Test func csrAndNestedAccessorsAgree() throws {
    let mesh = box(.tet10)
    var rng = SplitMix64(seed: 5)
    let s = samples(mesh, group: "ymin", count: 10, rng: &rng)
    let op = try ObservationOperator(
      mesh: mesh, group: "ymin", points: s.map(\.point), lines: Array(1...10), source: "d.csv", dropOffSurface: false)
    #expect(op.rowStarts.count == 11)
    #expect(op.nodes.flatMap { $0 } == op.nodeIndices)
    #expect(op.shapeWeights.flatMap { $0 } == op.weights)
    #expect(op.nodes.allSatisfy { $0.count == 6 })
    #expect(op.elementTags == s.map(\.elementTag))
  }

  @Test(arguments: ["xmin", "ymax", "zmax"])
  func regularGridLiesOnTheSurface(group: String) throws {
    let mesh = box(.hex20)
    let spacing = 0.1
    let points = try ObservationOperator.regularGrid(mesh: mesh, group: group, spacing: spacing)
    // Extents: x 2, y 1, z 0.5 → (plane extents / 0.1 + 1) points per direction.
    let expected = ["xmin": 11 * 6, "ymax": 21 * 6, "zmax": 21 * 11][group]!
    #expect(points.count == expected)
    let op = try ObservationOperator(
      mesh: mesh, group: group, points: points, lines: Array(1...points.count), source: "grid",
      dropOffSurface: false)
    #expect(op.pointCount == points.count)
    // Exactly on the surface: distances are rounding only (box size 2).
    #expect(op.distances.allSatisfy { $0 < 1e-13 })
    // Neighbours along the fastest axis are `spacing` apart.
    let thin = ["xmin": 0, "ymax": 1, "zmax": 2][group]!
    let a = [0, 1, 2].filter { $0 != thin }[0]
    let rowLength = ["xmin": 11, "ymax": 21, "zmax": 21][group]!
    for i in 0..<(points.count - 1) where (i + 1) % rowLength != 0 {
      #expect(abs(points[i + 1][a] - points[i][a] - spacing) < 1e-12)
      #expect(abs(norm(points[i + 1] - points[i]) - spacing) < 1e-12)
    }
  }

  @Test func regularGridByCountAndBadSpacing() throws {
    let mesh = box(.tet4)
    let points = try ObservationOperator.regularGrid(mesh: mesh, group: "zmin", count: 200)
    #expect(points.count > 150 && points.count < 260)
    #expect(points.allSatisfy { abs($0.z) < 1e-15 })
    #expect(throws: InputError.self) { try ObservationOperator.regularGrid(mesh: mesh, group: "zmin", spacing: 0) }
    // A subnormal spacing: the point count is infinite, refused (it crashed converting to Int).
    #expect(throws: InputError.self) { try ObservationOperator.regularGrid(mesh: mesh, group: "zmin", spacing: 1e-320) }
    #expect(throws: InputError.self) { try ObservationOperator.regularGrid(mesh: mesh, group: "solid", spacing: 0.1) }
  }

  @Test func unknownOrNonSurfaceGroupIsBadInput() throws {
    let mesh = box(.hex8)
    let model = SourceLocation(file: "coupon.toml", line: 12, key: "observation.group")
    do {
      _ = try ObservationOperator(
        mesh: mesh, group: "edge_yplus", points: [], lines: [], source: "d.csv", dropOffSurface: false,
        groupLocation: model)
      Issue.record("an unknown group was accepted")
    } catch let e as InputError {
      #expect(e.description == "coupon.toml:12: observation.group: observation group \"edge_yplus\" is not in the mesh; expected a surface group (\"xmin\", \"xmax\", \"ymin\", \"ymax\", \"zmin\", \"zmax\")")
    }
    #expect(throws: InputError.self) {
      try ObservationOperator(mesh: mesh, group: "solid", points: [], lines: [], source: "d.csv", dropOffSurface: false)
    }
  }

  /// The bucket grid finds the face a scan of every face finds (ties, on shared edges,
  /// may go either way but then at the same distance).
  @Test(arguments: kinds)
  func spatialIndexAgreesWithBruteForce(kind: ElementKind) throws {
    let mesh = TestMeshes.box(kind, n: (6, 5, 3), size: SIMD3(3, 2, 1), distortion: 0.2)
    var rng = SplitMix64(seed: 21)
    let s = samples(mesh, group: "ymin", count: 1000, rng: &rng)
    let points = s.map { $0.point + (2 * rng.nextUnit() - 1) * 0.009 * $0.size * $0.normal }
    let op = try ObservationOperator(
      mesh: mesh, group: "ymin", points: points, lines: Array(1...1000), source: "d.csv", dropOffSurface: false)
    let index = try SurfaceIndex(mesh: mesh, group: "ymin", location: SourceLocation(file: "t"))
    var scratch = [Double](repeating: 0, count: SurfaceIndex.scratchCount)
    try scratch.withUnsafeMutableBufferPointer { scratch in
      for (i, p) in points.enumerated() {
        let brute = index.nearestBruteForce(p, scratch: scratch)
        if brute.face != op.faceIndices[i] {
          #expect(abs(brute.distance - op.distances[i]) < 1e-13, "point \(i)")
        }
        #expect(abs(brute.distance - op.distances[i]) < 1e-13)
        // Any point of space: the ring search agrees with the scan.
        let q = SIMD3(4 * rng.nextUnit() - 0.5, 3 * rng.nextUnit() - 0.5, 2 * rng.nextUnit() - 0.5)
        let ring = index.nearestAnywhere(q, scratch: scratch)
        let scan = index.nearestBruteForce(q, scratch: scratch)
        #expect(abs(ring.distance - scan.distance) < 1e-12, "point \(q)")
        _ = try #require(ring.distance.isFinite)
      }
    }
    let sameFace = zip(s, op.elementTags).filter { $0.0.elementTag == $0.1 }.count
    #expect(sameFace == 1000)
  }

  /// Curved quad8 faces: a mid-edge node of the top surface moved out of the plane
  /// and along its edge, so the face map is not affine and Newton needs several steps.
  @Test func curvedQuad8FacesNeedNewton() throws {
    var mesh = TestMeshes.box(.hex20, n: (2, 2, 1), size: SIMD3(2, 2, 1))
    // The mid-edge node at (1, 0.5, 1): on the edge x = 1 shared by two zmax faces.
    let node = try #require((0..<mesh.nodeCount).first { norm(mesh.point($0) - SIMD3(1, 0.5, 1)) < 1e-12 })
    mesh.coordinates[3 * node + 2] += 0.15  // out of plane
    mesh.coordinates[3 * node + 1] += 0.1   // along the edge
    mesh.coordinates[3 * node + 0] += 0.05  // across it
    var rng = SplitMix64(seed: 17)
    let s = samples(mesh, group: "zmax", count: 400, rng: &rng, margin: 0.02)
    let op = try ObservationOperator(
      mesh: mesh, group: "zmax", points: s.map(\.point), lines: Array(1...400), source: "d.csv", dropOffSurface: false)
    #expect(op.pointCount == 400)
    #expect(op.distances.allSatisfy { $0 < 1e-12 })
    // Isoparametric faces reproduce linear fields whatever their shape.
    let u = nodal(mesh, linearField)
    for c in 0..<3 {
      let v = op.interpolate(u, component: c)
      for i in 0..<400 { #expect(abs(v[i] - linearField(s[i].point)[c]) < 1e-12 * 4) }
    }
    // Off along the local normal by less than the tolerance: back to the same point.
    let offsets = s.map { (2 * rng.nextUnit() - 1) * 0.009 * $0.size }
    let moved = zip(s, offsets).map { $0.point + $1 * $0.normal }
    let off = try ObservationOperator(
      mesh: mesh, group: "zmax", points: moved, lines: Array(1...400), source: "d.csv", dropOffSurface: false)
    for i in 0..<400 {
      // The foot of the normal is the closest point while the offset (≤ 0.009) is far
      // below the radius of curvature; Newton converges to it to rounding.
      #expect(norm(off.projectedPoints[i] - s[i].point) < 1e-10, "point \(i)")
      #expect(abs(off.distances[i] - abs(offsets[i])) < 1e-10)
    }
  }

  /// Locates 40 000 points on a surface of 10 000 faces (prints the time; the
  /// assertion-free timing belongs in Benchmarks/).
  @Test func manyPointsOnALargeSurface() throws {
    let mesh = TestMeshes.box(.hex8, n: (100, 100, 1), size: SIMD3(100, 100, 1))
    var rng = SplitMix64(seed: 2)
    let s = samples(mesh, group: "zmax", count: 40_000, rng: &rng)
    let start = Date()
    let op = try ObservationOperator(
      mesh: mesh, group: "zmax", points: s.map(\.point), lines: Array(1...40_000), source: "d.csv",
      dropOffSurface: false)
    let elapsed = Date().timeIntervalSince(start)
    print("ObservationOperator: 40000 points on 10000 quad4 faces located in \(elapsed) s")
    #expect(op.pointCount == 40_000)
    #expect(op.elementTags == s.map(\.elementTag))
    // The drop path: every other point 5% off, or far outside the surface.
    let off = s.prefix(4000).enumerated().map { i, q in
      i % 2 == 0 ? q.point : q.point + (i % 4 == 1 ? 0.05 : 30.0) * q.normal
    }
    let dropStart = Date()
    let dropped = try ObservationOperator(
      mesh: mesh, group: "zmax", points: Array(off), lines: Array(1...4000), source: "d.csv", dropOffSurface: true)
    print("ObservationOperator: 4000 points, 2000 off the surface, in \(Date().timeIntervalSince(dropStart)) s")
    #expect(dropped.pointCount == 2000 && dropped.droppedCount == 2000)
  }
}
