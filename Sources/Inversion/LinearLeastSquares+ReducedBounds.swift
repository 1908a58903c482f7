import DenseLinearAlgebra
import FECommon
import Foundation

extension LinearLeastSquares {
  /// Bounded least squares for a large problem whose bounds are active at only a few
  /// variables: min ½ xᵀKx − gᵀx subject to lower ≤ x ≤ upper (K symmetric positive definite:
  /// the normal matrix of a least-squares problem, regularized or not), given the
  /// unconstrained minimizer x₀ = K⁻¹g and a way to apply K⁻¹ to unit vectors.
  ///
  /// Method: let S be the variables whose bounds may be active (first those x₀ violates).
  /// With the constraints outside S dropped, the KKT conditions read x = x₀ + K⁻¹E_Sμ, so
  /// minimizing over the other variables leaves, in y = x_S, the quadratic
  /// ½(y − x₀_S)ᵀ M⁻¹ (y − x₀_S), M = (K⁻¹)_SS (the Schur-complement identity). With
  /// M = LLᵀ that is the least-squares problem ‖L⁻¹y − L⁻¹x₀_S‖² in |S| variables, solved with
  /// its bounds by `bounded` (BVLS, Stark & Parker 1995). Then x = x₀ + K⁻¹E_S M⁻¹(y − x₀_S).
  /// If x satisfies every dropped bound it solves the full problem (it minimizes a
  /// relaxation and is feasible); otherwise the violators join S and the step repeats. Each
  /// round costs |S| solves with K and O(|S|³) dense work, instead of BVLS on all n
  /// variables (which frees one variable per iteration: O(n) QR factorizations of the full
  /// problem).
  ///
  /// Exact up to round-off: the result satisfies the KKT conditions of the full problem.
  /// A dropped variable within 1e-12·max(1, |bound|) of its bound counts as feasible and is
  /// clamped onto it.
  ///
  /// - Parameters:
  ///   - x0: the unconstrained minimizer K⁻¹g.
  ///   - lower, upper: the bounds (±infinity allowed); `lower[i] <= upper[i]` and equal counts,
  ///     or a precondition failure occurs.
  ///   - inverseColumns: given indices S, returns K⁻¹E_S, n × |S| column-major (for a sparse K,
  ///     one multi-right-hand-side solve with its factor).
  ///   - maxRounds: the limit on candidate growth; at the limit every variable is a candidate
  ///     (the reduction is then plain BVLS in the M-metric, still exact).
  /// - Throws: whatever `inverseColumns` throws.
  public static func boundedFromUnconstrained(
    x0: [Double], lower: [Double], upper: [Double], maxRounds: Int = 20,
    inverseColumns: ([Int]) throws -> [Double]
  ) rethrows -> ReducedBoundsSolution {
    let n = x0.count
    precondition(lower.count == n && upper.count == n, "boundedFromUnconstrained: bounds need n entries")
    for i in 0..<n { precondition(!(lower[i] > upper[i]), "boundedFromUnconstrained: lower[\(i)] > upper[\(i)]") }
    func slack(_ bound: Double) -> Double { 1e-12 * max(1, abs(bound)) }
    func violators(_ x: [Double], outside inS: [Bool]) -> [Int] {
      (0..<n).filter { i in !inS[i] && (x[i] < lower[i] - slack(lower[i]) || x[i] > upper[i] + slack(upper[i])) }
    }
    var inS = [Bool](repeating: false, count: n)
    var candidates = violators(x0, outside: inS)
    var x = x0
    var rounds = 0
    while !candidates.isEmpty {
      rounds += 1
      if rounds > maxRounds { candidates = Array(0..<n) }
      for i in candidates { inS[i] = true }
      let s = (0..<n).filter { inS[$0] }
      let k = s.count
      let z = try inverseColumns(s)
      precondition(z.count == n * k, "boundedFromUnconstrained: inverseColumns must return n × |S| values")
      // M = (K⁻¹)_SS, symmetrized; its Cholesky factor L (row-major).
      var mm = [Double](repeating: 0, count: k * k)
      for p in 0..<k { for q in 0..<k { mm[p * k + q] = 0.5 * (z[q * n + s[p]] + z[p * n + s[q]]) } }
      var l = DenseKernels.cholesky(mm, n: k)
      if l == nil {
        // K⁻¹ restricted to S is positive definite in exact arithmetic; a tiny ridge absorbs round-off.
        let ridge = 1e-13 * (0..<k).reduce(0.0) { max($0, mm[$1 * k + $1]) }
        for p in 0..<k { mm[p * k + p] += ridge }
        l = DenseKernels.cholesky(mm, n: k)
      }
      guard let lf = l else { preconditionFailure("boundedFromUnconstrained: K⁻¹ is not positive definite on S") }
      // a = L⁻¹ (column-major k × k), b = L⁻¹ x0_S.
      var a = [Double](repeating: 0, count: k * k)
      for col in 0..<k {
        var e = [Double](repeating: 0, count: k)
        e[col] = 1
        let w = DenseCholesky.forwardSolve(factor: lf, n: k, e)
        for i in 0..<k { a[col * k + i] = w[i] }
      }
      let y0 = s.map { x0[$0] }
      let b = DenseCholesky.forwardSolve(factor: lf, n: k, y0)
      let y = bounded(a: a, rows: k, columns: k, b: b, lower: s.map { lower[$0] }, upper: s.map { upper[$0] })
      // μ = M⁻¹(y − x0_S), x = x0 + Z μ.
      let mu = DenseKernels.choleskySolve(factor: lf, n: k, (0..<k).map { y[$0] - y0[$0] })
      x = x0
      for (q, muq) in mu.enumerated() where muq != 0 {
        for i in 0..<n { x[i] += z[q * n + i] * muq }
      }
      for (p, i) in s.enumerated() { x[i] = y[p] }
      candidates = violators(x, outside: inS)
    }
    var atLower = [Int](), atUpper = [Int]()
    for i in 0..<n {
      if x[i] <= lower[i] + slack(lower[i]) && lower[i].isFinite { x[i] = lower[i]; atLower.append(i) }
      else if x[i] >= upper[i] - slack(upper[i]) && upper[i].isFinite { x[i] = upper[i]; atUpper.append(i) }
    }
    return ReducedBoundsSolution(
      x: x, atLower: atLower, atUpper: atUpper, candidates: (0..<n).filter { inS[$0] }, rounds: rounds)
  }
}
