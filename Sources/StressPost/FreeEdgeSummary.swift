import FECommon
import FEBasis
import FEKernel

/// Singularity-aware summary of one free edge (`FreeEdgeProfile`), per interlaminar
/// component in the edge frame (σzz, τnz, τtz).
///
/// Along the edge: the peak (largest magnitude of the two sides' mean) and where (arc
/// length, point, angle around a hole), outside `endZone` of an open path's ends. At the peak, a line runs inward on the
/// interface plane along −n: the average over the characteristic distance d from the
/// edge, (1/d) ∫₀^d σ ds (6-point Gauss; what converges where the peak does not), from
/// each side and their mean; the far-field value at 10 d inward (or where the line
/// leaves the part, if sooner); and the decay distance, the largest distance (on a grid
/// of d/8) at which |σ − σ_far| still exceeds `decayFraction` × |peak − σ_far|.
/// The largest difference between the two sides' direct values along the edge is kept
/// too (`maximumJump`).
public struct FreeEdgeSummary: Sendable {
  public struct ComponentSummary: Sendable {
    /// `sigma_zz`, `tau_nz` or `tau_tz`.
    public var name: String
    public var peak: Double
    public var peakS: Double
    public var peakPoint: SIMD3<Double>
    public var peakAngleDegrees: Double?
    /// Mean of the two sides' averages over d, inward at the peak.
    public var average: Double
    public var averageBelow: Double
    public var averageAbove: Double
    public var farField: Double
    public var decayDistance: Double
    public var maximumJump: Double
  }

  public let profile: FreeEdgeProfile
  public let characteristicDistance: Double
  public let decayFraction: Double
  /// On an open path, the length at each end left out of the peak search (the corner
  /// where a free edge meets a clamped or loaded face has the boundary condition's own
  /// stress concentration, not the free edge's).
  public let endZone: Double
  /// σzz, τnz, τtz.
  public let components: [ComponentSummary]
  /// Largest |σnn| and |τnt| along the edge (zero in the exact solution).
  public let freeFaceResidual: SIMD2<Double>

  /// The components summarized, as indices into `EdgeTraction.values`.
  static let summarized = [0, 1, 2]

  public init(
    profile: FreeEdgeProfile, field: InterlaminarField, characteristicDistance d: Double, decayFraction: Double = 0.05,
    endZone: Double = 0
  ) {
    self.profile = profile
    characteristicDistance = d
    self.decayFraction = decayFraction
    self.endZone = profile.path.closed ? 0 : endZone
    let zone = self.endZone
    let searched = profile.samples.indices.filter { zone == 0 || (profile.samples[$0].s >= zone && profile.samples[$0].s <= profile.length - zone) }
    let candidates = searched.isEmpty ? Array(profile.samples.indices) : searched
    let k = profile.path.interface
    let gauss = Quadrature.gaussLegendre(6)
    var components = [ComponentSummary]()
    for c in Self.summarized {
      let values = profile.samples.map { $0.edge.values[c] }
      let i = candidates.max { abs(values[$0]) < abs(values[$1]) } ?? 0
      let sample = profile.samples[i]
      /// The (below, above) edge-frame component at distance s inward of the peak.
      func inward(_ s: Double) -> (Double, Double)? {
        let q = sample.point - s * sample.normal
        guard let t = field.directTraction(interface: k, x: q.x, y: q.y) else { return nil }
        func frame(_ v: SIMD3<Double>) -> Double {
          // v = (σzz, τxz, τyz)
          switch c {
          case 0: return v.x
          case 1: return sample.normal.x * v.y + sample.normal.y * v.z
          default: return sample.tangent.x * v.y + sample.tangent.y * v.z
          }
        }
        return (frame(t.below), frame(t.above))
      }
      var below = 0.0, above = 0.0, weight = 0.0
      for (t, w) in zip(gauss.points, gauss.weights) {
        let s = 0.5 * d * (1 + t)
        guard let v = inward(s) else { continue }
        below += w * v.0
        above += w * v.1
        weight += w
      }
      if weight > 0 {
        below /= weight
        above /= weight
      }
      var profileValues = [(s: Double, v: Double)]()
      var s = d / 8
      while s <= 10 * d + 1e-12 * d, let v = inward(s) {
        profileValues.append((s, 0.5 * (v.0 + v.1)))
        s += d / 8
      }
      let far = profileValues.last?.v ?? values[i]
      let threshold = decayFraction * abs(values[i] - far)
      let decay = profileValues.filter { abs($0.v - far) > threshold }.map(\.s).max() ?? 0
      let jump = profile.samples.map { s in abs(EdgeTraction(stress: s.below, tangent: s.tangent, normal: s.normal).values[c]
                                                  - EdgeTraction(stress: s.above, tangent: s.tangent, normal: s.normal).values[c]) }.max() ?? 0
      components.append(ComponentSummary(
        name: EdgeTraction.names[c], peak: values[i], peakS: sample.s, peakPoint: sample.point,
        peakAngleDegrees: sample.angleDegrees, average: 0.5 * (below + above), averageBelow: below, averageAbove: above,
        farField: far, decayDistance: decay, maximumJump: jump))
    }
    self.components = components
    freeFaceResidual = SIMD2(
      profile.samples.map { abs($0.edge.sigmaNN) }.max() ?? 0, profile.samples.map { abs($0.edge.tauNT) }.max() ?? 0)
  }
}
