import FECommon
import FEBasis
import FEKernel

/// The faces of a surface group with a uniform bucket grid over their bounding boxes,
/// and the closest-point projection of a point onto one face.
///
/// Faces are quad4, quad8, tri3 or tri6 elements, numbered 0..<faceCount in the order
/// of `mesh.blocks(in: group)`. Each face's node coordinates are copied into a flat
/// array (stride 24: up to 8 nodes, 3 coordinates) so a projection touches one
/// contiguous run of memory.
///
/// The grid: a face is registered in every cell its *padded* bounding box overlaps.
/// The padding is the face's bulge bound (the sum of its mid-edge nodes' offsets
/// from their chord midpoints: a quadratic face is the linear/bilinear map of its
/// corners plus Σₑ Nₑ dₑ with 0 ≤ Nₑ ≤ 1, so it lies within that distance of its
/// corners' box) plus 2% of the face size, twice the off-surface tolerance. Hence
/// every face within tolerance of a point is registered in the point's cell.
struct SurfaceIndex: Sendable {
  /// Face kind of each face.
  var kinds: [ElementKind]
  /// Gmsh element tag of each face.
  var elementTags: [Int]
  /// Node indices, 8 slots per face (unused slots -1).
  var faceNodes: [Int]
  /// Node coordinates, 24 slots per face (`24 * face + 3 * localNode + axis`).
  var faceCoordinates: [Double]
  /// Size of each face: min(shortest corner-to-corner edge, √area), model length unit.
  var sizes: [Double]
  /// Padded bounding box of each face.
  var boxLo: [SIMD3<Double>]
  var boxHi: [SIMD3<Double>]
  /// Unpadded bounding box of the whole group (corners and mid-edge nodes).
  var groupLo: SIMD3<Double>
  var groupHi: SIMD3<Double>

  // The bucket grid.
  var gridLo: SIMD3<Double>
  var cellWidth: SIMD3<Double>
  var dims: SIMD3<Int>
  /// CSR: faces of cell `c` are `cellFaces[cellStart[c]..<cellStart[c + 1]]`, ascending.
  var cellStart: [Int]
  var cellFaces: [Int]

  var faceCount: Int { kinds.count }

  static let faceStride = 24

  /// Collects the faces of a surface group and builds the grid.
  ///
  /// - Throws: `InputError` at `location` when the group does not exist, is not a
  ///   surface group, or has no quad4/quad8/tri3/tri6 faces.
  init(mesh: Mesh, group name: String, location: SourceLocation) throws {
    let faces = try Self.collectFaces(mesh: mesh, group: name, location: location)
    kinds = faces.kinds
    elementTags = faces.tags
    faceNodes = faces.nodes
    faceCoordinates = faces.coordinates
    let boxes = Self.paddedBoxes(kinds: faces.kinds, coordinates: faces.coordinates)
    sizes = boxes.sizes
    boxLo = boxes.lo
    boxHi = boxes.hi
    groupLo = boxes.groupLo
    groupHi = boxes.groupHi
    (gridLo, cellWidth, dims) = Self.grid(lo: boxes.lo, hi: boxes.hi)
    cellStart = []
    cellFaces = []
    registerFaces()
  }

  /// The group's quad4/quad8/tri3/tri6 faces: kind, tag, 8 node slots and 24 coordinate
  /// slots each (unused slots -1 and 0).
  static func collectFaces(
    mesh: Mesh, group name: String, location: SourceLocation
  ) throws -> (kinds: [ElementKind], tags: [Int], nodes: [Int], coordinates: [Double]) {
    guard let group = mesh.group(named: name) else {
      let surfaces = mesh.physicalGroups.filter { $0.dimension == 2 }.map { "\"\($0.name)\"" }
      throw InputError(
        "observation group \"\(name)\" is not in the mesh; expected a surface group (\(surfaces.isEmpty ? "the mesh has none" : surfaces.joined(separator: ", ")))",
        at: location)
    }
    guard group.dimension == 2 else {
      throw InputError(
        "observation group \"\(name)\" has dimension \(group.dimension); expected a surface group (dimension 2)",
        at: location)
    }
    var kinds = [ElementKind](), tags = [Int](), nodes = [Int](), coords = [Double]()
    for block in mesh.blocks(in: group) {
      guard [.quad4, .quad8, .tri3, .tri6].contains(block.kind) else { continue }
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        kinds.append(block.kind)
        tags.append(block.elementTags[e])
        let conn = block.nodes(of: e)
        for k in 0..<8 {
          let node = k < n ? conn[conn.startIndex + k] : -1
          nodes.append(node)
          for axis in 0..<3 { coords.append(node >= 0 ? mesh.coordinates[3 * node + axis] : 0) }
        }
      }
    }
    guard !kinds.isEmpty else {
      throw InputError(
        "observation group \"\(name)\" has no faces; expected quad4, quad8, tri3 or tri6 elements", at: location)
    }
    return (kinds, tags, nodes, coords)
  }

  /// Each face's size and padded bounding box (see the type's discussion), and the
  /// unpadded box of the whole group.
  static func paddedBoxes(kinds: [ElementKind], coordinates coords: [Double]) -> (
    sizes: [Double], lo: [SIMD3<Double>], hi: [SIMD3<Double>], groupLo: SIMD3<Double>, groupHi: SIMD3<Double>
  ) {
    var sizes = [Double](), lo = [SIMD3<Double>](), hi = [SIMD3<Double>]()
    sizes.reserveCapacity(kinds.count)
    var gLo = SIMD3<Double>(repeating: .infinity), gHi = SIMD3<Double>(repeating: -.infinity)
    for f in 0..<kinds.count {
      let kind = kinds[f]
      func x(_ a: Int) -> SIMD3<Double> {
        let o = Self.faceStride * f + 3 * a
        return SIMD3(coords[o], coords[o + 1], coords[o + 2])
      }
      let corners = (kind == .quad4 || kind == .quad8) ? 4 : 3
      var shortest = Double.infinity
      var bLo = x(0), bHi = x(0)
      for a in 0..<corners {
        shortest = min(shortest, faceLength(x((a + 1) % corners) - x(a)))
        bLo = pointwiseMin(bLo, x(a)); bHi = pointwiseMax(bHi, x(a))
      }
      let area = corners == 4
        ? 0.5 * faceLength(cross(x(2) - x(0), x(3) - x(1)))
        : 0.5 * faceLength(cross(x(1) - x(0), x(2) - x(0)))
      let size = min(shortest, area.squareRoot())
      var bulge = 0.0
      for (e, (a, b)) in ReferenceElement.edges(of: kind).enumerated() where kind.isQuadratic {
        let m = x(corners + e)
        bulge += faceLength(m - 0.5 * (x(a) + x(b)))
        gLo = pointwiseMin(gLo, m); gHi = pointwiseMax(gHi, m)
      }
      gLo = pointwiseMin(gLo, bLo); gHi = pointwiseMax(gHi, bHi)
      let pad = bulge + 0.02 * size
      sizes.append(size)
      lo.append(bLo - SIMD3(repeating: pad))
      hi.append(bHi + SIMD3(repeating: pad))
    }
    return (sizes, lo, hi, gLo, gHi)
  }

  /// The bucket grid over the padded boxes: cell width about the mean face box extent,
  /// widened until there are at most ~4 cells per face.
  static func grid(lo: [SIMD3<Double>], hi: [SIMD3<Double>]) -> (lo: SIMD3<Double>, width: SIMD3<Double>, dims: SIMD3<Int>) {
    var allLo = lo[0], allHi = hi[0]
    var meanExtent = 0.0
    for f in lo.indices {
      allLo = pointwiseMin(allLo, lo[f]); allHi = pointwiseMax(allHi, hi[f])
      meanExtent += (hi[f] - lo[f]).max()
    }
    meanExtent /= Double(lo.count)
    let extent = allHi - allLo
    var h = max(meanExtent, 1e-300)
    func dimsFor(_ h: Double) -> SIMD3<Int> {
      SIMD3(
        max(1, min(1 << 20, Int((extent.x / h).rounded(.up)))),
        max(1, min(1 << 20, Int((extent.y / h).rounded(.up)))),
        max(1, min(1 << 20, Int((extent.z / h).rounded(.up)))))
    }
    var d = dimsFor(h)
    let maxCells = 4 * lo.count + 64
    while d.x * d.y * d.z > maxCells {
      h *= 1.5
      d = dimsFor(h)
    }
    let width = SIMD3(
      extent.x > 0 ? extent.x / Double(d.x) : 1, extent.y > 0 ? extent.y / Double(d.y) : 1,
      extent.z > 0 ? extent.z / Double(d.z) : 1)
    return (allLo, width, d)
  }

  /// Registers every face in each cell its padded box overlaps (CSR, faces ascending).
  mutating func registerFaces() {
    let cellCount = dims.x * dims.y * dims.z
    var counts = [Int](repeating: 0, count: cellCount + 1)
    func range(_ f: Int) -> (SIMD3<Int>, SIMD3<Int>) { (cellCoordinates(boxLo[f]), cellCoordinates(boxHi[f])) }
    for f in 0..<faceCount {
      let (a, b) = range(f)
      for k in a.z...b.z { for j in a.y...b.y { for i in a.x...b.x { counts[cellID(SIMD3(i, j, k)) + 1] += 1 } } }
    }
    for c in 0..<cellCount { counts[c + 1] += counts[c] }
    var fill = counts
    var faces = [Int](repeating: 0, count: counts[cellCount])
    for f in 0..<faceCount {
      let (a, b) = range(f)
      for k in a.z...b.z { for j in a.y...b.y { for i in a.x...b.x {
        let c = cellID(SIMD3(i, j, k))
        faces[fill[c]] = f
        fill[c] += 1
      } } }
    }
    cellStart = counts
    cellFaces = faces
  }

  /// The (clamped) cell of a point.
  func cellCoordinates(_ p: SIMD3<Double>) -> SIMD3<Int> {
    var c = SIMD3<Int>()
    for axis in 0..<3 {
      let t = ((p[axis] - gridLo[axis]) / cellWidth[axis]).rounded(.down)
      c[axis] = t.isFinite ? max(0, min(dims[axis] - 1, Int(max(-1, min(Double(dims[axis]), t))))) : 0
    }
    return c
  }

  func cellID(_ c: SIMD3<Int>) -> Int { (c.z * dims.y + c.y) * dims.x + c.x }

  func boxContains(_ f: Int, _ p: SIMD3<Double>) -> Bool {
    all(p .>= boxLo[f]) && all(p .<= boxHi[f])
  }

  /// The closest point of the surface to `p` among the faces registered in `p`'s
  /// cell whose padded box contains `p`, or `nil` when there is none.
  ///
  /// Finds every face within 2% of its size of `p` (see the type's discussion); ties
  /// go to the lowest face index.
  func nearestNearby(_ p: SIMD3<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> FaceProjection? {
    guard all(p .>= gridLo) && all(p .<= gridLo + cellWidth * SIMD3<Double>(dims)) else { return nil }
    let c = cellID(cellCoordinates(p))
    var best: FaceProjection?
    for slot in cellStart[c]..<cellStart[c + 1] {
      let f = cellFaces[slot]
      guard boxContains(f, p) else { continue }
      let q = project(p, onto: f, scratch: scratch)
      if best == nil || q.distance < best!.distance { best = q }
    }
    return best
  }

  /// The closest point of the whole surface to `p`, by a search over rings of cells
  /// around `p`'s (clamped) cell, stopping once no unvisited face can be closer.
  ///
  /// Used for points that `nearestNearby` does not place within tolerance (the error
  /// and drop path), so that the reported distance is the true one.
  func nearestAnywhere(_ p: SIMD3<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> FaceProjection {
    var visited = Set<Int>()
    var best: FaceProjection?
    let c = cellCoordinates(p)
    // Cells not yet visited after ring k differ by at least k + 1 along an axis with
    // more than one cell: they are at least k times that axis's cell width away.
    var hMin = Double.infinity
    for axis in 0..<3 where dims[axis] > 1 { hMin = min(hMin, cellWidth[axis]) }
    let maxRing = max(dims.x, dims.y, dims.z)
    let gridHi = gridLo + cellWidth * SIMD3<Double>(dims)
    let outside = faceLength(p - pointwiseMin(pointwiseMax(p, gridLo), gridHi))
    for k in 0...maxRing {
      let lo = pointwiseMax(c &- k, SIMD3(repeating: 0))
      let hi = pointwiseMin(c &+ k, dims &- 1)
      for kz in lo.z...hi.z { for ky in lo.y...hi.y { for kx in lo.x...hi.x {
        let cell = SIMD3(kx, ky, kz)
        guard (cell &- c).abs().max() == k else { continue }
        let id = cellID(cell)
        for slot in cellStart[id]..<cellStart[id + 1] {
          let f = cellFaces[slot]
          guard visited.insert(f).inserted else { continue }
          let q = project(p, onto: f, scratch: scratch)
          if best == nil || q.distance < best!.distance || (q.distance == best!.distance && f < best!.face) {
            best = q
          }
        }
      } } }
      // Faces not yet visited lie in cells at ring ≥ k + 1, at least k·hMin from p′,
      // the point of the grid box nearest p; and since the box is convex,
      // |p − q|² ≥ |p − p′|² + |p′ − q|² for every q in it.
      let bound = (outside * outside + Double(k) * Double(k) * hMin * hMin).squareRoot()
      if let b = best, k >= maxRing - 1 || b.distance <= bound { break }
    }
    return best!
  }

  /// The closest point over every face, by scanning them all (for tests).
  func nearestBruteForce(_ p: SIMD3<Double>, scratch: UnsafeMutableBufferPointer<Double>) -> FaceProjection {
    var best = project(p, onto: 0, scratch: scratch)
    for f in 1..<faceCount {
      let q = project(p, onto: f, scratch: scratch)
      if q.distance < best.distance { best = q }
    }
    return best
  }

  /// Scratch size for `project` and `evaluate`: values (8) and gradients (24).
  static let scratchCount = 32
}

/// The closest point of one face to a point.
struct FaceProjection: Sendable {
  /// Face index in the `SurfaceIndex`.
  var face: Int
  /// Reference coordinates (ξ, η) in the face kind's Gmsh reference domain.
  var xi: SIMD2<Double>
  /// The closest point x(ξ, η).
  var point: SIMD3<Double>
  /// |x(ξ, η) − p|.
  var distance: Double
}

extension SIMD3 where Scalar == Int {
  fileprivate func abs() -> SIMD3<Int> { SIMD3(Swift.abs(x), Swift.abs(y), Swift.abs(z)) }
}

@inline(__always) private func faceDot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }
@inline(__always) private func faceLength(_ a: SIMD3<Double>) -> Double { faceDot(a, a).squareRoot() }

// MARK: - Closest point on one face

extension SurfaceIndex {
  /// The face map and its tangents at ξ: x(ξ) = Σ_a N_a(ξ) x_a, ∂x/∂ξ, ∂x/∂η.
  ///
  /// Leaves the shape-function values N_a(ξ) in `scratch[0..<8]`.
  @inline(__always)
  func evaluate(
    _ f: Int, at xi: SIMD2<Double>, scratch: UnsafeMutableBufferPointer<Double>
  ) -> (x: SIMD3<Double>, tx: SIMD3<Double>, ty: SIMD3<Double>) {
    let kind = kinds[f]
    let n = kind.nodeCount
    let values = UnsafeMutableBufferPointer(rebasing: scratch[0..<8])
    let gradients = UnsafeMutableBufferPointer(rebasing: scratch[8..<32])
    ReferenceElement.evaluate(kind, at: SIMD3(xi.x, xi.y, 0), values: values, gradients: gradients)
    var x = SIMD3<Double>(), tx = SIMD3<Double>(), ty = SIMD3<Double>()
    faceCoordinates.withUnsafeBufferPointer { c in
      let base = Self.faceStride * f
      for a in 0..<n {
        let p = SIMD3(c[base + 3 * a], c[base + 3 * a + 1], c[base + 3 * a + 2])
        x += values[a] * p
        tx += gradients[3 * a] * p
        ty += gradients[3 * a + 1] * p
      }
    }
    return (x, tx, ty)
  }

  /// The linear constraints a·ξ ≤ b that describe a face kind's reference domain:
  /// [-1, 1]² for quadrilaterals, the unit simplex for triangles.
  @inline(__always)
  static func constraints(_ kind: ElementKind) -> [(a: SIMD2<Double>, b: Double)] {
    switch kind {
    case .quad4, .quad8: return quadConstraints
    default: return triangleConstraints
    }
  }
  static let quadConstraints: [(a: SIMD2<Double>, b: Double)] = [
    (SIMD2(1, 0), 1), (SIMD2(-1, 0), 1), (SIMD2(0, 1), 1), (SIMD2(0, -1), 1),
  ]
  static let triangleConstraints: [(a: SIMD2<Double>, b: Double)] = [
    (SIMD2(-1, 0), 0), (SIMD2(0, -1), 0), (SIMD2(1, 1), 1),
  ]

  /// The reference centroid of a face kind: (0, 0) for quadrilaterals, (1/3, 1/3) for triangles.
  static func centroid(_ kind: ElementKind) -> SIMD2<Double> {
    (kind == .quad4 || kind == .quad8) ? SIMD2(0, 0) : SIMD2(1.0 / 3, 1.0 / 3)
  }

  /// The closest point of face `f` to `p`: minimizes φ(ξ) = ½|x(ξ) − p|² over the
  /// reference face by Newton's method with an active set.
  ///
  /// Each step solves H Δξ = −∇φ with ∇φ = Jᵀr, H = JᵀJ + Σ rᵢ ∂²xᵢ/∂ξ∂ξ,
  /// r = x(ξ) − p, J = [∂x/∂ξ ∂x/∂η] (the curvature term is computed only when |r|
  /// is not negligible; where H is not positive definite JᵀJ is used, the
  /// Gauss–Newton step). The second derivatives come from central differences of the
  /// tangents with step ½, which are exact for these kinds: every tangent is at most
  /// quadratic along each reference axis. A step that would leave the reference face
  /// through a constraint the iterate already lies on is replaced by the 1-D Newton
  /// step along that edge; any step is then cut where it meets the boundary, and
  /// halved while φ increases. Converges when the step is below 1e-15 (reference
  /// units), in 40 steps at most; the returned point is always a point of the face,
  /// so the distance is an upper bound of the true one even without convergence.
  func project(_ p: SIMD3<Double>, onto f: Int, scratch: UnsafeMutableBufferPointer<Double>) -> FaceProjection {
    let kind = kinds[f]
    let cons = Self.constraints(kind)
    let curvatureThreshold = 1e-9 * sizes[f]
    var xi = Self.centroid(kind)
    var (x, tx, ty) = evaluate(f, at: xi, scratch: scratch)
    var r = x - p
    var phi = 0.5 * faceDot(r, r)
    for _ in 0..<40 {
      let g = SIMD2(faceDot(tx, r), faceDot(ty, r))
      var h11 = faceDot(tx, tx), h12 = faceDot(tx, ty), h22 = faceDot(ty, ty)
      if r.x * r.x + r.y * r.y + r.z * r.z > curvatureThreshold * curvatureThreshold {
        let s = 0.5
        let xp = evaluate(f, at: xi + SIMD2(s, 0), scratch: scratch)
        let xm = evaluate(f, at: xi - SIMD2(s, 0), scratch: scratch)
        let yp = evaluate(f, at: xi + SIMD2(0, s), scratch: scratch)
        let ym = evaluate(f, at: xi - SIMD2(0, s), scratch: scratch)
        let xss = (xp.tx - xm.tx) / (2 * s)
        let xst = (yp.tx - ym.tx) / (2 * s)
        let xtt = (yp.ty - ym.ty) / (2 * s)
        let c11 = h11 + faceDot(r, xss), c12 = h12 + faceDot(r, xst), c22 = h22 + faceDot(r, xtt)
        if c11 > 0 && c22 > 0 && c11 * c22 - c12 * c12 > 1e-12 * c11 * c22 {
          h11 = c11; h12 = c12; h22 = c22
        }
      }
      let det = h11 * h22 - h12 * h12
      guard det > 0 else { break }  // a degenerate face: keep the current point
      var d = SIMD2(-(h22 * g.x - h12 * g.y) / det, -(h11 * g.y - h12 * g.x) / det)
      // Constraints the iterate lies on, as a bit set (no allocation in this loop).
      var onBoundary = 0
      for k in cons.indices where (cons[k].a * xi).sum() >= cons[k].b - 1e-14 { onBoundary |= 1 << k }
      func allowed(_ step: SIMD2<Double>) -> Bool {
        for k in cons.indices where onBoundary & (1 << k) != 0 && (cons[k].a * step).sum() > 1e-15 { return false }
        return true
      }
      if onBoundary != 0 && !allowed(d) {
        // Active constraints the Newton step would cross: move along the edge instead.
        var edgeStep = SIMD2<Double>()
        for k in cons.indices where onBoundary & (1 << k) != 0 {
          let t = SIMD2(-cons[k].a.y, cons[k].a.x)
          let tht = t.x * (h11 * t.x + h12 * t.y) + t.y * (h12 * t.x + h22 * t.y)
          guard tht > 0 else { continue }
          let candidate = -((t * g).sum() / tht) * t
          if allowed(candidate) {
            edgeStep = candidate
            break
          }
        }
        d = edgeStep
      }
      // Cut the step at the boundary.
      var alpha = 1.0
      for c in cons {
        let ad = (c.a * d).sum()
        if ad > 0 { alpha = min(alpha, max(0, c.b - (c.a * xi).sum()) / ad) }
      }
      var accepted = false
      for _ in 0..<30 {
        let step = alpha * d
        if abs(step.x) < 1e-15 && abs(step.y) < 1e-15 { break }
        let trial = xi + step
        let e = evaluate(f, at: trial, scratch: scratch)
        let rt = e.x - p
        let phiT = 0.5 * faceDot(rt, rt)
        if phiT <= phi * (1 + 1e-12) + 1e-300 {
          xi = trial; x = e.x; tx = e.tx; ty = e.ty; r = rt; phi = phiT
          accepted = true
          break
        }
        alpha *= 0.5
      }
      if !accepted { break }
      if abs(alpha * d.x) < 1e-15 && abs(alpha * d.y) < 1e-15 { break }
    }
    return FaceProjection(face: f, xi: xi, point: x, distance: faceLength(r))
  }
}
