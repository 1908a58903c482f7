import DenseLinearAlgebra
import Foundation

/// Covariance, confidence intervals, conditioning and identifiability of a least-squares fit.
///
/// ## Covariance
///
/// From the Gauss–Newton Hessian JᵀJ at the estimate: Cov = s²(JᵀJ)⁺. It is computed from
/// the SVD of the column-normalized Jacobian Jn = J·D⁻¹, D = diag(‖J_j‖), as
/// Cov = s² D⁻¹ V Σ⁺² Vᵀ D⁻¹, where Σ⁺ drops singular values at or below
/// `pseudoInverseTolerance` (1e-10) times the largest (the pseudo-inverse: an unresolvable
/// direction gets no variance along it, and a warning instead). s² is ‖r‖²/(m − n_free)
/// unless `noiseKnown` (then 1: the residuals are already divided by the true σ).
///
/// Parameters flagged in `activeBounds` are held fixed: they are left out of the SVD and
/// get zero variance, standard error 0 and a degenerate interval at the estimate (the
/// local linear theory says nothing about a parameter pinned at a bound).
///
/// ## Intervals
///
/// estimate ± q·SE with q the 0.975 quantile of Student's t with m − n_free degrees of
/// freedom when s² is estimated, of the normal distribution when the noise is known.
///
/// ## Conditioning and identifiability
///
/// `conditionNumber` and `singularValues` are those of Jn, the Jacobian with each column
/// divided by its Euclidean norm (so they do not depend on parameter units; van der Sluis
/// 1969 shows this scaling is within √n of the best diagonal one). The condition number is
/// infinite when Jn is rank deficient.
///
/// A warning is raised for every right singular vector v_k with σ_k/σ_1 <
/// `identifiabilityThreshold` (1e-6: with double precision data and a relative noise above
/// 1e-10 such a direction moves the fit less than the noise over any plausible change). The
/// direction is given in relative changes δp_i/scale_i (scale = `scales`, else |estimate|,
/// else 1), normalized to unit length, naming the components above 0.1 in magnitude.
/// A further warning is raised for each pair with |correlation| > 0.99 that no direction
/// warning already names together.
public struct UncertaintyAnalysis: Sendable {
  /// n × n row-major covariance of the parameters (their units squared).
  public var covariance: [Double]
  public var standardErrors: [Double]
  /// (low, high) for each parameter; centred on `estimate` when given, else on 0 (then
  /// they are ± half-widths).
  public var confidenceIntervals95: [(Double, Double)]
  /// n × n row-major correlation (1 on the diagonal; 0 where a variance is 0).
  public var correlation: [Double]
  /// σ_max/σ_min of the column-normalized Jacobian of the free parameters.
  public var conditionNumber: Double
  /// Singular values of the column-normalized Jacobian of the free parameters, descending.
  public var singularValues: [Double]
  /// s², estimated as ‖r‖²/(m − n_free), or 1 when the noise is known.
  public var noiseVariance: Double
  public var noiseKnown: Bool
  /// Degrees of freedom m − n_free (of the interval quantile when the noise is estimated).
  public var degreesOfFreedom: Int
  /// The numerical rank of the Jacobian of the free parameters (pseudo-inverse tolerance).
  public var rank: Int
  public var identifiabilityWarnings: [IdentifiabilityWarning]
  /// Per singular value (as `singularValues`), its right singular vector of the
  /// column-normalized Jacobian, over all n parameters (0 for a parameter not free).
  /// Empty when the analysis was built without the decomposition.
  public var singularVectors: [[Double]] = []
  /// Other plain-word notes (for example too few data to estimate the noise).
  public var notes: [String]
  /// Per parameter: free, but with a component (above 1e-8 of the unit vector) along a
  /// direction dropped from the pseudo-inverse. Its standard error then counts only the
  /// resolved directions: a lower bound, not an uncertainty (the true one is unbounded).
  public var unresolved: [Bool] = []

  /// Relative singular value below which a direction is reported as unidentifiable.
  public static let identifiabilityThreshold = 1e-6
  /// Relative singular value at or below which a direction is dropped from the covariance.
  public static let pseudoInverseTolerance = 1e-10

  /// Covariance from the Gauss–Newton Hessian JᵀJ (pseudo-inverse beyond a rank tolerance),
  /// scaled by the noise variance estimated from the residuals unless `noiseKnown`.
  ///
  /// - Parameters:
  ///   - jacobian: ∂r/∂p at the estimate, m × n column-major (weighted like the residuals).
  ///   - residuals: the weighted residuals at the estimate (m entries).
  ///   - parameterCount: n.
  ///   - parameterNames: n names used in the warnings.
  ///   - noiseKnown: the residuals are already divided by the true σ.
  ///   - scales: typical magnitudes for "relative change" in the warnings.
  ///   - activeBounds: parameters held at a bound (treated as fixed).
  ///   - estimate: the estimate, to centre the intervals (and the default scales).
  ///
  /// Counts must agree (`jacobian.count == residuals.count * parameterCount`, n names), or a
  /// precondition failure occurs.
  public static func analyze(
    jacobian: [Double], residuals: [Double], parameterCount n: Int, parameterNames: [String], noiseKnown: Bool,
    scales: [Double]? = nil, activeBounds: [Bool]? = nil, estimate: [Double]? = nil
  ) -> UncertaintyAnalysis {
    let m = residuals.count
    precondition(jacobian.count == m * n, "analyze: jacobian.count must be residuals.count * parameterCount")
    precondition(parameterNames.count == n, "analyze: one name per parameter")
    let fixed = activeBounds ?? Array(repeating: false, count: n)
    precondition(fixed.count == n && (scales?.count ?? n) == n && (estimate?.count ?? n) == n,
                 "analyze: activeBounds, scales and estimate need parameterCount entries")
    let free = (0..<n).filter { !fixed[$0] }
    let k = free.count
    var notes: [String] = []

    // Column-normalized Jacobian of the free parameters.
    var jn = DenseKernels.selectColumns(jacobian, rows: m, free)
    var colNorm = [Double](repeating: 1, count: k)
    for c in 0..<k {
      var s = 0.0
      for i in 0..<m { s += jn[c * m + i] * jn[c * m + i] }
      let norm = s.squareRoot()
      if norm > 0 {
        colNorm[c] = norm
        for i in 0..<m { jn[c * m + i] /= norm }
      } else {
        notes.append("the residuals do not depend on \(parameterNames[free[c]]) at all (a zero Jacobian column)")
      }
    }
    let svd = SingularValueDecomposition(matrix: jn, rows: m, columns: k)
    let sigma = svd.singularValues
    let top = sigma.first ?? 0
    let rank = top > 0 ? sigma.filter { $0 > pseudoInverseTolerance * top }.count : 0
    let condition = k == 0 ? 1 : (sigma.last! > 0 ? top / sigma.last! : .infinity)

    // Noise variance.
    let dof = m - k
    let r2 = DenseKernels.squaredNorm(residuals)
    var s2 = 1.0
    if !noiseKnown {
      if dof > 0 {
        s2 = r2 / Double(dof)
      } else {
        s2 = .nan
        notes.append("\(m) data for \(k) free parameters: the noise variance cannot be estimated")
      }
    }

    // Covariance of the free parameters: s² D⁻¹ V Σ⁺² Vᵀ D⁻¹.
    var covariance = [Double](repeating: 0, count: n * n)
    for (a, pa) in free.enumerated() {
      for (b, pb) in free.enumerated() where b >= a {
        var s = 0.0
        for q in 0..<rank {
          s += svd.rightVectors[q * k + a] * svd.rightVectors[q * k + b] / (sigma[q] * sigma[q])
        }
        let c = s2 * s / (colNorm[a] * colNorm[b])
        covariance[pa * n + pb] = c
        covariance[pb * n + pa] = c
      }
    }
    let standardErrors = (0..<n).map { max(covariance[$0 * n + $0], 0).squareRoot() }
    let quantile = noiseKnown ? StudentT.normalQuantile(0.975)
      : (dof > 0 ? StudentT.quantile(0.975, dof: Double(dof)) : .nan)
    let centre = estimate ?? Array(repeating: 0, count: n)
    let intervals = (0..<n).map { (centre[$0] - quantile * standardErrors[$0], centre[$0] + quantile * standardErrors[$0]) }
    var correlation = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n {
        if i == j { correlation[i * n + j] = 1; continue }
        let d = standardErrors[i] * standardErrors[j]
        correlation[i * n + j] = d > 0 ? covariance[i * n + j] / d : 0
      }
    }

    // Identifiability.
    let scale: [Double] = scales ?? (estimate?.map { $0 == 0 || !$0.isFinite ? 1 : abs($0) } ?? Array(repeating: 1, count: n))
    var warnings: [IdentifiabilityWarning] = []
    var namedTogether: [Set<Int>] = []
    for q in 0..<k where top == 0 || sigma[q] < identifiabilityThreshold * top {
      // δp_i = v_i / colNorm_i; relative δp_i / scale_i, normalized.
      var rel = (0..<k).map { svd.rightVectors[q * k + $0] / (colNorm[$0] * scale[free[$0]]) }
      let norm = DenseKernels.squaredNorm(rel).squareRoot()
      if norm > 0 { rel = rel.map { $0 / norm } }
      // Sign convention: the largest component positive.
      if let big = rel.indices.max(by: { abs(rel[$0]) < abs(rel[$1]) }), rel[big] < 0 { rel = rel.map { -$0 } }
      let members = (0..<k).filter { abs(rel[$0]) > 0.1 }.sorted { abs(rel[$0]) > abs(rel[$1]) }
      let combination = members.map { (name: parameterNames[free[$0]], coefficient: rel[$0]) }
      let relative = top > 0 ? sigma[q] / top : 0
      warnings.append(IdentifiabilityWarning(
        message: "the data do not constrain the combination \(IdentifiabilityWarning.format(combination)) "
          + "(relative changes δp/p); the column-scaled Jacobian's singular value along it is "
          + "\(String(format: "%.2g", relative)) of the largest",
        combination: combination, relativeSingularValue: relative))
      namedTogether.append(Set(members.map { free[$0] }))
    }
    for a in 0..<n {
      for b in (a + 1)..<max(a + 1, n) where abs(correlation[a * n + b]) > 0.99 {
        if namedTogether.contains(where: { $0.contains(a) && $0.contains(b) }) { continue }
        let rho = correlation[a * n + b]
        warnings.append(IdentifiabilityWarning(
          message: "\(parameterNames[a]) and \(parameterNames[b]) are correlated at \(String(format: "%.4f", rho)): "
            + "the data determine mainly one combination of the two",
          combination: [(name: parameterNames[a], coefficient: 1), (name: parameterNames[b], coefficient: rho > 0 ? -1 : 1)],
          relativeSingularValue: .nan))
      }
    }
    var result = UncertaintyAnalysis(
      covariance: covariance, standardErrors: standardErrors, confidenceIntervals95: intervals,
      correlation: correlation, conditionNumber: condition, singularValues: sigma, noiseVariance: s2,
      noiseKnown: noiseKnown, degreesOfFreedom: dof, rank: rank, identifiabilityWarnings: warnings, notes: notes)
    result.unresolved = [Bool](repeating: false, count: n)
    result.singularVectors = sigma.indices.map { q in
      var v = [Double](repeating: 0, count: n)
      for c in 0..<k { v[free[c]] = svd.rightVectors[q * k + c] }
      return v
    }
    for q in rank..<k { for c in 0..<k where abs(svd.rightVectors[q * k + c]) > 1e-8 { result.unresolved[free[c]] = true } }
    return result
  }

  /// `analyze` at a fit's estimate, with its scales and active bounds.
  public static func analyze(fit: FitResult, parameterNames: [String], noiseKnown: Bool) -> UncertaintyAnalysis {
    analyze(jacobian: fit.jacobian, residuals: fit.residuals, parameterCount: fit.estimate.count,
            parameterNames: parameterNames, noiseKnown: noiseKnown, scales: fit.scales,
            activeBounds: fit.activeBounds, estimate: fit.estimate)
  }

  public init(
    covariance: [Double], standardErrors: [Double], confidenceIntervals95: [(Double, Double)], correlation: [Double],
    conditionNumber: Double, singularValues: [Double], noiseVariance: Double, noiseKnown: Bool,
    degreesOfFreedom: Int, rank: Int, identifiabilityWarnings: [IdentifiabilityWarning], notes: [String]
  ) {
    self.covariance = covariance
    self.standardErrors = standardErrors
    self.confidenceIntervals95 = confidenceIntervals95
    self.correlation = correlation
    self.conditionNumber = conditionNumber
    self.singularValues = singularValues
    self.noiseVariance = noiseVariance
    self.noiseKnown = noiseKnown
    self.degreesOfFreedom = degreesOfFreedom
    self.rank = rank
    self.identifiabilityWarnings = identifiabilityWarnings
    self.notes = notes
  }
}

/// A direction in parameter space the data cannot resolve, in plain words.
public struct IdentifiabilityWarning: Sendable {
  /// For example "the data do not constrain the combination 0.71·E1 − 0.70·G13 (relative
  /// changes δp/p); the column-scaled Jacobian's singular value along it is 3e-09 of the
  /// largest".
  public var message: String
  /// The named components (|coefficient| > 0.1 of the unit relative direction), largest first.
  public var combination: [(name: String, coefficient: Double)]
  /// σ_k/σ_1 of the column-normalized Jacobian (NaN for a correlation warning).
  public var relativeSingularValue: Double

  public init(message: String, combination: [(name: String, coefficient: Double)], relativeSingularValue: Double) {
    self.message = message
    self.combination = combination
    self.relativeSingularValue = relativeSingularValue
  }

  static func format(_ combination: [(name: String, coefficient: Double)]) -> String {
    var text = ""
    for (i, term) in combination.enumerated() {
      let c = String(format: "%.2f", abs(term.coefficient))
      if i == 0 { text += (term.coefficient < 0 ? "−" : "") + "\(c)·\(term.name)" }
      else { text += (term.coefficient < 0 ? " − " : " + ") + "\(c)·\(term.name)" }
    }
    return text
  }
}
