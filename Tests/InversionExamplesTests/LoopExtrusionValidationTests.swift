import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import EngineeringExamples

/// The spec's validation of app 5 (`shared/spec/apps.md` §5) on a 30 Mb ring, with an
/// independent reference simulator written here.
///
/// Chosen run lengths (release build, about 4 s in all): lifetimes from a burn-in of 20 τ
/// (2400 steps) then 10 000 recorded steps (~20 000 lifetimes, ~4800 uncensored, SE ≈ 1.5 %);
/// predictions of 3 replicates, each a burn-in of 20 τ and 200 snapshots τ/2 apart; the
/// reference: a burn-in of 2400 steps and 100 snapshots 60 steps apart; the snapshot fit:
/// 30 observed snapshots, each simulation a burn-in of 8 τ and 60 snapshots τ/2 apart.
@Suite struct LoopExtrusionValidationTests {
  /// A deliberately simple second implementation of the rules: a Bool occupancy array, one
  /// Bernoulli(2/λ) unbinding test per LEF per step (not a drawn lifetime), loading by
  /// listing every free adjacent pair, coverage by marking every covered site.
  struct ReferenceSimulator {
    let sites: Int
    let p: Double
    var occupied: [Bool]
    var lefts: [Int] = []
    var rights: [Int] = []
    var rng: SplitMix64

    init(sites: Int, lefs: Int, lambda: Double, seed: UInt64) {
      self.sites = sites
      p = 2 / lambda
      occupied = Array(repeating: false, count: sites)
      rng = SplitMix64(seed: seed)
      for _ in 0..<lefs {
        let (a, b) = freePair()
        lefts.append(a)
        rights.append(b)
      }
    }

    mutating func freePair() -> (Int, Int) {
      var pairs: [Int] = []
      for i in 0..<sites where !occupied[i] && !occupied[(i + 1) % sites] { pairs.append(i) }
      let i = pairs[Int(rng.nextUnit() * Double(pairs.count))]
      occupied[i] = true
      occupied[(i + 1) % sites] = true
      return (i, (i + 1) % sites)
    }

    mutating func step() {
      for j in lefts.indices {
        let t = (lefts[j] - 1 + sites) % sites
        if !occupied[t] { occupied[lefts[j]] = false; occupied[t] = true; lefts[j] = t }
      }
      for j in rights.indices {
        let t = (rights[j] + 1) % sites
        if !occupied[t] { occupied[rights[j]] = false; occupied[t] = true; rights[j] = t }
      }
      for j in lefts.indices where rng.nextUnit() < p {
        occupied[lefts[j]] = false
        occupied[rights[j]] = false
        (lefts[j], rights[j]) = freePair()
      }
    }

    /// (mean loop size, coverage) now.
    func observe() -> (mean: Double, coverage: Double) {
      var covered = [Bool](repeating: false, count: sites)
      var total = 0
      for j in lefts.indices {
        let size = (rights[j] - lefts[j] + sites) % sites
        total += size
        for k in 0...size { covered[(lefts[j] + k) % sites] = true }
      }
      return (Double(total) / Double(lefts.count), Double(covered.filter { $0 }.count) / Double(sites))
    }

    static func statistics(sites: Int, lefs: Int, lambda: Double, seed: UInt64) -> (mean: Double, coverage: Double) {
      var sim = ReferenceSimulator(sites: sites, lefs: lefs, lambda: lambda, seed: seed)
      for _ in 0..<2400 { sim.step() }
      var m = 0.0, c = 0.0
      for _ in 0..<100 {
        for _ in 0..<60 { sim.step() }
        let o = sim.observe()
        m += o.mean / 100
        c += o.coverage / 100
      }
      return (m, c)
    }
  }

  /// λ̂ from lifetimes at λ = 240 kb, d = 120 kb on 30 Mb (N = 250), computed once.
  static let lifetimeFit: CensoredExponentialFit = {
    let p = LoopExtrusionParameters(ringSites: 30000, lefCount: 250, processivityKb: 240)
    let records = LoopSimulation.lifetimes(p, seed: 2016, recordingSteps: 10_000)
    return CensoredExponentialFit(lengths: records.lengthsKb, censored: records.censored)
  }()

  @Test func processivityFromCensoredLifetimesWithinFivePercent() {
    let fit = Self.lifetimeFit
    print("loops: lambda_hat = \(fit.estimate) ± \(fit.standardError) kb from \(fit.count) lifetimes, "
      + "\(fit.censoredFraction) censored, ignoring censoring \(fit.naiveEstimate) kb (factor \(fit.estimate / fit.naiveEstimate))")
    // Spec: within 5 %.
    #expect(abs(fit.estimate / 240 - 1) <= 0.05)
    // Spec: censoring is heavy (76 %) and ignoring it underestimates about 4×: here within
    // 70–82 % and a factor 3.5–5 (the simulator's own numbers are printed above).
    #expect(fit.censoredFraction > 0.70 && fit.censoredFraction < 0.82)
    #expect(fit.estimate / fit.naiveEstimate > 3.5 && fit.estimate / fit.naiveEstimate < 5)
  }

  @Test func halfDensityPredictionMatchesTheReferenceSimulator() {
    // Spec: at d = 240 kb, mean loop size and coverage within 10 % of the reference.
    let lambdaHat = Self.lifetimeFit.estimate
    let prediction = LoopPrediction.simulate(
      LoopExtrusionParameters(ringSites: 30000, lefCount: 125, processivityKb: lambdaHat), replicates: 3, seed: 7)
    let reference = ReferenceSimulator.statistics(sites: 30000, lefs: 125, lambda: 240, seed: 99)
    let mean = prediction.meanLoopKb.mean, coverage = prediction.coverage.mean
    print("loops at d = 240 kb: prediction (lambda_hat = \(lambdaHat)) mean loop \(mean) kb, median \(prediction.medianLoopKb.mean) kb, "
      + "coverage \(coverage); reference (lambda = 240) mean loop \(reference.mean) kb, coverage \(reference.coverage)")
    #expect(abs(mean / reference.mean - 1) <= 0.10)
    #expect(abs(coverage / reference.coverage - 1) <= 0.10)
    // The two simulators at the same λ = 240: tighter, 4 % (the replicate spread of the mean
    // loop size is ~1 % here, of the reference's 100 snapshots ~1.5 %).
    let same = LoopPrediction.simulate(
      LoopExtrusionParameters(ringSites: 30000, lefCount: 125, processivityKb: 240), replicates: 3, seed: 8)
    print("loops at d = 240 kb, lambda = 240 in both simulators: mean loop \(same.meanLoopKb.mean) vs \(reference.mean) kb, "
      + "coverage \(same.coverage.mean) vs \(reference.coverage)")
    #expect(abs(same.meanLoopKb.mean / reference.mean - 1) <= 0.04, "\(same.meanLoopKb.mean) vs \(reference.mean)")
    #expect(abs(same.coverage.mean / reference.coverage - 1) <= 0.04, "\(same.coverage.mean) vs \(reference.coverage)")
  }

  @Test func processivityFromSnapshotsBySimulation() {
    // Snapshots at λ = 240 kb, d = 120 kb on 30 Mb (N = 250): 30 snapshots 5 τ apart (taken
    // as independent cells) with left legs, so coverage is known. The fit simulates with
    // another seed.
    let truth = LoopExtrusionParameters(ringSites: 30000, lefCount: 250, processivityKb: 240)
    let observed = LoopSimulation.snapshots(
      truth, seed: 31, schedule: LoopSimulationSchedule(burnInLifetimes: 20, snapshotIntervalLifetimes: 5, snapshots: 30))
    let fit = LoopSnapshotFit.fit(observed: observed, ringSites: 30000, lefCount: 250, seed: 5)
    print("loops from snapshots: lambda = \(fit.estimate) ± \(fit.standardError) kb; plain estimator \(fit.naiveEstimate) kb")
    // No spec tolerance: 10 %, about 4 SE of this fit (seeds 31–34 gave 228–237 kb).
    #expect(abs(fit.estimate / 240 - 1) <= 0.10)
    #expect(!fit.atGridEnd)
    // The plain estimator (mean loop size as λ) is biased about 2× (spec): 1.5–2.5 here.
    #expect(fit.estimate / fit.naiveEstimate > 1.5 && fit.estimate / fit.naiveEstimate < 2.5)
  }
}
