import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples

/// The simulator's rules and the censored-exponential estimator.
@Suite struct LoopExtrusionModelTests {
  /// λ so large that p = 2/λ makes an unbinding in a few steps practically impossible (1e-8 per step).
  static let noUnbinding = 2e8

  @Test func leftLegsMoveBeforeRightLegsAndStallOnOccupiedSites() {
    // A = (10, 14) and B = (16, 20) on a 60-site ring, site 15 free. Left legs first: B's
    // left takes 15; then A's right finds 15 occupied and stalls: A is obstructed in step 1.
    let p = LoopExtrusionParameters(ringSites: 60, lefCount: 2, processivityKb: Self.noUnbinding)
    var sim = LoopExtrusionSimulator(parameters: p, seed: 1, placements: [(10, 14), (16, 20)])
    sim.startRecording()  // lifetimes already running are not recorded …
    sim.advance(steps: 1)
    #expect(sim.legs(0) == (9, 14) && sim.legs(1) == (15, 21))
    #expect(sim.obstructed[0] && !sim.obstructed[1])
    #expect(sim.records.count == 0)  // … because they started before recording.
    // A's left leg and B's right leg keep moving; A's right leg and B's left leg are jammed.
    sim.advance(steps: 3)
    #expect(sim.legs(0) == (6, 14) && sim.legs(1) == (15, 24))
    #expect(sim.obstructed[1])
    // Across the ring's end: a left leg at 0 moves to L − 1.
    var wrap = LoopExtrusionSimulator(parameters: p, seed: 1, placements: [(0, 1), (30, 31)])
    wrap.advance(steps: 2)
    #expect(wrap.legs(0) == (58, 3))
    #expect(wrap.loopSizesKb() == [5, 5])
  }

  @Test func recordsCensorAtTheFirstObstructionWithTheLengthBeforeThatStep() {
    // Two LEFs loaded 5 sites apart move toward each other: (0, 1) and (6, 7). Step 1: A
    // (−1, 2), B (5, 8); step 2: A (−2, 3), B (4, 9); step 3: B's left would move to 3,
    // occupied by A's right: B stalls (censored after 2 free steps, ℓ = 4); then A's right
    // finds 4 occupied: A stalls, ℓ = 4.
    let p = LoopExtrusionParameters(ringSites: 60, lefCount: 2, processivityKb: Self.noUnbinding)
    var sim = LoopExtrusionSimulator(parameters: p, seed: 3, placements: [(0, 1), (6, 7)])
    sim.startRecording()
    // Make both lifetimes recorded, as if they had started now.
    sim.recorded = [true, true]
    sim.advance(steps: 5)
    #expect(sim.records.lengthsKb == [4, 4] && sim.records.censored == [true, true])
    let all = sim.finishRecording()
    #expect(all.count == 2)  // already obstructed: no second record at the end
  }

  @Test func loadingIsUniformOverFreePairs() {
    // λ = 2: p = 1, every LEF unbinds after each step and reloads. One LEF on a 12-site ring
    // reloads on one of 12 pairs; 12 000 loads. χ² with 11 dof: P(χ² > 31.26) = 0.001.
    let p = LoopExtrusionParameters(ringSites: 12, lefCount: 1, processivityKb: 2)
    var sim = LoopExtrusionSimulator(parameters: p, seed: 11)
    var counts = [Int](repeating: 0, count: 12)
    for _ in 0..<12_000 {
      sim.advance(steps: 1)
      counts[sim.legs(0).left] += 1
    }
    let chi2 = counts.reduce(0.0) { $0 + Double(($1 - 1000) * ($1 - 1000)) / 1000 }
    print("loops: loading χ² = \(chi2) over 12 pairs")
    #expect(chi2 < 31.26, "\(counts)")
  }

  @Test func unobstructedLengthsHaveMeanLambda() {
    // One LEF on 30 Mb never meets another leg, so every lifetime but the last is
    // uncensored: lengths 2 × Geometric(2/λ) steps, mean exactly λ = 240. 400 000 steps
    // give ~3300 lifetimes: SE ≈ 240/√3300 ≈ 4.2; tolerance 4 SE.
    let p = LoopExtrusionParameters(ringSites: 30000, lefCount: 1, processivityKb: 240)
    let records = LoopSimulation.lifetimes(p, seed: 5, recordingSteps: 400_000)
    #expect(records.censored.filter { $0 }.count == 1)  // the one running at the end
    let uncensored = zip(records.lengthsKb, records.censored).filter { !$0.1 }.map(\.0)
    let mean = uncensored.reduce(0, +) / Double(uncensored.count)
    #expect(abs(mean - 240) < 4 * 240 / Double(uncensored.count).squareRoot(), "mean \(mean) of \(uncensored.count)")
    #expect(uncensored.allSatisfy { $0 >= 2 && $0.truncatingRemainder(dividingBy: 2) == 0 })
    // P(T = 1) = p = 1/120: the share of 2-kb lifetimes, within 4 binomial SE.
    let share = Double(uncensored.filter { $0 == 2 }.count) / Double(uncensored.count)
    #expect(abs(share - 1.0 / 120) < 4 * (1.0 / 120 / Double(uncensored.count)).squareRoot())
    // With other LEFs, obstruction censors long lifetimes preferentially: the uncensored
    // lengths alone are biased low, while the censored MLE is not (4 SE).
    let crowded = LoopSimulation.lifetimes(LoopExtrusionParameters(ringSites: 30000, lefCount: 5, processivityKb: 240),
                                           seed: 5, recordingSteps: 200_000)
    let fit = CensoredExponentialFit(lengths: crowded.lengthsKb, censored: crowded.censored)
    let onlyUncensored = zip(crowded.lengthsKb, crowded.censored).filter { !$0.1 }.map(\.0)
    #expect(onlyUncensored.reduce(0, +) / Double(onlyUncensored.count) < fit.estimate)
    #expect(abs(fit.estimate - 240) < 4 * fit.standardError)
  }

  @Test func coverageCountsNestedAndWrappingLoopsOnce() {
    // (2, 10) with (4, 6) nested inside, and (55, 3) across the ring's end on 60 sites:
    // covered sites 0…10 and 55…59 = 16 of 60.
    let p = LoopExtrusionParameters(ringSites: 60, lefCount: 3, processivityKb: Self.noUnbinding)
    var sim = LoopExtrusionSimulator(parameters: p, seed: 1, placements: [(2, 10), (4, 6), (55, 3)])
    var brute = Set<Int>()
    for (a, b) in [(2, 10), (4, 6), (55, 63)] { for s in a...b { brute.insert(s % 60) } }
    #expect(abs(sim.coverage() - Double(brute.count) / 60) < 1e-15)
    #expect(brute.count == 16)
    // The observed-data path gives the same from sizes and left legs.
    let observed = LoopSnapshotStatistics.observed(groups: [[8, 2, 8]], lefts: [[2, 4, 55]], ringSites: 60)
    #expect(observed.snapshotCoverages == [16.0 / 60])
  }

  @Test func censoredMaximumLikelihoodAndProfileInterval() {
    // Lengths 1…10 with every third censored: r = 7, T = 55, λ̂ = 55/7, SE = λ̂/√7.
    let lengths = (1...10).map(Double.init)
    let censored = (1...10).map { $0 % 3 == 0 }
    let fit = CensoredExponentialFit(lengths: lengths, censored: censored)
    #expect(fit.uncensoredCount == 7 && abs(fit.estimate - 55.0 / 7) < 1e-14)
    #expect(abs(fit.standardError - 55.0 / 7 / 7.0.squareRoot()) < 1e-14)
    #expect(abs(fit.naiveEstimate - 5.5) < 1e-14 && abs(fit.censoredFraction - 0.3) < 1e-14)
    // The interval's ends solve 2(ℓ(λ̂) − ℓ(λ)) = 3.841 (to 1e-9), with the log-likelihood
    // written out here: ℓ(λ) = −r log λ − T/λ.
    let logL: (Double) -> Double = { -7 * log($0) - 55 / $0 }
    for end in [fit.interval95.lower, fit.interval95.upper] {
      #expect(abs(2 * (logL(fit.estimate) - logL(end)) - CensoredExponentialFit.chiSquare95) < 1e-9)
    }
    // Brute force: the set {λ : 2(ℓ̂ − ℓ(λ)) ≤ 3.841} on a 1e-4 grid has the same ends (1e-3).
    let inside = stride(from: 2.0, through: 40, by: 1e-4).filter { 2 * (logL(fit.estimate) - logL($0)) <= CensoredExponentialFit.chiSquare95 }
    #expect(abs(inside.first! - fit.interval95.lower) < 1e-3 && abs(inside.last! - fit.interval95.upper) < 1e-3)
    // Nothing uncensored: only a lower bound, 2T/3.841.
    let bound = CensoredExponentialFit(lengths: [3, 4], censored: [true, true])
    #expect(bound.estimate == .infinity && bound.interval95.upper == .infinity)
    #expect(abs(bound.interval95.lower - 14 / CensoredExponentialFit.chiSquare95) < 1e-12)
  }

  @Test func profileIntervalCoversUnderIndependentCensoring() {
    // 400 data sets of 60 Exp(mean 100) lengths, each censored at an independent Exp(mean 100)
    // time (half censored on average). The 95 % interval should cover 100 about 380 times;
    // binomial(400, 0.95) falls below 365 with probability < 0.1 %.
    var rng = SplitMix64(seed: 21)
    var covered = 0
    for _ in 0..<400 {
      var lengths: [Double] = [], flags: [Bool] = []
      for _ in 0..<60 {
        let life = -100 * log(1 - rng.nextUnit()), stop = -100 * log(1 - rng.nextUnit())
        lengths.append(min(life, stop))
        flags.append(stop < life)
      }
      let fit = CensoredExponentialFit(lengths: lengths, censored: flags)
      if fit.interval95.lower <= 100 && 100 <= fit.interval95.upper { covered += 1 }
    }
    print("loops: profile interval covered the truth in \(covered) of 400 data sets")
    #expect(covered >= 365, "covered \(covered) of 400")
  }
}
