import Foundation

// Helpers for these tests, copied from Tests/InversionTests/TestSupport.swift so that the
// generated matrices (and so the tests) are the ones they were before the move.

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, so test data do not
/// depend on any platform's random stream. (FECommon's generator draws its uniforms
/// differently; this one keeps the matrices these tests were written against.)
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in (0, 1).
  mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0 }
  /// Standard normal by Box–Muller.
  mutating func gaussian() -> Double {
    let u1 = uniform(), u2 = uniform()
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }
}

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
