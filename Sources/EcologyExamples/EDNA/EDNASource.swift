import Foundation

/// The two source models of eDNA under steady plug flow with first-order decay
/// (`shared/spec/apps.md` §7). β = k/u is the decay per km of travel.
///
/// - Point source at x₀: C(x) = A·e^{−β(x−x₀)} for x ≥ x₀, 0 upstream.
/// - Uniform source on [a, b] releasing S per km: C(x) = (S/β)·e^{−β(x−b)₊}·(1 − e^{−β(min(x,b)−a)})
///   for x > a, 0 upstream. Written as C = (S/β)(e^{−β(x−b)₊} − e^{−β(x−a)₊}), which is
///   the same for x > b and for a < x ≤ b, and 0 for x ≤ a (both terms are 1).
///
/// Downstream of every source both are one exponential in x: C = K e^{−βx} with
/// K = A e^{βx₀} (point) or (S/β)(e^{βb} − e^{βa}) (distributed), so there only K and β
/// are identified.
package enum EDNASource: Sendable, Equatable {
  /// A: concentration at the source; x₀ in km; β per km.
  case point(amplitude: Double, originKm: Double, decayPerKm: Double)
  /// S: concentration per km of source; a ≤ b in km; β per km.
  case distributed(rate: Double, startKm: Double, endKm: Double, decayPerKm: Double)

  /// Which model, for names and parameter counts.
  package enum Kind: String, Sendable, CaseIterable {
    case point, distributed
    /// p of the AIC: 3 (A, x₀, β) or 4 (S, a, b, β).
    package var parameterCount: Int { self == .point ? 3 : 4 }
    /// The parameters' names, in the order of `parameters`.
    package var parameterNames: [String] {
      self == .point ? ["A", "x0_km", "beta_per_km"] : ["S", "a_km", "b_km", "beta_per_km"]
    }
  }

  package var kind: Kind {
    if case .point = self { return .point }
    return .distributed
  }

  /// (A, x₀, β) or (S, a, b, β).
  package var parameters: [Double] {
    switch self {
    case let .point(a, x0, beta): return [a, x0, beta]
    case let .distributed(s, a, b, beta): return [s, a, b, beta]
    }
  }

  /// The source from `parameters` of `kind` (4 or 3 numbers, or a precondition failure occurs).
  package init(kind: Kind, parameters p: [Double]) {
    precondition(p.count == kind.parameterCount, "EDNASource: wrong parameter count")
    self = kind == .point ? .point(amplitude: p[0], originKm: p[1], decayPerKm: p[2])
      : .distributed(rate: p[0], startKm: p[1], endKm: p[2], decayPerKm: p[3])
  }

  /// The decay β per km.
  package var decayPerKm: Double {
    switch self {
    case let .point(_, _, beta), let .distributed(_, _, _, beta): return beta
    }
  }

  /// C(x), concentration units.
  @inlinable
  package func concentration(atKm x: Double) -> Double {
    switch self {
    case let .point(amplitude, x0, beta):
      return x >= x0 ? amplitude * exp(-beta * (x - x0)) : 0
    case let .distributed(s, a, b, beta):
      return s / beta * Self.distributedShape(x, a, b, beta)
    }
  }

  /// e^{−β(x−b)₊} − e^{−β(x−a)₊}: the distributed source's profile per unit S/β.
  @inlinable
  static func distributedShape(_ x: Double, _ a: Double, _ b: Double, _ beta: Double) -> Double {
    (x > b ? exp(-beta * (x - b)) : 1) - (x > a ? exp(-beta * (x - a)) : 1)
  }

  /// ∂C/∂p at x, in the order of `parameters`. Zero upstream of the source; at a kink
  /// (x = x₀, a or b) the downstream side's derivative.
  package func derivatives(atKm x: Double) -> [Double] {
    switch self {
    case let .point(amplitude, x0, beta):
      guard x >= x0 else { return [0, 0, 0] }
      let e = exp(-beta * (x - x0))
      return [e, beta * amplitude * e, -(x - x0) * amplitude * e]
    case let .distributed(s, a, b, beta):
      guard x > a else { return [0, 0, 0, 0] }
      let ea = exp(-beta * (x - a))
      let eb = x > b ? exp(-beta * (x - b)) : 1
      let shape = eb - ea
      let dShapeDBeta = (x > b ? -(x - b) * eb : 0) + (x - a) * ea
      return [shape / beta, -s * ea, x > b ? s * eb : 0, -s / (beta * beta) * shape + s / beta * dShapeDBeta]
    }
  }
}
