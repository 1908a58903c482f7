import FECommon
import FEBasis
import FEKernel
import Foundation

/// The linear map from nodal displacements to displacements at measured points on
/// an observation surface: u(pᵢ) = Σ_a N_a(ξᵢ) u_a over the nodes of the face that
/// holds pᵢ.
///
/// Construction locates every point on the faces of a surface group (quad4, quad8,
/// tri3, tri6): a uniform bucket grid over the faces' bounding boxes gives the few
/// faces near a point (`SurfaceIndex`), and on each of them Newton's method finds
/// the closest point x(ξ, η) of the face (minimizing |x(ξ) − p|² over the
/// reference face). The nearest of these is the point's face; its shape functions at
/// (ξ, η) are the point's interpolation weights (Σ_a N_a = 1).
///
/// A point farther from the surface than 1% of the size of its nearest face (the
/// face's shortest corner-to-corner edge or √area, whichever is smaller) is off the
/// surface (the contract's "Fringe data: CSV"): bad input, or — with
/// `dropOffSurface` — skipped and counted in `droppedCount`.
///
/// Storage is CSR: kept point `i` (0-based among the kept points) has the entries
/// `rowStarts[i]..<rowStarts[i + 1]` of `nodeIndices` (dense node indices, the face's
/// nodes in Gmsh order) and `weights` (N_a(ξᵢ)). DOFs are `DOF.index(node:component:)`.
public struct ObservationOperator: Sendable {
  /// Number of kept (located) points.
  public private(set) var pointCount: Int
  /// Number of points dropped as off the surface (0 unless `dropOffSurface`).
  public private(set) var droppedCount: Int
  /// Index into the input `points` of each kept point, ascending.
  public private(set) var keptIndices: [Int]
  /// CSR row starts, `pointCount + 1` entries.
  public private(set) var rowStarts: [Int]
  /// Dense node index of each entry.
  public private(set) var nodeIndices: [Int]
  /// Shape-function value N_a(ξᵢ) of each entry.
  public private(set) var weights: [Double]
  /// Gmsh element tag of the face holding each kept point.
  public private(set) var elementTags: [Int]
  /// Reference coordinates (ξ, η) of each kept point in its face (Gmsh reference domain).
  public private(set) var referenceCoordinates: [SIMD2<Double>]
  /// The kept points projected onto the surface, x(ξᵢ), model length unit.
  public private(set) var projectedPoints: [SIMD3<Double>]
  /// Distance of each kept point from the surface, model length unit.
  public private(set) var distances: [Double]
  /// Face index (in the group's face order) of each kept point; for tests.
  var faceIndices: [Int]
  /// Kept points that lay off the surface (farther than 1e-9 of their face's size) and
  /// were projected onto it.
  public private(set) var projectedCount = 0
  /// The first few points dropped as off the surface (`dropOffSurface`), in input order.
  public private(set) var firstDropped = [DroppedPoint]()
  /// The largest distance of a dropped point from the surface (0 when none), model length unit.
  public private(set) var largestDroppedDistance = 0.0

  /// A point dropped as off the surface: its line in the data file and its distance.
  public struct DroppedPoint: Sendable, Equatable {
    public var line: Int
    public var distance: Double
    /// The tolerance it exceeded.
    public var tolerance: Double
  }

  /// For kept point i: the face's dense node indices, in Gmsh order.
  public var nodes: [[Int]] {
    (0..<pointCount).map { Array(nodeIndices[rowStarts[$0]..<rowStarts[$0 + 1]]) }
  }

  /// For kept point i: the shape-function weights N_a(ξᵢ) matching `nodes[i]` (Σ = 1).
  public var shapeWeights: [[Double]] {
    (0..<pointCount).map { Array(weights[rowStarts[$0]..<rowStarts[$0 + 1]]) }
  }

  /// Locates measured points on the faces of a surface group.
  ///
  /// `lines.count` must equal `points.count`, or a precondition failure occurs.
  /// - Parameters:
  ///   - mesh: the mesh; `group` names one of its surface groups.
  ///   - group: the observation group (`[observation] group`).
  ///   - points: the measured points, model length unit.
  ///   - lines: the 1-based line of each point in `source`, for messages.
  ///   - source: the data file as the user named it.
  ///   - dropOffSurface: skip (and count) points off the surface instead of throwing.
  ///   - groupLocation: where the group was named (the model's `[observation]`
  ///     table), for messages about the group; defaults to `source`.
  ///   - projectionTolerance: the distance (model length unit) within which a point is
  ///     projected onto the surface, when larger than 1% of the element size there (a
  ///     specimen a few µm off its nominal size: `[data] projection_tolerance`).
  /// - Throws: `InputError` naming `source:line`, the distance and the tolerance for
  ///   the first point off the surface (unless `dropOffSurface`); `InputError` at
  ///   `groupLocation` when the group is missing, not a surface, or has no faces.
  /// - Complexity: O(faces + points) for surfaces whose faces are of similar size;
  ///   the points are located in parallel.
  public init(
    mesh: Mesh, group: String, points: [SIMD3<Double>], lines: [Int], source: String,
    dropOffSurface: Bool, groupLocation: SourceLocation? = nil, projectionTolerance: Double? = nil
  ) throws {
    precondition(lines.count == points.count, "ObservationOperator: lines.count must equal points.count")
    let index = try SurfaceIndex(mesh: mesh, group: group, location: groupLocation ?? SourceLocation(file: source))
    let located = Self.locate(points, index: index)

    var kept = [Int](), starts = [0], nodeIdx = [Int](), w = [Double]()
    var tags = [Int](), xis = [SIMD2<Double>](), projected = [SIMD3<Double>](), dist = [Double](), faces = [Int]()
    var dropped = 0
    kept.reserveCapacity(points.count)
    var values = [Double](repeating: 0, count: 8), gradients = [Double](repeating: 0, count: 24)
    var projectedCount = 0, firstDropped = [DroppedPoint](), largestDropped = 0.0
    for (i, q) in located.enumerated() {
      let ownTolerance = 0.01 * index.sizes[q.face]
      let tolerance = max(ownTolerance, projectionTolerance ?? 0)
      guard q.distance <= tolerance else {
        if dropOffSurface {
          dropped += 1
          if firstDropped.count < 5 { firstDropped.append(DroppedPoint(line: lines[i], distance: q.distance, tolerance: tolerance)) }
          largestDropped = max(largestDropped, q.distance)
          continue
        }
        let p = points[i]
        let stated = tolerance > ownTolerance
          ? "the stated projection tolerance"
          : "1% of the element size there, \(Self.short(index.sizes[q.face]))"
        throw InputError(
          "point (\(p.x), \(p.y), \(p.z)) lies \(Self.short(q.distance)) from surface group \"\(group)\" (nearest face: element \(index.elementTags[q.face]), \(index.kinds[q.face])); expected within \(Self.short(tolerance)) (\(stated)), or --drop-off-surface to skip such points",
          at: SourceLocation(file: source, line: lines[i]))
      }
      if q.distance > 1e-9 * index.sizes[q.face] { projectedCount += 1 }
      let kind = index.kinds[q.face]
      values.withUnsafeMutableBufferPointer { v in
        gradients.withUnsafeMutableBufferPointer { g in
          ReferenceElement.evaluate(kind, at: SIMD3(q.xi.x, q.xi.y, 0), values: v, gradients: g)
        }
      }
      for a in 0..<kind.nodeCount {
        nodeIdx.append(index.faceNodes[8 * q.face + a])
        w.append(values[a])
      }
      starts.append(nodeIdx.count)
      kept.append(i)
      tags.append(index.elementTags[q.face])
      xis.append(q.xi)
      projected.append(q.point)
      dist.append(q.distance)
      faces.append(q.face)
    }
    pointCount = kept.count
    droppedCount = dropped
    keptIndices = kept
    rowStarts = starts
    nodeIndices = nodeIdx
    weights = w
    elementTags = tags
    referenceCoordinates = xis
    projectedPoints = projected
    distances = dist
    faceIndices = faces
    self.projectedCount = projectedCount
    self.firstDropped = firstDropped
    largestDroppedDistance = largestDropped
  }

  /// The nearest face of every point: the grid's nearby faces first, the ring search
  /// for the points not placed within tolerance.
  static func locate(_ points: [SIMD3<Double>], index: SurfaceIndex) -> [FaceProjection] {
    let placeholder = FaceProjection(face: 0, xi: .zero, point: .zero, distance: .infinity)
    var result = [FaceProjection](repeating: placeholder, count: points.count)
    let chunk = 2048
    let chunks = (points.count + chunk - 1) / chunk
    result.withUnsafeMutableBufferPointer { out in
      nonisolated(unsafe) let out = out
      let work: @Sendable (Int) -> Void = { c in
        withUnsafeTemporaryAllocation(of: Double.self, capacity: SurfaceIndex.scratchCount) { scratch in
          for i in (c * chunk)..<min(points.count, (c + 1) * chunk) {
            let p = points[i]
            if let q = index.nearestNearby(p, scratch: scratch), q.distance <= 0.01 * index.sizes[q.face] {
              out[i] = q
            } else {
              out[i] = index.nearestAnywhere(p, scratch: scratch)
            }
          }
        }
      }
      if chunks > 1 {
        DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
      } else if chunks == 1 {
        work(0)
      }
    }
    return result
  }

  /// Interpolated displacement component `component` at every kept point.
  ///
  /// `u` holds 3 values per node (DOF `3 * node + component`, model length unit).
  /// `component` must be 0, 1 or 2 and `u` must cover every node the operator uses,
  /// or a precondition failure occurs.
  /// - Returns: `pointCount` values, u_c(pᵢ) = Σ_a N_a(ξᵢ) u[3 a + c].
  public func interpolate(_ u: [Double], component: Int) -> [Double] {
    precondition((0..<3).contains(component), "ObservationOperator.interpolate: component must be 0, 1 or 2")
    var out = [Double](repeating: 0, count: pointCount)
    u.withUnsafeBufferPointer { u in
      for i in 0..<pointCount {
        var s = 0.0
        for k in rowStarts[i]..<rowStarts[i + 1] {
          s += weights[k] * u[DOF.index(node: nodeIndices[k], component: component)]
        }
        out[i] = s
      }
    }
    return out
  }

  /// Adds the transpose of `interpolate` applied to `w`: g[3 a + c] += Σᵢ wᵢ N_a(ξᵢ).
  ///
  /// Used by adjoints: ⟨interpolate(u, c), w⟩ = ⟨u, g⟩ for g = accumulateTranspose(w, c).
  /// `w.count` must equal `pointCount`, `component` must be 0, 1 or 2 and `g` must
  /// cover every node the operator uses, or a precondition failure occurs.
  public func accumulateTranspose(_ w: [Double], component: Int, into g: inout [Double]) {
    precondition(w.count == pointCount, "ObservationOperator.accumulateTranspose: w.count must equal pointCount")
    precondition((0..<3).contains(component), "ObservationOperator.accumulateTranspose: component must be 0, 1 or 2")
    g.withUnsafeMutableBufferPointer { g in
      for i in 0..<pointCount {
        let wi = w[i]
        for k in rowStarts[i]..<rowStarts[i + 1] {
          g[DOF.index(node: nodeIndices[k], component: component)] += wi * weights[k]
        }
      }
    }
  }

  /// Four significant digits, for messages.
  static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
