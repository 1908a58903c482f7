import Foundation
import FECommon
import FEBasis
import FEKernel

/// A free edge of one ply interface, found from the mesh: the line where the interface
/// plane meets the part's free boundary (a straight coupon edge, a hole's bore, a notch),
/// as a chain of element edges.
///
/// The path runs with the material on its left seen from +z: with t the unit tangent
/// in the direction of travel and n the outward in-plane normal of the free face,
/// n = t × e_z. Each segment is an element edge lying on the interface and on the free
/// surface, with the elements of the ply below and above that have it as an edge (so
/// the tractions are evaluated in those elements at the edge's own reference
/// coordinates, on the curved bore of a quadratic mesh too).
public struct FreeEdgePath: Sendable {
  /// One element of a segment: the element (global volume number) and the local corner
  /// indices of the segment's start and end.
  public struct Incidence: Sendable, Equatable {
    public var element: Int
    public var start: Int
    public var end: Int
  }

  public struct Segment: Sendable {
    /// The corner nodes (dense indices) at the start and end, in the path's direction.
    public var start: Int
    public var end: Int
    public var below: [Incidence]
    public var above: [Incidence]
  }

  /// The physical surface group holding most of the path's free faces, or
  /// `free_edge` (with a number when several paths share a name on one interface).
  public var name: String
  /// 1-based: between ply k and k + 1 from the bottom.
  public var interface: Int
  public var z: Double
  /// A loop (a hole's bore, a cut-out).
  public var closed: Bool
  public var segments: [Segment]
}

/// Finds the free edges of every ply interface (`FreeEdgePath`).
///
/// 1. Boundary faces: faces of exactly one volume element (matched by their corner nodes).
/// 2. Free faces: boundary faces not lying in an excluded group (all their corners in
///    one such group's nodes): the loaded, clamped and (unless asked) observed groups.
/// 3. Side faces: the face's normal at most 45° from the laminate plane (|n_z| < 0.7),
///    which leaves out the top and bottom surfaces.
/// 4. Segments: edges of side faces whose two corners lie on an interface plane
///    (within 1e-6 of the laminate thickness).
/// 5. Paths: segments chained through shared corners, oriented with the material on the
///    left, and split where the path turns by more than 45° between two segments (the
///    corners of a rectangular part or cut-out; a bore meshed with at least 8 segments is
///    one path).
public enum FreeEdges {
  /// The turn between two segments above which a path is split, radians.
  public static let splitAngle = Double.pi / 4

  public static func find(field: InterlaminarField, excluding excluded: [PhysicalGroup]) -> [FreeEdgePath] {
    let elements = field.elements
    let mesh = elements.mesh
    let stack = field.stack
    var position = [Int](repeating: 0, count: field.stack.plies.map(\.modelPly).max().map { $0 + 1 } ?? 0)
    for (k, ply) in stack.plies.enumerated() { position[ply.modelPly] = k + 1 }
    func plyPosition(_ e: Int) -> Int {
      let p = field.elementPly[e] - 1
      return p < position.count ? position[p] : 0
    }
    let tolerance = 1e-6 * max(stack.thickness, .leastNormalMagnitude)

    // 1. Boundary faces by their sorted corners.
    struct FaceKey: Hashable { var a: Int, b: Int, c: Int, d: Int }
    func key(_ corners: [Int]) -> FaceKey {
      let s = corners.sorted()
      return FaceKey(a: s[0], b: s[1], c: s[2], d: s.count > 3 ? s[3] : -1)
    }
    var faceCount = [FaceKey: Int]()
    var owner = [FaceKey: (element: Int, corners: [Int])]()
    for e in 0..<elements.count {
      let kind = elements.kind(of: e)
      let nodes = Array(elements.nodes(of: e))
      for face in ReferenceElement.faces(of: kind) {
        let cornerCount = face.kind == .tri3 || face.kind == .tri6 ? 3 : 4
        let corners = face.localNodes.prefix(cornerCount).map { nodes[$0] }
        let k = key(corners)
        faceCount[k, default: 0] += 1
        owner[k] = (e, corners)
      }
    }
    let excludedSets = excluded.map { Set(mesh.nodes(in: $0)) }
    let excludedNames = Set(excluded.map(\.name))
    let namedSurfaces = mesh.physicalGroups.filter { $0.dimension == 2 && !excludedNames.contains($0.name) }
      .sorted { $0.tag < $1.tag }
      .map { ($0.name, Set(mesh.nodes(in: $0))) }

    // 2.–4. Segments per interface, with the name votes of their faces.
    struct SegmentKey: Hashable { var a: Int, b: Int }
    var segmentVotes = [Int: [SegmentKey: [String: Int]]]()
    var segmentOwner = [Int: [SegmentKey: Int]]()
    for (k, count) in faceCount where count == 1 {
      guard let (e, corners) = owner[k] else { continue }
      if excludedSets.contains(where: { set in corners.allSatisfy { set.contains($0) } }) { continue }
      let p = corners.map { mesh.point($0) }
      var normal = cross(p[1] - p[0], p[2] - p[0])
      if p.count == 4 { normal = cross(p[2] - p[0], p[3] - p[1]) }
      let length = (normal * normal).sum().squareRoot()
      guard length > 0, abs(normal.z) < 0.7 * length else { continue }
      let name = namedSurfaces.first { $0.1.isSuperset(of: corners) }?.0
      let ply = plyPosition(e)
      guard ply > 0 else { continue }
      for i in corners.indices {
        let a = corners[i], b = corners[(i + 1) % corners.count]
        let za = mesh.point(a).z, zb = mesh.point(b).z
        guard abs(za - zb) <= tolerance else { continue }
        var interface = 0
        if ply < stack.plies.count, abs(za - stack.plies[ply - 1].zTop) <= tolerance { interface = ply }
        if ply > 1, abs(za - stack.plies[ply - 1].zBottom) <= tolerance { interface = ply - 1 }
        guard interface > 0 else { continue }
        let s = SegmentKey(a: min(a, b), b: max(a, b))
        if let name { segmentVotes[interface, default: [:]][s, default: [:]][name, default: 0] += 1 }
        else { segmentVotes[interface, default: [:]][s, default: [:]] = segmentVotes[interface]?[s] ?? [:] }
        if ply == interface { segmentOwner[interface, default: [:]][s] = e }
        else if segmentOwner[interface]?[s] == nil { segmentOwner[interface, default: [:]][s] = e }
      }
    }

    // Elements having each segment as an edge.
    var wanted = Set<SegmentKey>()
    for (_, votes) in segmentVotes { wanted.formUnion(votes.keys) }
    var incidences = [SegmentKey: [(element: Int, a: Int, b: Int)]]()
    for e in 0..<elements.count {
      let kind = elements.kind(of: e)
      let nodes = Array(elements.nodes(of: e))
      for (i, j) in ReferenceElement.edges(of: kind) {
        let s = SegmentKey(a: min(nodes[i], nodes[j]), b: max(nodes[i], nodes[j]))
        guard wanted.contains(s) else { continue }
        incidences[s, default: []].append(nodes[i] < nodes[j] ? (e, i, j) : (e, j, i))
      }
    }

    // 5. Chains.
    var paths = [FreeEdgePath]()
    for interface in segmentVotes.keys.sorted() {
      let votes = segmentVotes[interface]!
      var adjacency = [Int: [SegmentKey]]()
      for s in votes.keys {
        adjacency[s.a, default: []].append(s)
        adjacency[s.b, default: []].append(s)
      }
      var used = Set<SegmentKey>()
      var chains = [(nodes: [Int], closed: Bool)]()
      func walk(from start: Int) -> [Int] {
        var chain = [start]
        var node = start
        while let next = adjacency[node]?.first(where: { !used.contains($0) }), adjacency[node]!.count <= 2 || chain.count == 1 {
          used.insert(next)
          node = next.a == node ? next.b : next.a
          chain.append(node)
          if node == start { break }
        }
        return chain
      }
      // Open chains from their ends (or from a branch point), in a fixed node order.
      for node in adjacency.keys.sorted() where adjacency[node]!.count != 2 {
        while adjacency[node]!.contains(where: { !used.contains($0) }) {
          chains.append((walk(from: node), false))
        }
      }
      for s in votes.keys.sorted(by: { ($0.a, $0.b) < ($1.a, $1.b) }) where !used.contains(s) {
        let chain = walk(from: s.a)
        chains.append((chain, chain.count > 2 && chain.first == chain.last))
      }
      var named = [FreeEdgePath]()
      for (nodes, closed) in chains {
        for piece in split(nodes, closed: closed, mesh: mesh) {
          var segments = [FreeEdgePath.Segment]()
          var tally = [String: Int]()
          for (a, b) in zip(piece.nodes, piece.nodes.dropFirst()) {
            let s = SegmentKey(a: min(a, b), b: max(a, b))
            for (n, c) in votes[s] ?? [:] { tally[n, default: 0] += c }
            var below = [FreeEdgePath.Incidence](), above = [FreeEdgePath.Incidence]()
            for inc in incidences[s] ?? [] {
              let (start, end) = a < b ? (inc.a, inc.b) : (inc.b, inc.a)
              let i = FreeEdgePath.Incidence(element: inc.element, start: start, end: end)
              let p = plyPosition(inc.element)
              if p == interface { below.append(i) } else if p == interface + 1 { above.append(i) }
            }
            segments.append(FreeEdgePath.Segment(start: a, end: b, below: below, above: above))
          }
          guard !segments.isEmpty, segments.allSatisfy({ !$0.below.isEmpty && !$0.above.isEmpty }) else { continue }
          let name = tally.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "free_edge"
          var path = FreeEdgePath(
            name: name, interface: interface, z: stack.interfaceZ(interface), closed: piece.closed, segments: segments)
          orient(&path, field: field)
          named.append(path)
        }
      }
      // Distinct names on one interface: a second path of the same group gets _2, …
      var seen = [String: Int]()
      for i in named.indices {
        let n = named[i].name
        seen[n, default: 0] += 1
        let total = named.filter { $0.name == n }.count
        if total > 1 || n == "free_edge" { named[i].name = "\(n)_\(seen[n]!)" }
      }
      paths += named
    }
    return paths
  }

  /// Cuts a chain of corner nodes where it turns by more than `splitAngle`.
  static func split(_ nodes: [Int], closed: Bool, mesh: Mesh) -> [(nodes: [Int], closed: Bool)] {
    guard nodes.count > 2 else { return [(nodes, false)] }
    func direction(_ i: Int) -> SIMD3<Double> {
      let d = mesh.point(nodes[i + 1]) - mesh.point(nodes[i])
      return d / (d * d).sum().squareRoot()
    }
    let segmentCount = nodes.count - 1
    var corners = [Int]()  // indices into nodes where the path turns sharply
    let range = closed ? 0..<segmentCount : 1..<segmentCount
    for i in range {
      let before = direction((i - 1 + segmentCount) % segmentCount), after = direction(i)
      let c = max(-1, min(1, (before * after).sum()))
      if acos(c) > splitAngle { corners.append(i) }
    }
    if corners.isEmpty { return [(nodes, closed)] }
    var ring = nodes
    if closed {
      // Start at the first corner so the loop is cut only at corners.
      let first = corners[0]
      ring = Array(nodes[first..<segmentCount]) + Array(nodes[0...first])
      corners = corners.map { ($0 - first + segmentCount) % segmentCount } + [segmentCount]
    } else {
      corners = [0] + corners + [segmentCount]
    }
    var pieces = [(nodes: [Int], closed: Bool)]()
    for (a, b) in zip(corners, corners.dropFirst()) where b > a { pieces.append((Array(ring[a...b]), false)) }
    return pieces
  }

  /// Reverses a path if the material is on its right (the outward normal must be t × e_z).
  static func orient(_ path: inout FreeEdgePath, field: InterlaminarField) {
    let mesh = field.elements.mesh
    guard let first = path.segments.first, let inc = first.below.first else { return }
    let a = mesh.point(first.start), b = mesh.point(first.end)
    let mid = 0.5 * (a + b)
    let nodes = field.elements.nodes(of: inc.element)
    var centroid = SIMD3<Double>.zero
    for n in nodes { centroid += mesh.point(n) }
    centroid /= Double(nodes.count)
    let t = b - a
    let n = SIMD3(t.y, -t.x, 0)  // t × e_z
    let outward = mid - centroid
    if n.x * outward.x + n.y * outward.y < 0 {
      path.segments = path.segments.reversed().map { s in
        FreeEdgePath.Segment(
          start: s.end, end: s.start,
          below: s.below.map { .init(element: $0.element, start: $0.end, end: $0.start) },
          above: s.above.map { .init(element: $0.element, start: $0.end, end: $0.start) })
      }
    }
  }
}
