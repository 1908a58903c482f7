import FEBasis
import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// The discretization budget against the truth: data made on a fine hex20 coupon (the
/// "real" specimen), fitted on a coarse hex8 mesh of the same geometry, whose estimates are
/// then biased by the mesh alone.
@Suite(.serialized) struct DiscretizationBudgetTests {
  static let layup: [Double] = [45, -45, -45, 45]
  /// Noise σ, mm: 0.2 µm, a DIC or moiré field's resolution.
  static let sigma = 2e-4

  /// The fine mesh's noise-free data, made once.
  static let exactData: FringeData? = {
    guard let fine = try? LaminateFitFixtures.problem(layup: layup, size: (40, 16, 4), elementKind: .hex20) else { return nil }
    return try? LaminateFitFixtures.data(fine, noise: 0, seed: 1)
  }()

  /// The fine data with seeded Gaussian noise and its sigma columns (the noise is stated,
  /// so χ² and the budget are in σ units).
  /// Seed 0: no noise added (the stated sigma stays), so the estimate's error is the
  /// mesh's bias alone.
  static func fineData(seed: UInt64, stated: Double = sigma) throws -> FringeData {
    var d = try #require(exactData)
    var rng = SplitMix64(seed: seed)
    if seed != 0 { d.values = d.values.map { $0.isNaN ? .nan : $0 + sigma * rng.nextGaussian() } }
    d.sigma = d.values.map { $0.isNaN ? .nan : stated }
    return d
  }

  /// The coarse hex8 fit of E2 and G12 (started 20 % off) to the fine hex20 data.
  static func fit(
    seed: UInt64, mode: DiscretizationMode, coarse size: (Int, Int, Int) = (20, 8, 2), stated: Double = sigma
  ) throws -> (AssessedFit, truth: [Double]) {
    let coarse = try LaminateFitFixtures.problem(layup: layup, size: size)
    let data = try fineData(seed: seed, stated: stated)
    let model = coarse.model
    let parameters = [
      try LaminateFitFixtures.parameter("IM7_8552.E2", model, initial: 9000, bounds: (3000, 30000)),
      try LaminateFitFixtures.parameter("IM7_8552.G12", model, initial: 4000, bounds: (1000, 20000)),
    ]
    let truth = parameters.map { $0.value(in: model) }
    let forward = try LaminateFitFixtures.forward(coarse, data: data, parameters: parameters)
    var settings = FitSettings(parameters: parameters)
    settings.discretization = mode
    let assessed = try LaminateFitRun.runAssessed(
      forward: forward, data: data, rigidBody: .fit, settings: settings, factorization: .standard)
    return (assessed, truth)
  }

  /// "check": the budget is significant, and the bias it predicts has the sign of the
  /// actual error and its size within a factor 2 (the target). Noise-free data, so
  /// the error is the mesh's alone; a hex8 mesh with two elements per ply, whose E2 is
  /// 12 % low (on one element per ply it is 36 % low and G12's bias is no longer linear
  /// in δ: the prediction is first order).
  @Test func checkPredictsTheMeshBias() throws {
    let (a, truth) = try Self.fit(seed: 0, mode: .check, coarse: (40, 16, 2))
    let budget = try #require(a.budget)
    #expect(budget.method == .orderElevation)
    #expect(budget.significant)
    for j in truth.indices {
      let actual = a.outcome.result.estimate[j] - truth[j]
      let predicted = budget.bias[j]
      print("check \(a.outcome.parameters[j].name): actual error \(actual), predicted bias \(predicted), SE \(a.outcome.uncertainty.standardErrors[j])")
      #expect(actual * predicted > 0, "sign")
      #expect(abs(predicted / actual) > 0.5 && abs(predicted / actual) < 2, "size within a factor 2")
    }
  }

  /// Data far more precise than the mesh: the χ² test fails and names the mesh first.
  @Test func misfitNamesTheMeshFirst() throws {
    let (a, _) = try Self.fit(seed: 0, mode: .check, stated: 2e-6)
    let fit = a.goodnessOfFit
    #expect(fit.consistent == false)
    #expect(fit.message.contains("Possible causes in order of evidence: (1) the mesh"), "\(fit.message)")
  }

  /// "correct": every parameter within 3 standard errors of the truth, and the report keeps
  /// the uncorrected estimates.
  @Test func correctRemovesTheBias() throws {
    let (a, truth) = try Self.fit(seed: 1, mode: .correct)
    #expect(a.uncorrectedEstimate != nil)
    for j in truth.indices {
      let z = (a.outcome.result.estimate[j] - truth[j]) / a.outcome.uncertainty.standardErrors[j]
      print("correct \(a.outcome.parameters[j].name): z = \(z), uncorrected \(a.uncorrectedEstimate![j]), passes \(a.correctionPasses)")
      #expect(abs(z) < 3)
    }
  }

  /// Over 20 noise seeds the corrected 95 % intervals cover the truth at least 17 times
  /// per parameter (the binomial probability of fewer than 17 of 20 at 95 % is 1.6 %).
  @Test func correctedIntervalsCoverTheTruth() throws {
    var covered = [0, 0]
    for seed in 1...20 {
      let (a, truth) = try Self.fit(seed: UInt64(seed), mode: .correct)
      for j in truth.indices {
        let ci = a.outcome.uncertainty.confidenceIntervals95[j]
        if ci.0 <= truth[j] && truth[j] <= ci.1 { covered[j] += 1 }
      }
    }
    print("coverage of 20: \(covered)")
    #expect(covered.allSatisfy { $0 >= 17 }, "\(covered)")
  }

  /// The budget's refined solve by the two-level iteration (the default) against the direct
  /// factor of the refined model: the data differences δ agree to 1e-6 of their largest
  /// value, here and after a second solve at other parameters (the warm start of "correct").
  @Test func twoLevelDifferenceEqualsTheDirectOne() throws {
    let coarse = try LaminateFitFixtures.problem(layup: Self.layup, size: (20, 8, 2))
    let data = try Self.fineData(seed: 0)
    let parameters = [
      try LaminateFitFixtures.parameter("IM7_8552.E2", coarse.model, initial: 9000, bounds: (3000, 30000)),
      try LaminateFitFixtures.parameter("IM7_8552.G12", coarse.model, initial: 4000, bounds: (1000, 20000)),
    ]
    let forward = try LaminateFitFixtures.forward(coarse, data: data, parameters: parameters)
    let twoLevel = try RefinedModel(forward: forward, data: data, factorization: .standard)
    let direct = try RefinedModel(forward: forward, data: data, factorization: .standard, solve: .direct)
    for p in [[11380.0, 5170.0], [9000.0, 4000.0]] {
      let a = try twoLevel.difference(at: p), b = try direct.difference(at: p)
      let scale = b.map(abs).max()!
      let worst = zip(a, b).map { abs($0 - $1) }.max()!
      #expect(scale > 1e-5, "the mesh's error must be visible for the comparison to mean something")
      #expect(worst < 1e-6 * scale, "at \(p): worst \(worst) of \(scale)")
    }
    #expect(twoLevel.iterations.count == 2 && twoLevel.iterations.allSatisfy { $0 > 0 && $0 < 60 }, "\(twoLevel.iterations)")
  }
}
