import FECommon
import FEBasis
import FEKernel
import Foundation

extension FreeEdgeProfile {
  /// The interlaminar stresses along a path the user gives (`--path`): a polyline or a
  /// circle in the laminate plane, at one interface, read by the point locator (the
  /// elements of the ply below and above containing each point, averaged where several
  /// do). Points outside the laminate are skipped.
  ///
  /// The frame is the path's own: t along the direction of travel, n = t × e_z (for a
  /// free edge traced with the material on its left, the outward normal).
  ///
  /// - Parameters:
  ///   - vertices: the polyline's corners (x, y), in order; for a closed path the last
  ///     joins the first.
  ///   - spacing: the largest distance between samples.
  public init(name: String, interface k: Int, vertices: [SIMD2<Double>], closed: Bool, spacing: Double, field: InterlaminarField) {
    let z = field.stack.interfaceZ(k)
    var samples = [Sample]()
    var arc = 0.0
    let corners = closed ? vertices + [vertices[0]] : vertices
    var centre = SIMD2<Double>.zero
    for v in vertices { centre += v }
    centre /= Double(max(vertices.count, 1))
    for (i, (a, b)) in zip(corners, corners.dropFirst()).enumerated() {
      let d = b - a
      let length = (d * d).sum().squareRoot()
      guard length > 0 else { continue }
      let t2 = d / length
      let tangent = SIMD3(t2.x, t2.y, 0)
      let normal = SIMD3(t2.y, -t2.x, 0)
      let n = max(1, Int((length / spacing).rounded(.up)))
      let last = i == corners.count - 2 && !closed
      for j in 0...(last ? n : n - 1) {
        let s = length * Double(j) / Double(n)
        let p = a + s * t2
        defer { if j < n { arc += length / Double(n) } }
        guard let below = field.directStress(at: SIMD3(p.x, p.y, z), ply: k),
              let above = field.directStress(at: SIMD3(p.x, p.y, z), ply: k + 1)
        else { continue }
        var angle: Double?
        if closed {
          var a = atan2(p.y - centre.y, p.x - centre.x) * 180 / .pi
          if a < 0 { a += 360 }
          angle = a
        }
        samples.append(Sample(
          s: arc, angleDegrees: angle, point: SIMD3(p.x, p.y, z), tangent: tangent, normal: normal, below: below, above: above))
      }
    }
    self.init(
      path: FreeEdgePath(name: name, interface: k, z: z, closed: closed, segments: []), samples: samples,
      length: arc)
  }

  /// A circle of `count` chords, clockwise seen from +z from angle 0, so that n points to
  /// the centre (the outward normal of a hole's bore), as a closed polyline for
  /// `init(name:interface:vertices:closed:spacing:field:)`.
  public static func circle(centre: SIMD2<Double>, radius: Double, count: Int) -> [SIMD2<Double>] {
    (0..<count).map { i in
      let a = -2 * Double.pi * Double(i) / Double(count)
      return centre + radius * SIMD2(cos(a), sin(a))
    }
  }
}
