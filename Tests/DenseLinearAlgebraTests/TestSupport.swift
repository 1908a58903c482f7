import FECommon
import FeinvertTestSupport
import Foundation

// Helpers for these tests, as in Tests/InversionTests/TestSupport.swift, so that the
// generated matrices (and so the tests) are the ones they were before the move.

/// Random m × n column-major matrix with N(0,1) entries.
func randomMatrix(_ m: Int, _ n: Int, _ rng: inout SplitMix64) -> [Double] {
  (0..<(m * n)).map { _ in rng.gaussian() }
}

func matVec(_ a: [Double], _ m: Int, _ n: Int, _ x: [Double]) -> [Double] {
  var y = [Double](repeating: 0, count: m)
  for j in 0..<n { for i in 0..<m { y[i] += a[j * m + i] * x[j] } }
  return y
}

func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
