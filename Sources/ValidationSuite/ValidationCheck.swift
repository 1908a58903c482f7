/// One compared quantity of a validation case: what the solver computed, the
/// independent reference, and the tolerance the case promises.
public struct ValidationCheck: Sendable {
  public var quantity: String
  public var computed: Double
  public var reference: Double
  /// The largest acceptable |computed − reference|, in the quantity's unit.
  public var tolerance: Double
  /// How the tolerance was set ("1% of F_xy", "0.5% relative"), for the table.
  public var toleranceNote: String

  public init(quantity: String, computed: Double, reference: Double, tolerance: Double, toleranceNote: String) {
    self.quantity = quantity
    self.computed = computed
    self.reference = reference
    self.tolerance = tolerance
    self.toleranceNote = toleranceNote
  }

  /// A check with a relative tolerance on a nonzero reference.
  public static func relative(_ quantity: String, computed: Double, reference: Double, tolerance: Double) -> ValidationCheck {
    ValidationCheck(quantity: quantity, computed: computed, reference: reference,
                    tolerance: tolerance * abs(reference), toleranceNote: "\(formatPercent(tolerance)) relative")
  }

  public var error: Double { abs(computed - reference) }
  /// The error as a share of the tolerance: ≤ 1 passes.
  public var errorRatio: Double { tolerance > 0 ? error / tolerance : (error == 0 ? 0 : .infinity) }
  public var passed: Bool { computed.isFinite && error <= tolerance }

  static func formatPercent(_ x: Double) -> String {
    let p = x * 100
    return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
  }
}
