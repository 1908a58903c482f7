import DenseLinearAlgebra
import FECommon
import Foundation
import Testing
@testable import Inversion
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The validation of `shared/spec/apps.md` §1 and checks of each step against independent
/// computations (`RibosomeReference`: explicit matrices and a plain banded Cholesky).
@Suite struct RibosomeTests {
  static let kernel = [0.1, 0.8, 0.1]
  static let truth = RibosomeSimulation.trueRates()
  static let expected = RibosomeSimulation.expectedCounts(rates: truth, kernel: kernel, meanCount: 40)
  /// The held-out data set of the validation (seed 2025; not one of the 40 Monte-Carlo seeds
  /// quoted in `RibosomeSimulation`).
  static let counts = RibosomeSimulation.counts(expected: expected, seed: 2025)

  /// Spec: relative RMS error of k with GCV ≤ 0.09, and ≥ 3× better than unregularized.
  @Test func gcvAccuracyOnSimulatedProfile() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let gcv = try RibosomeInversion.estimate(profile)
    let raw = try RibosomeInversion.estimate(profile, options: .init(fixedLambda: 0))
    let eGCV = RibosomeSimulation.relativeRMSError(gcv.rates, Self.truth)
    let eRaw = RibosomeSimulation.relativeRMSError(raw.rates, Self.truth)
    print("ribosome: relative RMS error GCV \(eGCV), unregularized \(eRaw), ratio \(eRaw / eGCV), λ_GCV \(gcv.lambda), tr H \(gcv.traceInfluence)")
    #expect(eGCV <= 0.09)  // spec §1
    #expect(eRaw >= 3 * eGCV)  // spec §1
    // The harmonic mean of k is k̄ by construction.
    let harmonic = Double(gcv.rates.count) / gcv.rates.reduce(0) { $0 + 1 / $1 }
    #expect(abs(harmonic - RibosomeProfile.defaultMeanRate) < 1e-12 * 5.6)
    // The three rules all ran; the chosen one is GCV's.
    let s = try #require(gcv.selection)
    #expect(gcv.lambda == s.gcv.lambda && s.gcv.note == nil)
    #expect(s.lCurve.lambda > 0 && s.discrepancy.lambda > 0)
  }

  /// The production curve (CHOLMOD on the band) for a profile.
  static func bandedCurve(_ profile: RibosomeProfile) throws -> RibosomeBandedCurve {
    let equations = RibosomeNormalEquations(profile: profile)
    return RibosomeBandedCurve(profile: profile, equations: equations, solver: try RibosomeBandSolver(equations: equations))
  }

  /// Spec: λ_GCV within ×1.1 of an independent reference: GCV evaluated directly (banded
  /// Cholesky, explicit trace and residual) on a grid of 0.01 decades over 10⁻⁴…10⁶.
  @Test func gcvLambdaMatchesBruteForce() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let chosen = try Self.bandedCurve(profile).selectLambda().gcv.lambda
    let reference = RibosomeReference(counts: Self.counts, kernel: Self.kernel)
    var best = (lambda: 0.0, gcv: Double.infinity)
    for k in 0...1000 {
      let lambda = pow(10, -4 + 0.01 * Double(k))
      if let v = reference.evaluate(lambda), v.gcv < best.gcv { best = (lambda, v.gcv) }
    }
    print("ribosome: λ_GCV \(chosen), brute-force reference \(best.lambda), ratio \(chosen / best.lambda)")
    // Spec: ×1.1. The reference's own grid resolution is ×1.012.
    #expect(chosen / best.lambda < 1.1 && best.lambda / chosen < 1.1)
  }

  /// The banded curve (production) and the spectral formulas (the spec's simultaneous
  /// diagonalization) agree with the direct computation — RSS_w, ‖D₂t‖², tr H, t_λ — at
  /// several λ, and CHOLMOD's t_λ too.
  @Test func bandedAndSpectralMatchDirect() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let equations = RibosomeNormalEquations(profile: profile)
    let spectrum = try RibosomeSpectrum(equations: equations)
    let solver = try RibosomeBandSolver(equations: equations)
    let banded = RibosomeBandedCurve(profile: profile, equations: equations, solver: solver)
    let reference = RibosomeReference(counts: Self.counts, kernel: Self.kernel)
    for lambda in [1e-3, 0.3, 30.0, 1e4] {
      let direct = try #require(reference.evaluate(lambda))
      let b = try banded.point(lambda)
      for p in [spectrum.point(lambda), b] {
        // κ(K) ≲ 1e8 at the largest λ; both routes keep ~1e-9 relative accuracy.
        #expect(abs(p.residualNormSquared - direct.rss) <= 1e-8 * direct.rss)
        // ‖D₂t‖² is small at large λ, and K(λ = 10⁴) has κ ≈ 10⁷: 1e-6 relative.
        #expect(abs(p.regularizationNormSquared - direct.roughness) <= 1e-6 * direct.roughness + 1e-12)
        #expect(abs(p.traceInfluence - direct.trace) <= 1e-9 * Double(equations.n))
      }
      // GCV's denominator n − tr H from λ·tr(ZB) against the direct n − tr H.
      let dof = Double(equations.n) - direct.trace
      #expect(abs((Double(equations.n) - b.traceInfluence) - dof) <= 1e-9 * dof)
      let tEig = spectrum.solution(lambda)
      let tChol = try solver.solve(lambda: lambda, equations.rhs)
      let scale = direct.t.map(abs).max()!
      for j in 0..<equations.n {
        // Both are backward-stable solves of K(λ), κ(K) ≲ 2e7 at λ = 10⁴: ε·κ ≈ 4e-9.
        #expect(abs(tEig[j] - direct.t[j]) <= 1e-8 * scale)
        #expect(abs(tChol[j] - direct.t[j]) <= 1e-8 * scale)
      }
    }
    // One symbolic analysis, one numeric factorization per λ for the point and the solve.
    #expect(solver.factorizations == 4)
  }

  /// The L-curve curvature agrees with finite differences on a fine grid
  /// (`LambdaSearch.curvatures`, the layer's own central differences) — the banded curve's
  /// (two extra solves per λ) and the spectral one's — and the discrepancy λ meets RSS_w = n.
  @Test func curvatureAndDiscrepancy() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let spectrum = try RibosomeSpectrum(equations: RibosomeNormalEquations(profile: profile))
    let banded = try Self.bandedCurve(profile)
    var grid = (0...2000).map { k in spectrum.point(pow(10, -4 + 0.005 * Double(k))) }
    LambdaSearch.curvatures(&grid)
    let peak = grid.compactMap(\.curvature).max()!
    for k in stride(from: 10, to: 1990, by: 37) {
      let fd = try #require(grid[k].curvature)
      // Central differences with h = 0.0115 in ln λ: O(h²) error, well below 1e-3 of the peak.
      #expect(abs(spectrum.curvature(grid[k].lambda) - fd) <= 1e-3 * peak)
      #expect(abs(try banded.curvature(grid[k].lambda) - fd) <= 1e-3 * peak)
    }
    let selection = try banded.selectLambda()
    let d = selection.discrepancy
    #expect(d.note == nil)
    #expect(abs(d.residualSquared - Double(profile.codonCount)) < 1e-8 * Double(profile.codonCount))
    #expect(selection.lCurve.curvature > 0)
  }

  /// Production's λ for every rule equals the spectral route's (the spec's method), on the
  /// validation profile and on a 1000-codon profile with the identity kernel. The two
  /// evaluate the same functions to ~1e-9 relative, and the rules' values agree to that; the
  /// minimizers of a flat minimum move by about the square root of it, so λ agrees to 1e-4
  /// in ln λ (measured 1e-5 for the L-curve corner).
  @Test(arguments: [300, 1000])
  func bandedSelectionMatchesSpectral(codons: Int) throws {
    let kernel = codons == 300 ? Self.kernel : [1.0]
    let counts = codons == 300 ? Self.counts : Self.longCounts(codons, kernel: kernel)
    let profile = RibosomeProfile(counts: counts, kernel: kernel)
    let banded = try Self.bandedCurve(profile).selectLambda()
    let spectral = try RibosomeSpectrum(equations: RibosomeNormalEquations(profile: profile)).selectLambda()
    for rule in RibosomeLambdaRule.allCases {
      let a = banded.choice(rule), b = spectral.choice(rule)
      #expect(abs(log(a.lambda / b.lambda)) < 1e-4, "\(rule) at \(codons) codons: \(a.lambda) vs \(b.lambda)")
      #expect(abs(a.traceInfluence - b.traceInfluence) < 1e-4 * b.traceInfluence)
      switch rule {
      case .gcv: #expect(abs(a.gcv - b.gcv) <= 1e-8 * b.gcv)
      case .lCurve: #expect(abs(a.curvature - b.curvature) <= 1e-6 * abs(b.curvature))
      case .discrepancy: #expect(abs(a.residualSquared - b.residualSquared) <= 1e-8 * b.residualSquared)
      }
      #expect((a.note == nil) == (b.note == nil))
    }
  }

  /// A longer simulated profile: the validation's rate pattern repeated, Poisson counts.
  static func longCounts(_ n: Int, kernel: [Double]) -> [Double] {
    let rates = (0..<n).map { truth[$0 % truth.count] }
    let mu = RibosomeSimulation.expectedCounts(rates: rates, kernel: kernel, meanCount: 40)
    return RibosomeSimulation.counts(expected: mu, seed: 77)
  }

  /// The rate standard errors (Z + λ dZ/dλ on the band) against the delta method on the
  /// spectral covariance factor F = V diag(√α/d), Cov(t) = FFᵀ, formed densely.
  @Test func rateStandardErrorsMatchSpectralCovariance() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let estimate = try RibosomeInversion.estimate(profile)
    let spectrum = try RibosomeSpectrum(equations: RibosomeNormalEquations(profile: profile))
    let n = profile.codonCount
    let f = spectrum.covarianceFactor(estimate.lambda)  // column i = f[i*n ..< (i+1)*n]
    let t = estimate.occupancy
    let meanT = t.reduce(0, +) / Double(n)
    for j in 0..<n {
      let scale = profile.meanRate / t[j], ratio = meanT / t[j]
      var v = 0.0
      for i in 0..<n {
        var column = 0.0
        for l in 0..<n { column += f[i * n + l] }
        let g = scale * (column / Double(n) - ratio * f[i * n + j])
        v += g * g
      }
      let se = try #require(estimate.rateStandardErrors[j])
      // Two exact routes, κ(K) ≈ 1e4 at λ_GCV: 1e-8 relative.
      #expect(abs(se - v.squareRoot()) <= 1e-8 * v.squareRoot(), "codon \(j)")
    }
  }

  /// κ(√W G) and the rank from the bisections against LAPACK's dense eigenvalues of GᵀWG,
  /// for the validation kernel, for 0.5/0/0.5 (half the path graph's adjacency, eigenvalues
  /// cos(kπ/(n + 1)): one exact null vector for odd n, none for even n, where the smallest is
  /// cos(10π/21) ≈ 0.075 at n = 20) and for the identity.
  @Test(arguments: [(0, 300), (1, 21), (1, 43), (1, 20), (2, 50)])
  func conditioningMatchesDenseEigenvalues(kernelIndex: Int, codons: Int) throws {
    let kernel = [Self.kernel, [0.5, 0, 0.5], [1.0]][kernelIndex]
    let counts = (0..<codons).map { Double(5 + ($0 * 7) % 23) }
    let equations = RibosomeNormalEquations(profile: RibosomeProfile(counts: counts, kernel: kernel))
    let conditioning = try RibosomeKernelConditioning(equations: equations, solver: try RibosomeBandSolver(equations: equations))
    let values = GeneralizedSymmetricEigen.eigenvalues(symmetric: equations.pattern.dense(), n: codons)
    let top = values.last!
    let hidden = values.filter { $0 <= RibosomeKernelConditioning.nullThreshold * top }.count
    #expect(conditioning.hiddenDirections == hidden)
    #expect(abs(conditioning.largestEigenvalue - top) <= 2e-6 * top)
    if hidden == 0 {
      #expect(abs(conditioning.smallestEigenvalue / values.first! - 1) <= 2e-6)
      #expect(conditioning.conditionNumber.isFinite)
    } else {
      #expect(conditioning.conditionNumber == .infinity)
    }
  }

  /// Spec: at equal λ, k within 10⁻⁴ of an independent dense solve (Householder QR of the
  /// stacked system [√W G; √λ D₂] by `LinearLeastSquares.tikhonov`), here with positivity
  /// inactive.
  @Test func equalLambdaMatchesDenseStackedQR() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let estimate = try RibosomeInversion.estimate(profile)
    #expect(estimate.codonsAtBound.isEmpty)
    let reference = RibosomeReference(counts: Self.counts, kernel: Self.kernel)
    let (a, b, d2) = reference.stackedPieces()
    let n = profile.codonCount
    let t = LinearLeastSquares.tikhonov(
      a: a, rows: n, columns: n, b: b, lambda: estimate.lambda.squareRoot(), regularizer: d2, lRows: n - 2)
    let bound = 1e-6 * Self.counts.max()!
    #expect(t.allSatisfy { $0 >= bound })  // so BVLS would return t itself
    let meanT = t.reduce(0, +) / Double(n)
    let k = t.map { 5.6 * meanT / $0 }
    let worst = zip(k, estimate.rates).map { abs($0 - $1) }.max()!
    print("ribosome: max |k − k_dense| at equal λ = \(worst) codons/s")
    #expect(worst < 1e-4)  // spec §1 (codons/s)
  }

  /// Positivity active: a stretch of zero reads drives the unconstrained occupancy below the
  /// bound; the CHOLMOD + reduced-BVLS estimate equals BVLS (`LinearLeastSquares.bounded`) on
  /// the whole dense stacked system, to 10⁻⁴ in k (spec) and 10⁻⁹ in t.
  @Test func positivityMatchesFullBVLS() throws {
    var counts = [Double](repeating: 30, count: 40)
    for i in 14..<24 { counts[i] = 0 }
    counts[13] = 90
    counts[24] = 90
    let kernel = Self.kernel
    let lambda = 1e-3
    let estimate = try RibosomeInversion.estimate(
      RibosomeProfile(counts: counts, kernel: kernel), options: .init(fixedLambda: lambda))
    #expect(!estimate.codonsAtBound.isEmpty)
    let reference = RibosomeReference(counts: counts, kernel: kernel)
    let n = counts.count
    let (a, b, d2) = reference.stackedPieces()
    let s = LinearLeastSquares.stacked(a: a, rows: n, columns: n, b: b, lambda: lambda.squareRoot(), regularizer: d2, lRows: n - 2)
    let bound = 1e-6 * 90
    let t = LinearLeastSquares.bounded(
      a: s.a, rows: s.rows, columns: n, b: s.b, lower: [Double](repeating: bound, count: n),
      upper: [Double](repeating: .infinity, count: n))
    for j in 0..<n { #expect(abs(t[j] - estimate.occupancy[j]) <= 1e-9 * 90) }
    let meanT = t.reduce(0, +) / Double(n)
    for j in 0..<n {
      let k = 5.6 * meanT / t[j]
      #expect(abs(k - estimate.rates[j]) <= 1e-4 * max(1, k))  // relative where k is huge (at the bound)
    }
  }

  /// Spec: noise-free data, λ → 0: k to 10⁻⁸ (relative), with the 0.1/0.8/0.1 kernel and the
  /// identity.
  @Test(arguments: [[0.1, 0.8, 0.1], [1.0]])
  func noiseFreeRecoversRates(kernel: [Double]) throws {
    let mu = RibosomeSimulation.expectedCounts(rates: Self.truth, kernel: kernel, meanCount: 40)
    let e = try RibosomeInversion.estimate(RibosomeProfile(counts: mu, kernel: kernel), options: .init(fixedLambda: 1e-10))
    let worst = zip(e.rates, Self.truth).map { abs($0 - $1) / $1 }.max()!
    print("ribosome: noise-free, λ = 1e-10, kernel \(kernel): max relative error of k \(worst)")
    #expect(worst < 1e-8)  // spec §1
  }

  /// The straight-line check: a matrix blind to straight lines (D₂ᵀD₂ itself, whose null
  /// space they are) is refused; the validation kernel's GᵀWG passes.
  @Test func straightLineCheck() throws {
    let equations = RibosomeNormalEquations(profile: RibosomeProfile(counts: Self.counts, kernel: Self.kernel))
    #expect(throws: NumericalError.self) { try RibosomeKernelConditioning.checkStraightLinesSeen(equations.penalty) }
    try RibosomeKernelConditioning.checkStraightLinesSeen(equations.pattern)
  }

  /// The same on an ORF of titin's length (34 000 codons), beyond what the dense
  /// diagonalization could hold (it needed O(n²) memory, about 90 GB here): the band path's
  /// solve, conditioning and standard errors at scale. The SEs are finite and positive.
  @Test func noiseFreeRecoversRatesOnATitinLengthORF() throws {
    let n = 34_000
    // The validation's pattern repeated (113⅓ times), rescaled to harmonic mean k̄ as the
    // estimator's rates are.
    let repeated = (0..<n).map { Self.truth[$0 % Self.truth.count] }
    let harmonic = Double(n) / repeated.reduce(0) { $0 + 1 / $1 }
    let rates = repeated.map { $0 * RibosomeProfile.defaultMeanRate / harmonic }
    let mu = RibosomeSimulation.expectedCounts(rates: rates, kernel: Self.kernel, meanCount: 40)
    let e = try RibosomeInversion.estimate(RibosomeProfile(counts: mu, kernel: Self.kernel), options: .init(fixedLambda: 1e-10))
    let worst = zip(e.rates, rates).map { abs($0 - $1) / $1 }.max()!
    print("ribosome: noise-free, \(n) codons, λ = 1e-10: max relative error of k \(worst)")
    #expect(worst < 1e-8)  // spec §1's noise-free tolerance
    #expect(e.dataRank == n && e.kernelConditionNumber.isFinite)
    #expect(e.rateStandardErrors.allSatisfy { ($0 ?? 0) > 0 && $0!.isFinite })
  }

  /// The Poisson sampler: mean and variance within 5 standard errors of μ for small and large
  /// means (both branches), and P(0) = e^{−μ} for μ = 1.5.
  @Test(arguments: [0.7, 1.5, 9.9, 10.0, 40.0, 400.0])
  func poissonSampler(mu: Double) {
    var rng = SplitMix64(seed: UInt64(mu * 1000))
    let draws = 40_000
    var sum = 0.0, sum2 = 0.0, zeros = 0
    for _ in 0..<draws {
      let k = PoissonSampler.sample(mean: mu, using: &rng)
      sum += Double(k)
      sum2 += Double(k * k)
      if k == 0 { zeros += 1 }
    }
    let mean = sum / Double(draws), variance = sum2 / Double(draws) - mean * mean
    // SE of the mean √(μ/N); SE of the variance ≈ μ√(2/N) (plus μ/N), 5 SE each.
    #expect(abs(mean - mu) < 5 * (mu / Double(draws)).squareRoot())
    #expect(abs(variance - mu) < 5 * (mu * (2 / Double(draws)).squareRoot() + (mu / Double(draws)).squareRoot()))
    if mu == 1.5 {
      let p0 = exp(-1.5)
      #expect(abs(Double(zeros) / Double(draws) - p0) < 5 * (p0 * (1 - p0) / Double(draws)).squareRoot())
    }
  }
}
