import Foundation

/// What snapshots of loops show: sizes and coverage, per snapshot and pooled.
package struct LoopSnapshotStatistics: Sendable, Equatable {
  /// Mean loop size of each snapshot, kb.
  package var snapshotMeansKb: [Double]
  /// Coverage of each snapshot (fraction of the ring inside loops), when known.
  package var snapshotCoverages: [Double]?
  /// Every loop of every snapshot, kb, ascending.
  package var sortedLoopSizesKb: [Double]

  package init(snapshotMeansKb: [Double], snapshotCoverages: [Double]?, loopSizesKb: [Double]) {
    self.snapshotMeansKb = snapshotMeansKb
    self.snapshotCoverages = snapshotCoverages
    self.sortedLoopSizesKb = loopSizesKb.sorted()
  }

  /// The mean size over all loops, kb.
  package var meanLoopKb: Double { sortedLoopSizesKb.isEmpty ? .nan : sortedLoopSizesKb.reduce(0, +) / Double(sortedLoopSizesKb.count) }

  /// The median over all loops, kb (the mean of the middle two for an even count).
  package var medianLoopKb: Double {
    let s = sortedLoopSizesKb, n = s.count
    guard n > 0 else { return .nan }
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2])
  }

  /// The mean coverage over snapshots (nil when unknown).
  package var meanCoverage: Double? { snapshotCoverages.map { $0.reduce(0, +) / Double(max($0.count, 1)) } }

  /// The standard error of a mean over snapshots taken as independent (sd/√S); NaN for
  /// fewer than two snapshots.
  package static func standardError(_ values: [Double]) -> Double {
    let n = Double(values.count)
    guard values.count >= 2 else { return .nan }
    let mean = values.reduce(0, +) / n
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (variance / n).squareRoot()
  }

  /// Statistics of observed snapshots: `groups[k]` the loop sizes of snapshot k (kb), and
  /// optionally `lefts[k]` their left legs' sites (0-based, < `ringSites`) for the coverage
  /// (each loop covers its left site through left + size, mod L).
  package static func observed(groups: [[Double]], lefts: [[Int]]?, ringSites: Int) -> LoopSnapshotStatistics {
    var coverages: [Double]?
    if let lefts {
      coverages = zip(groups, lefts).map { sizes, starts in
        var diff = [Int](repeating: 0, count: ringSites + 1)
        for (size, a) in zip(sizes, starts) {
          let span = min(Int(size.rounded()), ringSites - 1)
          let b = a + span
          if b < ringSites {
            diff[a] += 1; diff[b + 1] -= 1
          } else {
            diff[a] += 1; diff[ringSites] -= 1; diff[0] += 1; diff[b - ringSites + 1] -= 1
          }
        }
        var depth = 0, covered = 0
        for i in 0..<ringSites { depth += diff[i]; if depth > 0 { covered += 1 } }
        return Double(covered) / Double(ringSites)
      }
    }
    return LoopSnapshotStatistics(
      snapshotMeansKb: groups.map { $0.reduce(0, +) / Double(max($0.count, 1)) }, snapshotCoverages: coverages,
      loopSizesKb: groups.flatMap { $0 })
  }
}
