import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The spec's validation of app 7 (`shared/spec/apps.md` §7), against independent
/// references written here: a brute-force likelihood search and a coordinate-exchange
/// design search with its own T evaluation.
///
/// Truths: distributed a = 4, b = 10 km, β = 0.28 /km, S = 35 per km (peak 101.7 at
/// x = 10 km); point x₀ = 7 km, β = 0.28 /km, A = 100 (the amplitudes are our choice: the
/// peaks are equal, ~50σ_a, so both the cv and the σ_a parts of the noise matter);
/// σ_a = 2, cv = 0.25; ten samples on a 0.25 km grid over [0, 20] km.
@Suite struct EDNAValidationTests {
  static let noise = EDNANoiseModel.specDefault
  static let distributedTruth = EDNASource.distributed(rate: 35, startKm: 4, endKm: 10, decayPerKm: 0.28)
  static let pointTruth = EDNASource.point(amplitude: 100, originKm: 7, decayPerKm: 0.28)
  static let candidates = (0...80).map { 0.25 * Double($0) }

  /// The design our exchange proposes, computed once for the suite.
  static let optimal: EDNAExchangeDesign.Result = EDNAExchangeDesign.optimize(
    EDNADesignProblem(nominal: distributedTruth, noise: noise), size: 10, candidatesKm: candidates, starts: 4, seed: 1)

  // MARK: - Independent references

  /// Golden-section minimization of f on [lo, hi] (60 iterations: the bracket shrinks by 0.618⁶⁰ ≈ 3e-13).
  static func golden(_ lo: Double, _ hi: Double, _ f: (Double) -> Double) -> (x: Double, f: Double) {
    let r = (5.0.squareRoot() - 1) / 2
    var a = lo, b = hi
    var c = b - r * (b - a), d = a + r * (b - a)
    var fc = f(c), fd = f(d)
    for _ in 0..<60 {
      if fc < fd { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d) }
    }
    return fc < fd ? (c, fc) : (d, fd)
  }

  /// min over log β ∈ [ln 1e-3, ln 20] of g: a 40-point grid, then golden section on the best cell's neighbours.
  static func minOverDecay(_ g: (Double) -> Double) -> (beta: Double, value: Double) {
    let lo = log(1e-3), hi = log(20.0)
    let grid = (0..<40).map { lo + (hi - lo) * Double($0) / 39 }
    let values = grid.map(g)
    var k = 0
    for j in values.indices where values[j] < values[k] { k = j }
    let refined = golden(grid[max(k - 1, 0)], grid[min(k + 1, 39)], g)
    return refined.f < values[k] ? (exp(refined.x), refined.f) : (exp(grid[k]), values[k])
  }

  /// Weighted χ² of the best non-negative multiple of the shape f (written out here, not the app's).
  static func chi2(_ f: [Double], _ y: [Double], _ w: [Double]) -> Double {
    var fy = 0.0, ff = 0.0, yy = 0.0
    for i in y.indices { fy += w[i] * f[i] * y[i]; ff += w[i] * f[i] * f[i]; yy += w[i] * y[i] * y[i] }
    return ff > 0 && fy > 0 ? yy - fy * fy / ff : yy
  }

  /// T(ξ) evaluated independently: the point misfit is constant in x₀ between neighbouring
  /// sites (moving x₀ there only rescales A·e^{βx₀}, which the free A absorbs), so x₀ runs
  /// over the sites; β by `minOverDecay`.
  static func referenceT(_ sites: [Double]) -> Double {
    let y = sites.map { distributedTruth.concentration(atKm: $0) }
    let w = y.map { 1 / (4 + 0.0625 * $0 * $0) }  // 1/(σ_a² + (cv·C)²) with σ_a = 2, cv = 0.25
    var best = chi2(Array(repeating: 0, count: sites.count), y, w)
    for x0 in Set(sites) {
      let m = minOverDecay { t in chi2(sites.map { $0 >= x0 ? exp(-exp(t) * ($0 - x0)) : 0 }, y, w) }
      best = min(best, m.value)
    }
    return best
  }

  /// The reference optimum: coordinate exchange (Meyer & Nachtsheim 1995, *Technometrics*
  /// 37:60) from seeded random starts, with `referenceT`.
  static func referenceOptimum(starts: Int, seed: UInt64) -> (t: Double, sites: [Double]) {
    var rng = SplitMix64(seed: seed)
    var best = (t: -1.0, sites: [Double]())
    for _ in 0..<starts {
      var design = (0..<10).map { _ in candidates[Int(rng.next() % UInt64(candidates.count))] }
      var t = referenceT(design)
      var improved = true
      while improved {
        improved = false
        for slot in 0..<10 {
          var bestHere = (t: t, x: design[slot])
          for c in candidates where c != design[slot] {
            var trial = design
            trial[slot] = c
            let v = referenceT(trial)
            if v > bestHere.t * (1 + 1e-12) { bestHere = (v, c) }
          }
          if bestHere.x != design[slot] { design[slot] = bestHere.x; t = bestHere.t; improved = true }
        }
      }
      if t > best.t { best = (t, design.sorted()) }
    }
    return best
  }

  /// The global maximum of log L by brute force: dense grids over the locations (x₀ every
  /// 0.01 km; a and b every 0.1 km and just off every site, then a cyclic golden-section
  /// polish of a, b, log β), β by `minOverDecay`. Returns (log L_P, log L_D).
  static func bruteForceLogLikelihoods(_ data: EDNASamples, minimumLength ell: Double) -> (point: Double, distributed: Double) {
    let x = data.positionsKm, y = data.concentrations
    let w = data.standardDeviations.map { 1 / ($0 * $0) }
    let xMin = x.min()!, xMax = x.max()!
    var bestP = chi2(Array(repeating: 0, count: x.count), y, w)
    for k in 0...Int(((xMax - xMin + 2) / 0.01).rounded()) {
      let x0 = xMin - 2 + 0.01 * Double(k)
      bestP = min(bestP, minOverDecay { t in chi2(x.map { $0 >= x0 ? exp(-exp(t) * ($0 - x0)) : 0 }, y, w) }.value)
    }
    // A site exactly at x₀ is inside the source; grid points can miss it by round-off, so the
    // sites themselves are x₀ candidates too.
    for x0 in x {
      bestP = min(bestP, minOverDecay { t in chi2(x.map { $0 >= x0 ? exp(-exp(t) * ($0 - x0)) : 0 }, y, w) }.value)
    }
    func shape(_ a: Double, _ b: Double, _ beta: Double) -> [Double] {
      x.map { xi in xi <= a ? 0 : (xi <= b ? 1 - exp(-beta * (xi - a)) : exp(-beta * (xi - b)) * (1 - exp(-beta * (b - a)))) }
    }
    let span = xMax - xMin
    let lo = xMin - max(span, 4 * ell)
    // Locations every 0.1 km, plus points 0.003, 0.01 and 0.03 km either side of every site
    // (the best a or b can sit just off a site, where the misfit has a kink).
    var locations = (0...Int(((xMax - lo) / 0.1).rounded())).map { lo + 0.1 * Double($0) }
    for site in x { for d in [0.003, 0.01, 0.03] { locations += [site - d, site + d] } }
    locations = locations.filter { $0 >= lo && $0 <= xMax }.sorted()
    var bestD = (chi2: chi2(Array(repeating: 0, count: x.count), y, w), a: lo, b: lo + ell, t: log(0.28))
    for a in locations where a <= xMax - ell {
      for b in [a + ell] + locations.filter({ $0 >= a + ell }) {
        let m = minOverDecay { t in chi2(shape(a, b, exp(t)), y, w) }
        if m.value < bestD.chi2 { bestD = (m.value, a, b, log(m.beta)) }
      }
    }
    // Polish: cyclic golden section in a, b and log β, each location kept inside its cell
    // between neighbouring sites (where the misfit is smooth).
    let cuts = [lo] + x.sorted() + [xMax + 1]
    func cell(_ v: Double) -> (Double, Double) {
      let k = cuts.lastIndex { $0 <= v } ?? 0
      return (cuts[k], cuts[min(k + 1, cuts.count - 1)])
    }
    for _ in 0..<8 {
      let (ca, cb) = (cell(bestD.a), cell(bestD.b))
      let ra = golden(max(ca.0, bestD.a - 0.1), min(ca.1, bestD.a + 0.1, bestD.b - ell)) { a in chi2(shape(a, bestD.b, exp(bestD.t)), y, w) }
      if ra.f < bestD.chi2 { bestD.chi2 = ra.f; bestD.a = ra.x }
      let rb = golden(max(cb.0, bestD.b - 0.1, bestD.a + ell), min(cb.1, bestD.b + 0.1)) { b in chi2(shape(bestD.a, b, exp(bestD.t)), y, w) }
      if rb.f < bestD.chi2 { bestD.chi2 = rb.f; bestD.b = rb.x }
      let rt = golden(bestD.t - 0.3, bestD.t + 0.3) { t in chi2(shape(bestD.a, bestD.b, exp(t)), y, w) }
      if rt.f < bestD.chi2 { bestD.chi2 = rt.f; bestD.t = rt.x }
    }
    return (data.logLikelihood(chiSquare: bestP), data.logLikelihood(chiSquare: bestD.chi2))
  }

  // MARK: - Tests

  @Test(arguments: [(EDNAValidationTests.pointTruth, UInt64(11)), (EDNAValidationTests.distributedTruth, UInt64(12))])
  func heldOutDataReachTheGlobalOptimum(_ truth: EDNASource, _ seed: UInt64) {
    // Seeded held-out data at a spread design; spec: log L within 1e-3 of the global
    // optimum and the same sign of ΔAIC.
    let sites = [2.0, 4.0, 5.0, 6.0, 7.5, 8.5, 10.0, 12.0, 15.0, 18.0]
    var rng = SplitMix64(seed: seed)
    let data = EDNANoise.model(Self.noise).simulate(truth, atKm: sites, rng: &rng)
    let (p, d) = EDNAFitter.fitBoth(data)
    let reference = Self.bruteForceLogLikelihoods(data, minimumLength: EDNAFitSettings().minimumSourceLengthKm)
    #expect(abs(p.logLikelihood - reference.point) <= 1e-3, "point: \(p.logLikelihood) vs brute force \(reference.point)")
    #expect(abs(d.logLikelihood - reference.distributed) <= 1e-3, "distributed: \(d.logLikelihood) vs brute force \(reference.distributed)")
    let deltaAIC = p.aic - d.aic
    let referenceDelta = (6 - 2 * reference.point) - (8 - 2 * reference.distributed)
    #expect((deltaAIC > 0) == (referenceDelta > 0), "ΔAIC \(deltaAIC) vs reference \(referenceDelta)")
    print("EDNA held-out \(truth.kind): log L_P \(p.logLikelihood) (ref \(reference.point)), log L_D \(d.logLikelihood) (ref \(reference.distributed)), ΔAIC \(deltaAIC) (ref \(referenceDelta))")
  }

  @Test func decayFloorDoesNotDecideThePointFit() {
    // Held-out data from the distributed truth at sites inside and upstream of the source
    // (seed 19), where the concentration still rises at the last site: the point model's best
    // fit is a step, β → 0, below the default floor 1e-3 /km. With the floor kept (as a user
    // --beta-range keeps it) the fit stops on it 0.074 below the optimum in log L; extended,
    // it reaches the optimum, which the brute force finds at the exact limit β = 0 (the step
    // shape, x₀ at every site and every 0.01 km), within the spec's 1e-3.
    let sites = [1.0, 3, 4.5, 5, 6, 7, 8, 9, 9.5, 10]
    var rng = SplitMix64(seed: 19)
    let data = EDNANoise.model(Self.noise).simulate(Self.distributedTruth, atKm: sites, rng: &rng)
    let extended = EDNAFitter.fitPoint(data)
    var kept = EDNAFitSettings()
    kept.extendsDecayFloor = false
    let onFloor = EDNAFitter.fitPoint(data, settings: kept)
    let w = data.standardDeviations.map { 1 / ($0 * $0) }
    var step = Self.chi2(Array(repeating: 0, count: sites.count), data.concentrations, w)
    for x0 in sites + (0...1100).map({ -1 + 0.01 * Double($0) }) {
      step = min(step, Self.chi2(sites.map { $0 >= x0 ? 1 : 0 }, data.concentrations, w))
    }
    let reference = Self.bruteForceLogLikelihoods(data, minimumLength: EDNAFitSettings().minimumSourceLengthKm)
    let optimum = max(reference.point, data.logLikelihood(chiSquare: step))
    print("EDNA β floor: point log L extended \(extended.logLikelihood) (β = \(extended.source.parameters[2])), on the 1e-3 floor "
      + "\(onFloor.logLikelihood), brute force with β = 0 \(optimum)")
    #expect(abs(extended.logLikelihood - optimum) <= 1e-3)  // spec §7: log L within 1e-3 of the global optimum
    #expect(optimum - onFloor.logLikelihood > 0.05)  // the floor alone would have cost 0.074
    #expect(extended.warnings.contains { $0.hasPrefix("beta → 0") })
    #expect(!extended.warnings.contains { $0.contains("sits on the search bound") })
    #expect(onFloor.warnings.contains { $0.contains("sits on the search bound") })
    // The comparison keeps its sign against the reference.
    let d = EDNAFitter.fitDistributed(data)
    #expect(((extended.aic - d.aic) > 0) == ((6 - 2 * optimum) - (8 - 2 * reference.distributed) > 0))
  }

  @Test func optimalDesignReachesTheReferenceOptimum() {
    // Spec: T ≥ 0.9 × the reference optimum.
    let reference = Self.referenceOptimum(starts: 3, seed: 2024)
    let ours = Self.optimal.best
    // Our T, re-evaluated by the independent evaluator: 1e-6 relative (both minimize over β to ~1e-9).
    let independent = Self.referenceT(ours.sitesKm)
    #expect(abs(independent - ours.criterion) <= 1e-6 * independent)
    #expect(ours.criterion >= 0.9 * reference.t, "T = \(ours.criterion) vs reference \(reference.t) at \(reference.sites)")
    #expect(ours.discriminating)
    print("EDNA design: ours \(ours.sitesKm) T = \(ours.criterion); reference \(reference.sites) T = \(reference.t); ratio \(ours.criterion / reference.t)")
  }

  @Test func allDownstreamDesignIsFlagged() {
    let problem = EDNADesignProblem(nominal: Self.distributedTruth, noise: Self.noise)
    let downstream = problem.score((0..<10).map { 10.5 + Double($0) })
    // Downstream of b both models are one exponential: T = 0 up to the β search's round-off.
    #expect(downstream.criterion <= 1e-9 * downstream.signal)
    #expect(!downstream.discriminating)
    #expect(downstream.statement.contains("≈ 0"))
    // The same sites plus one inside the source discriminate.
    #expect(problem.score((0..<9).map { 10.5 + Double($0) } + [6.0]).criterion > 2)
  }

  /// Replicate data sets at the proposed design from `truth`, seeded; each comes with its
  /// two fits (the app's searches) and the observed LR = χ²_P − χ²_D.
  static func replicates(_ truth: EDNASource, count: Int, seed: UInt64)
    -> [(data: EDNASamples, point: EDNASource, lr: Double)]
  {
    let sites = Self.optimal.best.sitesKm
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let data = EDNANoise.model(Self.noise).simulate(truth, atKm: sites, rng: &rng)
      let profile = EDNAProfile(data)
      let p = EDNAFitter.searchPoint(profile, settings: EDNAFitSettings())
      let d = EDNAFitter.searchDistributed(profile, settings: EDNAFitSettings())
      return (data, p.source, p.chiSquare - d.chiSquare)
    }
  }

  @Test func aicPicksTheTrueModelWithTheOptimalDesign() {
    // Spec §7 (revised 2026-12-07): AIC picks the distributed truth in ≥ 95 % of replicates
    // and keeps the point truth in ≥ 78 % (its ceiling 1 − P(χ²₁ > 2) ≈ 84 %). 200 seeded
    // replicates per truth at the proposed design: the binomial SE at 84 % is 2.6 points, so
    // the measured rate (83.5 %) sits 2.1 SE above 78 %, and 100 % sits far above 95 %.
    var correct = [EDNASource.Kind: Int]()
    let count = 200
    for (truth, seed) in [(Self.distributedTruth, UInt64(77)), (Self.pointTruth, UInt64(78))] {
      for r in Self.replicates(truth, count: count, seed: seed) {
        // AIC_P > AIC_D ⇔ 6 + χ²_P > 8 + χ²_D ⇔ LR > 2.
        let picked: EDNASource.Kind = r.lr > 2 ? .distributed : .point
        if picked == truth.kind { correct[truth.kind, default: 0] += 1 }
      }
    }
    let distributedRate = Double(correct[.distributed, default: 0]) / Double(count)
    let pointRate = Double(correct[.point, default: 0]) / Double(count)
    print("EDNA AIC with the optimal design \(Self.optimal.best.sitesKm): distributed truth \(distributedRate), point truth \(pointRate)")
    #expect(distributedRate >= 0.95)  // spec §7
    #expect(pointRate >= 0.78)  // spec §7 (revised)
  }

  @Test func bootstrapTestKeepsThePointModel() {
    // Spec §7 (revised): the parametric-bootstrap LR test at the 5 % level keeps the point
    // truth in ≥ 90 % of replicates. 200 replicates (the same data as the AIC test's point
    // truth, seed 78), each tested with B = 99 bootstrap refits from its fitted point source
    // (the app's `EDNABootstrap`, seeded per replicate), stopped as soon as the decision is
    // fixed (`pointNullTest`; 5 exceedances make p ≥ 0.06). With a level-5 % test the
    // expected rate is ~95 %; the binomial SE at 95 % over 200 replicates is 1.5 points, so
    // 90 % is 3.2 SE below it.
    let count = 200, b = 99
    var kept = 0, refits = 0, aicKept = 0
    for (k, r) in Self.replicates(Self.pointTruth, count: count, seed: 78).enumerated() {
      let test = EDNABootstrap.pointNullTest(
        point: r.point, observedLR: r.lr, positionsKm: r.data.positionsKm, noise: .model(Self.noise),
        settings: EDNAFitSettings(), replicates: b, seed: 1000 + UInt64(k), level: 0.05)
      if !test.rejectsPoint { kept += 1 }
      if r.lr <= 2 { aicKept += 1 }
      refits += test.refits
    }
    let rate = Double(kept) / Double(count)
    print("EDNA bootstrap LR test (B = \(b), level 0.05), point truth: kept \(kept)/\(count) = \(rate) (AIC \(aicKept)/\(count)); \(refits) refits")
    #expect(rate >= 0.90)  // spec §7 (revised)
    #expect(kept >= aicKept)  // the test never does worse than AIC on a point truth here
  }

  @Test func earlyStoppedTestDecidesAsTheFullBootstrap() {
    // `pointNullTest` is the first half of `EDNABootstrap.run`, seed for seed, stopped early:
    // on a few replicates its decision equals the full run's (B = 39 keeps this cheap).
    for r in Self.replicates(Self.pointTruth, count: 4, seed: 78) {
      let full = EDNABootstrap.run(
        point: r.point, distributed: r.point, observedLR: r.lr, positionsKm: r.data.positionsKm, noise: .model(Self.noise),
        settings: EDNAFitSettings(), replicates: 39, seed: 5)
      let early = EDNABootstrap.pointNullTest(
        point: r.point, observedLR: r.lr, positionsKm: r.data.positionsKm, noise: .model(Self.noise),
        settings: EDNAFitSettings(), replicates: 39, seed: 5, level: 0.05)
      #expect(early.rejectsPoint == EDNABootstrap.rejectsPoint(pValue: full.pValueAgainstPoint, level: 0.05))
      #expect(early.pValue <= full.pValueAgainstPoint)
    }
  }
}
