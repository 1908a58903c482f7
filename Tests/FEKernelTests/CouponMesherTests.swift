import LaminateCoupons
import FECommon
import FEBasis
import FEKernel
import Testing

/// Checks of the structured coupon mesher against geometry computed independently from the
/// node coordinates (volumes from triple products, areas from cross products).
@Suite struct CouponMesherTests {
  static let angleply = Layup(anglesDegrees: [45, -45, -45, 45])
  static let crossply = Layup(anglesDegrees: [0, 90, 90, 0, 0, 90])

  /// Small graded coupons of both kinds, odd and even counts.
  static let specs: [CouponSpec] = [
    CouponSpec(
      layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementKind: .hex8,
      elementsAlongLength: 7, elementsAcrossWidth: 9, elementsPerPly: 3,
      edgeBias: 4, interfaceBias: 2.5, lengthBias: 1.5),
    CouponSpec(
      layup: crossply, plyThickness: 0.2, length: 12, width: 5, elementKind: .hex20,
      elementsAlongLength: 6, elementsAcrossWidth: 8, elementsPerPly: 4,
      edgeBias: 3, interfaceBias: 2),
    CouponSpec(
      layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementKind: .hex20,
      elementsAlongLength: 3, elementsAcrossWidth: 5, elementsPerPly: 1),
    CouponSpec(layup: crossply, plyThickness: 0.15, length: 8, width: 4),
  ]

  // MARK: - Geometry helpers

  static func point(_ mesh: Mesh, _ node: Int) -> SIMD3<Double> { mesh.point(node) }

  static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

  static func norm(_ a: SIMD3<Double>) -> Double { dot(a, a).squareRoot() }

  /// Triple product of the edges at node 0: (p1 − p0) · ((p3 − p0) × (p4 − p0)). For an
  /// axis-aligned box this is its volume and, in Gmsh order, the Jacobian sign.
  static func cornerTripleProduct(_ mesh: Mesh, _ nodes: ArraySlice<Int>) -> Double {
    let n = Array(nodes)
    let p0 = point(mesh, n[0])
    return dot(point(mesh, n[1]) - p0, cross(point(mesh, n[3]) - p0, point(mesh, n[4]) - p0))
  }

  static func block(_ mesh: Mesh, named name: String) throws -> ElementBlock {
    let group = try #require(mesh.group(named: name))
    let blocks = mesh.blocks(in: group)
    try #require(blocks.count == 1)
    return blocks[0]
  }

  static func hexNodeCount(_ spec: CouponSpec) -> Int {
    let nx = spec.elementsAlongLength
    let ny = spec.elementsAcrossWidth
    let nz = spec.elementsThroughThickness
    let corners = (nx + 1) * (ny + 1) * (nz + 1)
    guard spec.elementKind == .hex20 else { return corners }
    return corners + nx * (ny + 1) * (nz + 1) + (nx + 1) * ny * (nz + 1) + (nx + 1) * (ny + 1) * nz
  }

  // MARK: - Sizing and counts

  @Test func defaultSizingRule() throws {
    let layup = try Layup.parse("[45/-45]s", source: SourceLocation(file: "--layup"))
    let hex8 = CouponSpec(layup: layup, plyThickness: 0.125, length: 20, width: 10)
    #expect(hex8.elementKind == .hex8)
    #expect(hex8.elementsAlongLength == 40)
    #expect(hex8.elementsAcrossWidth == 20)
    #expect(hex8.elementsPerPly == 2)
    #expect(hex8.edgeBias == 1 && hex8.interfaceBias == 1 && hex8.lengthBias == 1)
    let hex20 = CouponSpec(layup: layup, plyThickness: 0.125, length: 20, width: 10, elementKind: .hex20)
    #expect(hex20.elementsAlongLength == 20)
    #expect(hex20.elementsAcrossWidth == 10)
    #expect(hex20.elementsPerPly == 1)
    // Caps, and even counts.
    let long = CouponSpec(layup: layup, plyThickness: 0.125, length: 1000, width: 3.3)
    #expect(long.elementsAlongLength == 200)
    #expect(long.elementsAcrossWidth == 6)
    #expect(CouponSpec.defaultElementCount(extent: 0.1, targetSize: 0.5, cap: 200) == 2)
  }

  @Test(arguments: specs)
  func counts(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    let nx = spec.elementsAlongLength
    let ny = spec.elementsAcrossWidth
    let nz = spec.elementsThroughThickness
    #expect(mesh.nodeCount == Self.hexNodeCount(spec))
    #expect(mesh.nodeTags == (1...mesh.nodeCount).map { NodeTag($0) })
    #expect(mesh.volumeElementCount == nx * ny * nz)
    #expect(mesh.volumeBlocks.count == spec.layup.plyCount)
    for b in mesh.volumeBlocks { #expect(b.kind == spec.elementKind) }

    let faceKind: ElementKind = spec.elementKind == .hex20 ? .quad8 : .quad4
    let faceCounts = [
      "end_x0": ny * nz, "end_xL": ny * nz, "edge_yminus": nx * nz, "edge_yplus": nx * nz,
      "bottom": nx * ny, "top": nx * ny,
    ]
    for (name, count) in faceCounts {
      let b = try Self.block(mesh, named: name)
      #expect(b.kind == faceKind)
      #expect(b.elementCount == count, "\(name)")
    }

    // Element tags: unique over all blocks, 1...total.
    let tags = mesh.blocks.flatMap(\.elementTags)
    #expect(tags.sorted() == Array(1...tags.count))

    // Physical tags unique per dimension; names as documented.
    for d in 0...3 {
      let groups = mesh.physicalGroups.filter { $0.dimension == d }
      #expect(Set(groups.map(\.tag)).count == groups.count)
    }
    let volumeNames = mesh.physicalGroups.filter { $0.dimension == 3 }.sorted { $0.tag < $1.tag }.map(\.name)
    #expect(volumeNames == (1...spec.layup.plyCount).map { "ply\($0)" })
    #expect(
      mesh.physicalGroups.filter { $0.dimension == 2 }.map(\.name)
        == ["end_x0", "end_xL", "edge_yminus", "edge_yplus", "bottom", "top"])
  }

  // MARK: - Geometry

  @Test(arguments: specs)
  func volumesAndJacobians(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    var total = 0.0
    for b in mesh.volumeBlocks {
      for e in 0..<b.elementCount {
        let v = Self.cornerTripleProduct(mesh, b.nodes(of: e))
        #expect(v > 0, "element \(b.elementTags[e]) has a non-positive Jacobian")
        total += v
      }
    }
    let expected = spec.length * spec.width * spec.thickness
    // Sum of ~10³ positive terms: rounding is ~1e-15 relative.
    #expect(abs(total - expected) <= 1e-12 * expected)
  }

  @Test(arguments: specs)
  func plyZRanges(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    let t = spec.plyThickness
    for k in 0..<spec.layup.plyCount {
      let b = try Self.block(mesh, named: "ply\(k + 1)")
      #expect(b.physicalTags == [k + 1])
      let zs = b.connectivity.map { mesh.coordinates[3 * $0 + 2] }
      // Interfaces are placed at k·t directly: equal to the last bit or two.
      #expect(abs(zs.min()! - Double(k) * t) <= 1e-14 * spec.thickness)
      #expect(abs(zs.max()! - Double(k + 1) * t) <= 1e-14 * spec.thickness)
    }
  }

  @Test(arguments: specs)
  func everyNodeIsUsedByAVolumeElement(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    var used = [Bool](repeating: false, count: mesh.nodeCount)
    for b in mesh.volumeBlocks { for n in b.connectivity { used[n] = true } }
    #expect(used.allSatisfy { $0 })
    // And no two nodes share a position (so every lattice point is one node).
    var keys = Set<SIMD3<Double>>()
    for n in 0..<mesh.nodeCount { keys.insert(mesh.point(n)) }
    #expect(keys.count == mesh.nodeCount)
  }

  @Test(arguments: specs)
  func faceGroupsLieOnTheirPlanesWithOutwardNormals(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    let (l, w, h) = (spec.length, spec.width, spec.thickness)
    // (name, axis, plane value, outward sign, face area)
    let faces: [(String, Int, Double, Double, Double)] = [
      ("end_x0", 0, 0, -1, w * h), ("end_xL", 0, l, 1, w * h),
      ("edge_yminus", 1, 0, -1, l * h), ("edge_yplus", 1, w, 1, l * h),
      ("bottom", 2, 0, -1, l * w), ("top", 2, h, 1, l * w),
    ]
    for (name, axis, value, sign, area) in faces {
      let b = try Self.block(mesh, named: name)
      for n in b.connectivity {
        #expect(abs(mesh.coordinates[3 * n + axis] - value) <= 1e-14 * max(l, w, h), "\(name)")
      }
      var sum = 0.0
      for e in 0..<b.elementCount {
        let q = Array(b.nodes(of: e))
        let p0 = Self.point(mesh, q[0])
        let normal = cross(Self.point(mesh, q[1]) - p0, Self.point(mesh, q[3]) - p0)
        #expect(sign * normal[axis] > 0, "\(name) face \(e) does not point outward")
        #expect(abs(normal[(axis + 1) % 3]) + abs(normal[(axis + 2) % 3]) <= 1e-12 * Self.norm(normal))
        sum += Self.norm(normal)  // rectangles: |(p1 − p0) × (p3 − p0)| is the area
      }
      #expect(abs(sum - area) <= 1e-12 * area, "\(name) area \(sum) vs \(area)")
    }
  }

  @Test(arguments: specs.filter { $0.elementKind == .hex20 })
  func hex20MidEdgeNodesAreEdgeMidpoints(spec: CouponSpec) throws {
    // Gmsh hex20 edge table (reference manual, "Node ordering"), written out independently.
    let edges = [(0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7)]
    let quadEdges = [(0, 1), (1, 2), (2, 3), (3, 0)]
    let mesh = try CouponMesher.mesh(spec)
    let scale = max(spec.length, spec.width)
    for b in mesh.blocks where b.kind == .hex20 || b.kind == .quad8 {
      let table = b.kind == .hex20 ? edges : quadEdges
      let cornerCount = b.kind == .hex20 ? 8 : 4
      for e in 0..<b.elementCount {
        let n = Array(b.nodes(of: e))
        for (m, edge) in table.enumerated() {
          let mid = 0.5 * (Self.point(mesh, n[edge.0]) + Self.point(mesh, n[edge.1]))
          #expect(Self.norm(Self.point(mesh, n[cornerCount + m]) - mid) <= 1e-14 * scale)
        }
      }
    }
  }

  @Test func hexCornerOrderFollowsGmsh() throws {
    // Corner i of a hex8 sits at the reference-cube signs of Gmsh's table, ξ→x, η→y, ζ→z.
    let signs: [SIMD3<Double>] = [
      [-1, -1, -1], [1, -1, -1], [1, 1, -1], [-1, 1, -1], [-1, -1, 1], [1, -1, 1], [1, 1, 1], [-1, 1, 1],
    ]
    for spec in Self.specs {
      let mesh = try CouponMesher.mesh(spec)
      let b = mesh.volumeBlocks[0]
      for e in 0..<b.elementCount {
        let n = Array(b.nodes(of: e))
        var centre = SIMD3<Double>(repeating: 0)
        for i in 0..<8 { centre += Self.point(mesh, n[i]) / 8 }
        for i in 0..<8 {
          let d = Self.point(mesh, n[i]) - centre
          #expect(d.x * signs[i].x > 0 && d.y * signs[i].y > 0 && d.z * signs[i].z > 0)
        }
      }
    }
  }

  // MARK: - Grading

  /// Sorted distinct element-corner positions along one axis (hex8 mesh).
  static func gridLines(_ mesh: Mesh, axis: Int) -> [Double] {
    Set((0..<mesh.nodeCount).map { mesh.coordinates[3 * $0 + axis] }).sorted()
  }

  static func sizes(_ p: [Double]) -> [Double] { zip(p.dropFirst(), p).map { $0 - $1 } }

  @Test(arguments: [(9, 4.0), (10, 4.0), (3, 2.0), (4, 7.5), (21, 10.0), (20, 1.0)])
  func widthGrading(count: Int, bias: Double) throws {
    let spec = CouponSpec(
      layup: Self.angleply, plyThickness: 0.125, length: 20, width: 10,
      elementsAlongLength: 4, elementsAcrossWidth: count, elementsPerPly: 1, edgeBias: bias)
    let mesh = try CouponMesher.mesh(spec)
    let y = Self.gridLines(mesh, axis: 1)
    #expect(y.count == count + 1)
    #expect(y.first == 0 && y.last == 10)
    let h = Self.sizes(y)
    // Sizes are differences of coordinates ≤ 10: rounding ~1e-15 · 10 / h, well under 1e-12.
    #expect(abs(h.max()! / h.min()! - bias) <= 1e-12 * bias)
    for i in 0..<count { #expect(abs(h[i] - h[count - 1 - i]) <= 1e-12 * h[i]) }
    // Smallest at both free edges; constant ratio between neighbours toward the middle.
    #expect(abs(h[0] - h.min()!) <= 1e-12 * h[0])
    let steps = (count - 1) / 2
    if steps >= 1 {
      let r = h[1] / h[0]
      for i in 0..<steps { #expect(abs(h[i + 1] / h[i] - r) <= 1e-12 * r) }
    }
  }

  @Test func interfaceAndLengthGrading() throws {
    let spec = CouponSpec(
      layup: Self.crossply, plyThickness: 0.2, length: 30, width: 6,
      elementsAlongLength: 11, elementsAcrossWidth: 4, elementsPerPly: 5,
      interfaceBias: 3, lengthBias: 2)
    let mesh = try CouponMesher.mesh(spec)
    let z = Self.gridLines(mesh, axis: 2)
    #expect(z.count == 6 * 5 + 1)
    for k in 0..<6 {
      let h = Self.sizes(Array(z[(5 * k)...(5 * k + 5)]))
      // Sizes ~0.03 from coordinates ≤ 1.2: rounding ~1e-14 relative.
      #expect(abs(h.max()! / h.min()! - 3) <= 1e-12 * 3)
      #expect(abs(h[0] - h[4]) <= 1e-12 * h[0] && abs(h[1] - h[3]) <= 1e-12 * h[1])
      #expect(h[2] > h[1] && h[1] > h[0])
    }
    let x = Self.gridLines(mesh, axis: 0)
    let hx = Self.sizes(x)
    #expect(abs(hx.max()! / hx.min()! - 2) <= 1e-12 * 2)
    #expect(hx[0] < hx[5])
  }

  @Test func gradedPositionsHelper() {
    let p = CouponMesher.symmetricGradedPositions(extent: 1, count: 1, bias: 1)
    #expect(p == [0, 1])
    let q = CouponMesher.symmetricGradedPositions(extent: 2, count: 4, bias: 1)
    #expect(q == [0, 0.5, 1, 1.5, 2])
    // count 3, bias 4: sizes h, 4h, h with 6h = 1.
    let r = CouponMesher.symmetricGradedPositions(extent: 1, count: 3, bias: 4)
    #expect(abs(r[1] - 1.0 / 6) <= 1e-15 && abs(r[2] - 5.0 / 6) <= 1e-15 && r[3] == 1)
  }

  // MARK: - Point groups

  @Test(arguments: specs)
  func pointGroups(spec: CouponSpec) throws {
    let mesh = try CouponMesher.mesh(spec)
    let (l, w, h) = (spec.length, spec.width, spec.thickness)
    var expected: [(String, SIMD3<Double>)] = [
      ("corner_x0_y0_z0", [0, 0, 0]), ("corner_x0_yW_z0", [0, w, 0]), ("corner_xL_y0_z0", [l, 0, 0]),
    ]
    let ny = spec.elementsAcrossWidth
    let nz = spec.elementsThroughThickness
    let midExists = spec.elementKind == .hex8 ? (ny % 2 == 0 && nz % 2 == 0) : !(ny % 2 == 1 && nz % 2 == 1)
    if midExists { expected.append(("point_x0_ymid_zmid", [0, w / 2, h / 2])) }
    let points = mesh.physicalGroups.filter { $0.dimension == 0 }
    #expect(points.map(\.name) == expected.map(\.0))
    for (i, (name, p)) in expected.enumerated() {
      let b = try Self.block(mesh, named: name)
      #expect(b.kind == .point1 && b.elementCount == 1 && b.physicalTags == [201 + i])
      #expect(Self.norm(mesh.point(b.connectivity[0]) - p) <= 1e-12 * max(l, w))
    }
  }

  // MARK: - Errors

  @Test(arguments: [
    (
      CouponSpec(layup: angleply, plyThickness: 0, length: 20, width: 10),
      "--ply-thickness: 0.0 is not a positive length; expected the thickness of one ply, > 0"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: -20, width: 10),
      "--length: -20.0 is not a positive length; expected the coupon length along x, > 0"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: .nan),
      "--width: nan is not a positive length; expected the coupon width along y, > 0"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementKind: .tet4),
      "--elements: tet4 is not a coupon element; expected hex8 or hex20"
    ),
    (
      CouponSpec(layup: Layup(anglesDegrees: []), plyThickness: 0.125, length: 20, width: 10),
      #"--layup: the layup has no plies; expected at least one ply, such as "[45/-45]s""#
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementsAlongLength: 0),
      "--elements-along-length: 0 elements along the length; expected at least 1"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementsPerPly: -1),
      "--elements-per-ply: -1 elements through each ply; expected at least 1"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, edgeBias: 0.5),
      "--edge-bias: 0.5 is not a valid bias; expected the ratio of the largest to the smallest element "
        + "across the width, >= 1 (1 = uniform)"
    ),
    (
      CouponSpec(
        layup: angleply, plyThickness: 0.125, length: 20, width: 10, elementsAcrossWidth: 2, edgeBias: 3),
      "--edge-bias: 3.0 needs at least 3 elements across the width to grade toward both free edges; found 2"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, interfaceBias: 2),
      "--interface-bias: 2.0 needs at least 3 elements through each ply to grade toward both faces of the ply; found 2"
    ),
    (
      CouponSpec(layup: angleply, plyThickness: 0.125, length: 20, width: 10, lengthBias: .infinity),
      "--length-bias: inf is not a valid bias; expected the ratio of the largest to the smallest element "
        + "along the length, >= 1 (1 = uniform)"
    ),
    (
      CouponSpec(
        layup: angleply, plyThickness: 0.125, length: 20, width: 10,
        elementsAlongLength: 1000, elementsAcrossWidth: 1000, elementsPerPly: 10),
      "--elements: the coupon mesh would have 41082041 nodes; expected at most 20000000 "
        + "(use fewer elements along the length, across the width or per ply)"
    ),
  ])
  func rejectsInvalidSpecs(spec: CouponSpec, message: String) {
    do {
      _ = try CouponMesher.mesh(spec)
      Issue.record("expected the spec to be rejected: \(message)")
    } catch let error as InputError {
      #expect(error.description == message)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  // MARK: - Large mesh

  /// The benchmark-sized coupon builds with the right counts (its timing lives in
  /// Benchmarks/, not here: speed is measured, not asserted in tests).
  @Test func largeCouponHasTheRightCounts() throws {
    // 120 × 60 × 16 hex8: [0/90]2s, 8 plies × 2 per ply.
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: [0, 90, 0, 90, 90, 0, 90, 0]), plyThickness: 0.125, length: 60, width: 30,
      elementKind: .hex8, elementsAlongLength: 120, elementsAcrossWidth: 60, elementsPerPly: 2, edgeBias: 5)
    let m = try CouponMesher.mesh(spec)
    #expect(m.nodeCount == 121 * 61 * 17)
    #expect(m.volumeElementCount == 120 * 60 * 16)
  }
}
