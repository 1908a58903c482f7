/// Right-censored extruded lengths, one per LEF lifetime (`LoopExtrusionSimulator`).
package struct LoopLifetimeRecords: Sendable, Equatable {
  /// ℓ_i, kb.
  package var lengthsKb: [Double]
  /// true: the lifetime was obstructed (or still running) before it unbound, so ℓ_i is a
  /// lower bound on its unobstructed length.
  package var censored: [Bool]

  package init(lengthsKb: [Double] = [], censored: [Bool] = []) {
    precondition(lengthsKb.count == censored.count, "LoopLifetimeRecords: one flag per length")
    self.lengthsKb = lengthsKb
    self.censored = censored
  }

  package var count: Int { lengthsKb.count }

  mutating func append(_ length: Double, censored flag: Bool) {
    lengthsKb.append(length)
    censored.append(flag)
  }
}
