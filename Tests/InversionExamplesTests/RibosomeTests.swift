import FECommon
import Foundation
import Testing
@testable import Inversion
@testable import InversionExamples

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

  /// Spec: λ_GCV within ×1.1 of an independent reference: GCV evaluated directly (banded
  /// Cholesky, explicit trace and residual) on a grid of 0.01 decades over 10⁻⁴…10⁶.
  @Test func gcvLambdaMatchesBruteForce() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let spectrum = try RibosomeSpectrum(equations: RibosomeNormalEquations(profile: profile))
    let chosen = try spectrum.selectLambda().gcv.lambda
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

  /// The spectral formulas (RSS_w, ‖D₂t‖², tr H, t_λ) and the CHOLMOD solution agree with the
  /// direct computation at several λ.
  @Test func spectrumAndCholmodMatchDirect() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let equations = RibosomeNormalEquations(profile: profile)
    let spectrum = try RibosomeSpectrum(equations: equations)
    let solver = try RibosomeBandSolver(equations: equations)
    let reference = RibosomeReference(counts: Self.counts, kernel: Self.kernel)
    for lambda in [1e-3, 0.3, 30.0, 1e4] {
      let direct = try #require(reference.evaluate(lambda))
      let p = spectrum.point(lambda)
      // κ(K) ≲ 1e8 at the largest λ; the eigenvector route keeps ~1e-9 relative accuracy.
      #expect(abs(p.residualNormSquared - direct.rss) <= 1e-8 * direct.rss)
      // ‖D₂t‖² is small at large λ, and K(λ = 10⁴) has κ ≈ 10⁷: 1e-6 relative.
      #expect(abs(p.regularizationNormSquared - direct.roughness) <= 1e-6 * direct.roughness + 1e-12)
      #expect(abs(p.traceInfluence - direct.trace) <= 1e-9 * Double(equations.n))
      let tEig = spectrum.solution(lambda)
      let tChol = try solver.solve(lambda: lambda, equations.rhs)
      let scale = direct.t.map(abs).max()!
      for j in 0..<equations.n {
        // Both are backward-stable solves of K(λ), κ(K) ≲ 2e7 at λ = 10⁴: ε·κ ≈ 4e-9.
        #expect(abs(tEig[j] - direct.t[j]) <= 1e-8 * scale)
        #expect(abs(tChol[j] - direct.t[j]) <= 1e-8 * scale)
      }
    }
    // One symbolic analysis, one numeric factorization per λ.
    #expect(solver.factorizations == 4)
  }

  /// The analytic L-curve curvature agrees with finite differences on a fine grid
  /// (`LambdaSearch.curvatures`, the layer's own central differences), and the discrepancy
  /// λ meets RSS_w = n.
  @Test func curvatureAndDiscrepancy() throws {
    let profile = RibosomeProfile(counts: Self.counts, kernel: Self.kernel)
    let spectrum = try RibosomeSpectrum(equations: RibosomeNormalEquations(profile: profile))
    var grid = (0...2000).map { k in spectrum.point(pow(10, -4 + 0.005 * Double(k))) }
    LambdaSearch.curvatures(&grid)
    let peak = grid.compactMap(\.curvature).max()!
    for k in stride(from: 10, to: 1990, by: 37) {
      let fd = try #require(grid[k].curvature)
      // Central differences with h = 0.0115 in ln λ: O(h²) error, well below 1e-3 of the peak.
      #expect(abs(spectrum.curvature(grid[k].lambda) - fd) <= 1e-3 * peak)
    }
    let selection = try spectrum.selectLambda()
    let d = selection.discrepancy
    #expect(d.note == nil)
    #expect(abs(d.residualSquared - Double(profile.codonCount)) < 1e-8 * Double(profile.codonCount))
    #expect(selection.lCurve.curvature > 0)
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
