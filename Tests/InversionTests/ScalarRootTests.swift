import Foundation
import Testing
@testable import Inversion

/// Brent's method and the log-space bracket search against known roots.
@Suite struct ScalarRootTests {
  /// Roots known in closed form, found to a few ulps: √2, the Dottie number
  /// cos x = x (0.7390851332151607, OEIS A003957), ln 5 for eˣ = 5, and the real root of
  /// x³ − 2x − 5 (Wallis's cubic, 2.0945514815423265).
  @Test(arguments: [
    (1.0, 2.0, 2.0.squareRoot(), 0),
    (0.0, 1.0, 0.7390851332151607, 1),
    (0.0, 3.0, log(5.0), 2),
    (2.0, 3.0, 2.0945514815423265, 3),
  ])
  func knownRoots(a: Double, b: Double, root: Double, which: Int) throws {
    let f: (Double) -> Double = switch which {
    case 0: { $0 * $0 - 2 }
    case 1: { cos($0) - $0 }
    case 2: { exp($0) - 5 }
    default: { $0 * $0 * $0 - 2 * $0 - 5 }
    }
    let s = try ScalarRoot.brent(in: a, b, f)
    // Default tolerance 2ε relative: the stopping bracket is a few ulps wide.
    #expect(abs(s.x - root) <= 8 * Double.ulpOfOne * abs(root))
    #expect(s.bracket.0 <= s.x && s.x <= s.bracket.1)
    #expect(s.iterations < 30)
  }

  /// The bracket order does not matter, and the tolerance is honoured: with an absolute
  /// tolerance of 1e-6 the estimate is within 1e-6 of √2 and fewer steps are taken.
  @Test func toleranceAndOrder() throws {
    let tight = try ScalarRoot.brent(in: 2, 1) { $0 * $0 - 2 }
    let loose = try ScalarRoot.brent(in: 1, 2, absoluteTolerance: 1e-6, relativeTolerance: 0) { $0 * $0 - 2 }
    #expect(abs(tight.x - 2.0.squareRoot()) < 1e-15)
    #expect(abs(loose.x - 2.0.squareRoot()) <= 1e-6)
    #expect(loose.iterations <= tight.iterations)
  }

  /// A function hostile to interpolation (flat, then steep: x⁹ near 0 on [−1, 4]): Brent
  /// falls back to bisection and still converges, within the bisection-like count.
  @Test func flatFunctionStillConverges() throws {
    let s = try ScalarRoot.brent(in: -1, 4, absoluteTolerance: 1e-12) { pow($0, 9) }
    // |x⁹| < 1e-100 only proves |x| < 1e-11; the bracket tolerance holds the rest.
    #expect(abs(s.x) < 1e-11)
    #expect(s.iterations < 200)
  }

  /// Errors are values: no sign change, an iteration limit, a non-finite value.
  @Test func failuresThrow() {
    #expect(throws: ScalarRootError.self) { try ScalarRoot.brent(in: 0, 1) { $0 * $0 + 1 } }
    #expect(throws: ScalarRootError.self) {
      try ScalarRoot.brent(in: 0, 3, maxIterations: 2) { exp($0) - 5 }
    }
    #expect(throws: ScalarRootError.self) { try ScalarRoot.brent(in: -1, 1) { $0 == 0 ? .nan : $0 } }
    #expect(throws: ScalarRootError.self) {
      try ScalarRoot.bracketLogarithmic(from: 1, maxExpansions: 10) { _ in 1 }
    }
  }

  /// The log-space bracket for monotone functions over many decades, increasing and
  /// decreasing: ln x = ln(3e-40) from a guess of 1, and 1/x − 1/7e25 (decreasing),
  /// each then refined by Brent to 1e-14 relative.
  @Test func logarithmicBracketsThenBrent() throws {
    let target = 3e-40
    let up = try ScalarRoot.bracketLogarithmic(from: 1) { log($0) - log(target) }
    #expect(up.lower < target && target < up.upper && up.upper / up.lower <= 4 * (1 + 1e-12))  // one factor wide
    let r1 = try ScalarRoot.brent(in: up.lower, up.upper) { log($0) - log(target) }
    #expect(abs(r1.x - target) <= 1e-14 * target)
    let big = 7e25
    let down = try ScalarRoot.bracketLogarithmic(from: 1, factor: 10) { 1 / $0 - 1 / big }
    #expect(down.lower < big && big < down.upper)
    let r2 = try ScalarRoot.brent(in: down.lower, down.upper) { 1 / $0 - 1 / big }
    #expect(abs(r2.x - big) <= 1e-14 * big)
  }

  /// Counting evaluations on a smooth root: superlinear convergence needs far fewer
  /// than bisection's ⌈log₂(1/ε)⌉ ≈ 52 halvings.
  @Test func smoothRootIsFast() throws {
    var count = 0
    let s = try ScalarRoot.brent(in: 0, 10) { x in count += 1; return x * x * x - 20 }
    #expect(abs(s.x - cbrt(20.0)) < 1e-14 * cbrt(20.0))
    #expect(count < 20)
  }
}
