import Foundation

/// Minima of a scalar function of one variable without derivatives: Brent's method on an
/// interval, and the refinement of the best point of a grid.
///
/// Brent's method (R. P. Brent, *Algorithms for Minimization without Derivatives*, 1973,
/// ch. 5, procedure `localmin`; the `fmin` of Forsythe, Malcolm & Moler 1977) combines
/// golden-section steps, which always shrink the interval by 0.618, with parabolic
/// interpolation through the three best points, which converges superlinearly near a
/// smooth minimum. It finds a local minimum; on a unimodal function it is the minimum.
public enum ScalarMinimize {
  /// A minimum found by `brent` or `refineGridMinimum`.
  public struct Solution: Sendable, Equatable {
    /// The abscissa of the minimum.
    public var x: Double
    /// f(x).
    public var value: Double
    /// Function evaluations made by the refinement.
    public var evaluations: Int
    /// The grid index the refinement started from (`refineGridMinimum` only; −1 for `brent`).
    public var gridIndex: Int
    /// The grid's best point was its first or last: the true minimum may lie outside the grid,
    /// and `x` is that end point (no refinement was possible on one side).
    public var atGridEnd: Bool

    public init(x: Double, value: Double, evaluations: Int, gridIndex: Int = -1, atGridEnd: Bool = false) {
      self.x = x
      self.value = value
      self.evaluations = evaluations
      self.gridIndex = gridIndex
      self.atGridEnd = atGridEnd
    }
  }

  /// A local minimum of f in [a, b] by Brent's method.
  ///
  /// The stopping test is Brent's: |x − m| ≤ 2 tol − (b − a)/2 with m the interval's midpoint
  /// and tol = relativeTolerance·|x| + absoluteTolerance/3, so x is within about 2 tol of a
  /// local minimizer. The relative tolerance should not be below √ε ≈ 1.5e-8: near a minimum
  /// f changes by O(δx²), so differences in x below √ε·|x| are invisible in f.
  ///
  /// - Parameters:
  ///   - a, b: the interval's ends (either order, finite).
  ///   - relativeTolerance: default √ε.
  ///   - absoluteTolerance: default 1e-12 (for minima near x = 0).
  ///   - maxEvaluations: the limit on evaluations of f; when reached, the best point so far
  ///     is returned.
  ///   - f: the function; it may throw, and the error is passed on. A NaN value counts as
  ///     +∞ (worse than any number).
  /// - Complexity: typically 10–30 evaluations; never more than about
  ///   (log((b − a)/tol)/log(1/0.618))² (Brent's bound, ch. 5).
  public static func brent(
    in a: Double, _ b: Double, relativeTolerance: Double = Double.ulpOfOne.squareRoot(),
    absoluteTolerance: Double = 1e-12, maxEvaluations: Int = 200, _ f: (Double) throws -> Double
  ) rethrows -> Solution {
    precondition(a.isFinite && b.isFinite, "ScalarMinimize.brent: the interval must be finite")
    precondition(relativeTolerance > 0 && absoluteTolerance >= 0, "ScalarMinimize.brent: bad tolerances")
    let golden = (3 - 5.0.squareRoot()) / 2
    var lo = min(a, b), hi = max(a, b)
    var x = lo + golden * (hi - lo)
    var w = x, v = x
    var fx = try f(x)
    if fx.isNaN { fx = .infinity }
    var fw = fx, fv = fx
    var d = 0.0, e = 0.0
    var evaluations = 1
    while evaluations < maxEvaluations {
      let mid = 0.5 * (lo + hi)
      let tol = relativeTolerance * abs(x) + absoluteTolerance / 3
      let tol2 = 2 * tol
      if abs(x - mid) <= tol2 - 0.5 * (hi - lo) { break }
      var p = 0.0, q = 0.0, r = 0.0
      if abs(e) > tol {
        // Parabola through (v, fv), (w, fw), (x, fx): the step p/q from x to its vertex.
        r = (x - w) * (fx - fv)
        q = (x - v) * (fx - fw)
        p = (x - v) * q - (x - w) * r
        q = 2 * (q - r)
        if q > 0 { p = -p } else { q = -q }
        r = e
        e = d
      }
      if abs(p) < abs(0.5 * q * r) && p > q * (lo - x) && p < q * (hi - x) {
        // A parabolic step that stays inside and is less than half the step before last.
        d = p / q
        let u = x + d
        if u - lo < tol2 || hi - u < tol2 { d = x < mid ? tol : -tol }
      } else {
        // A golden-section step into the larger part.
        e = (x < mid ? hi : lo) - x
        d = golden * e
      }
      let u = x + (abs(d) >= tol ? d : (d > 0 ? tol : -tol))
      var fu = try f(u)
      if fu.isNaN { fu = .infinity }
      evaluations += 1
      if fu <= fx {
        if u < x { hi = x } else { lo = x }
        v = w; fv = fw
        w = x; fw = fx
        x = u; fx = fu
      } else {
        if u < x { lo = u } else { hi = u }
        if fu <= fw || w == x {
          v = w; fv = fw
          w = u; fw = fu
        } else if fu <= fv || v == x || v == w {
          v = u; fv = fu
        }
      }
    }
    return Solution(x: x, value: fx, evaluations: evaluations)
  }

  /// Refines the smallest of `values` (f on an ascending `grid`) by Brent's method between
  /// the grid point's neighbours.
  ///
  /// When the smallest value is at either end of the grid there is no bracket on that side:
  /// the end point is returned with `atGridEnd` set, unrefined, so the caller can say that the
  /// minimum may lie beyond the grid. The refined point is returned only if it is no worse
  /// than the grid point (Brent finds a local minimum of the bracket).
  ///
  /// `grid.count == values.count >= 1` and an ascending grid are required, or a precondition
  /// failure occurs. NaN values count as +∞.
  public static func refineGridMinimum(
    grid: [Double], values: [Double], relativeTolerance: Double = Double.ulpOfOne.squareRoot(),
    absoluteTolerance: Double = 1e-12, maxEvaluations: Int = 200, _ f: (Double) throws -> Double
  ) rethrows -> Solution {
    precondition(!grid.isEmpty && grid.count == values.count, "refineGridMinimum: one value per grid point")
    func key(_ y: Double) -> Double { y.isNaN ? .infinity : y }
    var best = 0
    for i in values.indices where key(values[i]) < key(values[best]) { best = i }
    if best == 0 || best == grid.count - 1 {
      return Solution(x: grid[best], value: values[best], evaluations: 0, gridIndex: best, atGridEnd: grid.count > 1)
    }
    let refined = try brent(
      in: grid[best - 1], grid[best + 1], relativeTolerance: relativeTolerance,
      absoluteTolerance: absoluteTolerance, maxEvaluations: maxEvaluations, f)
    if key(refined.value) <= key(values[best]) {
      return Solution(x: refined.x, value: refined.value, evaluations: refined.evaluations, gridIndex: best)
    }
    return Solution(x: grid[best], value: values[best], evaluations: refined.evaluations, gridIndex: best)
  }
}
