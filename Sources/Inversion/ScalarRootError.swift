import FECommon

/// Why `ScalarRoot` found no root. A numerical failure in the contract's sense
/// (exit code 3): the input was well formed but the equation has no root where it
/// was sought, or the iteration did not settle.
public enum ScalarRootError: FeinvertError, Equatable {
  /// f(a) and f(b) have the same sign, so [a, b] is not known to hold a root.
  case notBracketed(a: Double, fa: Double, b: Double, fb: Double)
  /// The bracket search reached its limits without a sign change.
  case noSignChange(lower: Double, fLower: Double, upper: Double, fUpper: Double)
  /// f returned NaN or ±∞ at x.
  case nonFinite(x: Double, value: Double)
  /// The iteration limit was reached; the estimate and bracket are the last ones.
  case notConverged(iterations: Int, estimate: Double, bracket: (Double, Double))

  public var exitCode: Int32 { 3 }

  public var description: String {
    switch self {
    case let .notBracketed(a, fa, b, fb):
      return "the root finder's interval [\(a), \(b)] holds no sign change (f = \(fa) and \(fb))"
    case let .noSignChange(lower, fLower, upper, fUpper):
      return "no sign change found between \(lower) (f = \(fLower)) and \(upper) (f = \(fUpper)): the equation has no root in that range"
    case let .nonFinite(x, value):
      return "the function is not finite at \(x) (\(value))"
    case let .notConverged(iterations, estimate, bracket):
      return "the root finder did not converge in \(iterations) iterations (estimate \(estimate), bracket [\(bracket.0), \(bracket.1)])"
    }
  }

  public static func == (l: ScalarRootError, r: ScalarRootError) -> Bool { l.description == r.description }
}
