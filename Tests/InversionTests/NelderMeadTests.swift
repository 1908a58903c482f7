import Foundation
import Testing
@testable import Inversion

@Suite struct NelderMeadTests {
  /// Rosenbrock's banana, minimum 0 at (1, …, 1).
  static func rosenbrock(_ x: [Double]) -> Double {
    var s = 0.0
    for i in 0..<(x.count - 1) {
      s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i])
    }
    return s
  }

  @Test func rosenbrockTwoDimensionsFromTheClassicStart() {
    let result = NelderMead.minimize(Self.rosenbrock, initial: [-1.2, 1], steps: [0.1, 0.1])
    #expect(result.converged, "\(result.stopReason)")
    // Analytic minimum (1, 1); near it f ≈ (x − 1)ᵀH(x − 1)/2, so a value of 1e-18 means
    // |x − 1| ≲ 1e-8 along the stiff direction and ~1e-7 along the flat one: 1e-6.
    #expect(abs(result.estimate[0] - 1) < 1e-6 && abs(result.estimate[1] - 1) < 1e-6, "\(result.estimate)")
    #expect(result.value < 1e-12)
  }

  @Test func rosenbrockFourDimensionsWithAdaptiveCoefficients() {
    var options = NelderMeadOptions()
    options.maxEvaluations = 20000
    let result = NelderMead.minimize(Self.rosenbrock, initial: [-1.2, 1, -1.2, 1], steps: [0.5, 0.5, 0.5, 0.5], options: options)
    #expect(result.converged, "\(result.stopReason)")
    // The 4-D Rosenbrock function has a second local minimum near (−0.78, 0.61, 0.38, 0.15)
    // (f ≈ 3.70); the restarts must not leave the search there. 1e-5 as above, looser for n = 4.
    for x in result.estimate { #expect(abs(x - 1) < 1e-5, "\(result.estimate)") }
  }

  @Test func quadraticWithItsMinimumOutsideTheBoxEndsOnTheBound() {
    // f = (x − 3)² + 10(y + 1)² on [0, 2] × [0, 5]: the constrained minimum is (2, 0)
    // (both bounds active, by the KKT conditions: ∂f/∂x = −2 < 0 at x = 2, ∂f/∂y = 20 > 0 at y = 0).
    let f: ([Double]) -> Double = { ($0[0] - 3) * ($0[0] - 3) + 10 * ($0[1] + 1) * ($0[1] + 1) }
    let bounds = ParameterBounds(lower: [0, 0], upper: [2, 5])
    let result = NelderMead.minimize(f, initial: [1, 4], steps: [0.5, 0.5], bounds: bounds)
    #expect(result.converged)
    // The bound is reached by clamping, so exactly (to round-off of the step test): 1e-8.
    #expect(abs(result.estimate[0] - 2) < 1e-8 && abs(result.estimate[1]) < 1e-8, "\(result.estimate)")
    #expect(abs(result.value - 11) < 1e-7)
  }

  @Test func nonsmoothObjectiveWithKinks() {
    // f = |x − 1| + 2|y + 0.5| + 0.1|x + y|: kinks along three lines; the minimum (1, −0.5),
    // f = 0.05, sits where two kinks cross (∂f has a corner there). A gradient method would
    // zig-zag; the simplex only compares values. 1e-6: the step tolerance times the steps.
    let f: ([Double]) -> Double = { abs($0[0] - 1) + 2 * abs($0[1] + 0.5) + 0.1 * abs($0[0] + $0[1]) }
    let result = NelderMead.minimize(f, initial: [4, 3], steps: [1, 1])
    #expect(abs(result.estimate[0] - 1) < 1e-6 && abs(result.estimate[1] + 0.5) < 1e-6, "\(result.estimate)")
    #expect(abs(result.value - 0.05) < 1e-6)
  }

  @Test func restartEscapesMcKinnonsStall() {
    // McKinnon (1998, SIAM J. Optim. 9:148), τ = 2, θ = 6, φ = 60: from his simplex the
    // method contracts onto (0, 0), where the gradient is (0, 1) ≠ 0. The minimum is
    // (0, −0.5), f = −0.25 (∂f/∂y = 1 + 2y = 0, and x = 0 minimizes the |x|² terms).
    let f: ([Double]) -> Double = { x in
      let t = x[0] <= 0 ? 6 * 60 * x[0] * x[0] : 6 * x[0] * x[0]
      return t + x[1] + x[1] * x[1]
    }
    let s33 = 33.0.squareRoot()
    let simplex = [[0.0, 0.0], [1.0, 1.0], [(1 + s33) / 8, (1 - s33) / 8]]
    var plain = NelderMeadOptions()
    plain.adaptive = false
    plain.restarts = 0
    let stalled = NelderMead.minimize(f, initial: [0, 0], steps: [1, 1], options: plain, initialSimplex: simplex)
    // Without a restart the method ends near the non-stationary point (0, 0): f ≈ 0.
    #expect(stalled.value > -0.01, "McKinnon's stall did not happen: \(stalled.estimate)")
    var withRestarts = plain
    withRestarts.restarts = 3
    let result = NelderMead.minimize(f, initial: [0, 0], steps: [1, 1], options: withRestarts, initialSimplex: simplex)
    // With restarts, the true minimum; 1e-6 as in the Rosenbrock case.
    #expect(abs(result.value + 0.25) < 1e-10)
    #expect(abs(result.estimate[1] + 0.5) < 1e-5 && abs(result.estimate[0]) < 1e-5, "\(result.estimate)")
    #expect(result.restarts >= 1)
  }

  @Test func infiniteValuesActAsAConstraint() {
    // Minimize (x − 2)² + (y − 2)² subject to x + y ≤ 2 (infeasible points return +∞): the
    // minimum is the projection (1, 1), on the constraint. The simplex approaches it from
    // inside, so to 1e-4 only.
    let f: ([Double]) -> Double = { $0[0] + $0[1] > 2 ? .infinity : ($0[0] - 2) * ($0[0] - 2) + ($0[1] - 2) * ($0[1] - 2) }
    let result = NelderMead.minimize(f, initial: [0, 0], steps: [0.3, 0.3])
    #expect(abs(result.estimate[0] - 1) < 1e-4 && abs(result.estimate[1] - 1) < 1e-4, "\(result.estimate)")
  }

  @Test func evaluationLimitIsReportedNotHidden() {
    var options = NelderMeadOptions()
    options.maxEvaluations = 30
    let result = NelderMead.minimize(Self.rosenbrock, initial: [-1.2, 1], steps: [0.1, 0.1], options: options)
    #expect(!result.converged)
    #expect(result.evaluations <= 30)
    #expect(result.stopReason.contains("evaluation limit"))
    // The best value found is still returned, and it is no worse than the start.
    #expect(result.value <= Self.rosenbrock([-1.2, 1]))
  }

  @Test func oneDimensionalMinimum() {
    // f = (log x − 1)² + 0.5: minimum at x = e, f = 0.5 (a 1-simplex is an interval).
    let f: ([Double]) -> Double = { x in x[0] <= 0 ? .infinity : (log(x[0]) - 1) * (log(x[0]) - 1) + 0.5 }
    let result = NelderMead.minimize(f, initial: [0.3], steps: [0.2])
    #expect(abs(result.estimate[0] - M_E) < 1e-6)
  }
}
