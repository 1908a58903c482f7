/// Right-censored extruded lengths, one per LEF lifetime (`LoopExtrusionSimulator`).
public struct LoopLifetimeRecords: Sendable, Equatable {
  /// ℓ_i, kb.
  public var lengthsKb: [Double]
  /// true: the lifetime was obstructed (or still running) before it unbound, so ℓ_i is a
  /// lower bound on its unobstructed length.
  public var censored: [Bool]

  public init(lengthsKb: [Double] = [], censored: [Bool] = []) {
    precondition(lengthsKb.count == censored.count, "LoopLifetimeRecords: one flag per length")
    self.lengthsKb = lengthsKb
    self.censored = censored
  }

  public var count: Int { lengthsKb.count }

  mutating func append(_ length: Double, censored flag: Bool) {
    lengthsKb.append(length)
    censored.append(flag)
  }
}
