import DenseLinearAlgebra
import Foundation

extension LevenbergMarquardt {
  /// The λ search of `.tikhonovAuto`; see the type's overview.
  static func automatic<P: LeastSquaresProblem>(
    _ problem: inout P, rule: RegularizationRule, start: [Double], box: ParameterBounds, scale: [Double],
    prior: [Double], options: LevenbergMarquardtOptions, progress: ((IterationRecord) -> Void)?
  ) throws -> FitResult {
    let n = start.count
    var totals = (iterations: 0, evaluations: 0, jacobians: 0)
    func add(_ r: FitResult) {
      totals.iterations += r.iterations
      totals.evaluations += r.evaluations
      totals.jacobians += r.jacobianEvaluations
    }
    // The grid: from σ₁ of the scaled Jacobian at the start downwards.
    var grid: [Double]
    if let given = options.lambdaGrid {
      precondition(!given.isEmpty && given.allSatisfy { $0 > 0 && $0.isFinite }, "lambdaGrid must be positive")
      grid = given.sorted(by: >)
    } else {
      let e = try evaluate(&problem, start, jacobian: true, m: nil)
      totals.evaluations += 1
      totals.jacobians += 1
      let m = e.residuals.count
      var js = e.jacobian!
      for j in 0..<n { for i in 0..<m { js[j * m + i] *= scale[j] } }
      let s1 = SingularValueDecomposition(matrix: js, rows: m, columns: n).singularValues.first ?? 1
      let top = s1 > 0 && s1.isFinite ? s1 : 1
      grid = (0...12).map { top * pow(10, -Double($0) / 2) }
    }

    var cache: [Double: (FitResult, LambdaCurvePoint)] = [:]
    var warm = start
    func run(_ lambda: Double) throws -> (FitResult, LambdaCurvePoint) {
      if let hit = cache[lambda] { return hit }
      var r = try fit(&problem, start: warm, box: box, scale: scale, prior: prior, lambda: lambda,
                      options: options, progress: progress)
      add(r)
      r.lambda = lambda
      warm = r.estimate
      let point = curvePoint(r, lambda: lambda, scale: scale, prior: prior)
      cache[lambda] = (r, point)
      return (r, point)
    }

    var curve: [LambdaCurvePoint] = []
    for lambda in grid { curve.append(try run(lambda).1) }
    curve.sort { $0.lambda < $1.lambda }
    LambdaSearch.curvatures(&curve)
    let m = Double(cache.values.first!.0.residuals.count)
    let gcvBest = curve.indices.min { curve[$0].gcv < curve[$1].gcv }!

    var chosenLambda: Double
    var noiseVariance: Double
    switch rule {
    case .generalizedCrossValidation:
      chosenLambda = curve[gcvBest].lambda
      if curve.count >= 3 {
        let lo = log(curve[max(gcvBest - 1, 0)].lambda), hi = log(curve[min(gcvBest + 1, curve.count - 1)].lambda)
        let t = try LambdaSearch.goldenSection(lo, hi, iterations: 12) { try run(exp($0)).1.gcv }
        if try run(exp(t)).1.gcv < curve[gcvBest].gcv { chosenLambda = exp(t) }
      }
      let c = try run(chosenLambda).1
      noiseVariance = c.residualNormSquared / max(m - c.traceInfluence, 1)
    case .lCurve:
      let interior = curve.indices.filter { curve[$0].curvature != nil }
      let best = interior.max { curve[$0].curvature! < curve[$1].curvature! } ?? gcvBest
      chosenLambda = curve[best].lambda
      let c = try run(chosenLambda).1
      noiseVariance = c.residualNormSquared / max(m - c.traceInfluence, 1)
    case .discrepancy(let noiseKnown):
      if noiseKnown {
        noiseVariance = 1
      } else {
        let c = curve[gcvBest]
        noiseVariance = c.residualNormSquared / max(m - c.traceInfluence, 1)
      }
      let target = m * noiseVariance
      // ‖r_λ‖² grows with λ: bracket the target on the grid, then bisect in log λ.
      if let upper = curve.firstIndex(where: { $0.residualNormSquared >= target }), upper > 0 {
        var lo = log(curve[upper - 1].lambda), hi = log(curve[upper].lambda)
        chosenLambda = exp(hi)
        for _ in 0..<60 {
          let mid = 0.5 * (lo + hi)
          let r2 = try run(exp(mid)).1.residualNormSquared
          chosenLambda = exp(mid)
          if abs(r2 - target) <= 1e-10 * target { break }
          if r2 < target { lo = mid } else { hi = mid }
        }
      } else {
        // The target is not bracketed: take the closest end of the grid.
        let i = curve.indices.min { abs(curve[$0].residualNormSquared - target) < abs(curve[$1].residualNormSquared - target) }!
        chosenLambda = curve[i].lambda
      }
    }
    let (final, point) = try run(chosenLambda)
    var result = final
    result.iterations = totals.iterations
    result.evaluations = totals.evaluations
    result.jacobianEvaluations = totals.jacobians
    result.lambda = chosenLambda
    result.lambdaChoice = LambdaChoice(rule: rule, lambda: chosenLambda, chosen: point, curve: curve, noiseVariance: noiseVariance)
    if case .discrepancy = rule, curve.firstIndex(where: { $0.residualNormSquared >= m * noiseVariance }) == nil
      || curve.first!.residualNormSquared >= m * noiseVariance {
      let note = "the discrepancy target ‖r‖² = m·σ² = \(m * noiseVariance) is outside the residuals the λ grid reaches; the nearest end was taken"
      result.lambdaChoice?.note = note
      result.stopReason += "; " + note
    }
    return result
  }

  /// The rule quantities at a fitted estimate, on the linearization there.
  static func curvePoint(_ r: FitResult, lambda: Double, scale: [Double], prior: [Double]) -> LambdaCurvePoint {
    let n = r.estimate.count, m = r.residuals.count
    var js = r.jacobian
    // Parameters held at a bound do not move with λ: leave them out of tr H.
    for j in 0..<n { for i in 0..<m { js[j * m + i] *= r.activeBounds[j] ? 0 : scale[j] } }
    let sigma = SingularValueDecomposition(matrix: js, rows: m, columns: n).singularValues
    let l2 = lambda * lambda
    let trace = sigma.reduce(0) { $0 + $1 * $1 / ($1 * $1 + l2) }
    let r2 = DenseKernels.squaredNorm(r.residuals)
    var reg = 0.0
    for i in 0..<n { let t = (r.estimate[i] - prior[i]) / scale[i]; reg += t * t }
    let dof = Double(m) - trace
    return LambdaCurvePoint(
      lambda: lambda, residualNormSquared: r2, regularizationNormSquared: reg, traceInfluence: trace,
      gcv: dof > 0 ? Double(m) * r2 / (dof * dof) : .infinity)
  }
}
