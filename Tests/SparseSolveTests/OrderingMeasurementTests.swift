import Foundation
import Testing

@testable import SparseSolve

/// Fill, flops and timings of each ordering on a 3D elasticity-like matrix.
///
/// Off by default (a few seconds); run with `SPARSESOLVE_MEASURE=1 swift test -c release
/// --filter OrderingMeasurement`. Optional `SPARSESOLVE_GRID=nx,ny,nz` (default 30,30,8).
@Suite struct OrderingMeasurementTests {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SPARSESOLVE_MEASURE"] != nil))
  func measureOrderings() throws {
    let grid = (ProcessInfo.processInfo.environment["SPARSESOLVE_GRID"] ?? "30,30,8")
      .split(separator: ",").compactMap { Int($0) }
    let a = TestMatrices.elasticityLike(nx: grid[0], ny: grid[1], nz: grid[2], shift: 0.01)
    print("grid \(grid) nodes, n = \(a.dimension), nnz(triu A) = \(a.storedCount)")
    for ordering in TestMatrices.allOrderings {
      let factor = try CholeskyFactor(pattern: a, ordering: ordering)
      try factor.factorize(a)
      let first = factor.statistics.factorizationSeconds
      try factor.factorize(a)
      let s = factor.statistics
      let b = [Double](repeating: 1, count: a.dimension)
      let clock = ContinuousClock()
      let t0 = clock.now
      let x = try factor.solve(b)
      let solveSeconds = CholeskyFactor.seconds(t0.duration(to: clock.now))
      let r = zip(a.multiply(x), b).map { abs($0 - $1) }.max() ?? 0
      print(
        "\(s.orderingName): lnz = \(Int(s.factorNonzeros)), stored = \(Int(s.factorStoredEntries)), flops = \(String(format: "%.3e", s.flops)), analysis = \(String(format: "%.3f", s.analysisSeconds)) s, factorize = \(String(format: "%.3f", first)) / \(String(format: "%.3f", s.factorizationSeconds)) s, solve = \(String(format: "%.3f", solveSeconds)) s, max residual = \(r)"
      )
    }
  }
}
