import FECommon
import Foundation
import Inversion

/// Relative elongation rates from a ribosome-profiling read profile (`shared/spec/apps.md`
/// §1).
///
/// The problem is linear in the occupancies t: min_t Σ w_i(c_i − (Gt)_i)² + λ‖D₂t‖²,
/// t ≥ 10⁻⁶·max c, w_i = 1/max(c_i, 1). Steps:
///
/// 1. The banded normal matrices GᵀWG and D₂ᵀD₂ (`RibosomeNormalEquations`).
/// 2. λ on the unconstrained problem by GCV (default), the L-curve or the discrepancy
///    principle, on the grid 10⁻⁴…10⁶ and during the Brent refinement in ln λ, each λ by one
///    CHOLMOD factorization of the band and the inverse's entries on it
///    (`RibosomeBandedCurve`): O(n·p²) per λ. The spec's simultaneous diagonalization gives
///    the same numbers at O(n³) once and O(n²) memory (the tests use it as a check); the band
///    takes an ORF of any length.
/// 3. The unconstrained t_λ by CHOLMOD on the band (`RibosomeBandSolver`: one symbolic
///    analysis for everything, a numeric refactorization per λ).
/// 4. Positivity by BVLS (`LinearLeastSquares.bounded`) on the variables the bound may hold,
///    through the Schur complement of K(λ)⁻¹ (`LinearLeastSquares.boundedFromUnconstrained`,
///    exact for the whole problem).
/// 5. k_i = k̄·mean(t)/t_i, so that the harmonic mean of k — what run-off measures — is k̄.
///
/// Only relative rates are identified: K (flux × depth) cancels from k.
package enum RibosomeInversion {
  /// Options of `estimate`.
  package struct Options: Sendable {
    /// The rule that sets λ (ignored when `fixedLambda` is given).
    package var rule: RibosomeLambdaRule = .gcv
    /// A λ ≥ 0 to use instead of a rule.
    package var fixedLambda: Double?
    package init(rule: RibosomeLambdaRule = .gcv, fixedLambda: Double? = nil) {
      self.rule = rule
      self.fixedLambda = fixedLambda
    }
  }

  /// The positivity bound as a fraction of the largest count.
  package static let lowerBoundFraction = 1e-6

  /// Estimates the rates; see the type's discussion.
  ///
  /// The profile needs at least 3 codons and a positive count somewhere, or a precondition
  /// failure occurs (the file reader checks both).
  /// - Throws: `NumericalError` when λ = 0 and the kernel hides a direction (GᵀWG singular),
  ///   when the kernel does not see straight-line profiles, or when a factorization fails.
  package static func estimate(_ profile: RibosomeProfile, options: Options = Options()) throws -> RibosomeEstimate {
    let maxCount = profile.counts.max() ?? 0
    precondition(profile.codonCount >= 3 && maxCount > 0, "RibosomeInversion: needs 3 codons and a positive count")
    let n = profile.codonCount
    let equations = RibosomeNormalEquations(profile: profile)
    let solver = try RibosomeBandSolver(equations: equations)
    let conditioning = try RibosomeKernelConditioning(equations: equations, solver: solver)
    let dataRank = n - conditioning.hiddenDirections
    let curve = RibosomeBandedCurve(profile: profile, equations: equations, solver: solver)
    let selection: RibosomeLambdaSelection?
    let lambda: Double
    if let fixed = options.fixedLambda {
      selection = nil
      lambda = fixed
    } else {
      let chosen = try curve.selectLambda()
      selection = chosen
      lambda = chosen.choice(options.rule).lambda
    }

    if lambda == 0 && dataRank < n {
      // K(0) = GᵀWG is singular; CHOLMOD may not notice (the pivot is round-off, not 0).
      throw NumericalError(
        "λ = 0 leaves \(n - dataRank) direction(s) of the occupancy undetermined: the kernel \(profile.kernel) does not see them (GᵀWG has rank \(dataRank) of \(n)); use λ > 0 or a rule")
    }
    let unconstrained = try solver.solve(lambda: lambda, equations.rhs)
    let bound = lowerBoundFraction * maxCount
    let lower = [Double](repeating: bound, count: n), upper = [Double](repeating: .infinity, count: n)
    let bounded = try LinearLeastSquares.boundedFromUnconstrained(x0: unconstrained, lower: lower, upper: upper) { set in
      var columns = [Double](repeating: 0, count: n * set.count)
      for (q, j) in set.enumerated() { columns[q * n + j] = 1 }
      return try solver.solve(lambda: lambda, columns, count: set.count)
    }
    let t = bounded.x
    let meanT = t.reduce(0, +) / Double(n)
    let rates = t.map { profile.meanRate * meanT / $0 }

    let standardErrors = try rateStandardErrors(
      t: t, solver: solver, lambda: lambda, fixed: Set(bounded.atLower), meanRate: profile.meanRate)
    let trace = try curve.point(lambda).traceInfluence
    let rss = equations.weightedResidualSquared(t, profile: profile)
    let conditionNumber = conditioning.conditionNumber
    var warnings = [
      "Only relative rates are identified: the flux × depth K cancels, so k is scaled to the harmonic mean k̄ = \(profile.meanRate) codons/s (run-off; Ingolia, Lareau & Weissman 2011).",
      "tr H = \(format(trace)) of \(n) codons: the data determine about that many independent combinations of the rates; features narrower than about \(format(Double(n) / max(trace, 1))) codons are smoothed, and the standard errors do not include that bias.",
    ]
    if dataRank < n {
      warnings.append("The kernel hides \(n - dataRank) direction(s) of the occupancy (rank \(dataRank) of \(n)); only the penalty sets them.")
    }
    let zeroCounts = profile.counts.filter { $0 == 0 }.count
    if zeroCounts > 0 {
      warnings.append("\(zeroCounts) codon(s) have zero reads; their rates come from the neighbours through the smoothing, not from their own data.")
    }
    if !bounded.atLower.isEmpty {
      warnings.append("The positivity bound t ≥ \(format(bound)) holds at \(bounded.atLower.count) codon(s) (0-based \(bounded.atLower.prefix(10).map(String.init).joined(separator: ", "))\(bounded.atLower.count > 10 ? ", …" : "")): k there is only a lower bound.")
    }
    let reduced = rss / max(Double(n) - trace, 1)
    if reduced > 2 {
      warnings.append("RSS_w/(n − tr H) = \(format(reduced)): the counts are over-dispersed relative to Poisson; the standard errors are too small by about √\(format(reduced)).")
    }
    if let selection {
      for rule in RibosomeLambdaRule.allCases {
        if let note = selection.choice(rule).note { warnings.append("\(rule.rawValue): \(note)") }
      }
    }
    return RibosomeEstimate(
      rates: rates, rateStandardErrors: standardErrors, occupancy: t, lambda: lambda,
      lambdaSource: options.fixedLambda == nil ? options.rule.rawValue : "fixed", selection: selection,
      traceInfluence: trace, weightedResidualSquared: rss, reducedChiSquare: reduced,
      roughness: RibosomeNormalEquations.roughness(t), occupancyLowerBound: bound, codonsAtBound: bounded.atLower,
      dataRank: dataRank, kernelConditionNumber: conditionNumber, factorizations: solver.factorizations,
      warnings: warnings)
  }

  /// Delta-method standard errors of k_j = k̄·mean(t)/t_j from the noise covariance of the
  /// unconstrained t_λ when Var(c_i) = 1/w_i, C = K⁻¹AK⁻¹ (A = GᵀWG, K = A + λB; it omits
  /// the regularization bias). With ∇k_j = s_j(𝟙/n − r_j e_j), s_j = k̄/t_j, r_j = mean(t)/t_j:
  ///
  ///     Var k_j = s_j²(𝟙ᵀC𝟙/n² − 2r_j(C𝟙)_j/n + r_j² C_jj),
  ///
  /// with C𝟙 = K⁻¹A(K⁻¹𝟙) by two solves and C_jj = Z_jj + λ dZ_jj/dλ (since A = K − λB and
  /// dZ/dλ = −ZBZ) from the inverse on the band and its derivative: O(n·p²), no n × n
  /// matrix. Codons at the bound get nil.
  static func rateStandardErrors(
    t: [Double], solver: RibosomeBandSolver, lambda: Double, fixed: Set<Int>, meanRate: Double
  ) throws -> [Double?] {
    let n = t.count
    let equations = solver.equations
    let meanT = t.reduce(0, +) / Double(n)
    let u = try solver.solve(lambda: lambda, [Double](repeating: 1, count: n))
    let au = equations.pattern.multiply(u)
    let cOne = try solver.solve(lambda: lambda, au)
    var oneCOne = 0.0
    for i in 0..<n { oneCOne += u[i] * au[i] }
    let (z, dz) = try solver.inverseOnBand(lambda: lambda, derivative: true)
    let diagonal = equations.pattern.columnStarts.dropFirst().map { $0 - 1 }  // (j, j) ends column j
    return (0..<n).map { j -> Double? in
      if fixed.contains(j) { return nil }
      let s = meanRate / t[j], r = meanT / t[j]
      let cjj = z[diagonal[j]] + lambda * dz![diagonal[j]]
      let nn = Double(n)
      let v = s * s * (oneCOne / (nn * nn) - 2 * r * cOne[j] / nn + r * r * cjj)
      return max(v, 0).squareRoot()
    }
  }

  static func format(_ x: Double) -> String { String(format: "%.3g", x) }
}
