import Foundation
import FECommon
import FEBasis
import FEKernel

/// The interlaminar stresses along one free edge (`FreeEdgePath`), in the edge's own
/// frame and in global axes.
///
/// Samples: each segment's start and three Gauss points inside it (and the last
/// segment's end on an open path), evaluated in the elements of the ply below and of
/// the ply above that have the segment as an edge, at the edge's reference coordinates
/// (averaged where several elements share the edge, as tets do).
///
/// Edge frame at a sample: t the unit tangent (direction of travel), n = t × e_z the
/// outward in-plane normal of the free face, e_z the laminate normal. On the interface
/// plane the traction is σ·e_z = (τxz, τyz, σzz): the peel stress σzz, the shear along
/// the edge τtz = t·(σ e_z) and across it τnz = n·(σ e_z). Two components of the free
/// face's own traction are given too, σnn = nᵀσn and τnt = tᵀσn: the exact solution has
/// them (and τnz) zero at the free face, so their size there measures the discretization.
public struct FreeEdgeProfile: Sendable {
  public struct Sample: Sendable {
    /// Arc length from the path's start (model length unit).
    public var s: Double
    /// For a closed path: the angle of the point about the loop's centroid, degrees from
    /// +x counter-clockwise seen from +z, in [0, 360).
    public var angleDegrees: Double?
    public var point: SIMD3<Double>
    public var tangent: SIMD3<Double>
    public var normal: SIMD3<Double>
    /// Direct stress (Voigt, global) from the ply below and the ply above.
    public var below: [Double]
    public var above: [Double]
    /// The mean of the two sides, which the summaries use.
    public var stress: [Double] { zip(below, above).map { 0.5 * ($0 + $1) } }
    /// Edge-frame values of the mean stress.
    public var edge: EdgeTraction { EdgeTraction(stress: stress, tangent: tangent, normal: normal) }
    /// Global (σzz, τxz, τyz) of the mean stress.
    public var traction: SIMD3<Double> { TractionComponent.traction(stress) }
  }

  public let path: FreeEdgePath
  public let samples: [Sample]
  /// Arc length of the path (round a closed path back to its start).
  public let length: Double

  static let gauss = Quadrature.gaussLegendre(3)

  /// A profile from samples already evaluated (the user's paths).
  init(path: FreeEdgePath, samples: [Sample], length: Double) {
    self.path = path
    self.samples = samples
    self.length = length
  }

  public init(path: FreeEdgePath, field: InterlaminarField) {
    self.path = path
    let evaluator = field.evaluator
    let elements = field.elements
    func reference(_ e: Int, _ corner: Int) -> SIMD3<Double> {
      let r = ReferenceElement.nodeCoordinates(elements.kind(of: e))
      return SIMD3(r[3 * corner], r[3 * corner + 1], r[3 * corner + 2])
    }
    func xi(_ inc: FreeEdgePath.Incidence, _ t: Double) -> SIMD3<Double> {
      let a = reference(inc.element, inc.start), b = reference(inc.element, inc.end)
      return a + t * (b - a)
    }
    func position(_ inc: FreeEdgePath.Incidence, _ t: Double) -> SIMD3<Double> {
      let values = evaluator.shapeFunctions(element: inc.element, xi: xi(inc, t)).values
      var p = SIMD3<Double>.zero
      for (k, node) in elements.nodes(of: inc.element).enumerated() { p += values[k] * elements.mesh.point(node) }
      return p
    }
    func mean(_ list: [FreeEdgePath.Incidence], _ t: Double) -> [Double] {
      var sum = [Double](repeating: 0, count: 6)
      for inc in list {
        let s = evaluator.stress(element: inc.element, xi: xi(inc, t), stiffness: field.stiffness, displacement: field.displacement)
        for i in 0..<6 { sum[i] += s[i] }
      }
      return sum.map { $0 / Double(list.count) }
    }
    var parameters = [0.0] + Self.gauss.points.map { 0.5 * (1 + $0) }
    var samples = [Sample]()
    var previous: SIMD3<Double>?
    var arc = 0.0
    for (i, segment) in path.segments.enumerated() {
      if i == path.segments.count - 1 && !path.closed { parameters.append(1) }
      let inc = segment.below[0]
      for t in parameters {
        let p = position(inc, t)
        let h = 1e-6
        var d = position(inc, min(1, t + h)) - position(inc, max(0, t - h))
        d.z = 0
        let tangent = d / (d * d).sum().squareRoot()
        let normal = SIMD3(tangent.y, -tangent.x, 0)
        if let q = previous { arc += ((p - q) * (p - q)).sum().squareRoot() }
        previous = p
        samples.append(Sample(
          s: arc, angleDegrees: nil, point: p, tangent: tangent, normal: normal,
          below: mean(segment.below, t), above: mean(segment.above, t)))
      }
    }
    if path.closed, samples.count > 1 {
      // Centroid of the loop (by arc length), then each sample's angle about it.
      var centre = SIMD3<Double>.zero
      var total = 0.0
      for (a, b) in zip(samples, samples.dropFirst() + [samples[0]]) {
        let w = ((b.point - a.point) * (b.point - a.point)).sum().squareRoot()
        centre += 0.5 * w * (a.point + b.point)
        total += w
      }
      centre /= max(total, .leastNormalMagnitude)
      for i in samples.indices {
        let r = samples[i].point - centre
        var angle = atan2(r.y, r.x) * 180 / .pi
        if angle < 0 { angle += 360 }
        samples[i].angleDegrees = angle
      }
    }
    self.samples = samples
    var total = samples.last?.s ?? 0
    if path.closed, let first = samples.first, let last = samples.last {
      total += ((first.point - last.point) * (first.point - last.point)).sum().squareRoot()
    }
    length = total
  }
}

/// The stress at a free edge in the edge's frame (see `FreeEdgeProfile`).
public struct EdgeTraction: Sendable, Equatable {
  /// Peel: σzz.
  public var sigmaZZ: Double
  /// Interlaminar shear across the edge, n·(σ e_z) (zero at a free face in the exact solution).
  public var tauNZ: Double
  /// Interlaminar shear along the edge, t·(σ e_z).
  public var tauTZ: Double
  /// Normal stress on the free face, nᵀσn (zero in the exact solution).
  public var sigmaNN: Double
  /// In-plane shear on the free face, tᵀσn (zero in the exact solution).
  public var tauNT: Double

  /// The names of the components in `values` order, as the outputs write them.
  public static let names = ["sigma_zz", "tau_nz", "tau_tz", "sigma_nn", "tau_nt"]
  public var values: [Double] { [sigmaZZ, tauNZ, tauTZ, sigmaNN, tauNT] }

  /// - Parameters:
  ///   - stress: Voigt xx yy zz yz xz xy, global axes.
  ///   - tangent, normal: unit in-plane vectors.
  public init(stress s: [Double], tangent t: SIMD3<Double>, normal n: SIMD3<Double>) {
    sigmaZZ = s[2]
    tauNZ = n.x * s[4] + n.y * s[3]
    tauTZ = t.x * s[4] + t.y * s[3]
    sigmaNN = n.x * n.x * s[0] + n.y * n.y * s[1] + 2 * n.x * n.y * s[5]
    tauNT = n.x * t.x * s[0] + n.y * t.y * s[1] + (n.x * t.y + n.y * t.x) * s[5]
  }
}
