import Foundation

/// Derivative-free minimization of a function of a few variables by the Nelder–Mead
/// simplex method, with box bounds and restarts.
///
/// ## Why it is here
///
/// Levenberg–Marquardt needs a Jacobian and a smooth objective. Some objectives are only
/// piecewise smooth: a source location that crosses a sampling site puts a kink (or a jump)
/// into a profile likelihood. The simplex method compares function values only, so kinks
/// do not upset it.
///
/// ## The iteration
///
/// The algorithm of Lagarias, Reeds, Wright & Wright (1998, *SIAM J. Optim.* 9:112, §2):
/// order the n + 1 vertices by value, reflect the worst through the centroid of the others,
/// then expand, contract (outside or inside) or shrink. Coefficients: the standard
/// (ρ, χ, γ, σ) = (1, 2, ½, ½), or with `adaptive` those of Gao & Han (2012, *Comput.
/// Optim. Appl.* 51:259): (1, 1 + 2/n, ¾ − 1/(2n), 1 − 1/n), which keep the method
/// descending in more than a few dimensions.
///
/// Bounds: every trial point is projected onto the box (each coordinate clamped). A
/// simplex may flatten against a face of the box; a restart rebuilds it.
///
/// A function value that is not finite counts as +∞, so a caller can also express a
/// constraint the box cannot by returning `.infinity`.
///
/// ## Stopping and restarts
///
/// A run stops when the values at the vertices agree, max_i |f_i − f_best| ≤
/// `functionTolerance`·(|f_best| + `functionTolerance`), and the simplex is small,
/// max_i |x_ij − x_best,j| ≤ `stepTolerance`·s_j for every coordinate j (s = the initial
/// steps, so the test has the units of the problem). The simplex method can then still sit
/// at a point that is not a minimum (McKinnon 1998, *SIAM J. Optim.* 9:148), so it is
/// restarted at the best point with the initial steps, up to `restarts` times, until a
/// restart no longer lowers the value by more than the function tolerance.
public enum NelderMead {
  /// Minimizes `objective` from `initial`.
  ///
  /// - Parameters:
  ///   - objective: the function; non-finite values are treated as +∞.
  ///   - initial: the starting point (clamped into the bounds first).
  ///   - steps: the initial simplex's edge along each coordinate (positive, finite); default
  ///     5 % of |initial_j|, or 0.00025 where initial_j is 0 (as MATLAB's `fminsearch`).
  ///     Near an upper bound the vertex is placed below the start instead.
  ///   - bounds: box constraints, or nil.
  ///   - options: tolerances, limits and coefficients.
  ///   - initialSimplex: n + 1 vertices to start from instead of the axis simplex (each of
  ///     n coordinates); mainly for tests of pathological starts.
  /// - Returns: the best point found; `converged == false` when the evaluation limit was
  ///   reached first (a result, not an error).
  /// - Throws: whatever `objective` throws.
  ///
  /// `initial` must be non-empty, and `steps` (when given) and `bounds` must have
  /// `initial.count` entries, or a precondition failure occurs.
  public static func minimize(
    _ objective: ([Double]) throws -> Double, initial: [Double], steps: [Double]? = nil,
    bounds: ParameterBounds? = nil, options: NelderMeadOptions = NelderMeadOptions(),
    initialSimplex: [[Double]]? = nil
  ) rethrows -> NelderMeadResult {
    let n = initial.count
    precondition(n > 0, "NelderMead: at least one variable")
    let box = bounds ?? .unbounded(n)
    precondition(box.lower.count == n, "NelderMead: bounds must have initial.count entries")
    let step = steps ?? initial.map { $0 == 0 ? 0.00025 : 0.05 * abs($0) }
    precondition(step.count == n && step.allSatisfy { $0 > 0 && $0.isFinite },
                 "NelderMead: steps must be initial.count positive finite numbers")
    if let s = initialSimplex {
      precondition(s.count == n + 1 && s.allSatisfy { $0.count == n }, "NelderMead: initialSimplex needs n + 1 points of n coordinates")
    }

    var evaluations = 0
    let coefficients = options.adaptive
      ? (reflect: 1.0, expand: 1 + 2 / Double(n), contract: 0.75 - 1 / (2 * Double(n)), shrink: 1 - 1 / Double(n))
      : (reflect: 1.0, expand: 2.0, contract: 0.5, shrink: 0.5)

    var best = box.clamp(initial)
    var bestValue = try counted(objective, best, &evaluations)
    var iterations = 0
    var restartsUsed = 0
    var converged = false
    var reason = ""
    var startSimplex = initialSimplex.map { $0.map { box.clamp($0) } }

    runLoop: while true {
      let runStartValue = bestValue
      let (runConverged, vertices, values) = try run(
        objective, best: best, bestValue: bestValue, simplex: startSimplex, steps: step, box: box,
        options: options, coefficients: coefficients, evaluations: &evaluations, iterations: &iterations)
      startSimplex = nil
      var k = 0
      for i in 1...n where values[i] < values[k] { k = i }
      if values[k] < bestValue || (values[k] == bestValue && bestValue == .infinity) {
        best = Array(vertices[(k * n)..<((k + 1) * n)])
        bestValue = values[k]
      }
      if !runConverged {
        reason = "the evaluation limit (\(options.maxEvaluations)) was reached"
        break runLoop
      }
      let gain = runStartValue - bestValue
      let threshold = options.functionTolerance * (abs(bestValue) + options.functionTolerance)
      if restartsUsed > 0 && !(gain > threshold) {
        converged = true
        reason = "the simplex collapsed and a restart at the best point gained nothing"
        break runLoop
      }
      if restartsUsed >= options.restarts {
        converged = true
        reason = restartsUsed == 0
          ? "the simplex collapsed (values and vertices within the tolerances)"
          : "the simplex collapsed; the restart limit (\(options.restarts)) was reached"
        break runLoop
      }
      restartsUsed += 1
    }
    return NelderMeadResult(
      estimate: best, value: bestValue, converged: converged, stopReason: reason, iterations: iterations,
      evaluations: evaluations, restarts: restartsUsed)
  }

  /// The reflection, expansion, contraction and shrink coefficients (ρ, χ, γ, σ).
  typealias Coefficients = (reflect: Double, expand: Double, contract: Double, shrink: Double)

  /// The objective at x, counted; a value that is not finite is +∞ (see the type's discussion).
  private static func counted(_ objective: ([Double]) throws -> Double, _ x: [Double], _ evaluations: inout Int) rethrows -> Double {
    evaluations += 1
    let f = try objective(x)
    return f.isFinite ? f : .infinity
  }

  /// One run: build the simplex (`simplex` if given, else the axis simplex at `best`, whose
  /// value is `bestValue`), then iterate (Lagarias et al. 1998, §2, every trial point clamped
  /// into the box) until `isSmall` or the evaluation limit.
  /// - Returns: whether the simplex collapsed, and its final vertices (flat, vertex i at
  ///   `vertices[i*n ..< (i+1)*n]`) and values.
  private static func run(
    _ objective: ([Double]) throws -> Double, best: [Double], bestValue: Double, simplex startSimplex: [[Double]]?,
    steps step: [Double], box: ParameterBounds, options: NelderMeadOptions, coefficients: Coefficients,
    evaluations: inout Int, iterations: inout Int
  ) rethrows -> (converged: Bool, vertices: [Double], values: [Double]) {
    let n = best.count
    let lower = box.lower, upper = box.upper
    func value(_ x: [Double]) throws -> Double { try counted(objective, x, &evaluations) }
    // `order` lists vertices best first.
    var vertices = [Double](repeating: 0, count: (n + 1) * n)
    var values = [Double](repeating: .infinity, count: n + 1)
    var order = Array(0...n)
    var centroid = [Double](repeating: 0, count: n)
    var reflected = [Double](repeating: 0, count: n)
    var trial = [Double](repeating: 0, count: n)
    var point = [Double](repeating: 0, count: n)

    // Build the simplex.
    for i in 0...n {
      for j in 0..<n {
        var v: Double
        if let given = startSimplex { v = given[i][j] } else {
          v = best[j]
          if i == j + 1 { v = best[j] + step[j] <= upper[j] ? best[j] + step[j] : best[j] - step[j] }
        }
        vertices[i * n + j] = min(max(v, lower[j]), upper[j])
      }
    }
    let given = startSimplex != nil
    for i in 0...n {
      if i == 0 && !given {
        values[0] = bestValue
      } else {
        for j in 0..<n { point[j] = vertices[i * n + j] }
        values[i] = try value(point)
      }
      order[i] = i
    }
    var runConverged = false
    while evaluations < options.maxEvaluations {
      // Order by value (stable: ties keep their order; n is small, so insertion sort).
      for i in 1...n {
        let k = order[i]
        var j = i - 1
        while j >= 0 && values[order[j]] > values[k] { order[j + 1] = order[j]; j -= 1 }
        order[j + 1] = k
      }
      if isSmall(vertices, values, order: order, n: n, step: step, options: options) {
        runConverged = true
        break
      }
      iterations += 1
      let worst = order[n], bestIndex = order[0]
      for j in 0..<n { centroid[j] = 0 }
      for i in 0..<n { let v = order[i]; for j in 0..<n { centroid[j] += vertices[v * n + j] } }
      for j in 0..<n { centroid[j] /= Double(n) }
      /// out = clamp(centroid + t·(centroid − worst)).
      func along(_ t: Double, into out: inout [Double]) {
        for j in 0..<n {
          out[j] = min(max(centroid[j] + t * (centroid[j] - vertices[worst * n + j]), lower[j]), upper[j])
        }
      }
      func replaceWorst(with p: [Double], _ f: Double) {
        for j in 0..<n { vertices[worst * n + j] = p[j] }
        values[worst] = f
      }
      along(coefficients.reflect, into: &reflected)
      let fr = try value(reflected)
      if fr < values[bestIndex] {
        along(coefficients.reflect * coefficients.expand, into: &trial)
        let fe = try value(trial)
        if fe < fr { replaceWorst(with: trial, fe) } else { replaceWorst(with: reflected, fr) }
        continue
      }
      if fr < values[order[n - 1]] {
        replaceWorst(with: reflected, fr)
        continue
      }
      if fr < values[worst] {
        along(coefficients.reflect * coefficients.contract, into: &trial)
        let fc = try value(trial)
        if fc <= fr { replaceWorst(with: trial, fc); continue }
      } else {
        along(-coefficients.contract, into: &trial)
        let fcc = try value(trial)
        if fcc < values[worst] { replaceWorst(with: trial, fcc); continue }
      }
      // Shrink toward the best vertex.
      for i in 1...n {
        let v = order[i]
        for j in 0..<n {
          let x = vertices[bestIndex * n + j] + coefficients.shrink * (vertices[v * n + j] - vertices[bestIndex * n + j])
          vertices[v * n + j] = min(max(x, lower[j]), upper[j])
          point[j] = vertices[v * n + j]
        }
        values[v] = try value(point)
        if evaluations >= options.maxEvaluations { break }
      }
    }
    return (runConverged, vertices, values)
  }

  /// The stopping test: values agree and every vertex is close to the best one.
  static func isSmall(_ vertices: [Double], _ values: [Double], order: [Int], n: Int, step: [Double],
                      options: NelderMeadOptions) -> Bool {
    let b = order[0]
    let f0 = values[b]
    guard f0.isFinite else { return false }
    let fScale = options.functionTolerance * (abs(f0) + options.functionTolerance)
    for i in 0...n where i != b && !(abs(values[i] - f0) <= fScale) { return false }
    for i in 0...n where i != b {
      for j in 0..<n where abs(vertices[i * n + j] - vertices[b * n + j]) > options.stepTolerance * step[j] {
        return false
      }
    }
    return true
  }
}
