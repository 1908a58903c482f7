import FECommon

/// A reproducible split of n records into training rows (the model's members) and
/// test rows (non-members).
///
/// The permutation is Fisher–Yates driven by `SplitMix64(seed:)`: for i = n−1 down to
/// 1, j = next() mod (i + 1) and rows i and j swap (the modulo bias, below 2⁻⁵⁵ for
/// n < 512, is part of the definition, so any language reproduces the split from the
/// integers alone; `Validation/apps/privacy/privacy_common.py` does). The first
/// round(f·n) rows of the permutation (halves rounded up) train; both parts are then
/// sorted into file order.
package struct TrainTestSplit: Sendable, Equatable {
  /// Training rows, ascending.
  package let train: [Int]
  /// Test rows, ascending.
  package let test: [Int]

  /// The number of training rows for `fraction` of `rowCount` records.
  package static func trainCount(rowCount: Int, fraction: Double) -> Int {
    Int((fraction * Double(rowCount) + 0.5).rounded(.down))
  }

  /// `fraction` must lie in [0, 1], or a precondition failure occurs.
  package init(rowCount n: Int, trainFraction fraction: Double, seed: UInt64) {
    precondition((0...1).contains(fraction), "TrainTestSplit: fraction must lie in [0, 1]")
    var rng = SplitMix64(seed: seed)
    var permutation = Array(0..<n)
    if n > 1 {
      for i in stride(from: n - 1, through: 1, by: -1) {
        let j = Int(rng.next() % UInt64(i + 1))
        permutation.swapAt(i, j)
      }
    }
    let k = Self.trainCount(rowCount: n, fraction: fraction)
    train = permutation[..<k].sorted()
    test = permutation[k...].sorted()
  }
}
