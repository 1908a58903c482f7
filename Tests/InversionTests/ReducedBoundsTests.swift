import DenseLinearAlgebra
import FECommon
import Foundation
import Testing
@testable import Inversion

@Suite struct ReducedBoundsTests {
  /// A random 40 × 15 least-squares problem with bounds that bind at several variables:
  /// the reduction agrees with BVLS on the whole problem (`bounded`, an independent
  /// active-set run on all variables) and satisfies the KKT conditions.
  @Test(arguments: [UInt64(1), 2, 3, 4, 5])
  func matchesFullBVLS(seed: UInt64) throws {
    var rng = SplitMix64(seed: 900 + seed)
    let m = 40, n = 15
    let a = (0..<(m * n)).map { _ in rng.gaussian() }
    let b = (0..<m).map { _ in 2 * rng.gaussian() }
    // Bounds around the unconstrained solution so that some bind on each side.
    let k = DenseKernels.normalMatrix(a, rows: m, columns: n)
    let g = DenseKernels.transposeTimes(a, rows: m, columns: n, b)
    let x0 = try #require(DenseKernels.choleskySolve(k, n: n, g))
    var lower = [Double](repeating: -.infinity, count: n), upper = [Double](repeating: .infinity, count: n)
    for i in 0..<n {
      switch i % 3 {
      case 0: lower[i] = x0[i] + 0.3 * abs(rng.gaussian())  // violated at x0
      case 1: upper[i] = x0[i] + 0.5 * rng.gaussian()
      default: lower[i] = -abs(x0[i]) - 0.1
      }
    }
    let factor = try #require(DenseKernels.cholesky(k, n: n))
    let reduced = LinearLeastSquares.boundedFromUnconstrained(x0: x0, lower: lower, upper: upper) { s in
      var out = [Double]()
      for j in s {
        var e = [Double](repeating: 0, count: n)
        e[j] = 1
        out += DenseKernels.choleskySolve(factor: factor, n: n, e)
      }
      return out
    }
    let full = LinearLeastSquares.bounded(a: a, rows: m, columns: n, b: b, lower: lower, upper: upper)
    // Both exact up to round-off on a problem with κ(A) ≈ 4: agreement to 1e-10.
    for i in 0..<n { #expect(abs(reduced.x[i] - full[i]) < 1e-10 * max(1, abs(full[i]))) }
    #expect(!reduced.atLower.isEmpty && reduced.rounds >= 1)
    // KKT: w = Aᵀ(b − Ax) is ≤ 0 at a lower bound, ≥ 0 at an upper bound, 0 where free.
    let r = zip(b, DenseKernels.times(a, rows: m, columns: n, reduced.x)).map { $0 - $1 }
    let w = DenseKernels.transposeTimes(a, rows: m, columns: n, r)
    for i in 0..<n {
      if reduced.atLower.contains(i) { #expect(w[i] <= 1e-9) }
      else if reduced.atUpper.contains(i) { #expect(w[i] >= -1e-9) }
      else { #expect(abs(w[i]) < 1e-9) }
      #expect(reduced.x[i] >= lower[i] && reduced.x[i] <= upper[i])
    }
  }

  /// A feasible unconstrained minimizer is returned unchanged, with no solves.
  @Test func feasibleIsUntouched() {
    let x0 = [1.0, 2, 3]
    var calls = 0
    let s = LinearLeastSquares.boundedFromUnconstrained(
      x0: x0, lower: [0, 0, 0], upper: [.infinity, .infinity, .infinity]
    ) { _ in calls += 1; return [] }
    #expect(s.x == x0 && s.rounds == 0 && calls == 0 && s.atLower.isEmpty)
  }
}
