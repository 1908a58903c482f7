import FEBasis
import FEKernel

/// The interlaminar tractions along one interface across the width (y) at a fixed
/// station x: samples at the element boundaries met by the line and at three Gauss
/// points inside each element span, so integrals across the width are exact for the
/// element fields' polynomial degree and peaks at element boundaries are seen.
public struct InterfaceLine: Sendable {
  public struct Sample: Sendable {
    public var y: Double
    /// Direct traction (σzz, τxz, τyz) from the ply below and the ply above.
    public var below: SIMD3<Double>
    public var above: SIMD3<Double>
    /// Equilibrium-recovered traction (nil when not computed).
    public var recovered: SIMD3<Double>?
    /// What the summaries use: the mean of the two sides' direct tractions.
    public var traction: SIMD3<Double> { 0.5 * (below + above) }
    /// |below − above|, the traction jump.
    public var jump: SIMD3<Double> { let d = below - above; return SIMD3(abs(d.x), abs(d.y), abs(d.z)) }
  }

  /// Interface number (1-based: between ply k and k+1 from the bottom).
  public let interface: Int
  public let x: Double
  public let z: Double
  /// The width's ends and centre line.
  public let yMin: Double
  public let yMax: Double
  public var yCentre: Double { 0.5 * (yMin + yMax) }
  /// Element-span boundaries along the line, ascending.
  public let breakpoints: [Double]
  /// Samples in ascending y.
  public let samples: [Sample]
  let field: InterlaminarField

  /// Three-point Gauss–Legendre on [−1, 1].
  static let gauss = Quadrature.gaussLegendre(3)

  /// - Parameter recover: also compute the equilibrium-recovered traction at each
  ///   sample (costlier: a through-thickness integration per sample).
  public init?(field: InterlaminarField, interface k: Int, x: Double, recover: Bool = true) {
    precondition(k >= 1 && k <= field.stack.interfaceCount, "InterfaceLine: interface out of range")
    self.field = field
    interface = k
    self.x = x
    z = field.stack.interfaceZ(k)
    yMin = field.stack.lower.y
    yMax = field.stack.upper.y
    // Walk across the width through the elements of the ply below.
    let width = yMax - yMin
    var points = [yMin]
    var y = yMin
    while y < yMax - 1e-9 * width {
      let probe = SIMD3(x, y + 1e-7 * width, z)
      let found = field.elements(containing: probe, inPly: k)
      guard let high = found.map({ field.elements.upper[$0.element].y }).max(), high > y else { return nil }
      y = min(high, yMax)
      points.append(y)
    }
    breakpoints = points
    var ys = [Double]()
    for (a, b) in zip(points, points.dropFirst()) {
      ys.append(a)
      for t in Self.gauss.points { ys.append(0.5 * (a + b) + 0.5 * (b - a) * t) }
    }
    ys.append(yMax)
    var samples = [Sample]()
    for y in ys {
      guard let (below, above) = field.directTraction(interface: k, x: x, y: y) else { return nil }
      let recovered = recover ? field.recoveredTraction(interface: k, x: x, y: y) : nil
      samples.append(Sample(y: y, below: below, above: above, recovered: recovered))
    }
    self.samples = samples
  }

  /// The summary traction (mean of the two sides) at any y on the line.
  public func traction(at y: Double) -> SIMD3<Double>? {
    field.directTraction(interface: interface, x: x, y: y).map { 0.5 * ($0.below + $0.above) }
  }

  /// ∫_{y0}^{y1} w(y) t(y) dy of the summary traction, by three-point Gauss rules on
  /// the element spans (cut at y0 and y1), exact for the element fields' degree.
  public func integral(from y0: Double, to y1: Double, weight: (Double) -> Double = { _ in 1 }) -> SIMD3<Double> {
    var total = SIMD3<Double>.zero
    let lo = min(y0, y1), hi = max(y0, y1)
    for (a, b) in zip(breakpoints, breakpoints.dropFirst()) {
      let s = max(a, lo), e = min(b, hi)
      guard e > s else { continue }
      for (t, w) in zip(Self.gauss.points, Self.gauss.weights) {
        let y = 0.5 * (s + e) + 0.5 * (e - s) * t
        if let v = traction(at: y) { total += v * (weight(y) * w * 0.5 * (e - s)) }
      }
    }
    return y1 >= y0 ? total : -total
  }
}
