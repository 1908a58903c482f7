import FEKernel
import Foundation

extension CouponMesher {
  /// Node positions of a symmetric geometric grading of `[0, extent]` into `count` elements,
  /// refined toward both ends.
  ///
  /// Element `i` (0-based) has size `h₀ · r^min(i, count − 1 − i)`: the sizes grow by the
  /// constant ratio `r` from each end toward the middle, and the largest over the smallest
  /// is `bias`. With `m = ⌊(count − 1) / 2⌋` steps from an end to the middle,
  /// `r = bias^(1/m)`; an odd count has one largest element in the middle, an even count two.
  /// `h₀` follows from the sizes summing to `extent`.
  ///
  /// The first half is summed from 0 and the second half mirrored (`p[count − j] = extent − p[j]`),
  /// so the sizes are symmetric to rounding and the ends are exactly `0` and `extent`.
  ///
  /// `bias` must be 1 when `count < 3` (two elements or fewer cannot be graded
  /// symmetrically), or a precondition failure occurs; ``CouponMesher/mesh(_:)`` checks this
  /// and throws before calling.
  ///
  /// - Parameters:
  ///   - extent: the length of the interval, > 0.
  ///   - count: the number of elements, ≥ 1.
  ///   - bias: largest over smallest element size, ≥ 1; 1 gives a uniform division.
  /// - Returns: `count + 1` increasing positions from `0` to `extent`.
  package static func symmetricGradedPositions(extent: Double, count: Int, bias: Double) -> [Double] {
    precondition(count >= 1, "symmetricGradedPositions: count must be >= 1")
    precondition(bias >= 1, "symmetricGradedPositions: bias must be >= 1")
    let steps = (count - 1) / 2
    precondition(bias == 1 || steps >= 1, "symmetricGradedPositions: grading needs count >= 3")
    var positions = [Double](repeating: 0, count: count + 1)
    if bias == 1 || steps == 0 {
      let h = extent / Double(count)
      for j in 0...count { positions[j] = Double(j) * h }
    } else {
      let ratio = Foundation.pow(bias, 1 / Double(steps))
      var relative = [Double](repeating: 1, count: count)
      var total = 0.0
      for i in 0..<count {
        relative[i] = Foundation.pow(ratio, Double(min(i, count - 1 - i)))
        total += relative[i]
      }
      let h0 = extent / total
      var p = 0.0
      for j in 0...(count / 2) {
        positions[j] = p
        if j < count { p += h0 * relative[j] }
      }
    }
    // Mirror the second half onto the first so the grading is exactly symmetric.
    if count % 2 == 0 { positions[count / 2] = extent / 2 }
    for j in (count / 2 + 1)...count {
      positions[j] = extent - positions[count - j]
    }
    positions[0] = 0
    positions[count] = extent
    return positions
  }
}
