/// Singularity-aware summary of one interface's tractions near its two free edges.
///
/// At a free edge the interlaminar stresses of many layups are singular, so a peak
/// value depends on the mesh without end. Besides the raw peak this reports what
/// converges: the force and moment resultants across the width, the average over a
/// characteristic distance from the edge, and how far from the edge the stress
/// reaches before it settles to its far-field (centre-line) value.
public struct EdgeSummary: Sendable {
  /// One component at one edge.
  public struct EdgeValues: Sendable {
    /// The sample of largest magnitude on this half of the width, and where it is.
    public var peak: Double
    public var peakY: Double
    /// Distance of the peak from the edge.
    public var peakDistance: Double
    /// (1/d) ∫ over the strip of width d next to the edge.
    public var average: Double
    /// The distance from the edge beyond which |σ − σ_far| stays below
    /// `decayFraction` × |peak − σ_far|.
    public var decayDistance: Double
  }

  /// Resultants over a span of the width (per unit length in x).
  public struct Resultants: Sendable {
    /// ∫ σzz dy, ∫ τxz dy, ∫ τyz dy (force per unit length).
    public var force: SIMD3<Double>
    /// ∫ σzz (y − y_centre) dy (moment per unit length about the centre line).
    public var moment: Double
  }

  public struct ComponentSummary: Sendable {
    public var component: TractionComponent
    public var farField: Double
    public var edgeYMinus: EdgeValues
    public var edgeYPlus: EdgeValues
    /// Largest |below − above| along the line.
    public var maximumJump: Double
    /// Largest |direct − recovered| along the line (nil without recovery).
    public var maximumRecoveryDifference: Double?
  }

  public let line: InterfaceLine
  public let characteristicDistance: Double
  public let decayFraction: Double
  public let components: [ComponentSummary]
  /// Centre line to the y− edge, centre line to the y+ edge, and the whole width.
  public let halfYMinus: Resultants
  public let halfYPlus: Resultants
  public let fullWidth: Resultants

  public init(line: InterfaceLine, characteristicDistance d: Double, decayFraction: Double = 0.05) {
    self.line = line
    characteristicDistance = d
    self.decayFraction = decayFraction
    let yc = line.yCentre
    let far = line.traction(at: yc) ?? .zero
    var components = [ComponentSummary]()
    for c in TractionComponent.allCases {
      let i = c.rawValue
      func edge(_ edgeY: Double, _ onHalf: (Double) -> Bool) -> EdgeValues {
        let half = line.samples.filter { onHalf($0.y) }
        let peakSample = half.max { abs($0.traction[i]) < abs($1.traction[i]) }
        let peak = peakSample?.traction[i] ?? 0
        let peakY = peakSample?.y ?? edgeY
        let strip = min(d, abs(edgeY - yc))
        let inward = edgeY > yc ? edgeY - strip : edgeY + strip
        let average = strip > 0 ? line.integral(from: min(edgeY, inward), to: max(edgeY, inward))[i] / strip : peak
        let threshold = decayFraction * abs(peak - far[i])
        let decay = half.filter { abs($0.traction[i] - far[i]) > threshold }.map { abs(edgeY - $0.y) }.max() ?? 0
        return EdgeValues(peak: peak, peakY: peakY, peakDistance: abs(edgeY - peakY), average: average, decayDistance: decay)
      }
      let jump = line.samples.map { $0.jump[i] }.max() ?? 0
      let recoveryDifference: Double? = line.samples.contains { $0.recovered != nil }
        ? line.samples.compactMap { s in s.recovered.map { abs($0[i] - s.traction[i]) } }.max()
        : nil
      components.append(ComponentSummary(
        component: c, farField: far[i], edgeYMinus: edge(line.yMin) { $0 <= yc }, edgeYPlus: edge(line.yMax) { $0 >= yc },
        maximumJump: jump, maximumRecoveryDifference: recoveryDifference))
    }
    self.components = components
    func resultants(_ a: Double, _ b: Double) -> Resultants {
      Resultants(force: line.integral(from: a, to: b), moment: line.integral(from: a, to: b) { $0 - yc }[0])
    }
    halfYMinus = resultants(line.yMin, yc)
    halfYPlus = resultants(yc, line.yMax)
    fullWidth = resultants(line.yMin, line.yMax)
  }
}
