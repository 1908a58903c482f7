import DenseLinearAlgebra
import FECommon
import Foundation

extension LinearLeastSquares {
  /// Chooses λ for min ‖A x − b‖² + λ²‖L x‖² by a rule, and returns the curve it chose from.
  ///
  /// All λ are evaluated in O(n) each after one O(m n² + n³) factorization. With L = I
  /// (`regularizer` nil) that is the SVD A = U Σ Vᵀ (one-sided Jacobi, accurate down to
  /// ε·σ₁): with β = Uᵀb and f_i = σ_i²/(σ_i² + λ²), ‖r‖² = Σ((1 − f_i)β_i)² + ‖(I − UUᵀ)b‖²,
  /// tr H = Σ f_i, ‖x‖² = Σ(f_i β_i/σ_i)². With a general L it is the GSVD through a QR of
  /// [A; √τL] (see `TikhonovSpectrum.viaStackedQR`), equally free of squaring. Only when
  /// that stacked matrix is rank deficient or short (m + p < n) does it fall back to the
  /// simultaneous diagonalization of AᵀA and LᵀL: with K = AᵀA + τLᵀL = C Cᵀ (τ = tr AᵀA / tr LᵀL balances the two) and
  /// C⁻¹AᵀAC⁻ᵀ = Q diag(γ) Qᵀ (`GeneralizedSymmetricEigen`, LAPACK `dsygvd`), W = C⁻ᵀQ gives WᵀAᵀAW = diag(γ) and
  /// WᵀτLᵀLW = diag(1 − γ) (Hansen 1998, §2.1, the GSVD in normal-equation form). Then, with
  /// c = WᵀAᵀb and d_i = γ_i + (λ²/τ)(1 − γ_i):
  /// x_λ = W (c/d), tr H_λ = Σ γ_i/d_i, ‖L x_λ‖² = Σ (1 − γ_i)c_i²/(τ d_i²) and
  /// ‖A x_λ − b‖² = ‖b‖² − Σ c_i²(2/d_i − γ_i/d_i²).
  /// Forming AᵀA limits γ to an absolute accuracy near 1e-16, so the fallback is trusted
  /// only for λ²/τ ≥ 1e-12 (the default grid with a general L starts there); below that,
  /// round-off in the γ_i of a severely ill-posed A makes spurious GCV minima. If K is singular (A and L share
  /// a null vector) a ridge of 1e-14·tr K/n is added.
  ///
  /// Rules: GCV minimizes m‖r‖²/(m − tr H)² over the grid, then golden section in log λ;
  /// the L-curve takes the grid point of maximum curvature; the discrepancy rule solves
  /// ‖A x_λ − b‖² = m σ² by bisection in log λ, then polishes with secant steps on the exact
  /// residual of `tikhonov` (σ² = `noiseVariance` when `noiseKnown`, else the GCV estimate
  /// ‖r‖²/(m − tr H) at the GCV λ).
  ///
  /// - Parameters:
  ///   - lambdaRange: the grid's range; default σ₁·[1e-8, 10] with L = I, √τ·[1e-6, 1e2]
  ///     with a general L.
  ///   - pointsPerDecade: grid density in λ (default 20, that is 0.05 decades).
  public static func chooseLambda(
    a: [Double], rows m: Int, columns n: Int, b: [Double], regularizer l: [Double]? = nil, lRows: Int = 0,
    rule: RegularizationRule, noiseVariance: Double = 1, lambdaRange: ClosedRange<Double>? = nil,
    pointsPerDecade: Int = 20
  ) -> LambdaChoice {
    let spectrum = TikhonovSpectrum(a: a, rows: m, columns: n, b: b, regularizer: l, lRows: lRows)
    let range = lambdaRange ?? spectrum.defaultRange
    precondition(range.lowerBound > 0, "chooseLambda: the λ range must be positive")
    let decades = log10(range.upperBound / range.lowerBound)
    let count = max(Int((decades * Double(pointsPerDecade)).rounded()) + 1, 3)
    var curve = (0..<count).map { k -> LambdaCurvePoint in
      spectrum.point(range.lowerBound * pow(10, decades * Double(k) / Double(count - 1)))
    }
    LambdaSearch.curvatures(&curve)
    let gcvBest = curve.indices.min { curve[$0].gcv < curve[$1].gcv }!
    var gcvLambda = curve[gcvBest].lambda
    do {
      let lo = log(curve[max(gcvBest - 1, 0)].lambda), hi = log(curve[min(gcvBest + 1, count - 1)].lambda)
      let t = LambdaSearch.goldenSection(lo, hi, iterations: 40) { spectrum.point(exp($0)).gcv }
      if spectrum.point(exp(t)).gcv < curve[gcvBest].gcv { gcvLambda = exp(t) }
    }
    let gcvPoint = spectrum.point(gcvLambda)
    let gcvNoise = gcvPoint.residualNormSquared / max(Double(m) - gcvPoint.traceInfluence, 1)
    switch rule {
    case .generalizedCrossValidation:
      return LambdaChoice(rule: rule, lambda: gcvLambda, chosen: gcvPoint, curve: curve, noiseVariance: gcvNoise)
    case .lCurve:
      let interior = curve.indices.filter { curve[$0].curvature != nil }
      let best = interior.max { curve[$0].curvature! < curve[$1].curvature! } ?? gcvBest
      return LambdaChoice(rule: rule, lambda: curve[best].lambda, chosen: curve[best], curve: curve, noiseVariance: gcvNoise)
    case .discrepancy(let noiseKnown):
      let s2 = noiseKnown ? noiseVariance : gcvNoise
      let target = Double(m) * s2
      guard let upper = curve.firstIndex(where: { $0.residualNormSquared >= target }), upper > 0 else {
        let i = curve.indices.min { abs(curve[$0].residualNormSquared - target) < abs(curve[$1].residualNormSquared - target) }!
        let note = curve[0].residualNormSquared >= target
          ? "‖r‖² = \(curve[0].residualNormSquared) already at the smallest λ exceeds the discrepancy target m·σ² = \(target); the smallest λ was taken"
          : "‖r‖² stays below the discrepancy target m·σ² = \(target) up to the largest λ; the largest λ was taken"
        return LambdaChoice(rule: rule, lambda: curve[i].lambda, chosen: curve[i], curve: curve, noiseVariance: s2, note: note)
      }
      var lo = log(curve[upper - 1].lambda), hi = log(curve[upper].lambda)
      for _ in 0..<100 {
        let mid = 0.5 * (lo + hi)
        if spectrum.point(exp(mid)).residualNormSquared < target { lo = mid } else { hi = mid }
        if hi - lo < 1e-13 { break }
      }
      // Secant polish on the exact residual (the spectral formula cancels when ‖r‖² ≪ ‖b‖²).
      func exact(_ t: Double) -> Double {
        let x = tikhonov(a: a, rows: m, columns: n, b: b, lambda: exp(t), regularizer: l, lRows: lRows)
        var r = DenseKernels.times(a, rows: m, columns: n, x)
        for i in 0..<m { r[i] -= b[i] }
        return DenseKernels.squaredNorm(r) - target
      }
      var t0 = 0.5 * (lo + hi), t1 = t0 + 1e-3
      var f0 = exact(t0), f1 = exact(t1)
      for _ in 0..<20 where f1 != f0 && abs(f1) > 1e-12 * target {
        let t2 = t1 - f1 * (t1 - t0) / (f1 - f0)
        t0 = t1; f0 = f1; t1 = t2; f1 = exact(t1)
      }
      let lambda = abs(f1) <= abs(f0) ? exp(t1) : exp(t0)
      return LambdaChoice(rule: rule, lambda: lambda, chosen: spectrum.point(lambda), curve: curve, noiseVariance: s2)
    }
  }
}

/// The simultaneous diagonalization behind `LinearLeastSquares.chooseLambda`.
package struct TikhonovSpectrum: Sendable {
  package var gamma: [Double]
  package var c: [Double]
  package var tau: Double
  package var bNormSquared: Double
  package var rows: Int
  /// W, n × n row-major (column i is w_i).
  package var w: [Double]
  /// The L = I path: the SVD of A.
  package var svd: SingularValueDecomposition?
  package var beta: [Double] = []
  package var outsideRangeSquared = 0.0
  /// ‖r‖² from β = Uᵀb (the stacked-QR GSVD) rather than from ‖b‖² minus terms.
  package var residualFromBeta = false

  package var defaultRange: ClosedRange<Double> {
    if let svd {
      let top = svd.singularValues.first ?? 1
      let s1 = top > 0 ? top : 1
      return (s1 * 1e-8)...(s1 * 10)
    }
    return (tau.squareRoot() * 1e-6)...(tau.squareRoot() * 1e2)
  }

  package init(a: [Double], rows m: Int, columns n: Int, b: [Double], regularizer l: [Double]?, lRows: Int) {
    precondition(a.count == m * n && b.count == m, "chooseLambda: size mismatch")
    rows = m
    bNormSquared = DenseKernels.squaredNorm(b)
    if l == nil {
      let f = SingularValueDecomposition(matrix: a, rows: m, columns: n, computeLeftVectors: true)
      let u = f.leftVectors!
      var rest = b
      beta = (0..<n).map { q in
        var s = 0.0
        for i in 0..<m { s += u[q * m + i] * b[i] }
        for i in 0..<m { rest[i] -= s * u[q * m + i] }
        return s
      }
      outsideRangeSquared = DenseKernels.squaredNorm(rest)
      svd = f
      gamma = []
      c = []
      tau = 1
      w = []
      return
    }
    let g = DenseKernels.normalMatrix(a, rows: m, columns: n)
    var lm: [Double]
    if let l {
      precondition(l.count == lRows * n, "chooseLambda: l.count must be lRows*columns")
      lm = DenseKernels.normalMatrix(l, rows: lRows, columns: n)
    } else {
      lm = [Double](repeating: 0, count: n * n)
      for i in 0..<n { lm[i * n + i] = 1 }
    }
    var traceG = 0.0, traceL = 0.0
    for i in 0..<n { traceG += g[i * n + i]; traceL += lm[i * n + i] }
    let tau = traceG > 0 && traceL > 0 ? traceG / traceL : 1
    if let l, m + lRows >= n,
       let qrPath = TikhonovSpectrum.viaStackedQR(a: a, rows: m, columns: n, b: b, l: l, lRows: lRows, tau: tau) {
      self = qrPath
      return
    }
    var k = g
    for i in 0..<(n * n) { k[i] += tau * lm[i] }
    // The pencil (G, K): VᵀGV = diag(γ), VᵀKV = I, so W = V.
    var pencil = GeneralizedSymmetricEigen(a: g, b: k, n: n)
    if pencil == nil {
      let ridge = 1e-14 * (traceG + tau * traceL) / Double(max(n, 1))
      for i in 0..<n { k[i * n + i] += ridge }
      pencil = GeneralizedSymmetricEigen(a: g, b: k, n: n)
    }
    let eig = pencil ?? GeneralizedSymmetricEigen(symmetric: g, n: n)
    gamma = eig.values.map { min(max($0, 0), 1) }
    var wm = [Double](repeating: 0, count: n * n)
    for col in 0..<n { for i in 0..<n { wm[i * n + col] = eig.vectors[col * n + i] } }
    w = wm
    let atb = DenseKernels.transposeTimes(a, rows: m, columns: n, b)
    c = (0..<n).map { col in (0..<n).reduce(0) { $0 + wm[$1 * n + col] * atb[$1] } }
    self.tau = tau
    svd = nil
  }

  /// The GSVD through a QR of the stacked matrix (Hansen 1998, §2.1.2; Golub & Van Loan,
  /// 4th ed., §6.1.6): [A; √τ L] = [Q_A; Q_L] R, Q_A = U diag(s) Zᵀ, then γ = s², W = R⁻¹Z,
  /// and A w_i = s_i u_i, so ‖r‖² = Σ((1 − γ_i/d_i)β_i)² + ‖(I − UUᵀ)b‖² with β = Uᵀb — no
  /// normal equations and no cancellation. Nil when R is numerically singular (A and L
  /// share a null vector).
  static func viaStackedQR(a: [Double], rows m: Int, columns n: Int, b: [Double], l: [Double], lRows p: Int, tau: Double) -> TikhonovSpectrum? {
    let stackedRows = m + p
    var st = [Double](repeating: 0, count: stackedRows * n)
    let root = tau.squareRoot()
    for j in 0..<n {
      for i in 0..<m { st[j * stackedRows + i] = a[j * m + i] }
      for i in 0..<p { st[j * stackedRows + m + i] = root * l[j * p + i] }
    }
    let qr = HouseholderQR(matrix: st, rows: stackedRows, columns: n)
    guard qr.hasFullRank(relativeTolerance: 1e-13) else { return nil }
    let q = qr.thinQ
    var qa = [Double](repeating: 0, count: m * n)
    for k in 0..<n { for i in 0..<m { qa[k * m + i] = q[k * stackedRows + i] } }
    let f = SingularValueDecomposition(matrix: qa, rows: m, columns: n, computeLeftVectors: true)
    let u = f.leftVectors!
    var rest = b
    var beta = [Double](repeating: 0, count: n)
    for q in 0..<n where f.singularValues[q] > 0 {
      var s = 0.0
      for i in 0..<m { s += u[q * m + i] * b[i] }
      for i in 0..<m { rest[i] -= s * u[q * m + i] }
      beta[q] = s
    }
    // W = R⁻¹ Z, row-major (column i is w_i).
    let r = qr.r
    var w = [Double](repeating: 0, count: n * n)
    for col in 0..<n {
      var z = f.rightVector(col)
      for i in stride(from: n - 1, through: 0, by: -1) {
        var s = z[i]
        for j in (i + 1)..<max(i + 1, n) { s -= r[j * n + i] * z[j] }
        z[i] = s / r[i * n + i]
      }
      for i in 0..<n { w[i * n + col] = z[i] }
    }
    var out = TikhonovSpectrum(empty: m)
    out.gamma = f.singularValues.map { min($0 * $0, 1) }
    out.c = (0..<n).map { f.singularValues[$0] * beta[$0] }
    out.beta = beta
    out.outsideRangeSquared = DenseKernels.squaredNorm(rest)
    out.tau = tau
    out.w = w
    out.residualFromBeta = true
    out.bNormSquared = DenseKernels.squaredNorm(b)
    return out
  }

  init(empty m: Int) {
    gamma = []
    c = []
    tau = 1
    bNormSquared = 0
    rows = m
    w = []
    svd = nil
  }

  package func point(_ lambda: Double) -> LambdaCurvePoint {
    if let svd {
      let l2 = lambda * lambda
      var r2 = outsideRangeSquared, reg = 0.0, trace = 0.0
      for (q, sq) in svd.singularValues.enumerated() {
        let s2 = sq * sq
        let f = s2 + l2 > 0 ? s2 / (s2 + l2) : 0
        r2 += (1 - f) * (1 - f) * beta[q] * beta[q]
        if sq > 0 { reg += f * f * beta[q] * beta[q] / s2 }
        trace += f
      }
      let dof = Double(rows) - trace
      return LambdaCurvePoint(
        lambda: lambda, residualNormSquared: r2, regularizationNormSquared: reg, traceInfluence: trace,
        gcv: dof > 0 ? Double(rows) * r2 / (dof * dof) : .infinity)
    }
    let mu = lambda * lambda / tau
    var r2 = residualFromBeta ? outsideRangeSquared : bNormSquared, reg = 0.0, trace = 0.0
    for i in gamma.indices {
      let d = gamma[i] + mu * (1 - gamma[i])
      guard d > 0 else { continue }
      let c2 = c[i] * c[i]
      if residualFromBeta {
        let f = 1 - gamma[i] / d
        r2 += f * f * beta[i] * beta[i]
      } else {
        r2 -= c2 * (2 / d - gamma[i] / (d * d))
      }
      reg += (1 - gamma[i]) * c2 / (tau * d * d)
      trace += gamma[i] / d
    }
    r2 = max(r2, 0)
    let dof = Double(rows) - trace
    return LambdaCurvePoint(
      lambda: lambda, residualNormSquared: r2, regularizationNormSquared: reg, traceInfluence: trace,
      gcv: dof > 0 ? Double(rows) * r2 / (dof * dof) : .infinity)
  }

  /// x_λ = W (c/d).
  package func solution(_ lambda: Double) -> [Double] {
    if let svd {
      let n = svd.columns
      var x = [Double](repeating: 0, count: n)
      for (q, sq) in svd.singularValues.enumerated() where sq > 0 {
        let coefficient = sq * beta[q] / (sq * sq + lambda * lambda)
        for j in 0..<n { x[j] += coefficient * svd.rightVectors[q * n + j] }
      }
      return x
    }
    let n = gamma.count
    let mu = lambda * lambda / tau
    var x = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let d = gamma[i] + mu * (1 - gamma[i])
      guard d > 0 else { continue }
      let f = c[i] / d
      for j in 0..<n { x[j] += w[j * n + i] * f }
    }
    return x
  }
}
