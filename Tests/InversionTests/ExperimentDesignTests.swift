import ExperimentDesign
import FECommon
import Foundation
import Inversion
import Testing

/// Design criteria and the selection of k experiments, against brute force on random
/// Fisher matrices (each JᵀJ of a random Gaussian Jacobian of a few rows, so most single
/// candidates are rank deficient, as single test set-ups are).
struct ExperimentDesignTests {
  /// Random candidates: `count` information matrices n × n of rank ≤ `rows`.
  static func candidates(_ count: Int, n: Int, rows: Int, seed: UInt64) -> [[Double]] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let scale = exp(2 * rng.nextUnit())  // candidates of different strength
      let j = (0..<(rows * n)).map { _ in scale * rng.nextGaussian() }
      return FisherInformation.gram(j, rows: rows, columns: n)
    }
  }

  /// Every k-subset of 0..<count by bitmask (independent of the library's enumeration).
  static func bruteForce(_ count: Int, _ k: Int, loss: ([Int]) -> Double) -> (subset: [Int], loss: Double) {
    var best: ([Int], Double) = ([], .infinity)
    for mask in 0..<(1 << count) where mask.nonzeroBitCount == k {
      let s = (0..<count).filter { mask & (1 << $0) != 0 }
      let v = loss(s)
      if v < best.1 { best = (s, v) }
    }
    return best
  }

  static func loss(_ f: [[Double]], n: Int, _ criterion: DesignCriterion) -> ([Int]) -> Double {
    { criterion.loss(FisherInformation.sum(f, subset: $0, n: n), n: n, ridge: 1e-9) }
  }

  /// The criteria on a diagonal matrix, by hand: −log det = −Σ log d, trace of the inverse
  /// = Σ 1/d, weighted Σ w/d; a singular matrix without ridge is +∞.
  @Test func criteriaOnADiagonalMatrix() {
    let f = [4.0, 0, 0, 0, 2, 0, 0, 0, 0.5]
    #expect(abs(DesignCriterion.d.loss(f, n: 3, ridge: 0) - -log(4.0 * 2 * 0.5)) < 1e-12)
    #expect(abs(DesignCriterion.a.loss(f, n: 3, ridge: 0) - (0.25 + 0.5 + 2)) < 1e-12)
    #expect(abs(DesignCriterion.weighted([0, 1, 3]).loss(f, n: 3, ridge: 0) - (0.5 + 6)) < 1e-12)
    #expect(DesignCriterion.a.loss([1, 0, 0, 0], n: 2, ridge: 0) == .infinity)
    #expect(DesignCriterion.a.loss([1, 0, 0, 0], n: 2, ridge: 1e-6).isFinite)
  }

  /// R from `squareRoot` satisfies RᵀR = F for a semidefinite F (rank 2 of 4).
  @Test func squareRootReproducesTheInformation() {
    let f = Self.candidates(1, n: 4, rows: 2, seed: 3)[0]
    let r = FisherInformation.squareRoot(f, n: 4)
    let back = FisherInformation.gram(r, rows: 4, columns: 4)
    let scale = f.map(abs).max()!
    for k in f.indices { #expect(abs(back[k] - f[k]) <= 1e-10 * scale) }
  }

  /// Exhaustive selection equals brute force for every criterion, 20 random problems
  /// each (8 candidates, 4 parameters, choose 1 to 4).
  @Test func exhaustiveSelectionEqualsBruteForce() {
    for seed in 1...20 {
      let f = Self.candidates(8, n: 4, rows: 2, seed: UInt64(seed))
      let k = 1 + seed % 4
      for criterion in [DesignCriterion.d, .a, .weighted([1, 0, 4, 0.5])] {
        let loss = Self.loss(f, n: 4, criterion)
        let truth = Self.bruteForce(8, k, loss: loss)
        let chosen = DesignSelection.select(candidateCount: 8, k: k, loss: loss)
        #expect(chosen.method == .exhaustive)
        #expect(chosen.evaluations >= Int(DesignSelection.subsetCount(8, k)))
        #expect(chosen.chosen.sorted() == truth.subset, "seed \(seed) \(criterion)")
        #expect(abs(chosen.loss - truth.loss) <= 1e-12 * max(1, abs(truth.loss)))
        #expect(chosen.ranking.first.map { $0.subset } == truth.subset)
        // The steps end at the set's loss, and each loss is of the prefix so far.
        #expect(abs(chosen.steps.last!.loss - truth.loss) <= 1e-12 * max(1, abs(truth.loss)))
        for (i, step) in chosen.steps.enumerated() {
          #expect(step.loss == loss(chosen.chosen.prefix(i + 1).sorted()))
        }
      }
    }
  }

  /// Greedy + exchange (forced by an exhaustive limit of 0) against brute force: never
  /// worse than plain greedy, optimal against every single swap (checked by trying them
  /// all), and the global optimum in at least 90 % of 40 random problems (12 candidates,
  /// 5 parameters, choose 3 or 4).
  @Test func greedyExchangeAgainstBruteForce() {
    var optimal = 0
    let trials = 40
    for seed in 1...trials {
      let f = Self.candidates(12, n: 5, rows: 2, seed: UInt64(100 + seed))
      let k = 3 + seed % 2
      let criterion: DesignCriterion = seed % 3 == 0 ? .a : .d
      let loss = Self.loss(f, n: 5, criterion)
      let truth = Self.bruteForce(12, k, loss: loss)
      let chosen = DesignSelection.select(candidateCount: 12, k: k, exhaustiveLimit: 0, loss: loss)
      #expect(chosen.method == .greedyExchange)
      #expect(chosen.loss >= truth.loss - 1e-9 * abs(truth.loss))
      // Plain greedy, computed here independently.
      var g = [Int]()
      for _ in 0..<k { g.append((0..<12).filter { !g.contains($0) }.min { loss((g + [$0]).sorted()) < loss((g + [$1]).sorted()) }!) }
      #expect(chosen.loss <= loss(g.sorted()) + 1e-12 * abs(chosen.loss))
      let set = chosen.chosen.sorted()
      for i in 0..<k {
        for j in 0..<12 where !set.contains(j) {
          var trial = set
          trial[i] = j
          #expect(loss(trial.sorted()) >= chosen.loss - 1e-9 * max(1, abs(chosen.loss)), "seed \(seed): swap \(set[i]) → \(j) helps")
        }
      }
      if abs(chosen.loss - truth.loss) <= 1e-9 * max(1, abs(truth.loss)) { optimal += 1 }
    }
    print("greedy+exchange found the exhaustive optimum in \(optimal) of \(trials) problems")
    #expect(optimal >= trials * 9 / 10)
  }

  /// The robust (minimax) selection over several nominal points equals brute force on the
  /// worst case; with one point it is the ordinary selection.
  @Test func robustSelectionIsTheWorstCaseOverPoints() {
    for seed in 1...10 {
      let points = (0..<3).map { Self.candidates(7, n: 3, rows: 1, seed: UInt64(1000 * $0 + seed)) }
      let truth = Self.bruteForce(7, 3) { s in points.map { Self.loss($0, n: 3, .d)(s) }.max()! }
      let chosen = DesignSelection.select(information: points, n: 3, k: 3, criterion: .d, ridge: 1e-9)
      #expect(chosen.chosen.sorted() == truth.subset)
      let single = DesignSelection.select(information: [points[0]], n: 3, k: 3, criterion: .d, ridge: 1e-9)
      #expect(single.chosen.sorted() == Self.bruteForce(7, 3, loss: Self.loss(points[0], n: 3, .d)).subset)
    }
  }

  @Test func subsetCounts() {
    #expect(DesignSelection.subsetCount(6, 2) == 15)
    #expect(DesignSelection.subsetCount(30, 15) == 155_117_520)
    #expect(DesignSelection.subsetCount(3, 4) == 0)
  }
}
