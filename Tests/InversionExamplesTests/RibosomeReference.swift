import Foundation
import CellBiologyExamples
import PrivacyExamples

/// An independent, brute-force computation of the ribosome problem for the tests: G, W and
/// D₂ built explicitly, K(λ) = GᵀWG + λD₂ᵀD₂ factored by a plain banded Cholesky (no
/// CHOLMOD, no eigendecomposition), tr H = Σ_i w_i‖L⁻¹G_iᵀ‖² from n triangular solves, and
/// RSS_w from the residual itself.
struct RibosomeReference {
  let n: Int
  let counts: [Double]
  let weights: [Double]
  /// G, dense row-major.
  let g: [Double]
  /// GᵀWG and D₂ᵀD₂, dense row-major.
  let a: [Double]
  let b: [Double]
  let rhs: [Double]
  let band: Int

  init(counts: [Double], kernel: [Double]) {
    n = counts.count
    self.counts = counts
    weights = counts.map { 1 / max($0, 1) }
    let h = kernel.count / 2
    var g = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n where abs(i - j) <= h { g[i * n + j] = kernel[i - j + h] } }
    var d = [Double](repeating: 0, count: (n - 2) * n)
    for r in 0..<(n - 2) { d[r * n + r] = 1; d[r * n + r + 1] = -2; d[r * n + r + 2] = 1 }
    var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for k in 0..<n {
      var s = 0.0
      for i in 0..<n where g[i * n + j] != 0 && g[i * n + k] != 0 { s += g[i * n + j] * weights[i] * g[i * n + k] }
      a[j * n + k] = s
      var q = 0.0
      for r in 0..<(n - 2) { q += d[r * n + j] * d[r * n + k] }
      b[j * n + k] = q
    } }
    var rhs = [Double](repeating: 0, count: n)
    for j in 0..<n { for i in 0..<n { rhs[j] += g[i * n + j] * weights[i] * counts[i] } }
    self.g = g
    self.a = a
    self.b = b
    self.rhs = rhs
    band = max(2 * h, 2)
  }

  /// The banded Cholesky factor of K(λ), row-major dense storage (zero outside the band).
  func factor(_ lambda: Double) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      var dsum = a[j * n + j] + lambda * b[j * n + j]
      for k in max(0, j - band)..<j { dsum -= l[j * n + k] * l[j * n + k] }
      guard dsum > 0 else { return nil }
      let ljj = dsum.squareRoot()
      l[j * n + j] = ljj
      for i in (j + 1)..<min(n, j + band + 1) {
        var s = a[i * n + j] + lambda * b[i * n + j]
        for k in max(0, i - band)..<j { s -= l[i * n + k] * l[j * n + k] }
        l[i * n + j] = s / ljj
      }
    }
    return l
  }

  func forward(_ l: [Double], _ v: [Double]) -> [Double] {
    var y = v
    for i in 0..<n {
      var s = y[i]
      for k in max(0, i - band)..<i { s -= l[i * n + k] * y[k] }
      y[i] = s / l[i * n + i]
    }
    return y
  }

  func solve(_ l: [Double], _ v: [Double]) -> [Double] {
    var x = forward(l, v)
    for i in stride(from: n - 1, through: 0, by: -1) {
      var s = x[i]
      for k in (i + 1)..<min(n, i + band + 1) { s -= l[k * n + i] * x[k] }
      x[i] = s / l[i * n + i]
    }
    return x
  }

  /// t_λ, RSS_w, ‖D₂t‖², tr H and GCV at λ, directly.
  func evaluate(_ lambda: Double) -> (t: [Double], rss: Double, roughness: Double, trace: Double, gcv: Double)? {
    guard let l = factor(lambda) else { return nil }
    let t = solve(l, rhs)
    var rss = 0.0
    for i in 0..<n {
      var mu = 0.0
      for j in 0..<n { mu += g[i * n + j] * t[j] }
      rss += weights[i] * (counts[i] - mu) * (counts[i] - mu)
    }
    var trace = 0.0
    for i in 0..<n {
      let y = forward(l, (0..<n).map { g[i * n + $0] })
      trace += weights[i] * y.reduce(0) { $0 + $1 * $1 }
    }
    let rough = RibosomeNormalEquations.roughness(t)
    let dof = Double(n) - trace
    return (t, rss, rough, trace, Double(n) * rss / (dof * dof))
  }

  /// √W G (column-major, for the layer's dense solvers), √W c and D₂ (column-major).
  func stackedPieces() -> (a: [Double], b: [Double], d2: [Double]) {
    var sa = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for i in 0..<n { sa[j * n + i] = weights[i].squareRoot() * g[i * n + j] } }
    let sb = (0..<n).map { weights[$0].squareRoot() * counts[$0] }
    let p = n - 2
    var d2 = [Double](repeating: 0, count: p * n)
    for r in 0..<p { d2[r * p + r] = 1; d2[(r + 1) * p + r] = -2; d2[(r + 2) * p + r] = 1 }
    return (sa, sb, d2)
  }
}
