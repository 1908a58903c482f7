import FEKernel
import FEBasis
import FECommon

/// What ``CouponMesher`` builds: a rectangular laminate coupon, its layup and its mesh density.
///
/// Lengths are in the model's length unit. The coupon occupies x ∈ [0, `length`],
/// y ∈ [0, `width`], z ∈ [0, `layup.plyCount · plyThickness`], ply 1 at the bottom
/// (see ``Layup`` for the bottom-up convention).
///
/// ## Default mesh density
///
/// When counts are not given, ``init(layup:plyThickness:length:width:elementKind:elementsAlongLength:elementsAcrossWidth:elementsPerPly:edgeBias:interfaceBias:lengthBias:)``
/// aims for in-plane elements about `4 · plyThickness` wide for hex8 and `8 · plyThickness`
/// for hex20 (a hex20 has twice the nodes per direction):
///
/// - along x: `n = 2 · max(1, round(length / (2h)))`, at most 200 (hex8) or 100 (hex20);
/// - across y: the same with `width`, at most 100 (hex8) or 50 (hex20);
/// - through each ply: 2 (hex8) or 1 (hex20);
/// - all biases 1 (uniform).
///
/// The in-plane counts are even, so x = length/2 and y = width/2 are node planes
/// (mid-length lines for the interlaminar output, a mid-width restraint point).
/// For a `[45/-45]s` coupon 20 × 10 with 0.125 plies this gives 40 × 20 × (4 · 2) hex8
/// or 20 × 10 × (4 · 1) hex20.
public struct CouponSpec: Sendable, Equatable {
  /// The stacking sequence, bottom to top.
  public var layup: Layup
  /// Thickness of every ply, > 0.
  public var plyThickness: Double
  /// Extent along x, > 0.
  public var length: Double
  /// Extent along y, > 0.
  public var width: Double
  /// `.hex8` or `.hex20` (serendipity: mid-edge nodes, no face or centre nodes).
  public var elementKind: ElementKind
  /// Elements along x, ≥ 1.
  public var elementsAlongLength: Int
  /// Elements along y, ≥ 1.
  public var elementsAcrossWidth: Int
  /// Elements through the thickness of each ply, ≥ 1.
  public var elementsPerPly: Int
  /// Largest over smallest element size across the width, ≥ 1 (1 = uniform). The grading
  /// is geometric and symmetric, refining toward both free edges y = 0 and y = width.
  /// Values above 1 need `elementsAcrossWidth >= 3`.
  public var edgeBias: Double
  /// Largest over smallest element size through each ply, ≥ 1 (1 = uniform), refining
  /// toward both faces of the ply (its interfaces). Values above 1 need `elementsPerPly >= 3`.
  public var interfaceBias: Double
  /// Largest over smallest element size along x, ≥ 1 (1 = uniform), refining toward both
  /// ends x = 0 and x = length. Values above 1 need `elementsAlongLength >= 3`.
  public var lengthBias: Double

  /// A coupon; counts left `nil` follow the default density rule (see the type's discussion).
  public init(
    layup: Layup, plyThickness: Double, length: Double, width: Double,
    elementKind: ElementKind = .hex8,
    elementsAlongLength: Int? = nil, elementsAcrossWidth: Int? = nil, elementsPerPly: Int? = nil,
    edgeBias: Double = 1, interfaceBias: Double = 1, lengthBias: Double = 1
  ) {
    self.layup = layup
    self.plyThickness = plyThickness
    self.length = length
    self.width = width
    self.elementKind = elementKind
    let quadratic = elementKind == .hex20
    let target = (quadratic ? 8.0 : 4.0) * plyThickness
    self.elementsAlongLength =
      elementsAlongLength
      ?? Self.defaultElementCount(extent: length, targetSize: target, cap: quadratic ? 100 : 200)
    self.elementsAcrossWidth =
      elementsAcrossWidth
      ?? Self.defaultElementCount(extent: width, targetSize: target, cap: quadratic ? 50 : 100)
    self.elementsPerPly = elementsPerPly ?? (quadratic ? 1 : 2)
    self.edgeBias = edgeBias
    self.interfaceBias = interfaceBias
    self.lengthBias = lengthBias
  }

  /// The default count along one direction: `2 · max(1, round(extent / (2 · targetSize)))`,
  /// at most `cap` (even). Returns 2 for a non-positive or non-finite size, which
  /// ``CouponMesher/mesh(_:)`` then rejects.
  public static func defaultElementCount(extent: Double, targetSize: Double, cap: Int) -> Int {
    let halves = extent / (2 * targetSize)
    guard halves.isFinite, halves > 0 else { return 2 }
    let limited = min(halves.rounded(), Double(cap / 2))
    return 2 * max(1, Int(limited))
  }

  /// Total number of elements through the thickness.
  public var elementsThroughThickness: Int { layup.plyCount * elementsPerPly }

  /// Coupon thickness, `plyCount · plyThickness`.
  public var thickness: Double { Double(layup.plyCount) * plyThickness }
}

/// Builds structured hexahedral meshes of laminate coupons, with the physical groups
/// the rest of feinvert refers to by name.
///
/// ## Geometry and nodes
///
/// x ∈ [0, L], y ∈ [0, W], z ∈ [0, H], H = plies · t, ply 1 at the bottom. Node positions
/// per axis come from ``symmetricGradedPositions(extent:count:bias:)``: along y graded by
/// `edgeBias` toward both free edges, through each ply graded by `interfaceBias` toward its
/// two faces (the ply boundaries are exactly k · t), along x by `lengthBias` (default uniform).
/// hex20 meshes add one node at the arithmetic midpoint of every element edge.
///
/// Nodes are numbered x-plane by x-plane (then y, then z fastest); node tags are
/// `1...nodeCount` in that order. Node counts: hex8 `(nx+1)(ny+1)(nz+1)`; hex20 that plus
/// `nx(ny+1)(nz+1) + (nx+1)ny(nz+1) + (nx+1)(ny+1)nz` mid-edge nodes.
///
/// ## Elements
///
/// Gmsh node order, ξ → x, η → y, ζ → z, so every Jacobian is positive:
/// hex8 corners 0 (−,−,−) 1 (+,−,−) 2 (+,+,−) 3 (−,+,−), 4…7 the same at ζ = +1; hex20
/// edge nodes 8 (0,1) 9 (0,3) 10 (0,4) 11 (1,2) 12 (1,5) 13 (2,3) 14 (2,6) 15 (3,7) 16 (4,5)
/// 17 (4,7) 18 (5,6) 19 (6,7). Faces are quad4 (hex8) or quad8 (hex20, mid-edge 4 (0,1)
/// 5 (1,2) 6 (2,3) 7 (3,0)), numbered counter-clockwise seen from outside, so
/// (p1 − p0) × (p3 − p0) is the outward normal.
///
/// Element tags are unique over all blocks, from 1: volumes ply by ply, then faces, then points.
///
/// ## Physical groups
///
/// | dim | tag | name | what |
/// | --- | --- | --- | --- |
/// | 3 | k | `plyk` | ply k, k = 1 … plies, bottom to top; one block each |
/// | 2 | 101 | `end_x0` | face x = 0 |
/// | 2 | 102 | `end_xL` | face x = L |
/// | 2 | 103 | `edge_yminus` | free edge y = 0 |
/// | 2 | 104 | `edge_yplus` | free edge y = W |
/// | 2 | 105 | `bottom` | face z = 0 |
/// | 2 | 106 | `top` | face z = H |
/// | 0 | 201 | `corner_x0_y0_z0` | node (0, 0, 0) |
/// | 0 | 202 | `corner_x0_yW_z0` | node (0, W, 0) |
/// | 0 | 203 | `corner_xL_y0_z0` | node (L, 0, 0) |
/// | 0 | 204 | `point_x0_ymid_zmid` | node (0, W/2, H/2), only when a node lies there |
///
/// The point groups are for removing rigid-body motion: with `end_x0` held in x, fixing
/// uy and uz at `corner_x0_y0_z0` and uz at `corner_x0_yW_z0` removes the remaining
/// translations and the rotation about x. For a symmetric laminate the mid-thickness point
/// `point_x0_ymid_zmid` restrains without bending the end. It exists for hex8 when
/// `elementsAcrossWidth` and the elements through the thickness are both even, and for
/// hex20 unless both are odd.
public enum CouponMesher {
  /// Surface group names, in tag order from ``firstSurfaceTag``.
  public static let surfaceGroupNames = ["end_x0", "end_xL", "edge_yminus", "edge_yplus", "bottom", "top"]
  /// Point group names, in tag order from ``firstPointTag`` (the last one is conditional).
  public static let pointGroupNames = [
    "corner_x0_y0_z0", "corner_x0_yW_z0", "corner_xL_y0_z0", "point_x0_ymid_zmid",
  ]
  /// Tag of `end_x0`; the other surfaces follow in ``surfaceGroupNames`` order.
  public static let firstSurfaceTag = 101
  /// Tag of `corner_x0_y0_z0`; the other points follow in ``pointGroupNames`` order.
  public static let firstPointTag = 201
  /// The largest mesh ``mesh(_:)`` agrees to build, in nodes.
  public static let maximumNodeCount = 20_000_000

  /// Name of the volume group of ply `k`, 1-based from the bottom: `"ply\(k)"`; its tag is `k`.
  public static func plyGroupName(_ k: Int) -> String { "ply\(k)" }

  /// Meshes a coupon.
  ///
  /// - Parameter spec: the coupon; see ``CouponSpec``.
  /// - Returns: the mesh with the groups listed in the type's discussion.
  /// - Throws: `InputError` when the spec is invalid (a non-positive or non-finite size, a count
  ///   below 1, a bias below 1 or a bias with fewer than 3 elements to grade, an element kind other
  ///   than hex8 or hex20, no plies, or more than ``maximumNodeCount`` nodes). The location is the
  ///   command-line option that sets the value (`--length`, `--edge-bias`, …).
  /// - Complexity: O(nodes + elements); the 120 × 60 × 16 hex8 coupon takes milliseconds.
  public static func mesh(_ spec: CouponSpec) throws -> Mesh {
    try validate(spec)
    let quadratic = spec.elementKind == .hex20
    let nx = spec.elementsAlongLength
    let ny = spec.elementsAcrossWidth
    let npp = spec.elementsPerPly
    let plies = spec.layup.plyCount
    let nz = plies * npp

    // Positions of the element corners along each axis.
    let xs = symmetricGradedPositions(extent: spec.length, count: nx, bias: spec.lengthBias)
    let ys = symmetricGradedPositions(extent: spec.width, count: ny, bias: spec.edgeBias)
    let plyPositions = symmetricGradedPositions(extent: 1, count: npp, bias: spec.interfaceBias)
    var zs = [Double](repeating: 0, count: nz + 1)
    for k in 0..<plies {
      let z0 = Double(k) * spec.plyThickness
      for j in 0..<npp { zs[k * npp + j] = z0 + spec.plyThickness * plyPositions[j] }
    }
    zs[nz] = Double(plies) * spec.plyThickness

    let lattice = Lattice(nx: nx, ny: ny, nz: nz, quadratic: quadratic)
    let lx = lattice.axisCoordinates(xs)
    let ly = lattice.axisCoordinates(ys)
    let lz = lattice.axisCoordinates(zs)

    // Nodes, in lattice order.
    let nodeCount = lattice.nodeCount
    var coordinates = [Double](repeating: 0, count: 3 * nodeCount)
    coordinates.withUnsafeMutableBufferPointer { c in
      var n = 0
      for i in 0..<lattice.pi {
        for j in 0..<lattice.pj {
          for k in 0..<lattice.pk where lattice.exists(i, j, k) {
            assert(n == lattice.index(i, j, k))
            c[3 * n] = lx[i]
            c[3 * n + 1] = ly[j]
            c[3 * n + 2] = lz[k]
            n += 1
          }
        }
      }
      precondition(n == nodeCount, "CouponMesher: lattice node count mismatch")
    }
    let nodeTags = (0..<nodeCount).map { NodeTag($0 + 1) }

    var blocks: [ElementBlock] = []
    var groups: [PhysicalGroup] = []
    var nextElementTag = 1
    func addBlock(_ kind: ElementKind, _ connectivity: [Int], dimension: Int, tag: Int, name: String) {
      let count = connectivity.count / kind.nodeCount
      let tags = Array(nextElementTag..<(nextElementTag + count))
      nextElementTag += count
      blocks.append(ElementBlock(kind: kind, elementTags: tags, connectivity: connectivity, physicalTags: [tag]))
      groups.append(PhysicalGroup(dimension: dimension, tag: tag, name: name))
    }

    // Volumes: one block per ply.
    let s = lattice.step
    let volumeOffsets = quadratic ? hex20Offsets : hex8Offsets
    let volumeKind: ElementKind = quadratic ? .hex20 : .hex8
    for ply in 0..<plies {
      var connectivity: [Int] = []
      connectivity.reserveCapacity(nx * ny * npp * volumeOffsets.count)
      for ex in 0..<nx {
        for ey in 0..<ny {
          for ez in (ply * npp)..<((ply + 1) * npp) {
            for o in volumeOffsets {
              connectivity.append(lattice.index(s * ex + o.0, s * ey + o.1, s * ez + o.2))
            }
          }
        }
      }
      addBlock(volumeKind, connectivity, dimension: 3, tag: ply + 1, name: plyGroupName(ply + 1))
    }

    // Faces: (fixed axis, at the low or high end, in-plane axes a and b with a × b outward).
    let faces: [(axis: Int, high: Bool, a: Int, b: Int)] = [
      (0, false, 2, 1),  // end_x0, normal −x = z × y
      (0, true, 1, 2),  // end_xL, +x = y × z
      (1, false, 0, 2),  // edge_yminus, −y = x × z
      (1, true, 2, 0),  // edge_yplus, +y = z × x
      (2, false, 1, 0),  // bottom, −z = y × x
      (2, true, 0, 1),  // top, +z = x × y
    ]
    let faceOffsets = quadratic ? quad8Offsets : quad4Offsets
    let faceKind: ElementKind = quadratic ? .quad8 : .quad4
    let elementCounts = [nx, ny, nz]
    let latticeMax = [lattice.pi - 1, lattice.pj - 1, lattice.pk - 1]
    for (f, face) in faces.enumerated() {
      let na = elementCounts[face.a]
      let nb = elementCounts[face.b]
      var connectivity: [Int] = []
      connectivity.reserveCapacity(na * nb * faceOffsets.count)
      var p = [0, 0, 0]
      p[face.axis] = face.high ? latticeMax[face.axis] : 0
      for ea in 0..<na {
        for eb in 0..<nb {
          for o in faceOffsets {
            p[face.a] = s * ea + o.0
            p[face.b] = s * eb + o.1
            connectivity.append(lattice.index(p[0], p[1], p[2]))
          }
        }
      }
      addBlock(faceKind, connectivity, dimension: 2, tag: firstSurfaceTag + f, name: surfaceGroupNames[f])
    }

    // Points for rigid-body restraint.
    var points: [(Int, Int, Int)] = [
      (0, 0, 0),
      (0, latticeMax[1], 0),
      (latticeMax[0], 0, 0),
    ]
    if latticeMax[1] % 2 == 0, latticeMax[2] % 2 == 0,
      lattice.exists(0, latticeMax[1] / 2, latticeMax[2] / 2)
    {
      points.append((0, latticeMax[1] / 2, latticeMax[2] / 2))
    }
    for (q, point) in points.enumerated() {
      addBlock(
        .point1, [lattice.index(point.0, point.1, point.2)], dimension: 0,
        tag: firstPointTag + q, name: pointGroupNames[q])
    }

    return Mesh(nodeTags: nodeTags, coordinates: coordinates, blocks: blocks, physicalGroups: groups)
  }

  // MARK: - Validation

  private static func validate(_ spec: CouponSpec) throws {
    func fail(_ option: String, _ message: String) -> InputError {
      InputError(message, at: SourceLocation(file: option))
    }
    guard spec.layup.plyCount >= 1 else {
      throw fail("--layup", "the layup has no plies; expected at least one ply, such as \"[45/-45]s\"")
    }
    for (option, value, what) in [
      ("--ply-thickness", spec.plyThickness, "the thickness of one ply"),
      ("--length", spec.length, "the coupon length along x"),
      ("--width", spec.width, "the coupon width along y"),
    ] {
      guard value.isFinite, value > 0 else {
        throw fail(option, "\(value) is not a positive length; expected \(what), > 0")
      }
    }
    guard spec.elementKind == .hex8 || spec.elementKind == .hex20 else {
      throw fail("--elements", "\(spec.elementKind) is not a coupon element; expected hex8 or hex20")
    }
    let counts = [
      ("--elements-along-length", spec.elementsAlongLength, "along the length"),
      ("--elements-across-width", spec.elementsAcrossWidth, "across the width"),
      ("--elements-per-ply", spec.elementsPerPly, "through each ply"),
    ]
    for (option, value, where_) in counts {
      guard value >= 1 else {
        throw fail(option, "\(value) elements \(where_); expected at least 1")
      }
    }
    let biases = [
      ("--length-bias", spec.lengthBias, spec.elementsAlongLength, "along the length", "both ends"),
      ("--edge-bias", spec.edgeBias, spec.elementsAcrossWidth, "across the width", "both free edges"),
      ("--interface-bias", spec.interfaceBias, spec.elementsPerPly, "through each ply", "both faces of the ply"),
    ]
    for (option, bias, count, where_, toward) in biases {
      guard bias.isFinite, bias >= 1 else {
        throw fail(
          option,
          "\(bias) is not a valid bias; expected the ratio of the largest to the smallest element "
            + "\(where_), >= 1 (1 = uniform)")
      }
      guard bias == 1 || count >= 3 else {
        throw fail(
          option,
          "\(bias) needs at least 3 elements \(where_) to grade toward \(toward); found \(count)")
      }
    }
    // Size guard, in Double so that huge counts cannot overflow.
    let nx = Double(spec.elementsAlongLength)
    let ny = Double(spec.elementsAcrossWidth)
    let nz = Double(spec.layup.plyCount) * Double(spec.elementsPerPly)
    var nodes = (nx + 1) * (ny + 1) * (nz + 1)
    if spec.elementKind == .hex20 {
      nodes += nx * (ny + 1) * (nz + 1) + (nx + 1) * ny * (nz + 1) + (nx + 1) * (ny + 1) * nz
    }
    guard nodes <= Double(maximumNodeCount) else {
      throw fail(
        "--elements",
        "the coupon mesh would have \(Int(min(nodes, 1e18))) nodes; expected at most \(maximumNodeCount) "
          + "(use fewer elements along the length, across the width or per ply)")
    }
  }

  // MARK: - Node-order tables

  /// hex8 corners in lattice steps, Gmsh order.
  private static let hex8Corners: [(Int, Int, Int)] = [
    (0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0),
    (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1),
  ]
  /// hex20 mid-edge nodes 8…19 as pairs of corners (Gmsh order).
  private static let hex20Edges: [(Int, Int)] = [
    (0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7),
  ]
  private static let hex8Offsets: [(Int, Int, Int)] = hex8Corners
  /// hex20 offsets on the doubled lattice: corners at 2c, mid-edge nodes at c_a + c_b.
  private static let hex20Offsets: [(Int, Int, Int)] =
    hex8Corners.map { (2 * $0.0, 2 * $0.1, 2 * $0.2) }
    + hex20Edges.map { e in
      let a = hex8Corners[e.0]
      let b = hex8Corners[e.1]
      return (a.0 + b.0, a.1 + b.1, a.2 + b.2)
    }
  /// quad4 corners in (a, b) steps, counter-clockwise about a × b.
  private static let quad4Offsets: [(Int, Int)] = [(0, 0), (1, 0), (1, 1), (0, 1)]
  /// quad8 on the doubled lattice: corners, then mid-edges 4 (0,1) 5 (1,2) 6 (2,3) 7 (3,0).
  private static let quad8Offsets: [(Int, Int)] = [
    (0, 0), (2, 0), (2, 2), (0, 2), (1, 0), (2, 1), (1, 2), (0, 1),
  ]
}

/// The structured grid of node positions: for hex8 the element corners; for hex20 the
/// doubled lattice (indices 0…2n per axis, odd index = edge midpoint) of which only points
/// with at most one odd index are nodes.
private struct Lattice {
  let quadratic: Bool
  let ny: Int
  let nz: Int
  /// Lattice points per axis.
  let pi: Int
  let pj: Int
  let pk: Int
  /// Lattice index steps per element.
  var step: Int { quadratic ? 2 : 1 }
  /// Nodes in an x-plane with an even lattice index (hex20).
  let evenPlane: Int
  /// Nodes in an x-plane with an odd lattice index (hex20): element corners in y and z only.
  let oddPlane: Int

  init(nx: Int, ny: Int, nz: Int, quadratic: Bool) {
    self.quadratic = quadratic
    self.ny = ny
    self.nz = nz
    let step = quadratic ? 2 : 1
    pi = step * nx + 1
    pj = step * ny + 1
    pk = step * nz + 1
    evenPlane = quadratic ? pj * pk - ny * nz : pj * pk
    oddPlane = (ny + 1) * (nz + 1)
  }

  var nodeCount: Int {
    quadratic ? ((pi + 1) / 2) * evenPlane + (pi / 2) * oddPlane : pi * pj * pk
  }

  @inline(__always)
  func exists(_ i: Int, _ j: Int, _ k: Int) -> Bool {
    !quadratic || (i & 1) + (j & 1) + (k & 1) <= 1
  }

  /// Dense node index of lattice point (i, j, k), which must exist.
  @inline(__always)
  func index(_ i: Int, _ j: Int, _ k: Int) -> Int {
    guard quadratic else { return (i * pj + j) * pk + k }
    let planeStart = ((i + 1) / 2) * evenPlane + (i / 2) * oddPlane
    if i & 1 == 1 { return planeStart + (j / 2) * (nz + 1) + k / 2 }
    let rowStart = ((j + 1) / 2) * pk + (j / 2) * (nz + 1)
    return planeStart + rowStart + (j & 1 == 1 ? k / 2 : k)
  }

  /// Coordinates of the lattice points along one axis, from the element corner positions.
  func axisCoordinates(_ corners: [Double]) -> [Double] {
    guard quadratic else { return corners }
    var l = [Double](repeating: 0, count: 2 * corners.count - 1)
    for a in 0..<corners.count {
      l[2 * a] = corners[a]
      if a + 1 < corners.count { l[2 * a + 1] = 0.5 * (corners[a] + corners[a + 1]) }
    }
    return l
  }
}
