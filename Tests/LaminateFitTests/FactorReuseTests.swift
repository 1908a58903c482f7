import FECommon
import FEKernel
import Foundation
import Inversion
import SparseSolve
import Testing

@testable import LaminateFit

/// `[fit] factor_reuse`: the fit whose later iterates are solved by CG preconditioned with
/// the kept factor of an earlier iterate, against the same fit with a factorization per
/// iterate (the truth: today's fit). The case of FitRoundTripTests: a [0/45/-45/90] coupon,
/// in-plane moiré on the top face, E1, E2 and G12 from 30 % off, rigid motion fitted.
@Suite struct FactorReuseTests {
  static let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12"]

  func fit(reuse: Bool, threshold: Int = 20) throws -> LaminateFitRun.Outcome {
    let problem = try LaminateFitFixtures.problem(layup: [0, 45, -45, 90], observe: "top", components: [0, 1])
    let clean = try LaminateFitFixtures.data(problem, noise: 0, seed: 1)
    let finite = clean.values.filter { !$0.isNaN }
    let noise = 0.01 * (finite.max()! - finite.min()!)
    let data = try LaminateFitFixtures.data(problem, noise: noise, seed: 7, rigid: SIMD3(2e-3, -1e-3, 0), rotation: 2e-4)
    let truth = try Self.names.map { try LaminateFitFixtures.parameter($0, problem.model).initial }
    let parameters = try Self.names.enumerated().map { j, name in
      try LaminateFitFixtures.parameter(
        name, problem.model, initial: truth[j] * (j % 2 == 0 ? 1.3 : 0.7), bounds: (truth[j] * 0.1, truth[j] * 10))
    }
    var start = problem.model
    for p in parameters { p.set(p.initial, in: &start) }
    let startProblem = try LinearElasticProblem(mesh: problem.mesh, model: start, meshSource: "fixture.msh")
    let forward = try LaminateFitFixtures.forward(startProblem, data: data, parameters: parameters)
    var settings = FitSettings(parameters: parameters)
    settings.factorReuse = reuse
    settings.factorReuseIterations = threshold
    return try LaminateFitRun.run(forward: forward, data: data, rigidBody: .fit, settings: settings)
  }

  /// The same estimates to 1e-6 of their standard errors (each reused solve reaches a
  /// relative residual of 1e-11, a thousandth of the step tolerance), the same standard
  /// errors to 1e-6 relative, fewer factorizations, and the CG iterations counted.
  @Test func reuseGivesTheSameEstimatesWithFewerFactorizations() throws {
    let direct = try fit(reuse: false)
    let reused = try fit(reuse: true)
    #expect(direct.result.converged && reused.result.converged)
    for j in Self.names.indices {
      let se = direct.uncertainty.standardErrors[j]
      #expect(abs(reused.result.estimate[j] - direct.result.estimate[j]) <= 1e-6 * se,
              "\(Self.names[j]): \(reused.result.estimate[j]) vs \(direct.result.estimate[j]) ± \(se)")
      #expect(abs(reused.uncertainty.standardErrors[j] - se) <= 1e-6 * se)
    }
    #expect(direct.counters.cgIterations == 0 && direct.counters.reusedSolves == 0)
    #expect(reused.counters.factorizations < direct.counters.factorizations,
            "\(reused.counters.factorizations) vs \(direct.counters.factorizations)")
    #expect(reused.counters.reusedSolves > 0 && reused.counters.cgIterations > 0)
  }

  /// A threshold of one CG iteration cannot be met from a 30 %-off start: every reused
  /// solve gives up and refactorizes, and the fit still ends where the direct one does.
  @Test func aLowThresholdRefactorizes() throws {
    let direct = try fit(reuse: false)
    let strict = try fit(reuse: true, threshold: 1)
    #expect(strict.counters.factorizations > 1)
    for j in Self.names.indices {
      let se = direct.uncertainty.standardErrors[j]
      #expect(abs(strict.result.estimate[j] - direct.result.estimate[j]) <= 1e-6 * se)
    }
  }
}
