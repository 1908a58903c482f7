import FECommon
import FEKernel
import Foundation
import Inversion
import SparseSolve

/// A fit and the checks that say how far to trust it: the discretization budget (and,
/// when asked, the fit corrected for it), restarts from other initial points, and
/// profile-likelihood intervals.
///
/// The stages, in order (`LaminateFitRun.runAssessed`):
/// 1. the fit from the stated initial values (`LaminateFitRun.run`);
/// 2. `restarts` further fits from initial points spread over the bounds; the lowest
///    objective wins, and a restart that beats the first fit is evidence of a local minimum;
/// 3. the discretization budget at the estimate (`discretization = "check"`), and with
///    `"correct"` the approximation-error refit: the predictions corrected by the refined
///    model's difference δ (held fixed in each fit), δ re-estimated until the estimate is
///    a fixed point to 0.1 standard error (`corrected`, at most `maxCorrectionPasses` fits);
/// 4. profile-likelihood intervals for the parameters asked (`ProfileInterval`).
public struct AssessedFit: Sendable {
  /// The fit reported (the corrected one with `"correct"`).
  public var outcome: LaminateFitRun.Outcome
  /// The budget at the reported estimate; nil with `"off"` or when skipped.
  public var budget: DiscretizationBudget?
  /// Why there is no budget although one was asked for (the refined problem too large).
  public var budgetSkipped: String?
  public var mode: DiscretizationMode
  /// With `"correct"`: the estimate before the correction.
  public var uncorrectedEstimate: [Double]?
  /// With `"correct"`: the refits made (each with δ re-estimated at the last iterate).
  public var correctionPasses: Int
  /// Objective (½χ²) of each restart and of the first fit, in the order run.
  public var restartObjectives: [Double]
  /// How much lower than the first fit's the best restart's objective was (0 when the
  /// first fit was best).
  public var restartImprovement: Double
  public var profiles: [ProfileInterval]
}

/// A profile-likelihood 95 % interval: the values of one parameter at which the
/// objective, minimized over the others, rises by ½·3.841·s² above its minimum
/// (the likelihood-ratio test at 5 %, χ²₁; s² = 1 with stated noise, else the
/// estimated noise variance). Venzon & Moolgavkar, *Appl. Stat.* 37 (1988) 87–94.
/// An end that reaches the parameter's bound is reported there and flagged.
public struct ProfileInterval: Sendable {
  public var name: String
  public var lower: Double
  public var upper: Double
  public var lowerAtBound: Bool
  public var upperAtBound: Bool
  /// Fits the profile took.
  public var evaluations: Int
}

extension LaminateFitRun {
  /// The largest refined discretization the budget solves, DOF. The two-level solve keeps
  /// the refined matrix (about 2 GB per million DOF of a quadratic mesh) beside the fitted
  /// model's factor: 4 M DOF is about 8 GB more than the fit.
  public static let maxRefinedDOF = 4_000_000

  /// The most refits of the approximation-error correction.
  public static let maxCorrectionPasses = 8

  /// Runs the fit and its assessment (see `AssessedFit`).
  public static func runAssessed(
    forward: LaminateForwardModel, data: FringeData, rigidBody: RigidBodyTreatment, settings: FitSettings,
    factorization: FactorizationMethod, progress: ((IterationRecord) -> Void)? = nil
  ) throws -> AssessedFit {
    var outcome = try run(forward: forward, data: data, rigidBody: rigidBody, settings: settings, progress: progress)
    let first = outcome.objective
    var objectives = [first]
    for r in 0..<settings.restarts {
      let trial = try run(forward: forward, data: data, rigidBody: rigidBody, settings: restart(settings, number: r + 1))
      objectives.append(trial.objective)
      if trial.objective < outcome.objective { outcome = trial }
    }
    outcome.parameters = settings.parameters
    var budget: DiscretizationBudget?, uncorrected: [Double]?, correctionPasses = 0
    var budgetSkipped: String?
    let refinedDOF = 3 * MeshRefinement.estimatedNodeCount(forward.problem.mesh)
    if settings.discretization != .off && forward.hasRegistration {
      budgetSkipped = "the budget's refined model samples the data in the model's frame; this fit registers the data from a camera frame (fit with the registration's estimate stated as alignment = \"given\" and refine = false to see the budget)"
    } else if settings.discretization != .off && forward.dataSets.count > 1 {
      budgetSkipped = "the budget's refined model takes one load case and one observed face; this fit has \(forward.dataSets.count) data sets (fit each alone to see its budget)"
    } else if settings.discretization != .off && refinedDOF > maxRefinedDOF {
      budgetSkipped = "the refined discretization would have \(refinedDOF) DOF, above the \(maxRefinedDOF) the budget solves (its matrix would take more than 8 GB); no budget: the intervals say nothing of the mesh's own error"
    } else if settings.discretization != .off {
      let refined = try RefinedModel(forward: forward, data: data, factorization: factorization)
      budget = try discretizationBudget(forward: forward, data: data, outcome: outcome, rigidBody: rigidBody, refined: refined)
      if settings.discretization == .correct {
        uncorrected = outcome.result.estimate
        (outcome, correctionPasses) = try corrected(
          outcome, refined: refined, forward: forward, data: data, rigidBody: rigidBody, settings: settings, progress: progress)
        // The budget at the corrected estimate is the uncorrected model's; afterwards the
        // correction of the last fit is restored, so that the profiles below re-minimize the
        // very objective the reported fit minimized.
        let lastCorrection = forward.predictionCorrection
        forward.predictionCorrection = nil
        budget = try discretizationBudget(forward: forward, data: data, outcome: outcome, rigidBody: rigidBody, refined: refined)
        forward.predictionCorrection = lastCorrection
        _ = try forward.residuals(outcome.result.estimate)
      }
    }
    let profiles = try settings.profileParameters.compactMap { name -> ProfileInterval? in
      guard let j = settings.parameters.firstIndex(where: { $0.name == name }) else { return nil }
      return try profile(j, of: outcome, forward: forward, data: data, rigidBody: rigidBody, settings: settings)
    }
    return AssessedFit(
      outcome: outcome, budget: budget, budgetSkipped: budgetSkipped, mode: settings.discretization,
      uncorrectedEstimate: uncorrected, correctionPasses: correctionPasses,
      restartObjectives: objectives, restartImprovement: max(0, first - outcome.objective), profiles: profiles)
  }

  /// The settings of restart r: initial values spread over the bounds (a seeded draw,
  /// uniform between finite bounds, else 0.5× to 1.5× the stated initial value, ±30° for
  /// an unbounded angle).
  static func restart(_ settings: FitSettings, number r: Int) -> FitSettings {
    var s = settings
    var rng = SplitMix64(seed: 0x5EED_F17 &+ UInt64(r))
    for j in s.parameters.indices {
      let p = s.parameters[j], u = rng.nextUnit()
      if p.lower.isFinite && p.upper.isFinite {
        s.parameters[j].initial = p.lower + (0.05 + 0.9 * u) * (p.upper - p.lower)
      } else if case .plyAngleDegrees = p.target {
        s.parameters[j].initial = min(max(p.initial + 60 * (u - 0.5), p.lower), p.upper)
      } else {
        s.parameters[j].initial = min(max(p.initial * (0.5 + u), p.lower), p.upper)
      }
    }
    return s
  }

  /// The approximation-error fit: the fixed point p = T(p) of T(p) = the fit with the
  /// predictions corrected by δ(p), held fixed. Plain iteration converges slowly when the
  /// fitted mesh is far off (δ then depends strongly on p), so the iterates are
  /// Anderson-accelerated (Walker & Ni, *SIAM J. Numer. Anal.* 49 (2011) 1715, type II,
  /// full memory, in standard-error units), until a step moves every parameter by less than
  /// 0.1 standard error, at most `maxCorrectionPasses` fits.
  static func corrected(
    _ start: Outcome, refined: RefinedModel, forward: LaminateForwardModel, data: FringeData,
    rigidBody: RigidBodyTreatment, settings: FitSettings, progress: ((IterationRecord) -> Void)?
  ) throws -> (Outcome, passes: Int) {
    let n = start.parameters.count
    let scale = (0..<n).map { j -> Double in
      let se = start.uncertainty.standardErrors[j]
      return se.isFinite && se > 0 ? se : max(abs(start.result.estimate[j]), 1e-12)
    }
    var x = start.result.estimate
    var outcome = start
    var xs = [[Double]](), gs = [[Double]]()  // iterates and residuals T(x) − x, scaled
    for pass in 1...maxCorrectionPasses {
      forward.predictionCorrection = try refined.difference(at: x)
      var s = settings
      for j in 0..<n { s.parameters[j].initial = min(max(x[j], s.parameters[j].lower), s.parameters[j].upper) }
      outcome = try run(forward: forward, data: data, rigidBody: rigidBody, settings: s, progress: progress)
      outcome.parameters = settings.parameters
      let t = outcome.result.estimate
      let g = (0..<n).map { (t[$0] - x[$0]) / scale[$0] }
      if g.allSatisfy({ abs($0) < 0.1 }) { return (outcome, pass) }
      xs.append(x.indices.map { x[$0] / scale[$0] })
      gs.append(g)
      x = anderson(xs, gs).enumerated().map { j, v in min(max(v * scale[j], settings.parameters[j].lower), settings.parameters[j].upper) }
    }
    return (outcome, maxCorrectionPasses)
  }

  /// The Anderson update from iterates x_i and residuals g_i = T(x_i) − x_i: with
  /// ΔG, ΔX the differences of consecutive ones, γ = argmin ‖g_k − ΔG γ‖ and
  /// x_{k+1} = x_k + g_k − (ΔX + ΔG) γ. With one iterate it is the plain step x + g.
  static func anderson(_ xs: [[Double]], _ gs: [[Double]]) -> [Double] {
    let k = xs.count - 1, n = xs[k].count
    var next = (0..<n).map { xs[k][$0] + gs[k][$0] }
    guard k > 0 else { return next }
    let dG = (0..<k).map { i in (0..<n).map { gs[i + 1][$0] - gs[i][$0] } }
    let dX = (0..<k).map { i in (0..<n).map { xs[i + 1][$0] - xs[i][$0] } }
    let m = min(k, n)
    let recent = Array((k - m)..<k)
    var normal = [Double](repeating: 0, count: m * m), right = [Double](repeating: 0, count: m)
    for (a, i) in recent.enumerated() {
      right[a] = (0..<n).reduce(0) { $0 + dG[i][$1] * gs[k][$1] }
      for (b, l) in recent.enumerated() { normal[a * m + b] = (0..<n).reduce(0) { $0 + dG[i][$1] * dG[l][$1] } }
      normal[a * m + a] *= 1 + 1e-10  // a whisker of regularization for nearly dependent differences
    }
    guard let f = DenseCholesky.factor(normal, n: m) else { return next }
    let gamma = DenseCholesky.solve(factor: f, n: m, right)
    for (a, i) in recent.enumerated() { for j in 0..<n { next[j] -= (dX[i][j] + dG[i][j]) * gamma[a] } }
    return next
  }

  /// The settings with the initial values at `outcome`'s estimate.
  static func startingAt(_ outcome: Outcome, _ settings: FitSettings) -> FitSettings {
    var s = settings
    for j in s.parameters.indices { s.parameters[j].initial = outcome.result.estimate[j] }
    return s
  }

  /// The largest move of a parameter between two fits, in the first fit's standard errors.
  static func movedInStandardErrors(from a: Outcome, to b: Outcome) -> Double {
    a.parameters.indices.map { j in
      let se = a.uncertainty.standardErrors[j]
      let d = abs(b.result.estimate[j] - a.result.estimate[j])
      return se > 0 && se.isFinite ? d / se : (d > 0 ? .infinity : 0)
    }.max() ?? 0
  }

  /// The profile interval of parameter j (see `ProfileInterval`): each end bracketed by
  /// steps of two linearized standard errors outward, then bisected to 2 % of the step.
  static func profile(
    _ j: Int, of outcome: Outcome, forward: LaminateForwardModel, data: FringeData, rigidBody: RigidBodyTreatment,
    settings: FitSettings
  ) throws -> ProfileInterval {
    let p = settings.parameters[j], estimate = outcome.result.estimate[j]
    let scale = outcome.uncertainty.noiseKnown ? 1 : outcome.uncertainty.noiseVariance
    let threshold = outcome.objective + 0.5 * 3.841458820694124 * scale
    let se = outcome.uncertainty.standardErrors[j]
    let step = se.isFinite && se > 0 ? 2 * se : max(abs(estimate), 1) * 0.1
    var evaluations = 0
    let basis = rigidBody == .fit ? rigidBasis(forward: forward, data: data) : nil
    var inner = Problem(
      forward: forward,
      basis: basis.map { $0.prepared(rows: forward.observationCount) })
    inner.rigidBodyFitted = rigidBody == .fit
    let others = settings.parameters.indices.filter { $0 != j }
    var options = LevenbergMarquardtOptions()
    options.maxIterations = settings.maxIterations
    options.scaling = others.map { max(abs(outcome.result.estimate[$0]), 1e-12) }
    if forward.noiseKnown { options.absoluteObjectiveTolerance = 1e-4 }
    let bounds = ParameterBounds(lower: others.map { settings.parameters[$0].lower }, upper: others.map { settings.parameters[$0].upper })
    /// The profile objective at value t of parameter j: the others re-optimized from the
    /// estimate (bounded Levenberg–Marquardt on the problem with p_j pinned).
    func objective(_ t: Double) throws -> Double {
      evaluations += 1
      guard !others.isEmpty else {
        return 0.5 * (try forward.residuals(outcome.result.estimate.enumerated().map { $0.offset == j ? t : $0.element }))
          .reduce(0) { $0 + $1 * $1 }
      }
      var pinned = PinnedProblem(inner: inner, index: j, value: t)
      let r = try LevenbergMarquardt.minimize(
        &pinned, initial: others.map { outcome.result.estimate[$0] }, bounds: bounds, options: options)
      return r.objective
    }
    func end(_ direction: Double) throws -> (value: Double, atBound: Bool) {
      let limit = direction < 0 ? p.lower : p.upper
      var inside = estimate, outside = estimate
      for k in 1...8 {
        let t = estimate + direction * Double(k) * step
        if direction < 0 ? t <= limit : t >= limit {
          if try objective(limit) <= threshold { return (limit, true) }
          outside = limit
          break
        }
        if try objective(t) > threshold { outside = t; break }
        inside = t
        if k == 8 { return (t, false) }
      }
      while abs(outside - inside) > 0.02 * step {
        let mid = 0.5 * (inside + outside)
        if try objective(mid) > threshold { outside = mid } else { inside = mid }
      }
      return (0.5 * (inside + outside), false)
    }
    let lo = try end(-1), hi = try end(1)
    _ = try forward.residuals(outcome.result.estimate)
    return ProfileInterval(
      name: p.name, lower: lo.value, upper: hi.value, lowerAtBound: lo.atBound, upperAtBound: hi.atBound,
      evaluations: evaluations)
  }
}

extension AssessedFit {
  /// A 95 % interval fit to report for parameter j: the linearized one clipped to the
  /// parameter's bounds and, for a modulus, to positive values; `clipped` says it was.
  public func reportedInterval(_ j: Int) -> (lower: Double, upper: Double, clipped: Bool) {
    let p = outcome.parameters[j]
    var (lo, hi) = outcome.uncertainty.confidenceIntervals95[j]
    var floor = p.lower
    if case .materialConstant(_, let c) = p.target, c.isModulus { floor = max(floor, 0) }
    let clipped = lo < floor || hi > p.upper
    lo = max(lo, floor)
    hi = min(hi, p.upper)
    return (lo, hi, clipped)
  }

  /// The χ² test, and when the fit fails it, the possible causes in order of evidence:
  /// the mesh (the χ² its discretization error alone produces, `DiscretizationBudget`),
  /// a local minimum (how much lower a restart went, or "not tested"), units (moduli or
  /// ratios ended at a bound), and the model itself (what remains of the excess).
  public var goodnessOfFit: GoodnessOfFit {
    var fit = outcome.goodnessOfFit
    guard fit.consistent == false else { return fit }
    let excess = fit.chiSquare - Double(fit.degreesOfFreedom)
    var causes = [(evidence: Double, text: String)]()
    if let budget, mode != .correct {
      causes.append((budget.chiSquare, String(format: "the mesh: its discretization error alone gives chi2 %.4g of the excess %.4g (%@ budget above; [fit] discretization = \"correct\" removes it)", budget.chiSquare, excess, budget.significant ? "significant" : "small")))
    }
    if restartObjectives.count > 1 {
      causes.append((2 * restartImprovement, String(format: "a local minimum: the best of %d restarts lowered chi2 by %.4g", restartObjectives.count - 1, 2 * restartImprovement)))
    } else {
      causes.append((0, "a local minimum: not tested ([fit] restarts = N starts again from N other points)"))
    }
    let atBound = outcome.parameters.indices.filter { outcome.result.activeBounds[$0] }.map { outcome.parameters[$0].name }
    causes.append((atBound.isEmpty ? 0 : excess / 2, atBound.isEmpty
      ? "units or the data frame: no parameter ended at a bound (check [units], the data's length unit and the observed face)"
      : "units or the data frame: \(atBound.joined(separator: ", ")) ended at a bound, as a modulus in the wrong unit or data in another length unit or frame would push it"))
    let explained = causes.reduce(0) { $0 + $1.evidence }
    causes.append((max(excess - explained, 0), String(format: "the model itself (loads, supports, layup, materials): the rest, chi2 %.4g", max(excess - explained, 0))))
    let ordered = causes.enumerated().sorted { ($0.element.evidence, -$0.offset) > ($1.element.evidence, -$1.offset) }
    fit.message += ". Possible causes in order of evidence: "
      + ordered.enumerated().map { "(\($0.offset + 1)) \($0.element.element.text)" }.joined(separator: "; ")
    return fit
  }
}

/// The fit's problem with one parameter held at a value: the profile likelihood's inner fit.
struct PinnedProblem: LeastSquaresProblem {
  var inner: LaminateFitRun.Problem
  let index: Int
  let value: Double
  var parameterCount: Int { inner.parameterCount - 1 }

  mutating func evaluate(_ q: [Double], wantJacobian: Bool) throws -> LeastSquaresEvaluation {
    var p = q
    p.insert(value, at: index)
    let e = try inner.evaluate(p, wantJacobian: wantJacobian)
    guard var jacobian = e.jacobian else { return e }
    let m = e.residuals.count
    jacobian.removeSubrange((index * m)..<((index + 1) * m))
    return LeastSquaresEvaluation(residuals: e.residuals, jacobian: jacobian)
  }
}
