import DenseLinearAlgebra
import FECommon
import Foundation

/// Optimal-design criteria on Fisher information matrices, knowing nothing of the model
/// behind them.
///
/// A candidate experiment (a test set-up) with weighted Jacobian J (rows divided by their
/// noise σ, nuisance parameters projected out) carries the information F = JᵀJ about the
/// parameters; independent experiments add their information, and the predicted
/// covariance of the estimates from a set of experiments is (Σ F)⁻¹ (the linearized
/// least-squares covariance). A criterion maps that covariance to one number, lower
/// better (a *loss*):
///
/// - `.d` (D-optimality): −log det(F), the log volume of the confidence ellipsoid (up to
///   constants) — invariant to rescaling the parameters;
/// - `.a` (A-optimality): trace(F⁻¹), the sum of the variances;
/// - `.weighted(w)`: Σ w_j (F⁻¹)_jj; with w_j = 1/t_j² for a target standard error t_j it
///   is Σ (SE_j/t_j)², at most the number of targets when every target is met.
///
/// A set whose information is singular (a direction no chosen experiment sees) would
/// have an infinite loss; so that sets can still be compared on their way to a full rank
/// (greedy selection starts from one experiment), every loss is evaluated on
/// F + ρI with a small ridge ρ (the caller's `ridge`, typically 1e-9 of the largest
/// diagonal entry of the information of all candidates together). Callers scale the
/// parameters first (relative changes δp/p) so that one ridge suits every parameter.
public enum DesignCriterion: Sendable, Equatable {
  case d
  case a
  case weighted([Double])

  /// The loss of an information matrix (n × n, row-major, symmetric), lower better;
  /// `+infinity` when F + ρI is not positive definite (NaN entries, or a negative ρ).
  public func loss(_ fisher: [Double], n: Int, ridge: Double) -> Double {
    precondition(fisher.count == n * n, "DesignCriterion.loss: fisher must be n*n")
    var m = fisher
    for i in 0..<n { m[i * n + i] += ridge }
    guard let factor = DenseCholesky.factor(m, n: n) else { return .infinity }
    switch self {
    case .d:
      var logDet = 0.0
      for i in 0..<n { logDet += 2 * log(factor[i * n + i]) }
      return -logDet
    case .a, .weighted:
      let weights: [Double]
      if case .weighted(let w) = self {
        precondition(w.count == n, "DesignCriterion.weighted: one weight per parameter")
        weights = w
      } else {
        weights = [Double](repeating: 1, count: n)
      }
      var total = 0.0
      var e = [Double](repeating: 0, count: n)
      for j in 0..<n where weights[j] != 0 {
        for i in 0..<n { e[i] = i == j ? 1 : 0 }
        let column = DenseCholesky.solve(factor: factor, n: n, e)
        total += weights[j] * column[j]
      }
      return total
    }
  }
}

/// Information matrices: sums, square roots, scaling.
public enum FisherInformation {
  /// Σ of `matrices[i]` over `subset` (each n × n); zeros for an empty subset.
  public static func sum(_ matrices: [[Double]], subset: [Int], n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: n * n)
    for i in subset {
      precondition(matrices[i].count == n * n, "FisherInformation.sum: matrix \(i) must be n*n")
      for k in 0..<(n * n) { out[k] += matrices[i][k] }
    }
    return out
  }

  /// JᵀJ of an m × n column-major Jacobian, row-major n × n.
  public static func gram(_ jacobian: [Double], rows m: Int, columns n: Int) -> [Double] {
    precondition(jacobian.count == m * n, "FisherInformation.gram: jacobian must be m*n")
    var out = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
      for b in a..<n {
        var s = 0.0
        for r in 0..<m { s += jacobian[a * m + r] * jacobian[b * m + r] }
        out[a * n + b] = s
        out[b * n + a] = s
      }
    }
    return out
  }

  /// D F D with D = diag(scales): the information about relative changes δp_j/scale_j.
  public static func scaled(_ fisher: [Double], n: Int, by scales: [Double]) -> [Double] {
    var out = fisher
    for i in 0..<n { for j in 0..<n { out[i * n + j] *= scales[i] * scales[j] } }
    return out
  }

  /// An n × n matrix R (column-major, as a Jacobian of n rows) with RᵀR = F: R = Λ^½Vᵀ from
  /// the symmetric eigendecomposition F = VΛVᵀ, negative eigenvalues (round-off of a
  /// semidefinite F) set to zero. Handing R to `UncertaintyAnalysis.analyze` as the
  /// Jacobian gives the covariance, condition number and identifiability warnings a fit
  /// whose Gauss–Newton Hessian is F would report.
  public static func squareRoot(_ fisher: [Double], n: Int) -> [Double] {
    let eigen = GeneralizedSymmetricEigen(symmetric: fisher, n: n)
    var r = [Double](repeating: 0, count: n * n)
    for k in 0..<n {
      let s = max(eigen.values[k], 0).squareRoot()
      let v = eigen.vector(k)
      // Row k of R is s·v_kᵀ; column-major: R[k, j] at j * n + k.
      for j in 0..<n { r[j * n + k] = s * v[j] }
    }
    return r
  }
}

/// The best set of k experiments among N candidates for a loss of the set (for example a
/// `DesignCriterion` of the summed information, or its worst case over several nominal
/// parameter points).
///
/// **Exhaustive** when C(N, k) ≤ `exhaustiveLimit` (default 20 000 subsets): every subset
/// is evaluated and the best is exact. **Otherwise greedy forward selection** (add the
/// candidate that lowers the loss most, k times) **followed by a Fedorov-type exchange**
/// (Fedorov 1972; Cook & Nachtsheim 1980): swap a chosen candidate for an unchosen one
/// while some swap lowers the loss (the best swap of each pass), until no single swap
/// helps; the result is then optimal against every single exchange, not necessarily
/// globally.
///
/// **The gain of each test**: the chosen set is ordered greedily among itself (first the
/// best single candidate of the set, then the one adding most, ...) and `steps` gives the
/// loss after each addition, so that consecutive differences are each test's gain.
public struct DesignSelection: Sendable {
  public enum Method: String, Sendable { case exhaustive, greedyExchange = "greedy+exchange" }
  /// The chosen candidates, in the order of `steps`.
  public var chosen: [Int]
  public var loss: Double
  public var method: Method
  /// The number of subsets whose loss was evaluated.
  public var evaluations: Int
  /// The chosen set built up one candidate at a time: the candidate added and the loss of
  /// the set so far.
  public var steps: [(candidate: Int, loss: Double)]
  /// Exhaustive: the best subsets (up to `ranked`), best first. Greedy: the final set.
  public var ranking: [(subset: [Int], loss: Double)]
  /// Exchange passes that improved the set (greedy method only).
  public var exchanges: Int

  public static let defaultExhaustiveLimit = 20_000

  /// C(n, k) as a Double (no overflow for large n).
  public static func subsetCount(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var c = 1.0
    for i in 0..<min(k, n - k) { c = c * Double(n - i) / Double(i + 1) }
    return c.rounded()
  }

  /// Chooses k of `candidateCount` candidates (1 ≤ k ≤ candidateCount, or a precondition
  /// failure occurs) minimizing `loss` (of a subset in ascending order).
  public static func select(
    candidateCount: Int, k: Int, exhaustiveLimit: Int = defaultExhaustiveLimit, ranked: Int = 10,
    loss: ([Int]) -> Double
  ) -> DesignSelection {
    precondition(k >= 1 && k <= candidateCount, "DesignSelection.select: need 1 ≤ k ≤ candidates")
    var evaluations = 0
    func evaluate(_ s: [Int]) -> Double {
      evaluations += 1
      let v = loss(s.sorted())
      return v.isNaN ? .infinity : v
    }
    var best: [Int]
    var bestLoss: Double
    var ranking = [(subset: [Int], loss: Double)]()
    var method = Method.exhaustive
    var exchanges = 0
    if subsetCount(candidateCount, k) <= Double(exhaustiveLimit) {
      var subset = Array(0..<k)
      best = subset
      bestLoss = .infinity
      while true {
        let v = evaluate(subset)
        ranking.append((subset, v))
        if ranking.count > 4 * max(ranked, 1) {
          ranking.sort { $0.loss < $1.loss }
          ranking.removeLast(ranking.count - ranked)
        }
        if v < bestLoss { (best, bestLoss) = (subset, v) }
        // Next combination in lexicographic order.
        var i = k - 1
        while i >= 0 && subset[i] == candidateCount - k + i { i -= 1 }
        if i < 0 { break }
        subset[i] += 1
        for j in (i + 1)..<k { subset[j] = subset[j - 1] + 1 }
      }
      ranking.sort { $0.loss < $1.loss }
      ranking = Array(ranking.prefix(ranked))
    } else {
      method = .greedyExchange
      best = greedy(from: Array(0..<candidateCount), count: k, evaluate: evaluate).map(\.candidate)
      bestLoss = evaluate(best)
      // Exchange: the best single swap of each pass, while it lowers the loss.
      for _ in 0..<1000 {
        var swap: (Int, Int, Double)?
        let chosen = Set(best)
        for (i, _) in best.enumerated() {
          for j in 0..<candidateCount where !chosen.contains(j) {
            var trial = best
            trial[i] = j
            let v = evaluate(trial)
            if v < (swap?.2 ?? bestLoss) - 1e-12 * max(1, abs(bestLoss)) { swap = (i, j, v) }
          }
        }
        guard let (i, j, v) = swap else { break }
        best[i] = j
        bestLoss = v
        exchanges += 1
      }
      ranking = [(best.sorted(), bestLoss)]
    }
    let steps = greedy(from: best.sorted(), count: k, evaluate: evaluate)
    return DesignSelection(
      chosen: steps.map(\.candidate), loss: bestLoss, method: method, evaluations: evaluations, steps: steps,
      ranking: ranking, exchanges: exchanges)
  }

  /// Greedy forward selection of `count` of `pool`: each step adds the candidate that gives
  /// the lowest loss together with those already added (ties: the lower index).
  static func greedy(from pool: [Int], count: Int, evaluate: ([Int]) -> Double) -> [(candidate: Int, loss: Double)] {
    var chosen = [Int](), steps = [(candidate: Int, loss: Double)]()
    for _ in 0..<count {
      var pick: (Int, Double)?
      for c in pool where !chosen.contains(c) {
        let v = evaluate(chosen + [c])
        if pick == nil || v < pick!.1 { pick = (c, v) }
      }
      chosen.append(pick!.0)
      steps.append((pick!.0, pick!.1))
    }
    return steps
  }

  /// Chooses k candidates by `criterion` on their summed information, each candidate's
  /// information given at one or more nominal points (`information[point][candidate]`,
  /// n × n row-major); with several points the loss of a set is its worst (largest) over
  /// the points (a robust, minimax design).
  public static func select(
    information: [[[Double]]], n: Int, k: Int, criterion: DesignCriterion, ridge: Double,
    exhaustiveLimit: Int = defaultExhaustiveLimit, ranked: Int = 10
  ) -> DesignSelection {
    precondition(!information.isEmpty, "DesignSelection.select: no nominal point")
    let count = information[0].count
    return select(candidateCount: count, k: k, exhaustiveLimit: exhaustiveLimit, ranked: ranked) { subset in
      information.map { criterion.loss(FisherInformation.sum($0, subset: subset, n: n), n: n, ridge: ridge) }.max()!
    }
  }
}
