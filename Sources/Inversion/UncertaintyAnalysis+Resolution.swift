import FECommon
import Foundation

extension UncertaintyAnalysis {
  /// Directions of parameter space the data determine only loosely, given the noise.
  ///
  /// `identifiabilityWarnings` catches directions the data cannot see at all (a
  /// singular value at round-off level). A direction can be visible in exact
  /// arithmetic and still be lost in the noise: then the fitted value of that
  /// combination is little better than a guess. With D the parameter scales
  /// (|estimate| by default) the relative covariance D⁻¹ Cov D⁻¹ has eigenpairs
  /// (s², v): along v the fit fixes the relative change Σ v_i δp_i/p_i only to ±s
  /// at one standard error. Every direction with s > `relativeThreshold` (default
  /// 0.5, i.e. ±50 %) is reported, naming the components above 0.1.
  ///
  /// - Parameters:
  ///   - estimate: the estimate (its magnitudes are the scales unless `scales` is given).
  ///   - names: parameter names.
  public func poorlyResolvedDirections(
    estimate: [Double], names: [String], scales: [Double]? = nil, relativeThreshold: Double = 0.5
  ) -> [IdentifiabilityWarning] {
    let n = estimate.count
    precondition(names.count == n && covariance.count == n * n, "poorlyResolvedDirections: sizes")
    let scale = scales ?? estimate.map { $0 == 0 || !$0.isFinite ? 1 : abs($0) }
    var relative = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { relative[i * n + j] = covariance[i * n + j] / (scale[i] * scale[j]) } }
    let eig = SymmetricEigen(symmetric: relative, n: n)
    var warnings = [IdentifiabilityWarning]()
    for k in (0..<n).reversed() {
      let variance = eig.values[k]
      guard variance.isFinite, variance > relativeThreshold * relativeThreshold else { continue }
      var v = eig.vector(k)
      if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
      let members = (0..<n).filter { abs(v[$0]) > 0.1 }.sorted { abs(v[$0]) > abs(v[$1]) }
      let combination = members.map { (name: names[$0], coefficient: v[$0]) }
      let spread = variance.squareRoot()
      warnings.append(IdentifiabilityWarning(
        message: "the data determine the combination \(IdentifiabilityWarning.format(combination)) "
          + "(relative changes δp/p) only to ±\(String(format: "%.0f", 100 * spread)) % at one standard error: "
          + "its value is not resolved by these data",
        combination: combination, relativeSingularValue: .nan))
    }
    return warnings
  }
}
