import FECommon
import FEKernel
import FeinvertTestSupport
import Testing

@testable import LaminateFit

/// Points a few µm off the observed surface (a specimen not exactly its nominal size):
/// projected within a stated tolerance, with the count and the largest distance; beyond
/// it, refused or dropped with a count and the first few lines.
@Suite("Observation: projection of off-surface points")
struct ObservationProjectionTests {
  /// The ymax face of a 2 × 1 × 0.5 mm box (hex8 cells 0.5 × 1/3 × 0.25: 1% of the face
  /// size is 2.5 µm), and a 5 × 3 grid of points measured on a specimen 5 µm wider.
  func setup() -> (mesh: Mesh, points: [SIMD3<Double>], lines: [Int]) {
    let mesh = TestMeshes.box(.hex8, n: (4, 3, 2), size: SIMD3(2, 1, 0.5), distortion: 0)
    var points = [SIMD3<Double>]()
    for i in 0..<5 { for k in 0..<3 { points.append(SIMD3(0.2 + 0.4 * Double(i), 1.005, 0.05 + 0.2 * Double(k))) } }
    return (mesh, points, Array(10..<(10 + points.count)))
  }

  @Test func fiveMicronWidthMismatch() throws {
    let (mesh, points, lines) = setup()
    // Without a stated tolerance the first point is refused at its line.
    do {
      _ = try ObservationOperator(mesh: mesh, group: "ymax", points: points, lines: lines, source: "d.csv", dropOffSurface: false)
      Issue.record("points 5 µm off a face 0.25 mm in size were accepted")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("d.csv:10: point (0.2, 1.005, 0.05) lies 0.005 from surface group \"ymax\""), "\(e)")
      #expect(e.message.contains("expected within 0.0025 (1% of the element size there, 0.25)"))
    }
    // Dropping them says how many, the largest distance, and the first five lines.
    let dropped = try ObservationOperator(mesh: mesh, group: "ymax", points: points, lines: lines, source: "d.csv", dropOffSurface: true)
    #expect(dropped.pointCount == 0 && dropped.droppedCount == 15)
    #expect(dropped.firstDropped.map(\.line) == [10, 11, 12, 13, 14])
    // Distances to a flat face: exact to rounding of 1.005 - 1 (1e-15 relative to 1).
    #expect(abs(dropped.largestDroppedDistance - 0.005) < 1e-14)
    let dropNote = dropped.surfaceNotes(group: "ymax", source: "d.csv", unit: "mm")
    #expect(dropNote == ["d.csv: 15 points dropped (--drop-off-surface) as farther from surface group \"ymax\" than the tolerance (largest distance 0.005 mm); first: line 10 (0.005 mm away, tolerance 0.0025), line 11 (0.005 mm away, tolerance 0.0025), line 12 (0.005 mm away, tolerance 0.0025), line 13 (0.005 mm away, tolerance 0.0025), line 14 (0.005 mm away, tolerance 0.0025), ..."])
    // A stated tolerance of 10 µm: every point projected onto y = 1, counted.
    let op = try ObservationOperator(
      mesh: mesh, group: "ymax", points: points, lines: lines, source: "d.csv", dropOffSurface: false, projectionTolerance: 0.01)
    #expect(op.pointCount == 15 && op.droppedCount == 0 && op.projectedCount == 15)
    #expect(abs(op.largestDistance - 0.005) < 1e-14)
    for (p, q) in zip(points, op.projectedPoints) {
      #expect(abs(q.y - 1) < 1e-14 && abs(q.x - p.x) < 1e-14 && abs(q.z - p.z) < 1e-14)
    }
    #expect(op.surfaceNotes(group: "ymax", source: "d.csv", unit: "mm")
      == ["d.csv: 15 of 15 points lay off surface group \"ymax\" and were projected onto it (largest distance 0.005 mm)"])
    // Points on the surface are not counted as projected.
    let on = try ObservationOperator(
      mesh: mesh, group: "ymax", points: points.map { SIMD3($0.x, 1, $0.z) }, lines: lines, source: "d.csv",
      dropOffSurface: false, projectionTolerance: 0.01)
    #expect(on.projectedCount == 0 && on.surfaceNotes(group: "ymax", source: "d.csv", unit: "mm").isEmpty)
    // A point beyond the stated tolerance is still refused, naming that tolerance.
    var far = points
    far[3].y = 1.02
    do {
      _ = try ObservationOperator(mesh: mesh, group: "ymax", points: far, lines: lines, source: "d.csv", dropOffSurface: false,
                                  projectionTolerance: 0.01)
      Issue.record("a point 20 µm off was accepted under a 10 µm tolerance")
    } catch let e as InputError {
      #expect(e.description.hasPrefix("d.csv:13: point"), "\(e)")
      #expect(e.message.contains("expected within 0.01 (the stated projection tolerance)"))
    }
  }
}
