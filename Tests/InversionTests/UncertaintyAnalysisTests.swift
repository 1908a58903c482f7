import FECommon
import Foundation
import Testing
@testable import Inversion

@Suite struct UncertaintyAnalysisTests {
  @Test func productModelIsFlaggedAsUnidentifiable() {
    // y = a·b·t: only the product is identifiable. At (a, b) = (2, 3) the Jacobian columns
    // are b·t and a·t, equal in relative terms (a·∂r/∂a = b·∂r/∂b), so the unresolved
    // direction in relative changes is (1, −1)/√2 exactly.
    let t = (1...20).map(Double.init)
    let a = 2.0, b = 3.0
    let m = t.count
    var rng = SplitMix64(seed: 3)
    let residuals = t.map { _ in 0.1 * rng.gaussian() }
    let jacobian = t.map { b * $0 } + t.map { a * $0 }
    let u = UncertaintyAnalysis.analyze(
      jacobian: jacobian, residuals: residuals, parameterCount: 2, parameterNames: ["a", "b"],
      noiseKnown: false, estimate: [a, b])
    #expect(u.identifiabilityWarnings.count == 1)
    let w = u.identifiabilityWarnings[0]
    #expect(Set(w.combination.map(\.name)) == ["a", "b"])
    let coefficients = w.combination.map(\.coefficient)
    #expect(coefficients[0] * coefficients[1] < 0)
    // Exact up to the Jacobi SVD's round-off on a rank-1 matrix: 1e-6 is generous.
    for c in coefficients { #expect(abs(abs(c) - 0.5.squareRoot()) < 1e-6) }
    #expect(w.message.contains("a") && w.message.contains("b"))
    #expect(w.relativeSingularValue < 1e-6)
    #expect(u.rank == 1)
    #expect(u.conditionNumber > 1e6)
    _ = m
  }

  @Test func linearRegressionCovarianceMatchesClosedForm() {
    // y = p0 + p1 t: Cov = s²(XᵀX)⁻¹ with s² = ‖r‖²/(m − 2).
    var rng = SplitMix64(seed: 4)
    let t = (0..<15).map { Double($0) * 0.5 }
    let m = t.count
    let x = Array(repeating: 1.0, count: m) + t
    let y = t.map { 1 + 2 * $0 + 0.3 * rng.gaussian() }
    let p = LinearLeastSquares.solve(a: x, rows: m, columns: 2, b: y)
    let r = zip(matVec(x, m, 2, p), y).map { $0 - $1 }
    let u = UncertaintyAnalysis.analyze(jacobian: x, residuals: r, parameterCount: 2, parameterNames: ["p0", "p1"], noiseKnown: false, estimate: p)
    let s2 = r.reduce(0) { $0 + $1 * $1 } / Double(m - 2)
    let sxx = Double(m), sxt = t.reduce(0, +), stt = t.reduce(0) { $0 + $1 * $1 }
    let det = sxx * stt - sxt * sxt
    let expected = [stt / det, -sxt / det, -sxt / det, sxx / det].map { $0 * s2 }
    // A 15×2 well-conditioned system: agreement to near round-off.
    for i in 0..<4 { #expect(abs(u.covariance[i] - expected[i]) <= 1e-12 * abs(expected[i])) }
    #expect(abs(u.noiseVariance - s2) <= 1e-14 * s2)
    // t_{0.975, 13} = 2.160368656 (tables): the interval half-width is t·SE.
    let half = (u.confidenceIntervals95[1].1 - u.confidenceIntervals95[1].0) / 2
    #expect(abs(half / u.standardErrors[1] - 2.160368656) < 1e-8)
    #expect(u.identifiabilityWarnings.isEmpty)
    #expect(abs(u.correlation[1] - expected[1] / (expected[0] * expected[3]).squareRoot()) < 1e-12)
  }

  @Test(arguments: [(1.0, 12.706204736174698), (10.0, 2.2281388519649385), (30.0, 2.0422724563012373)])
  func studentTQuantiles(dof: Double, expected: Double) {
    // Reference values from the t distribution's inverse cdf (R's qt); the bisection is to 1e-12.
    #expect(abs(StudentT.quantile(0.975, dof: dof) - expected) < 1e-9 * expected)
  }

  @Test func normalQuantile() {
    // Φ⁻¹(0.975) = 1.959963984540054; bisection to 1e-14.
    #expect(abs(StudentT.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
  }

  @Test func highlyCorrelatedPairIsReported() {
    // Two nearly parallel columns: identifiable (σ ratio ~1e-3) but correlated beyond 0.99.
    let t = (0..<30).map { Double($0) / 29 }
    let j = t + t.map { $0 + 1e-3 * sin(7 * $0) }
    var rng = SplitMix64(seed: 5)
    let r = t.map { _ in rng.gaussian() }
    let u = UncertaintyAnalysis.analyze(jacobian: j, residuals: r, parameterCount: 2, parameterNames: ["x", "y"], noiseKnown: true)
    #expect(u.identifiabilityWarnings.count == 1)
    #expect(u.identifiabilityWarnings[0].message.contains("correlated"))
  }

  /// `unresolved` marks the parameters with a component along a direction dropped from the
  /// pseudo-inverse: a zero column alone, two equal columns together, nothing at full rank.
  @Test func unresolvedParametersAreMarked() {
    let m = 6
    let a = (0..<m).map { Double($0) + 1 }, b = (0..<m).map { Double($0 * $0) - 3 }, c = (0..<m).map { sin(Double($0)) }
    let zero = [Double](repeating: 0, count: m)
    let residuals = [Double](repeating: 0.1, count: m)
    func unresolved(_ columns: [[Double]]) -> [Bool] {
      UncertaintyAnalysis.analyze(
        jacobian: columns.flatMap { $0 }, residuals: residuals, parameterCount: columns.count,
        parameterNames: columns.indices.map { "p\($0)" }, noiseKnown: true).unresolved
    }
    #expect(unresolved([a, b, c]) == [false, false, false])
    #expect(unresolved([a, zero, c]) == [false, true, false])
    #expect(unresolved([a, b, a]) == [true, false, true])
    // A parameter held at a bound is not "unresolved": it is fixed, reported apart.
    let held = UncertaintyAnalysis.analyze(
      jacobian: (a + zero + c), residuals: residuals, parameterCount: 3, parameterNames: ["p0", "p1", "p2"],
      noiseKnown: true, activeBounds: [false, true, false])
    #expect(held.unresolved == [false, false, false])
  }
}
