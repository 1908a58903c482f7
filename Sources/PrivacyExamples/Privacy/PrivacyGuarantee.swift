/// An (ε, δ) guarantee obtained from a Rényi-DP curve.
package struct PrivacyGuarantee: Sendable, Equatable {
  /// ε (natural-log units); ∞ when no order gives a finite bound (σ = 0).
  package var epsilon: Double
  /// δ, the probability mass the guarantee may fail on.
  package var delta: Double
  /// The Rényi order α at which the minimum over orders is attained.
  package var order: Double
  /// The conversion used.
  package var conversion: RDPConversion

  package init(epsilon: Double, delta: Double, order: Double, conversion: RDPConversion) {
    self.epsilon = epsilon
    self.delta = delta
    self.order = order
    self.conversion = conversion
  }
}
