@testable import FeinvertFiles
import Foundation
@testable import PrivacyExamples
import Testing

/// The PLD accountant of the Poisson-sampled Gaussian (`PLDAccountant`) against independent
/// truths: the Gaussian mechanism's exact ε(δ) (q = 1, where T steps compose to one Gaussian
/// mechanism with σ/√T; Balle & Wang 2018, Thm. 8), ε of one subsampled step from a
/// quadrature of the hockey-stick divergence's defining integral, a direct O(n²) convolution
/// for the FFT composition, held-out values of dp-accounting 0.6.0's `PLDAccountant`
/// (`Validation/apps/privacy/reference_pld.py`), and the spec's ordering
/// PLD < improved RDP < classic RDP (`shared/spec/apps.md` §10).
@Suite struct PrivacyPLDTests {
  /// Φ(z), written here from erfc.
  static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

  /// The smallest ε ≥ 0 with δ(ε) ≤ target for a decreasing δ, by bisection to 1e-13.
  static func solve(_ target: Double, _ delta: (Double) -> Double) -> Double {
    if delta(0) <= target { return 0 }
    var lo = 0.0, hi = 1.0
    while delta(hi) > target { hi *= 2 }
    for _ in 0..<200 where hi - lo > 1e-13 * max(1, hi) {
      let mid = 0.5 * (lo + hi)
      if delta(mid) > target { lo = mid } else { hi = mid }
    }
    return hi
  }

  /// The Gaussian mechanism with sensitivity 1 and noise σ: δ(ε) = Φ(−εσ + 1/(2σ)) − e^ε Φ(−εσ − 1/(2σ)).
  static func gaussianEpsilon(sigma: Double, delta: Double) -> Double {
    solve(delta) { e in phi(-e * sigma + 1 / (2 * sigma)) - exp(e) * phi(-e * sigma - 1 / (2 * sigma)) }
  }

  @Test(arguments: [(1.0, 1, 1e-5), (2.0, 16, 1e-5), (10.0, 100, 1e-6), (0.8, 4, 1e-3), (5.0, 10, 1e-5)])
  func fullBatchComposesToOneGaussian(sigma: Double, steps: Int, delta: Double) {
    // q = 1: T steps of N(0, σ²) on a sensitivity-1 sum are one Gaussian mechanism with σ/√T.
    let exact = Self.gaussianEpsilon(sigma: sigma / Double(steps).squareRoot(), delta: delta)
    let pld = PLDAccountant.epsilon(sampleRate: 1, noiseMultiplier: sigma, steps: steps, delta: delta)
    print("PLD q = 1, σ = \(sigma), T = \(steps), δ = \(delta): \(pld.epsilon) vs exact \(exact) (\(pld.epsilon / exact - 1) relative)")
    // Pessimistic: never below the truth (1e-12: the bisection's and erfc's round-off).
    #expect(pld.epsilon >= exact * (1 - 1e-12))
    // Connect the dots at Δ = 1e-4 overstates ε by O(Δ²) per step; 1e-4 relative is ample.
    #expect(pld.epsilon <= exact * (1 + 1e-4))
    // Both directions coincide for the Gaussian (symmetric loss).
    #expect(abs(pld.epsilonRemove - pld.epsilonAdd) <= 1e-6 * exact)
  }

  /// δ(ε) of one Poisson-sampled Gaussian step by quadrature of its definition,
  /// max over the two directions of E[(1 − e^{ε − loss})₊]: remove, x ∼ (1 − q)N(0, σ²) + qN(1, σ²),
  /// loss log(1 − q + q e^{(2x−1)/(2σ²)}); add, x ∼ N(0, σ²), the negated loss. Composite
  /// Simpson on x ∈ [−12σ, 1 + 12σ] with 200 000 intervals (the integrand's kink at the
  /// loss = ε point costs O(h²) ≈ 1e-11 of δ).
  static func quadratureDelta(q: Double, sigma: Double, epsilon: Double) -> Double {
    let lo = -12 * sigma, hi = 1 + 12 * sigma, n = 200_000
    let h = (hi - lo) / Double(n)
    func density(_ x: Double, _ mean: Double) -> Double { exp(-(x - mean) * (x - mean) / (2 * sigma * sigma)) / (sigma * (2 * Double.pi).squareRoot()) }
    func loss(_ x: Double) -> Double { log(1 - q + q * exp((2 * x - 1) / (2 * sigma * sigma))) }
    var remove = 0.0, add = 0.0
    for i in 0...n {
      let x = lo + h * Double(i)
      let w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
      let l = loss(x)
      remove += w * ((1 - q) * density(x, 0) + q * density(x, 1)) * max(0, 1 - exp(epsilon - l))
      add += w * density(x, 0) * max(0, 1 - exp(epsilon + l))
    }
    return max(remove, add) * h / 3
  }

  @Test(arguments: [(0.02, 1.5, 1e-5), (0.3, 1.0, 1e-4), (0.1, 0.7, 1e-6)])
  func oneSubsampledStepMatchesQuadrature(q: Double, sigma: Double, delta: Double) {
    let exact = Self.solve(delta) { Self.quadratureDelta(q: q, sigma: sigma, epsilon: $0) }
    let pld = PLDAccountant.epsilon(sampleRate: q, noiseMultiplier: sigma, steps: 1, delta: delta)
    print("PLD one step q = \(q), σ = \(sigma), δ = \(delta): \(pld.epsilon) vs quadrature \(exact)")
    // Pessimistic up to the quadrature's error (1e-9 relative in ε), and close: connect the
    // dots on one step errs by O(Δ²) = 1e-8 in ε.
    #expect(pld.epsilon >= exact * (1 - 1e-9))
    #expect(pld.epsilon <= exact * (1 + 1e-5))
  }

  @Test func compositionByFFTMatchesDirectConvolution() {
    // A small PLD (Δ = 0.01, ~300 grid points) composed 3 times, against O(n²) sums written here.
    let one = PrivacyLossDistribution.connectingDots(interval: 0.01, lower: -150, upper: 150) {
      SampledGaussianPLD.delta(.remove, sampleRate: 0.5, noiseMultiplier: 2, epsilon: $0)
    }
    func convolve(_ a: [Double], _ b: [Double]) -> [Double] {
      var c = [Double](repeating: 0, count: a.count + b.count - 1)
      for i in a.indices { for j in b.indices { c[i + j] += a[i] * b[j] } }
      return c
    }
    let direct = convolve(convolve(one.masses, one.masses), one.masses)
    let fast = one.selfComposed(times: 3, tailMass: 1e-15)
    let shift = fast.offset - 3 * one.offset
    var worst = 0.0
    for (k, m) in direct.enumerated() {
      let j = k - shift
      let got = j >= 0 && j < fast.masses.count ? fast.masses[j] : 0
      worst = max(worst, abs(got - m))
    }
    print("PLD FFT composition vs direct convolution: worst mass difference \(worst)")
    // FFT round-off: ~1e-16 × log N per value; masses outside the Chernoff window are < 1e-15.
    #expect(worst <= 1e-14)
    let expectedInfinity = 1 - pow(1 - one.infinityMass, 3)
    #expect(abs(fast.infinityMass - (expectedInfinity + 2e-15)) <= 1e-15)
    // The discretization keeps the total mass 1 (the chord through (0, 1)).
    #expect(abs(one.masses.reduce(0, +) + one.infinityMass - 1) <= 1e-12)
  }

  @Test func noNoiseHasNoGuarantee() {
    #expect(PLDAccountant.epsilon(sampleRate: 0.1, noiseMultiplier: 0, steps: 10, delta: 1e-5).epsilon == .infinity)
  }

  /// Against dp-accounting's `PLDAccountant` (same construction: connect the dots at Δ = 1e-4,
  /// add-or-remove relation) on the reference settings, and the spec's ordering
  /// PLD < improved RDP < classic RDP on each (ε > 0).
  @Test func matchesDPAccountingAndBeatsBothRDPConversions() throws {
    let table = try CSVTable.read(path: PrivacyFixtures.path("privacy_reference_pld.csv"))
    let q = try table.numbers("q"), sigma = try table.numbers("sigma"), steps = try table.integers("steps")
    let delta = try table.numbers("delta"), reference = try table.numbers("epsilon_pld")
    #expect(q.count >= 8)
    var worst = 0.0
    for k in q.indices {
      let pld = PLDAccountant.epsilon(sampleRate: q[k], noiseMultiplier: sigma[k], steps: steps[k], delta: delta[k])
      var rdp = RenyiAccountant()
      rdp.composeSampledGaussian(sampleRate: q[k], noiseMultiplier: sigma[k], steps: steps[k])
      let improved = rdp.epsilon(delta: delta[k], conversion: .improved).epsilon
      let classic = rdp.epsilon(delta: delta[k], conversion: .classic).epsilon
      let difference = reference[k] == 0 ? abs(pld.epsilon) : abs(pld.epsilon / reference[k] - 1)
      worst = max(worst, difference)
      print("PLD q = \(q[k]), σ = \(sigma[k]), T = \(steps[k]), δ = \(delta[k]): \(pld.epsilon) (dp-accounting \(reference[k])); RDP improved \(improved), classic \(classic)")
      // Both discretize the same way on the same grid; they differ in the tail truncation of
      // the composition and in round-off: measured worst 9.1e-7 relative (q = 0.001,
      // T = 10⁵), so 1e-5.
      #expect(difference <= 1e-5, "setting \(k): \(pld.epsilon) vs \(reference[k])")
      if improved > 0 {
        #expect(pld.epsilon < improved && improved < classic, "setting \(k)")  // spec §10
      } else {
        // σ = 100, δ = 0.1: the KL bound already gives ε = 0 to the improved conversion.
        #expect(pld.epsilon == 0 && classic > 0, "setting \(k)")
      }
    }
    print("PLD: worst relative difference from dp-accounting \(worst)")
  }

  @Test(arguments: [(256.0 / 60000, 1.12, 14063, 2.9223), (256.0 / 60000, 1.2, 2344, 1.1984), (0.01, 4.0, 10_000, 1.2586)])
  func publishedSettingsOrdering(q: Double, sigma: Double, steps: Int, classicPublished: Double) {
    // The spec's published settings (TF-Privacy MNIST 60 and 10 epochs, Abadi et al. 2016):
    // PLD < improved < classic (spec §10: "the improved conversion and PLD must give a smaller ε").
    let pld = PLDAccountant.epsilon(sampleRate: q, noiseMultiplier: sigma, steps: steps, delta: 1e-5).epsilon
    var rdp = RenyiAccountant()
    rdp.composeSampledGaussian(sampleRate: q, noiseMultiplier: sigma, steps: steps)
    let improved = rdp.epsilon(delta: 1e-5, conversion: .improved).epsilon
    let classic = rdp.epsilon(delta: 1e-5, conversion: .classic).epsilon
    print("PLD published setting q = \(q), σ = \(sigma), T = \(steps): PLD \(pld), improved \(improved), classic \(classic)")
    #expect(abs(classic - classicPublished) <= 5e-5)  // the classic values of the README, to their 4 decimals
    #expect(pld < improved && improved < classic)
  }
}
