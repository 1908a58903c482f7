import FECommon
import Foundation
import Testing
@testable import Inversion

/// The LP solver against textbook problems with known optima, a brute-force vertex
/// enumeration (an independent second method), and the three outcomes.
@Suite struct LinearProgramTests {
  /// Hillier & Lieberman, *Introduction to Operations Research* (Wyndor Glass):
  /// max 3x₁ + 5x₂ s.t. x₁ ≤ 4, 2x₂ ≤ 12, 3x₁ + 2x₂ ≤ 18, x ≥ 0. Optimum (2, 6),
  /// Z = 36, shadow prices (0, 3/2, 1).
  @Test func wyndorGlass() throws {
    let lp = LinearProgram(
      sense: .maximize, objective: [3, 5], constraints: [1, 0, 3, 0, 2, 2], rows: 3,
      rowLower: [-.infinity, -.infinity, -.infinity], rowUpper: [4, 12, 18])
    let s = try #require(try lp.solve().solution)
    // A vertex of small integers: exact up to round-off.
    #expect(abs(s.objectiveValue - 36) < 1e-12)
    #expect(abs(s.x[0] - 2) < 1e-12 && abs(s.x[1] - 6) < 1e-12)
    for (y, expected) in zip(s.rowDuals, [0, 1.5, 1]) { #expect(abs(y - expected) < 1e-12) }
    for (ax, expected) in zip(s.rowActivities, [2.0, 12, 18]) { #expect(abs(ax - expected) < 1e-12) }
    // Strong duality: cᵀx = yᵀ(active row bounds).
    #expect(abs(s.objectiveValue - (0 * 4 + 1.5 * 12 + 1 * 18)) < 1e-12)
  }

  /// A minimization with ≥ rows: min x₁ + x₂ s.t. x₁ + 2x₂ ≥ 4, 3x₁ + x₂ ≥ 6, x ≥ 0.
  /// Both rows bind at (8/5, 6/5), value 14/5 (the other vertices give 4 and 6).
  @Test func minimizationWithGreaterRows() throws {
    let lp = LinearProgram(
      sense: .minimize, objective: [1, 1], constraints: [1, 3, 2, 1], rows: 2,
      rowLower: [4, 6], rowUpper: [.infinity, .infinity])
    let s = try #require(try lp.solve().solution)
    #expect(abs(s.objectiveValue - 2.8) < 1e-12)
    #expect(abs(s.x[0] - 1.6) < 1e-12 && abs(s.x[1] - 1.2) < 1e-12)
  }

  /// A balanced transportation problem (equality rows): supplies (20, 30), demands
  /// (10, 25, 15), unit costs [[8, 6, 10], [9, 12, 13]]. Optimum 465 (S1 → D2: 20;
  /// S2 → D1: 10, D2: 5, D3: 15), certified by the dual u = (−6, 0), v = (9, 12, 13)
  /// whose reduced costs on the non-basic routes are 5 and 3 ≥ 0.
  @Test func transportationWithEqualities() throws {
    let cost = [8.0, 6, 10, 9, 12, 13]  // x_{s,d} at s*3 + d
    var a = [Double](repeating: 0, count: 5 * 6)
    for s in 0..<2 { for d in 0..<3 {
      let j = s * 3 + d
      a[j * 5 + s] = 1  // supply row s
      a[j * 5 + 2 + d] = 1  // demand row d
    } }
    let b = [20.0, 30, 10, 25, 15]
    let lp = LinearProgram(sense: .minimize, objective: cost, constraints: a, rows: 5, rowLower: b, rowUpper: b)
    let s = try #require(try lp.solve().solution)
    #expect(abs(s.objectiveValue - 465) < 1e-10)
    for (x, expected) in zip(s.x, [0.0, 20, 0, 10, 5, 15]) { #expect(abs(x - expected) < 1e-10) }
  }

  /// A free variable and an equality: min x + y s.t. x − y = 1, x ≥ 0, y free:
  /// y = x − 1 so the value is 2x − 1, least at x = 0: −1.
  @Test func freeColumn() throws {
    let lp = LinearProgram(
      sense: .minimize, objective: [1, 1], constraints: [1, -1], rows: 1, rowLower: [1], rowUpper: [1],
      columnLower: [0, -.infinity], columnUpper: [.infinity, .infinity])
    let s = try #require(try lp.solve().solution)
    #expect(abs(s.objectiveValue + 1) < 1e-12)
    #expect(abs(s.x[0]) < 1e-12 && abs(s.x[1] + 1) < 1e-12)
  }

  /// max x + y s.t. x − y ≤ 1, x, y ≥ 0 is unbounded (along (1, 1)); its minimum is 0.
  @Test func unboundedIsAnOutcome() throws {
    let lp = LinearProgram(
      sense: .maximize, objective: [1, 1], constraints: [1, -1], rows: 1, rowLower: [-.infinity], rowUpper: [1])
    guard case .unbounded = try lp.solve() else { Issue.record("expected unbounded"); return }
    let s = try #require(try lp.with(objective: [1, 1], sense: .minimize).solve().solution)
    #expect(abs(s.objectiveValue) < 1e-14)
    // Unbounded below: a free variable with a positive cost and no row.
    let free = LinearProgram(
      sense: .minimize, objective: [1], constraints: [], rows: 0, rowLower: [], rowUpper: [],
      columnLower: [-.infinity], columnUpper: [.infinity])
    guard case .unbounded = try free.solve() else { Issue.record("expected unbounded"); return }
  }

  /// x + y ≤ 1 and x + y ≥ 2 together admit no point; so do crossed bounds and an
  /// equality row outside the column box.
  @Test func infeasibleIsAnOutcome() throws {
    let lp = LinearProgram(
      sense: .minimize, objective: [1, 1], constraints: [1, 1, 1, 1], rows: 2,
      rowLower: [-.infinity, 2], rowUpper: [1, .infinity])
    guard case .infeasible = try lp.solve() else { Issue.record("expected infeasible"); return }
    // The same with a maximization (the unbounded direction must not mask infeasibility).
    guard case .infeasible = try lp.with(objective: [1, 1], sense: .maximize).solve() else {
      Issue.record("expected infeasible"); return
    }
    let crossed = LinearProgram(
      sense: .minimize, objective: [1], constraints: [1], rows: 1, rowLower: [3], rowUpper: [2])
    guard case .infeasible = try crossed.solve() else { Issue.record("expected infeasible"); return }
    let box = LinearProgram(
      sense: .maximize, objective: [1, 0], constraints: [1, 1], rows: 1, rowLower: [5], rowUpper: [5],
      columnLower: [0, 0], columnUpper: [2, 2])
    guard case .infeasible = try box.solve() else { Issue.record("expected infeasible"); return }
  }

  /// Beale's (1955) cycling example, degenerate at the origin (Dantzig's rule cycles):
  /// min −¾x₄ + 150x₅ − x₆/50 + 6x₇ s.t. ¼x₄ − 60x₅ − x₆/25 + 9x₇ ≤ 0,
  /// ½x₄ − 90x₅ − x₆/50 + 3x₇ ≤ 0, x₆ ≤ 1, x ≥ 0. Optimum −1/20 at (1/25, 0, 1, 0)
  /// (Chvátal, *Linear Programming*, 1983, ch. 3).
  @Test func bealeDegenerateCycling() throws {
    let a = [0.25, 0.5, 0, -60, -90, 0, -1.0 / 25, -1.0 / 50, 1, 9, 3, 0]
    let lp = LinearProgram(
      sense: .minimize, objective: [-0.75, 150, -1.0 / 50, 6], constraints: a, rows: 3,
      rowLower: [-.infinity, -.infinity, -.infinity], rowUpper: [0, 0, 1])
    let s = try #require(try lp.solve().solution)
    #expect(abs(s.objectiveValue + 0.05) < 1e-13)
    for (x, expected) in zip(s.x, [0.04, 0, 1, 0]) { #expect(abs(x - expected) < 1e-12) }
    #expect(abs(s.objectiveValue - bruteForceOptimum(lp)) < 1e-12)
  }

  /// Klee & Minty's cube (1972), n = 6: max Σ 2^{n−j} x_j s.t.
  /// 2 Σ_{j<i} 2^{i−j} x_j + x_i ≤ 5^i. Optimum 5^n at x = (0, …, 0, 5^n).
  @Test func kleeMintyCube() throws {
    let n = 6
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<i { a[j * n + i] = 2 * pow(2, Double(i - j)) }
      a[i * n + i] = 1
    }
    let c = (0..<n).map { pow(2, Double(n - 1 - $0)) }
    let lp = LinearProgram(
      sense: .maximize, objective: c, constraints: a, rows: n,
      rowLower: [Double](repeating: -.infinity, count: n), rowUpper: (1...n).map { pow(5, Double($0)) })
    let s = try #require(try lp.solve().solution)
    // Integers up to 15625: relative round-off only.
    #expect(abs(s.objectiveValue - pow(5, Double(n))) < 1e-10 * pow(5, Double(n)))
    #expect(abs(s.x[n - 1] - pow(5, Double(n))) < 1e-9 * pow(5, Double(n)))
  }

  /// Random bounded programs against a brute-force enumeration of every vertex
  /// (an independent method): same optimal value to 1e-9 relative.
  @Test func randomProgramsMatchVertexEnumeration() throws {
    var rng = SplitMix64(seed: 2024)
    for trial in 0..<30 {
      let m = 3 + trial % 3, n = 3
      var a = [Double](repeating: 0, count: m * n)
      for k in a.indices { a[k] = rng.gaussian() }
      let upper = (0..<m).map { _ in 1 + 2 * rng.uniform() }  // x = 0 is feasible
      let boxUpper = (0..<n).map { _ in 1 + 4 * rng.uniform() }  // bounded
      let c = (0..<n).map { _ in rng.gaussian() }
      let lp = LinearProgram(
        sense: trial % 2 == 0 ? .maximize : .minimize, objective: c, constraints: a, rows: m,
        rowLower: [Double](repeating: -.infinity, count: m), rowUpper: upper,
        columnLower: [Double](repeating: 0, count: n), columnUpper: boxUpper)
      let s = try #require(try lp.solve().solution)
      let brute = bruteForceOptimum(lp)
      #expect(abs(s.objectiveValue - brute) <= 1e-9 * max(1, abs(brute)), "trial \(trial)")
    }
  }

  /// Degenerate sizes: no variables, no rows.
  @Test func emptyPrograms() throws {
    let none = LinearProgram(sense: .minimize, objective: [], constraints: [], rows: 1, rowLower: [-1], rowUpper: [1])
    #expect(try none.solve().solution?.objectiveValue == 0)
    let impossible = LinearProgram(sense: .minimize, objective: [], constraints: [], rows: 1, rowLower: [1], rowUpper: [2])
    guard case .infeasible = try impossible.solve() else { Issue.record("expected infeasible"); return }
    let noRows = LinearProgram(
      sense: .maximize, objective: [2, -1], constraints: [], rows: 0, rowLower: [], rowUpper: [],
      columnLower: [0, 0], columnUpper: [3, 3])
    let s = try #require(try noRows.solve().solution)
    #expect(abs(s.objectiveValue - 6) < 1e-14)
  }

  /// Wyndor Glass with rows scaled by 2^−990…2^−1000 and columns by 2^10, 2^−5 (entries
  /// near 1e-300, where GLPK's own scaling aborts the process), and again with rows near
  /// 2^900: the solution maps back exactly (x'_j = x_j/2^s_j, y'_i = y_i/2^r_i, same
  /// optimum), so it is checked against the closed form of the unscaled problem.
  @Test(arguments: [[-990, -995, -1000], [900, 905, 880]])
  func extremeMagnitudesAreRescaledExactly(rowExponents: [Int]) throws {
    let columnExponents = [10, -5]
    let a: [Double] = [1, 0, 3, 0, 2, 2], c: [Double] = [3, 5], b: [Double] = [4, 12, 18]
    func p2(_ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: 1) }
    var scaledA = a
    for j in 0..<2 { for i in 0..<3 { scaledA[j * 3 + i] *= p2(rowExponents[i] + columnExponents[j]) } }
    let lp = LinearProgram(
      sense: .maximize, objective: (0..<2).map { c[$0] * p2(columnExponents[$0]) }, constraints: scaledA, rows: 3,
      rowLower: [-.infinity, -.infinity, -.infinity], rowUpper: (0..<3).map { b[$0] * p2(rowExponents[$0]) })
    #expect(!LinearProgramScaling.glpkCanScale(lp))
    let s = try #require(try lp.solve().solution)
    #expect(abs(s.objectiveValue - 36) < 1e-12)
    for (j, x) in [2.0, 6].enumerated() { #expect(abs(s.x[j] / (x / p2(columnExponents[j])) - 1) < 1e-12) }
    for (i, y) in [0, 1.5, 1].enumerated() { #expect(abs(s.rowDuals[i] - y / p2(rowExponents[i])) <= 1e-12 * abs(y / p2(rowExponents[i]))) }
    for (i, ax) in [2.0, 12, 18].enumerated() { #expect(abs(s.rowActivities[i] / (ax * p2(rowExponents[i])) - 1) < 1e-12) }
    // The textbook problem itself stays with GLPK's scaling.
    #expect(LinearProgramScaling.glpkCanScale(LinearProgram(
      sense: .maximize, objective: c, constraints: a, rows: 3, rowLower: [-.infinity, -.infinity, -.infinity], rowUpper: b)))
  }

  /// A matrix no diagonal scaling can bring into range (a₁₁a₂₂/(a₁₂a₂₁) = 1e1200 is
  /// invariant under it) is a thrown NumericalError, not an abort.
  @Test func unscalableMagnitudesAreANumericalError() {
    let lp = LinearProgram(
      sense: .maximize, objective: [1, 1], constraints: [1e300, 1e-300, 1e-300, 1e300], rows: 2,
      rowLower: [-.infinity, -.infinity], rowUpper: [1, 1])
    #expect(throws: NumericalError.self) { try lp.solve() }
  }

  /// Every call is serialized around GLPK's global state: concurrent solves agree.
  @Test func concurrentSolvesAgree() async throws {
    let lp = LinearProgram(
      sense: .maximize, objective: [3, 5], constraints: [1, 0, 3, 0, 2, 2], rows: 3,
      rowLower: [-.infinity, -.infinity, -.infinity], rowUpper: [4, 12, 18])
    let values = try await withThrowingTaskGroup(of: Double.self) { group in
      for _ in 0..<16 { group.addTask { try lp.solve().solution?.objectiveValue ?? .nan } }
      var all = [Double]()
      for try await v in group { all.append(v) }
      return all
    }
    #expect(values.count == 16 && values.allSatisfy { abs($0 - 36) < 1e-12 })
  }
}

/// The optimum of a bounded, feasible LP with finite column bounds by enumerating
/// every vertex: each choice of n active constraints (rows at a bound or columns at
/// a bound) is solved as an n × n system, kept if feasible.
func bruteForceOptimum(_ lp: LinearProgram) -> Double {
  let m = lp.rows, n = lp.columns
  // Candidate hyperplanes: (coefficients, value).
  var planes = [([Double], Double)]()
  for i in 0..<m {
    let row = (0..<n).map { lp.constraints[$0 * m + i] }
    if lp.rowLower[i].isFinite { planes.append((row, lp.rowLower[i])) }
    if lp.rowUpper[i].isFinite && lp.rowUpper[i] != lp.rowLower[i] { planes.append((row, lp.rowUpper[i])) }
  }
  for j in 0..<n {
    var e = [Double](repeating: 0, count: n); e[j] = 1
    if lp.columnLower[j].isFinite { planes.append((e, lp.columnLower[j])) }
    if lp.columnUpper[j].isFinite { planes.append((e, lp.columnUpper[j])) }
  }
  var best = lp.sense == .minimize ? Double.infinity : -Double.infinity
  func visit(_ chosen: [Int], _ start: Int) {
    if chosen.count == n {
      var a = [Double](), b = [Double]()
      for k in chosen { a += planes[k].0; b.append(planes[k].1) }  // row-major n × n
      let x = gaussSolve(a, b, n: n)
      guard x.allSatisfy({ $0.isFinite }) else { return }
      let tol = 1e-9
      for j in 0..<n where x[j] < lp.columnLower[j] - tol || x[j] > lp.columnUpper[j] + tol { return }
      for i in 0..<m {
        let ax = (0..<n).reduce(0) { $0 + lp.constraints[$1 * m + i] * x[$1] }
        if ax < lp.rowLower[i] - tol || ax > lp.rowUpper[i] + tol { return }
      }
      // Reject near-singular choices whose solution does not satisfy its own equations.
      for k in chosen where abs(zip(planes[k].0, x).reduce(0) { $0 + $1.0 * $1.1 } - planes[k].1) > tol { return }
      let v = zip(lp.objective, x).reduce(0) { $0 + $1.0 * $1.1 }
      best = lp.sense == .minimize ? min(best, v) : max(best, v)
      return
    }
    if start >= planes.count { return }
    for k in start..<planes.count { visit(chosen + [k], k + 1) }
  }
  visit([], 0)
  return best
}
