import FECommon
import FeinvertTestSupport
import Foundation
import Inversion

/// y = A e^{−k t} + c with Gaussian noise σ; residuals (model − data)/σ.
struct ExponentialDecay: LeastSquaresProblem {
  var t: [Double]
  var y: [Double]
  var sigma: Double
  var parameterCount: Int { 3 }

  static let truth = [5.0, 0.7, 1.0]

  init(seed: UInt64, sigma: Double = 0.05, points: Int = 40) {
    var rng = SplitMix64(seed: seed)
    t = (0..<points).map { 10 * Double($0) / Double(points - 1) }
    let p = ExponentialDecay.truth
    y = t.map { p[0] * exp(-p[1] * $0) + p[2] + sigma * rng.gaussian() }
    self.sigma = sigma
  }

  mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
    let m = t.count
    var r = [Double](repeating: 0, count: m)
    var j = wantJacobian ? [Double](repeating: 0, count: 3 * m) : nil
    for i in 0..<m {
      let e = exp(-p[1] * t[i])
      r[i] = (p[0] * e + p[2] - y[i]) / sigma
      if j != nil {
        j![i] = e / sigma
        j![m + i] = -p[0] * t[i] * e / sigma
        j![2 * m + i] = 1 / sigma
      }
    }
    return LeastSquaresEvaluation(residuals: r, jacobian: j)
  }
}

/// Rosenbrock's function as least squares: r = (10(x₂ − x₁²), 1 − x₁).
struct Rosenbrock: LeastSquaresProblem {
  var parameterCount: Int { 2 }
  mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
    let r = [10 * (p[1] - p[0] * p[0]), 1 - p[0]]
    // Column-major 2×2: column 0 = ∂r/∂x₁, column 1 = ∂r/∂x₂.
    return LeastSquaresEvaluation(residuals: r, jacobian: wantJacobian ? [-20 * p[0], -1, 10, 0] : nil)
  }
}

/// A linear model r = (A p − b) as a least-squares problem.
struct LinearProblem: LeastSquaresProblem {
  var a: [Double]
  var b: [Double]
  var rows: Int
  var parameterCount: Int
  mutating func evaluate(_ p: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
    var r = [Double](repeating: 0, count: rows)
    for j in 0..<parameterCount { for i in 0..<rows { r[i] += a[j * rows + i] * p[j] } }
    for i in 0..<rows { r[i] -= b[i] }
    return LeastSquaresEvaluation(residuals: r, jacobian: wantJacobian ? a : nil)
  }
}

/// Random m × n column-major matrix with N(0,1) entries.
func randomMatrix(_ m: Int, _ n: Int, _ rng: inout SplitMix64) -> [Double] {
  (0..<(m * n)).map { _ in rng.gaussian() }
}

func matVec(_ a: [Double], _ m: Int, _ n: Int, _ x: [Double]) -> [Double] {
  var y = [Double](repeating: 0, count: m)
  for j in 0..<n { for i in 0..<m { y[i] += a[j * m + i] * x[j] } }
  return y
}

func matTVec(_ a: [Double], _ m: Int, _ n: Int, _ y: [Double]) -> [Double] {
  (0..<n).map { j in (0..<m).reduce(0) { $0 + a[j * m + $1] * y[$1] } }
}

func norm(_ x: [Double]) -> Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Dense Gaussian elimination with partial pivoting on a row-major n × n system
/// (the independent reference for closed forms).
func gaussSolve(_ a0: [Double], _ b0: [Double], n: Int) -> [Double] {
  var a = a0, b = b0
  for k in 0..<n {
    let p = (k..<n).max { abs(a[$0 * n + k]) < abs(a[$1 * n + k]) }!
    if p != k {
      for j in 0..<n { a.swapAt(k * n + j, p * n + j) }
      b.swapAt(k, p)
    }
    for i in (k + 1)..<n {
      let f = a[i * n + k] / a[k * n + k]
      for j in k..<n { a[i * n + j] -= f * a[k * n + j] }
      b[i] -= f * b[k]
    }
  }
  var x = [Double](repeating: 0, count: n)
  for i in stride(from: n - 1, through: 0, by: -1) {
    var s = b[i]
    for j in (i + 1)..<n { s -= a[i * n + j] * x[j] }
    x[i] = s / a[i * n + i]
  }
  return x
}

/// The Shaw test problem (Shaw 1972; Hansen's Regularization Tools `shaw`): a discretized
/// 1-D image restoration kernel on [−π/2, π/2], severely ill-posed.
func shawProblem(n: Int) -> (a: [Double], x: [Double]) { shawProblem(rows: n, columns: n) }

/// Shaw's kernel observed at `rows` points for `columns` unknowns (midpoint rule in t).
func shawProblem(rows m: Int, columns n: Int) -> (a: [Double], x: [Double]) {
  let ht = Double.pi / Double(n)
  let t = (0..<n).map { -Double.pi / 2 + (Double($0) + 0.5) * ht }
  let s = (0..<m).map { -Double.pi / 2 + (Double($0) + 0.5) * Double.pi / Double(m) }
  var a = [Double](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      let cs = cos(s[i]) + cos(t[j])
      let u = Double.pi * (sin(s[i]) + sin(t[j]))
      let sinc = u == 0 ? 1 : sin(u) / u
      a[j * m + i] = ht * cs * cs * sinc * sinc
    }
  }
  let x = t.map { 2 * exp(-6 * ($0 - 0.8) * ($0 - 0.8)) + exp(-2 * ($0 + 0.5) * ($0 + 0.5)) }
  return (a, x)
}

/// Phillips' test problem (Phillips 1962; Hansen's Regularization Tools `phillips`) by
/// midpoint quadrature on [−6, 6], observed at `rows` points: K(s, t) = f(s − t), truth
/// x(t) = f(t), with f(u) = 1 + cos(πu/3) for |u| < 3, else 0. Mildly ill-posed.
func phillipsProblem(rows m: Int, columns n: Int) -> (a: [Double], x: [Double]) {
  let h = 12 / Double(n)
  let t = (0..<n).map { -6 + (Double($0) + 0.5) * h }
  let s = (0..<m).map { -6 + (Double($0) + 0.5) * 12 / Double(m) }
  func f(_ u: Double) -> Double { abs(u) < 3 ? 1 + cos(Double.pi * u / 3) : 0 }
  var a = [Double](repeating: 0, count: m * n)
  for i in 0..<m { for j in 0..<n { a[j * m + i] = h * f(s[i] - t[j]) } }
  return (a, t.map(f))
}
