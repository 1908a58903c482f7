import DenseLinearAlgebra
import FECommon
import Foundation
import Inversion
import SparseSolve
@testable import CellBiologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The spec's route to the ribosome λ rules (`shared/spec/apps.md` §1), kept as an
/// independent check of production's banded route (`RibosomeBandedCurve`): GCV, L-curve and
/// discrepancy quantities at any λ in O(n), from one dense simultaneous diagonalization of
/// A = GᵀWG and B = D₂ᵀD₂ (O(n³), LAPACK).
///
/// The pencil (A, A + τB), τ = tr A / tr B (positive definite whenever A and B share no null
/// vector), gives V with VᵀAV = diag(α), Vᵀ(A + τB)V = I, hence VᵀBV = diag(β),
/// β = (1 − α)/τ (Hansen, *Rank-Deficient and Discrete Ill-Posed Problems*, 1998, §2.1; the
/// GSVD in normal-equation form). With ĉ = Vᵀg, g = GᵀWc and d_i = α_i + λβ_i:
///
/// - t_λ = Σ v_i ĉ_i/d_i (O(n²));
/// - tr H_λ = tr((A + λB)⁻¹A) = Σ α_i/d_i;
/// - ‖D₂t_λ‖² = Σ β_i ĉ_i²/d_i²;
/// - RSS_w(λ) = RSS₀ + Σ ĉ_i² λ²β_i²/(α_i d_i²), RSS₀ = cᵀWc − Σ ĉ_i²/α_i the unregularized
///   weighted residual (zero for a square, invertible G). A sum of non-negative terms, so it
///   stays accurate as λ → 0, where the textbook form cᵀWc − Σ ĉ_i²(2/d_i − α_i/d_i²)
///   cancels.
///
/// Modes with α_i ≤ 1e-13 (directions the data do not see) carry ĉ_i = 0 exactly in exact
/// arithmetic; they are set so, and contribute only through the penalty.
struct RibosomeSpectrum: RibosomeLambdaCurve {
  public let n: Int
  /// α_i = v_iᵀ A v_i ∈ [0, 1].
  public let alpha: [Double]
  /// β_i = v_iᵀ B v_i ≥ 0.
  public let beta: [Double]
  /// ĉ = Vᵀ GᵀWc.
  public let projectedRHS: [Double]
  /// RSS₀, the weighted residual of the unregularized fit.
  public let unregularizedResidual: Double
  /// V, column-major (vector i is `vectors[i*n ..< (i+1)*n]`).
  public let vectors: [Double]
  /// τ = tr A / tr B.
  public let tau: Double

  /// The threshold below which α counts as zero (a direction the data do not see).
  public static let nullThreshold = 1e-13

  /// Diagonalizes the pencil.
  /// - Throws: `NumericalError` when A + τB is not positive definite (the kernel and D₂ share
  ///   a null vector, so no λ fixes the solution).
  public init(equations: RibosomeNormalEquations) throws {
    let n = equations.n
    let a = equations.pattern.dense(), b = equations.penalty.dense()
    var traceA = 0.0, traceB = 0.0
    for i in 0..<n { traceA += a[i * n + i]; traceB += b[i * n + i] }
    guard traceA > 0 else { throw NumericalError("GᵀWG is zero: the kernel assigns no footprints inside the ORF") }
    let tau = traceA / traceB
    var pencil = a
    for e in 0..<(n * n) { pencil[e] += tau * b[e] }
    guard let eig = GeneralizedSymmetricEigen(a: a, b: pencil, n: n) else {
      throw NumericalError(
        "GᵀWG + τD₂ᵀD₂ is not positive definite: the kernel does not see a straight-line occupancy profile, so no λ determines it")
    }
    let v = eig.vectors
    var alpha = [Double](repeating: 0, count: n), beta = [Double](repeating: 0, count: n)
    var chat = [Double](repeating: 0, count: n)
    var rss0 = equations.weightedCountNorm
    for i in 0..<n {
      let th = min(max(eig.values[i], 0), 1)
      beta[i] = (1 - th) / tau
      var s = 0.0
      for j in 0..<n { s += v[i * n + j] * equations.rhs[j] }
      if th > Self.nullThreshold {
        alpha[i] = th
        chat[i] = s
        rss0 -= s * s / th
      }
    }
    self.n = n
    self.alpha = alpha
    self.beta = beta
    self.projectedRHS = chat
    self.unregularizedResidual = max(rss0, 0)
    self.vectors = v
    self.tau = tau
  }

  /// The number of modes the data see (α_i above the null threshold): the rank of √W G.
  public var dataRank: Int { alpha.filter { $0 > 0 }.count }

  /// RSS_w, ‖D₂t‖², tr H and GCV = n·RSS_w/(n − tr H)² at λ ≥ 0.
  public func point(_ lambda: Double) -> LambdaCurvePoint {
    var rss = unregularizedResidual, eta = 0.0, trace = 0.0
    for i in 0..<n {
      let d = alpha[i] + lambda * beta[i]
      guard d > 0 else { continue }
      let c2 = projectedRHS[i] * projectedRHS[i]
      if alpha[i] > 0 {
        let lb = lambda * beta[i]
        rss += c2 * lb * lb / (alpha[i] * d * d)
        trace += alpha[i] / d
      }
      eta += beta[i] * c2 / (d * d)
    }
    let dof = Double(n) - trace
    return LambdaCurvePoint(
      lambda: lambda, residualNormSquared: rss, regularizationNormSquared: eta, traceInfluence: trace,
      gcv: dof > 0 ? Double(n) * rss / (dof * dof) : .infinity)
  }

  /// The curvature of the L-curve (ln‖r‖, ln‖D₂t‖) at λ > 0, analytically:
  /// κ = (ρ′η″ − ρ″η′)/(ρ′² + η′²)^{3/2} in s = ln λ (Hansen 1998, eq. 7.5's convention, as in
  /// `LambdaSearch.curvatures`), from dη/dλ = −2Σβ²ĉ²/d³, d²η/dλ² = 6Σβ³ĉ²/d⁴ and
  /// dRSS/dλ = −λ dη/dλ.
  public func curvature(_ lambda: Double) -> Double {
    var rss = unregularizedResidual, eta = 0.0, e1 = 0.0, e2 = 0.0
    for i in 0..<n {
      let d = alpha[i] + lambda * beta[i]
      guard d > 0 else { continue }
      let c2 = projectedRHS[i] * projectedRHS[i]
      let b = beta[i]
      if alpha[i] > 0 {
        let lb = lambda * b
        rss += c2 * lb * lb / (alpha[i] * d * d)
      }
      eta += b * c2 / (d * d)
      e1 += -2 * b * b * c2 / (d * d * d)
      e2 += 6 * b * b * b * c2 / (d * d * d * d)
    }
    return Self.curvature(lambda: lambda, rss: rss, roughness: eta, roughnessDerivative: e1, roughnessSecondDerivative: e2)
  }

  /// t_λ = Σ v_i ĉ_i/d_i (the unconstrained minimizer), O(n²).
  public func solution(_ lambda: Double) -> [Double] {
    var t = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let d = alpha[i] + lambda * beta[i]
      guard d > 0, projectedRHS[i] != 0 else { continue }
      let f = projectedRHS[i] / d
      for j in 0..<n { t[j] += vectors[i * n + j] * f }
    }
    return t
  }

  /// The covariance of the unconstrained t_λ when Var(c_i) = 1/w_i (Poisson with the
  /// weights' variance estimate): (A + λB)⁻¹A(A + λB)⁻¹ = V diag(α/d²) Vᵀ, returned as its
  /// factor F = V diag(√α/d) (column-major, column i = √α_i/d_i · v_i) so that Cov = FFᵀ.
  /// It describes the noise only, not the regularization bias.
  public func covarianceFactor(_ lambda: Double) -> [Double] {
    var f = vectors
    for i in 0..<n {
      let d = alpha[i] + lambda * beta[i]
      let s = d > 0 ? alpha[i].squareRoot() / d : 0
      for j in 0..<n { f[i * n + j] *= s }
    }
    return f
  }
}
