import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// Synthetic data from known constants, fitted back: the truth here is the set of
/// constants the data were made from, which the fit never sees.
///
/// The case: a quasi-isotropic [0/45/-45/90] coupon, clamped and pulled by a force,
/// in-plane moiré (ux, uy) on its top face, fitting E1, E2 and G12. A survey of
/// single-tension set-ups at 1 % noise (ExperimentTests) found nu12 unresolvable
/// from one load case (relative standard error 0.4 to 4), so it is held at its value
/// here and its unidentifiability is tested in IdentifiabilityTests instead.
@Suite struct FitRoundTripTests {
  static let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12"]
  static func makeProblem() throws -> LinearElasticProblem {
    try LaminateFitFixtures.problem(layup: [0, 45, -45, 90], observe: "top", components: [0, 1])
  }

  /// Noise of about 1 % of the range of the observed displacements.
  func noiseLevel(_ problem: LinearElasticProblem) throws -> Double {
    let clean = try LaminateFitFixtures.data(problem, noise: 0, seed: 1)
    let finite = clean.values.filter { !$0.isNaN }
    return 0.01 * (finite.max()! - finite.min()!)
  }

  func fit(seed: UInt64, problem: LinearElasticProblem, noise: Double) throws -> (LaminateFitRun.Outcome, [Double]) {
    let data = try LaminateFitFixtures.data(
      problem, noise: noise, seed: seed, rigid: SIMD3(2e-3, -1e-3, 0), rotation: 2e-4)
    let truth = try Self.names.map { try LaminateFitFixtures.parameter($0, problem.model).initial }
    // Start 30 % off, alternating sides.
    let parameters = try Self.names.enumerated().map { j, name in
      try LaminateFitFixtures.parameter(
        name, problem.model, initial: truth[j] * (j % 2 == 0 ? 1.3 : 0.7),
        bounds: (truth[j] * 0.1, truth[j] * 10))
    }
    var start = problem.model
    for p in parameters { p.set(p.initial, in: &start) }
    let startProblem = try LinearElasticProblem(mesh: problem.mesh, model: start, meshSource: "fixture.msh")
    let forward = try LaminateFitFixtures.forward(startProblem, data: data, parameters: parameters)
    let outcome = try LaminateFitRun.run(
      forward: forward, data: data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
    return (outcome, truth)
  }

  /// Every parameter within 3 standard errors of the truth (a 3σ band fails by
  /// chance with probability ~0.3 % per parameter), and the rigid motion recovered
  /// within 3 of its standard errors.
  @Test func fitRecoversTheConstantsWithinThreeStandardErrors() throws {
    let problem = try Self.makeProblem()
    let noise = try noiseLevel(problem)
    let (outcome, truth) = try fit(seed: 7, problem: problem, noise: noise)
    #expect(outcome.result.converged, "\(outcome.result.stopReason)")
    // One factorization per point tried (the start and one per iteration record, accepted or
    // not): the Jacobian at an accepted point reuses its factor. One spare for the final
    // consistent evaluation at the estimate.
    #expect(outcome.counters.factorizations <= outcome.result.history.count + 2,
            "\(outcome.counters.factorizations) factorizations for \(outcome.result.history.count) trial points")
    for j in truth.indices {
      let se = outcome.uncertainty.standardErrors[j]
      #expect(se > 0)
      #expect(abs(outcome.result.estimate[j] - truth[j]) <= 3 * se,
              "\(Self.names[j]): \(outcome.result.estimate[j]) ± \(se), truth \(truth[j])")
    }
    let rigidTruth: [String: Double] = ["translation_ux": 2e-3, "translation_uy": -1e-3, "rotation_about_normal": 2e-4]
    for r in outcome.rigidBody {
      let t = try #require(rigidTruth[r.name])
      #expect(abs(r.value - t) <= 3 * r.standardError + 1e-12, "\(r.name): \(r.value) ± \(r.standardError), truth \(t)")
    }
    // The noise was stated in the data (sigma columns): the residual variance factor must be near 1.
    #expect(outcome.uncertainty.noiseKnown)
    let chi2 = outcome.weightedResiduals.reduce(0) { $0 + $1 * $1 } / Double(outcome.weightedResiduals.count)
    #expect(chi2 > 0.7 && chi2 < 1.3, "reduced chi-square \(chi2)")
  }

  /// Coverage: over 20 noise seeds the 95 % intervals must cover the truth at
  /// least 17 times for every parameter. With exact 95 % coverage, P(X ≥ 17) for
  /// X ~ Binomial(20, 0.95) is 0.98, so this fails by chance about 2 % of the time
  /// per parameter for a correct method, while intervals that ignore the
  /// rigid-body uncertainty or misestimate the noise fail it.
  @Test func intervalsCoverTheTruth() throws {
    let problem = try Self.makeProblem()
    let noise = try noiseLevel(problem)
    var covered = [Int](repeating: 0, count: Self.names.count)
    for seed in UInt64(100)..<UInt64(120) {
      let (outcome, truth) = try fit(seed: seed, problem: problem, noise: noise)
      if ProcessInfo.processInfo.environment["FEINVERT_VERBOSE"] != nil {
        print("seed \(seed): \(outcome.result.estimate) se \(outcome.uncertainty.standardErrors) bound \(outcome.result.activeBounds) conv \(outcome.result.converged) \(outcome.result.stopReason)")
      }
      for j in truth.indices {
        let ci = outcome.uncertainty.confidenceIntervals95[j]
        if ci.0 <= truth[j] && truth[j] <= ci.1 { covered[j] += 1 }
      }
    }
    for j in covered.indices {
      #expect(covered[j] >= 17, "\(Self.names[j]): covered \(covered[j]) of 20")
    }
  }
}
