import Foundation
import Testing
@testable import Inversion

@Suite struct ScalarMinimizeTests {
  /// A parabola's vertex is found to the requested tolerance.
  @Test func parabolaVertex() {
    let s = ScalarMinimize.brent(in: -3, 5) { ($0 - 1.2345) * ($0 - 1.2345) + 7 }
    // Brent's stopping rule: within about 2·(√ε·|x| + 1e-12/3) ≈ 4e-8 of the minimizer.
    #expect(abs(s.x - 1.2345) < 1e-7)
    #expect(abs(s.value - 7) < 1e-14)
    // A parabola is fitted exactly by the first parabolic step: few evaluations.
    #expect(s.evaluations < 12)
  }

  /// A non-polynomial minimum with an analytic answer: x e^{−x} is maximal at x = 1, so
  /// f = −x e^{−x} has its minimum there; also cos on [2, 4] has its minimum at π.
  @Test func analyticMinima() {
    let a = ScalarMinimize.brent(in: 0, 4) { -$0 * exp(-$0) }
    #expect(abs(a.x - 1) < 1e-7)  // √ε-level, as above
    let b = ScalarMinimize.brent(in: 4, 2, relativeTolerance: 1e-10) { cos($0) }
    // cos is flat at π: f changes by δ²/2, invisible below δ ≈ √ε, so x is good to ~√ε·π ≈ 5e-8.
    #expect(abs(b.x - Double.pi) < 1e-7)
  }

  /// A minimum at the interval's end: Brent's method converges to that end.
  @Test func monotoneGoesToTheEnd() {
    let s = ScalarMinimize.brent(in: 0, 1) { $0 }
    #expect(s.x < 1e-7)
  }

  /// Grid refinement: an interior grid minimum is refined; a minimum at the grid's end is
  /// reported as such, unrefined.
  @Test func gridRefinement() {
    let f: (Double) -> Double = { t in (t - 0.37) * (t - 0.37) * (2 + sin(t)) }
    let grid = (0...20).map { Double($0) * 0.1 - 1 }
    let values = grid.map(f)
    let s = ScalarMinimize.refineGridMinimum(grid: grid, values: values, f)
    #expect(!s.atGridEnd)
    #expect(abs(s.x - 0.37) < 1e-7)
    #expect(grid[s.gridIndex] == grid[values.indices.min { values[$0] < values[$1] }!])
    let g2 = (0...10).map { Double($0) * 0.1 }
    let edge = ScalarMinimize.refineGridMinimum(grid: g2, values: g2.map { -$0 }) { -$0 }
    #expect(edge.atGridEnd && edge.x == 1.0 && edge.evaluations == 0)
  }

  /// NaN counts as worse than any number, and errors pass through.
  @Test func nanAndErrors() throws {
    let s = ScalarMinimize.brent(in: -1, 1) { x in x > 0.5 ? .nan : (x + 0.2) * (x + 0.2) }
    #expect(abs(s.x + 0.2) < 1e-7)
    struct Stop: Error {}
    #expect(throws: Stop.self) { try ScalarMinimize.brent(in: 0, 1) { _ in throw Stop() } }
  }
}
