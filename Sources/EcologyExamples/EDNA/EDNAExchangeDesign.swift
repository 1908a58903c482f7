import FECommon

/// A T-optimal exact design of n sites on a candidate grid by Fedorov's exchange
/// (Fedorov 1972, *Theory of Optimal Experiments*, §3.1; for T-optimality Atkinson &
/// Fedorov 1975, *Biometrika* 62:57).
///
/// From a starting design, every (design site, candidate) swap is evaluated and the best
/// one taken, until no swap raises T by more than 1e-9 relative. Repeated sites are
/// allowed (a swap may move a site onto another). The exchange finds a local optimum, so
/// it is run from several starts: the n sites spread evenly over the grid, then seeded
/// random designs; the best is returned.
package enum EDNAExchangeDesign {
  /// The result of the search.
  package struct Result: Sendable {
    package var best: EDNADesignScore
    /// T of the best design from each start, in start order.
    package var startCriteria: [Double]
    /// Swaps made over all starts.
    package var exchanges: Int
    /// T evaluations over all starts.
    package var evaluations: Int
  }

  /// The best design of `size` sites among `candidatesKm`.
  ///
  /// `size` must be ≥ 1 and `candidatesKm` non-empty, or a precondition failure occurs.
  package static func optimize(
    _ problem: EDNADesignProblem, size: Int, candidatesKm: [Double], starts: Int = 4, seed: UInt64 = 1,
    maxSweeps: Int = 60
  ) -> Result {
    precondition(size >= 1 && !candidatesKm.isEmpty, "EDNAExchangeDesign: need sites and candidates")
    let grid = Array(Set(candidatesKm)).sorted()
    var rng = SplitMix64(seed: seed)
    var startDesigns: [[Int]] = []
    // Evenly spread: indices round(k (G − 1)/(n − 1)).
    startDesigns.append((0..<size).map { k in
      size == 1 ? grid.count / 2 : Int((Double(k) * Double(grid.count - 1) / Double(size - 1)).rounded())
    })
    for _ in 1..<max(starts, 1) {
      startDesigns.append((0..<size).map { _ in Int(rng.next() % UInt64(grid.count)) })
    }
    var best: (t: Double, design: [Int])? = nil
    var criteria: [Double] = []
    var exchanges = 0, evaluations = 0
    for start in startDesigns {
      var design = start
      var t = problem.criterion(design.map { grid[$0] }).value
      evaluations += 1
      for _ in 0..<maxSweeps {
        var bestSwap: (slot: Int, candidate: Int, t: Double)? = nil
        var seen = Set<Int>()
        for slot in 0..<size where seen.insert(design[slot]).inserted {
          var trial = design
          for c in 0..<grid.count where c != design[slot] {
            trial[slot] = c
            let value = problem.criterion(trial.map { grid[$0] }).value
            evaluations += 1
            if value > (bestSwap?.t ?? t) { bestSwap = (slot, c, value) }
          }
        }
        guard let swap = bestSwap, swap.t > t * (1 + 1e-9) else { break }
        design[swap.slot] = swap.candidate
        t = swap.t
        exchanges += 1
      }
      criteria.append(t)
      if best == nil || t > best!.t { best = (t, design) }
    }
    let sites = best!.design.map { grid[$0] }
    return Result(best: problem.score(sites), startCriteria: criteria, exchanges: exchanges, evaluations: evaluations)
  }
}
