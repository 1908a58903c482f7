/// A regression problem in standardized coordinates, as DP-SGD trains it: each feature
/// zⱼ = (xⱼ − μⱼ)/sⱼ and the target t = (y − μ_y)/s_y, with the training rows' means and
/// population standard deviations (a constant column keeps s = 1), and a trailing 1
/// for the intercept, so that a parameter vector θ = (w, b) predicts t ≈ θ·z̃,
/// z̃ = (z, 1).
///
/// Standardizing puts every coordinate of the per-example gradient on one scale, so
/// one clipping norm C suits them all. The means and deviations are computed from the
/// training data and released with the model: the accountant does not cover them
/// (they are treated as public, as is common in DP-SGD demonstrations).
package struct StandardizedRegression: Sendable {
  /// Rows n.
  package let rowCount: Int
  /// Parameters d = p + 1 (the weights, then the intercept).
  package let parameterCount: Int
  /// n × d row-major z̃ (the last column is 1).
  package let design: [Double]
  /// n standardized targets t.
  package let target: [Double]
  /// ‖z̃ᵢ‖ of each row, so a gradient's norm |rᵢ|·‖z̃ᵢ‖ costs one product.
  package let rowNorms: [Double]
  /// μⱼ and sⱼ of each feature, μ_y and s_y of the target (data units).
  package let featureMeans: [Double], featureScales: [Double]
  package let targetMean: Double, targetScale: Double

  package init(_ data: RegressionDataSet) {
    let n = data.rowCount, p = data.featureCount, d = p + 1
    func meanAndScale(_ v: [Double]) -> (Double, Double) {
      let mean = v.reduce(0, +) / Double(max(v.count, 1))
      let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(v.count, 1))
      let s = variance.squareRoot()
      return (mean, s > 0 ? s : 1)
    }
    var means = [Double](), scales = [Double]()
    for j in 0..<p {
      let (m, s) = meanAndScale(data.column(j))
      means.append(m)
      scales.append(s)
    }
    (targetMean, targetScale) = meanAndScale(data.target)
    var z = [Double](repeating: 1, count: n * d)
    var norms = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var s = 1.0
      for j in 0..<p {
        let v = (data.features[i * p + j] - means[j]) / scales[j]
        z[i * d + j] = v
        s += v * v
      }
      norms[i] = s.squareRoot()
    }
    rowCount = n
    parameterCount = d
    design = z
    rowNorms = norms
    featureMeans = means
    featureScales = scales
    target = data.target.map { [targetMean, targetScale] in ($0 - targetMean) / targetScale }
  }

  /// θ = (w, b) in standardized coordinates as a model in data units:
  /// weights wⱼ s_y / sⱼ, intercept μ_y + s_y (b − Σ wⱼ μⱼ / sⱼ).
  package func model(theta: [Double]) -> LinearModel {
    precondition(theta.count == parameterCount, "StandardizedRegression.model: theta.count must be p + 1")
    let p = parameterCount - 1
    var weights = [Double](repeating: 0, count: p)
    var shift = 0.0
    for j in 0..<p {
      weights[j] = theta[j] * targetScale / featureScales[j]
      shift += theta[j] * featureMeans[j] / featureScales[j]
    }
    return LinearModel(intercept: targetMean + targetScale * (theta[p] - shift), weights: weights)
  }
}
