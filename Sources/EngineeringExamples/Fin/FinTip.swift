/// The tip condition of a straight pin fin (Incropera & DeWitt, *Fundamentals of Heat
/// and Mass Transfer*, 6th ed., Table 3.4, cases A, B and D).
package enum FinTip: String, Sendable, CaseIterable {
  /// Convection from the tip with the same h (case A).
  case convective
  /// An insulated tip, dθ/dx = 0 at x = L (case B).
  case adiabatic
  /// An infinitely long fin, θ → 0 (case D); L is not used.
  case infinite
}
