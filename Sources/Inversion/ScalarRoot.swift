/// Roots of a scalar function of one variable: Brent's method on a bracket, and a
/// bracket search in log space for monotone functions of a positive variable.
///
/// Brent's method (R. P. Brent, *Algorithms for Minimization without Derivatives*,
/// 1973, ch. 4, procedure `zero`; the `zeroin` of Forsythe, Malcolm & Moler 1977)
/// keeps a bracket [b, c] with f(b)·f(c) ≤ 0 and takes inverse quadratic or secant
/// steps when they stay well inside it, bisection otherwise, so it never does worse
/// than bisection and converges superlinearly on smooth functions.
public enum ScalarRoot {
  /// A root found by `brent`.
  public struct Solution: Sendable, Equatable {
    /// The estimate: |x − x*| ≤ 2·relativeTolerance·|x| + absoluteTolerance for the root x*
    /// in the final bracket (or f(x) = 0 exactly).
    public var x: Double
    /// f(x).
    public var value: Double
    /// Brent iterations taken (one function evaluation each).
    public var iterations: Int
    /// The final bracket, ordered (lower, upper); it contains x and a sign change.
    public var bracket: (Double, Double)

    public static func == (a: Solution, b: Solution) -> Bool {
      a.x == b.x && a.value == b.value && a.iterations == b.iterations
        && a.bracket.0 == b.bracket.0 && a.bracket.1 == b.bracket.1
    }
  }

  /// The root of f in [a, b] by Brent's method.
  ///
  /// - Parameters:
  ///   - a, b: the bracket's ends (either order); f(a) and f(b) must differ in sign
  ///     or one of them be zero.
  ///   - absoluteTolerance: the absolute part of the x tolerance (default 0).
  ///   - relativeTolerance: the relative part (default 2ε ≈ 4.4e-16, as tight as
  ///     floating point allows); the stopping test is
  ///     |bracket half-width| ≤ 2·relativeTolerance·|x| + absoluteTolerance/2.
  ///   - maxIterations: the iteration (function evaluation) limit.
  ///   - f: the function; it may throw, and the error is passed on.
  /// - Throws: `ScalarRootError.notBracketed` when f(a), f(b) have the same sign,
  ///   `.nonFinite` when f returns NaN or ±∞, `.notConverged` at the iteration limit.
  /// - Complexity: at most about (log₂((b − a)/tol))² evaluations (Brent's bound),
  ///   typically 5–15 for smooth f.
  public static func brent(
    in a: Double, _ b: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 2 * .ulpOfOne,
    maxIterations: Int = 200, _ f: (Double) throws -> Double
  ) throws -> Solution {
    precondition(a.isFinite && b.isFinite, "ScalarRoot.brent: the bracket must be finite")
    precondition(absoluteTolerance >= 0 && relativeTolerance >= 0, "ScalarRoot.brent: tolerances must be >= 0")
    func eval(_ x: Double) throws -> Double {
      let y = try f(x)
      guard y.isFinite else { throw ScalarRootError.nonFinite(x: x, value: y) }
      return y
    }
    var a = a, b = b
    var fa = try eval(a), fb = try eval(b)
    if fa == 0 { return Solution(x: a, value: 0, iterations: 0, bracket: (a, a)) }
    if fb == 0 { return Solution(x: b, value: 0, iterations: 0, bracket: (b, b)) }
    guard (fa > 0) != (fb > 0) else { throw ScalarRootError.notBracketed(a: a, fa: fa, b: b, fb: fb) }
    var c = a, fc = fa
    var d = b - a, e = d
    for iteration in 0...maxIterations {
      if (fb > 0) == (fc > 0) {
        // b and c on the same side: c takes a's place so that [b, c] brackets the root.
        c = a; fc = fa
        d = b - a; e = d
      }
      if abs(fc) < abs(fb) {
        // b is the best estimate so far.
        a = b; b = c; c = a
        fa = fb; fb = fc; fc = fa
      }
      let tol = 2 * relativeTolerance * abs(b) + 0.5 * absoluteTolerance
      let half = 0.5 * (c - b)
      if abs(half) <= tol || fb == 0 {
        return Solution(x: b, value: fb, iterations: iteration, bracket: (min(b, c), max(b, c)))
      }
      if iteration == maxIterations { break }
      if abs(e) >= tol && abs(fa) > abs(fb) {
        // Interpolation: secant when only two distinct points, inverse quadratic otherwise.
        let s = fb / fa
        var p: Double, q: Double
        if a == c {
          p = 2 * half * s
          q = 1 - s
        } else {
          let qa = fa / fc, r = fb / fc
          p = s * (2 * half * qa * (qa - r) - (b - a) * (r - 1))
          q = (qa - 1) * (r - 1) * (s - 1)
        }
        if p > 0 { q = -q } else { p = -p }
        // Accept the step only if it falls well inside the bracket and shrinks fast enough.
        if 2 * p < min(3 * half * q - abs(tol * q), abs(e * q)) {
          e = d
          d = p / q
        } else {
          d = half; e = d
        }
      } else {
        d = half; e = d
      }
      a = b; fa = fb
      b += abs(d) > tol ? d : (half > 0 ? tol : -tol)
      fb = try eval(b)
    }
    throw ScalarRootError.notConverged(iterations: maxIterations, estimate: b, bracket: (min(b, c), max(b, c)))
  }

  /// A bracket [lo, hi] with a sign change of a monotone f on (0, ∞), found by
  /// geometric expansion from a positive guess (steps equal in ln x).
  ///
  /// Starting from [x₀/factor, x₀·factor], the bracket steps by `factor` toward the end
  /// with the smaller |f| (for a monotone f the root lies beyond that end, so the
  /// other end moves up to it and the bracket stays one factor wide; Press et al.,
  /// *Numerical Recipes*, 3rd ed., §9.1 `zbrac`, here in ln x so the variable stays
  /// positive and scales of many decades are covered in few steps). Both ends move
  /// when |f| is equal at both.
  ///
  /// - Parameters:
  ///   - guess: x₀ > 0.
  ///   - factor: the expansion ratio per step (> 1; default 4).
  ///   - lowerLimit, upperLimit: the search stays within [lowerLimit, upperLimit]
  ///     (defaults 1e-300 and 1e300).
  ///   - maxExpansions: the step limit (default 500: 4⁵⁰⁰ covers the whole range of
  ///     Double).
  /// - Returns: (lo, hi) with f(lo)·f(hi) ≤ 0 and lo < hi.
  /// - Throws: `ScalarRootError.noSignChange` when the limits or the step count are
  ///   reached first, `.nonFinite` when f is NaN or ±∞ at a trial point; errors
  ///   thrown by f are passed on.
  public static func bracketLogarithmic(
    from guess: Double, factor: Double = 4, lowerLimit: Double = 1e-300, upperLimit: Double = 1e300,
    maxExpansions: Int = 500, _ f: (Double) throws -> Double
  ) throws -> (lower: Double, upper: Double) {
    precondition(guess > 0 && guess.isFinite && factor > 1 && lowerLimit > 0 && lowerLimit < upperLimit,
                 "ScalarRoot.bracketLogarithmic: need guess > 0, factor > 1 and 0 < lowerLimit < upperLimit")
    func eval(_ x: Double) throws -> Double {
      let y = try f(x)
      guard y.isFinite else { throw ScalarRootError.nonFinite(x: x, value: y) }
      return y
    }
    var lo = max(guess / factor, lowerLimit), hi = min(guess * factor, upperLimit)
    if lo >= hi { lo = lowerLimit; hi = upperLimit }
    var flo = try eval(lo), fhi = try eval(hi)
    for _ in 0..<maxExpansions {
      if flo == 0 || fhi == 0 || (flo > 0) != (fhi > 0) { return (lo, hi) }
      let moveLower = abs(flo) <= abs(fhi) && lo > lowerLimit
      let moveUpper = abs(fhi) <= abs(flo) && hi < upperLimit
      if !moveLower && !moveUpper { break }
      if moveLower && moveUpper {
        // |f| equal at both ends (a flat stretch): widen on both sides.
        lo = max(lo / factor, lowerLimit); flo = try eval(lo)
        hi = min(hi * factor, upperLimit); fhi = try eval(hi)
      } else if moveLower {
        // Monotone f: the root lies below lo, so the old lo becomes the upper end.
        hi = lo; fhi = flo
        lo = max(lo / factor, lowerLimit); flo = try eval(lo)
      } else {
        lo = hi; flo = fhi
        hi = min(hi * factor, upperLimit); fhi = try eval(hi)
      }
    }
    if flo == 0 || fhi == 0 || (flo > 0) != (fhi > 0) { return (lo, hi) }
    throw ScalarRootError.noSignChange(lower: lo, fLower: flo, upper: hi, fUpper: fhi)
  }
}
