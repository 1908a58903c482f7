import Foundation
import FECommon
import FEBasis
import FEKernel

/// Mesh-quality warnings for the interlaminar stresses at a free edge: each names the
/// interface, the edge, the place and what to refine.
///
/// - **The two sides disagree.** The averages over d from the ply below and from the ply
///   above (`FreeEdgeSummary.averageBelow`, `averageAbove`) differ by more than
///   `sideFraction` (default 10 %) of the larger magnitude of the edge's σzz, τnz, τtz
///   averages. Traction continuity holds only in the limit, so the difference measures
///   the discretization error at the edge.
/// - **An edge element larger than d.** An element of the ply below or above at the edge
///   reaches farther inward (along −n) than the characteristic distance d: the average
///   over d then rests on one element's polynomial.
/// - **Too few elements through a ply.** Fewer than 2 (quadratic) or 4 (linear)
///   elements through the thickness of the ply below or above, at the edge.
public enum FreeEdgeQuality {
  public struct Warning: Sendable, Equatable {
    /// `sides_disagree`, `edge_element_too_large`, `too_few_elements_through_ply`,
    /// `unbalanced_resultant`.
    public var kind: String
    public var interface: Int
    public var edge: String
    /// Arc length and point of the worst place.
    public var s: Double?
    public var point: SIMD3<Double>?
    public var message: String

    public init(kind: String, interface: Int, edge: String, s: Double?, point: SIMD3<Double>?, message: String) {
      self.kind = kind
      self.interface = interface
      self.edge = edge
      self.s = s
      self.point = point
      self.message = message
    }
  }

  public static let defaultSideFraction = 0.10

  public static func check(
    _ summary: FreeEdgeSummary, field: InterlaminarField, sideFraction: Double = defaultSideFraction
  ) -> [Warning] {
    var out = [Warning]()
    let path = summary.profile.path
    let k = path.interface
    let d = summary.characteristicDistance
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    func place(_ p: SIMD3<Double>, _ s: Double) -> String { "s = \(fmt(s)) (x = \(fmt(p.x)), y = \(fmt(p.y)))" }
    let scale = summary.components.map { max(abs($0.averageBelow), abs($0.averageAbove)) }.max() ?? 0
    if scale > 0 {
      for c in summary.components {
        let difference = abs(c.averageBelow - c.averageAbove)
        if difference > sideFraction * scale {
          out.append(Warning(
            kind: "sides_disagree", interface: k, edge: path.name, s: c.peakS, point: c.peakPoint,
            message: "interface \(k), edge \(path.name), at \(place(c.peakPoint, c.peakS)): the average of \(c.name) over d = \(fmt(d)) is \(fmt(c.averageBelow)) from the ply below and \(fmt(c.averageAbove)) from the ply above, a difference of \(fmt(100 * difference / scale))% of the edge's largest average (limit \(fmt(100 * sideFraction))%); refine the mesh at this edge: through the thickness at the interface and inward from the edge"))
        }
      }
    }
    // Element size at the edge, inward and through the ply.
    let elements = field.elements
    let mesh = elements.mesh
    var worstInward: (h: Double, s: Double, p: SIMD3<Double>)?
    var worstThrough: (n: Double, s: Double, p: SIMD3<Double>, ply: Int, needed: Int)?
    var s = 0.0
    for segment in path.segments {
      let a = mesh.point(segment.start), b = mesh.point(segment.end)
      let mid = 0.5 * (a + b)
      let t = b - a
      let length = (t * t).sum().squareRoot()
      defer { s += length }
      guard length > 0 else { continue }
      let n = SIMD3(t.y, -t.x, 0) / length
      for (list, ply) in [(segment.below, k), (segment.above, k + 1)] {
        for inc in list {
          var reach = 0.0
          var zLow = Double.infinity, zHigh = -Double.infinity
          for node in elements.nodes(of: inc.element) {
            let x = mesh.point(node)
            reach = max(reach, -((x - mid) * n).sum())
            zLow = min(zLow, x.z)
            zHigh = max(zHigh, x.z)
          }
          if reach > d * (1 + 1e-9), reach > (worstInward?.h ?? 0) { worstInward = (reach, s + 0.5 * length, mid) }
          let thickness = field.stack.plies[ply - 1].thickness
          let through = thickness / max(zHigh - zLow, .leastNormalMagnitude)
          let needed = elements.kind(of: inc.element).isQuadratic ? 2 : 4
          if through < Double(needed) * (1 - 1e-9), through < (worstThrough?.n ?? .infinity) {
            worstThrough = (through, s + 0.5 * length, mid, ply, needed)
          }
        }
      }
    }
    if let w = worstInward {
      out.append(Warning(
        kind: "edge_element_too_large", interface: k, edge: path.name, s: w.s, point: w.p,
        message: "interface \(k), edge \(path.name), at \(place(w.p, w.s)): an element at the edge reaches \(fmt(w.h)) inward, more than the characteristic distance d = \(fmt(d)); refine toward this edge until the elements there are at most d across"))
    }
    if let w = worstThrough {
      out.append(Warning(
        kind: "too_few_elements_through_ply", interface: k, edge: path.name, s: w.s, point: w.p,
        message: "interface \(k), edge \(path.name), at \(place(w.p, w.s)): about \(fmt(w.n)) element(s) through the thickness of ply \(w.ply) from the bottom (\(field.stack.plies[w.ply - 1].name)); use at least \(w.needed) through each ply at the free edges"))
    }
    return out
  }
}
