@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Inversion
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import PrivacyExamples

/// The leaf hydraulics example (`shared/spec/apps.md` §2): the exact noise-free bound,
/// the closed-form chance bound against a root finder, the Monte-Carlo bias of the naive
/// and chance-constrained bounds, and a single held-out series.
@Suite struct LeafTests {
  /// Noise-free, K_AQP ≡ 0 over the driest 7 of 15 points: K* = K_max to 1e-9, binding at
  /// exactly those 7 times; with σ = 0 the chance bound is the same number, and the
  /// decomposition returns the true K_AQP.
  @Test func noiseFreeBoundIsExact() {
    let truth = LeafSimulation.truth()
    let naive = LeafXylemBound.naive(truth)
    #expect(abs((naive?.bound ?? 0) - LeafSimulation.kMax) <= 1e-9 * LeafSimulation.kMax)
    #expect(naive?.binding == Array(8...14))
    var exact = truth
    exact.sigmaK = [Double](repeating: 0, count: 15)
    exact.sigmaPLC = [Double](repeating: 0, count: 15)
    let r = LeafHydraulicsInversion.analyze(exact, bootstrap: 0)
    #expect(abs(r.chanceBound - LeafSimulation.kMax) <= 1e-9 * LeafSimulation.kMax)
    for i in 0..<15 {
      let trueAQP = i < 8 ? 6 * (1 - Double(i) / 8) * (1 - Double(i) / 8) : 0
      #expect(abs(r.outsideXylem[i] - trueAQP) < 1e-9 * LeafSimulation.kMax)
    }
    #expect(r.warnings.first?.contains("upper bound") == true)
  }

  /// The closed-form root per time against Brent's method on
  /// h(K) = K a − K_leaf − z √(σ_K² + K²σ_PLC²) (an independent route), to 1e-10
  /// relative, over positive, small and negative K_leaf; the limits a ≤ zσ_PLC (no bound)
  /// and K_leaf < −zσ_K (bound 0).
  @Test func closedFormRootMatchesBrent() throws {
    let z = 1.645
    for (k, sk, plc, sp) in [(5.0, 0.4, 0.3, 0.03), (2.0, 0.5, 0.8, 0.05), (-0.3, 0.5, 0.5, 0.03), (0.01, 1.0, 0.1, 0.2),
                             (12, 1, 0.95, 0.02)] {
      let closed = LeafXylemBound.chanceBound(kLeaf: k, sigmaK: sk, plc: plc, sigmaPLC: sp, z: z)
      let a = 1 - plc
      let h: (Double) -> Double = { x in x * a - k - z * (sk * sk + x * x * sp * sp).squareRoot() }
      let root = try ScalarRoot.brent(in: 0, 1e6, h).x
      #expect(abs(closed - root) <= 1e-10 * max(1, root), "K_leaf \(k): \(closed) vs \(root)")
    }
    #expect(LeafXylemBound.chanceBound(kLeaf: 1, sigmaK: 0.1, plc: 0.96, sigmaPLC: 0.03, z: z) == .infinity)
    #expect(LeafXylemBound.chanceBound(kLeaf: 1, sigmaK: 0.1, plc: 1.02, sigmaPLC: 0.03, z: z) == .infinity)
    #expect(LeafXylemBound.chanceBound(kLeaf: -1, sigmaK: 0.1, plc: 0.3, sigmaPLC: 0.03, z: z) == 0)
  }

  /// 2000 noisy replicates (8 % K error, 0.03 PLC error): the chance-constrained median is
  /// within 5 % of K_max, and the naive minimum is biased below −15 % (mean and median).
  @Test func monteCarloBias() {
    let truth = LeafSimulation.truth()
    var rng = SplitMix64(seed: 20260)
    var chance = [Double](), naive = [Double]()
    for _ in 0..<2000 {
      let s = LeafSimulation.noisy(truth, rng: &rng)
      chance.append(LeafXylemBound.chanceConstrained(s, z: 1.645).bound)
      naive.append(LeafXylemBound.naive(s)?.bound ?? .nan)
    }
    chance.sort(); naive.sort()
    let k = LeafSimulation.kMax
    let chanceMedian = chance[1000]
    let naiveMean = naive.reduce(0, +) / 2000, naiveMedian = naive[1000]
    #expect(abs(chanceMedian / k - 1) <= 0.05, "chance-constrained median \(chanceMedian)")
    #expect(naiveMean / k - 1 < -0.15, "naive mean \(naiveMean)")
    #expect(naiveMedian / k - 1 < -0.15, "naive median \(naiveMedian)")
  }

  /// The worked example's single held-out series (seed 2026): K̂ within 20 % of K_max;
  /// the bootstrap interval is reproducible from its seed and contains K̂.
  @Test func singleHeldOutSeries() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaf-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try LeafExampleFiles.text(seed: 2026).write(toFile: dir + "/leaf.csv", atomically: true, encoding: .utf8)
    let (r, summary) = try LeafJob.run(data: dir + "/leaf.csv", report: dir + "/leaf.json", out: dir + "/leaf.out.csv")
    #expect(abs(r.chanceBound / LeafSimulation.kMax - 1) <= 0.2, "K_hat = \(r.chanceBound)")
    #expect(r.bootstrapInterval.0 <= r.chanceBound && r.chanceBound <= r.bootstrapInterval.1)
    let again = try LeafJob.run(data: dir + "/leaf.csv", report: dir + "/leaf2.json", out: nil)
    #expect(again.result.bootstrapInterval == r.bootstrapInterval)
    #expect(summary.contains("upper bound"))
    let json = try String(contentsOfFile: dir + "/leaf.json", encoding: .utf8)
    #expect(json.contains("\"label\": \"upper bound\"") && json.contains("\"identifiability\""))
  }

  /// The bootstrap SE from one series against the Monte-Carlo SD of K̂ over replicates
  /// of the truth (the quantity it estimates): median ratio over 20 series within ±35 %
  /// (the bootstrap redraws around noisy data, so it is only approximate).
  @Test func bootstrapSEMatchesMonteCarloSpread() {
    let truth = LeafSimulation.truth()
    var rng = SplitMix64(seed: 777)
    var values = [Double]()
    for _ in 0..<2000 { values.append(LeafXylemBound.chanceConstrained(LeafSimulation.noisy(truth, rng: &rng), z: 1.645).bound) }
    let mean = values.reduce(0, +) / Double(values.count)
    let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    var ratios = [Double]()
    for seed in 0..<20 {
      var g = SplitMix64(seed: UInt64(1000 + seed))
      let s = LeafSimulation.noisy(truth, rng: &g)
      ratios.append(LeafHydraulicsInversion.analyze(s, bootstrap: 400, seed: UInt64(seed)).bootstrapStandardError / sd)
    }
    ratios.sort()
    let median = (ratios[9] + ratios[10]) / 2
    #expect(abs(median - 1) <= 0.35, "median SE ratio \(median), MC sd \(sd)")
  }

  @Test func badInputNamesFileAndLine() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("leaf-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let header = "t,psi,K_leaf,sigma_K_leaf,PLC,sigma_PLC\n"
    let cases: [(String, String)] = [
      (header + "0,-0.2,10,0.8,45,0.03\n", "bad.csv:2: found '45' in column PLC; expected a fraction"),
      (header + "0,-0.2,10,-0.8,0.1,0.03\n", "bad.csv:2: found '-0.8' in column sigma_K_leaf"),
      ("t,psi,K_leaf,PLC,sigma_PLC\n0,-0.2,10,0.1,0.03\n", "bad.csv:1: found no column sigma_K_leaf"),
      (header + "0,-0.2,inf,0.8,0.1,0.03\n", "bad.csv:2: found 'inf' in column K_leaf"),
    ]
    for (text, fragment) in cases {
      try expectBadInput(text, at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json") {
        _ = try LeafJob.run(data: dir + "/bad.csv", report: dir + "/never.json", out: nil)
      }
    }
    // A replicate count that would not fit in memory is refused, not attempted.
    try expectBadInput(header + "0,-0.2,10,0.8,0.1,0.03\n", at: dir + "/ok.csv", contains: "--bootstrap: found --bootstrap 9223372036854775807",
                       leaves: dir + "/never.json") {
      _ = try LeafJob.run(data: dir + "/ok.csv", report: dir + "/never.json", out: nil, bootstrap: Int.max)
    }
  }

  @Test func workedExampleIsReproducible() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/leaf/leaf.csv").path
    let text = LeafExampleFiles.text(seed: 2026)
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
