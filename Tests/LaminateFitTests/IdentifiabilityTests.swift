import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// Parameter sets the data cannot determine must be reported as such, naming the
/// combination, instead of being returned as if known.
@Suite struct IdentifiabilityTests {
  func fit(_ problem: LinearElasticProblem, names: [String], noise: Double, start: Double = 1.2) throws -> LaminateFitRun.Outcome {
    let data = try LaminateFitFixtures.data(problem, noise: noise, seed: 5)
    let parameters = try names.map { name -> FitParameter in
      let truth = try LaminateFitFixtures.parameter(name, problem.model).initial
      return try LaminateFitFixtures.parameter(name, problem.model, initial: truth * start, bounds: (truth * 0.01, truth * 100))
    }
    var model = problem.model
    for p in parameters { p.set(p.initial, in: &model) }
    let startProblem = try LinearElasticProblem(mesh: problem.mesh, model: model, meshSource: "fixture.msh")
    let forward = try LaminateFitFixtures.forward(startProblem, data: data, parameters: parameters)
    return try LaminateFitRun.run(forward: forward, data: data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
  }

  /// Under a prescribed end displacement the displacements do not change when every
  /// modulus is scaled together (K(αC) u = α K(C) u and no force is given), so only
  /// ratios are identifiable: the warning must name all the moduli, with
  /// coefficients of one sign (the common scaling), and the singular value along it
  /// must be at round-off level (below 1e-6 of the largest).
  @Test func scalingAllModuliUnderPrescribedDisplacementIsFlagged() throws {
    let problem = try LaminateFitFixtures.problem(
      layup: [0, 45, -45, 90], force: nil, prescribedExtension: 0.01, observe: "top", components: [0, 1])
    let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.E3", "IM7_8552.G12", "IM7_8552.G13", "IM7_8552.G23"]
    let outcome = try fit(problem, names: names, noise: 1e-6, start: 1.0)
    let exact = outcome.uncertainty.identifiabilityWarnings.filter { $0.relativeSingularValue < 1e-6 }
    let scaling = try #require(exact.first { w in names.allSatisfy { n in w.combination.contains { $0.name == n } } },
                               "warnings: \(outcome.uncertainty.identifiabilityWarnings.map(\.message))")
    #expect(scaling.combination.allSatisfy { $0.coefficient > 0 }, "\(scaling.message)")
    #expect(scaling.message.contains("IM7_8552.E1"))
  }

  /// The same moduli under a known force are determined (no exact null direction):
  /// a load cell fixes the scale.
  @Test func aForceFixesTheScale() throws {
    let problem = try LaminateFitFixtures.problem(layup: [0, 45, -45, 90], observe: "top", components: [0, 1])
    let outcome = try fit(problem, names: ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12"], noise: 1e-6)
    #expect(outcome.uncertainty.identifiabilityWarnings.isEmpty, "\(outcome.uncertainty.identifiabilityWarnings.map(\.message))")
  }

  /// E1 and G13 seen from the free edge of a 90° coupon in x-tension: the fibres run
  /// across the load, so E1 enters only through the clamp's restraint and G13 (shear in
  /// the y–z plane here) hardly at all. At 1 % noise their values are lost in the noise;
  /// the report must say so, naming them, and must not flag E2, which the test determines.
  @Test func weaklySeenParametersAreFlaggedByName() throws {
    let problem = try LaminateFitFixtures.problem(layup: [90, 90, 90, 90], observe: "edge_yplus", components: [0, 2])
    let clean = try LaminateFitFixtures.data(problem, noise: 0, seed: 1).values.filter { !$0.isNaN }
    let noise = 0.01 * (clean.max()! - clean.min()!)
    let outcome = try fit(problem, names: ["IM7_8552.E1", "IM7_8552.G13", "IM7_8552.E2"], noise: noise)
    let named = Set(outcome.uncertainty.identifiabilityWarnings.flatMap { $0.combination.filter { abs($0.coefficient) > 0.3 }.map(\.name) })
    #expect(named.contains("IM7_8552.E1"), "\(outcome.uncertainty.identifiabilityWarnings.map(\.message))")
    #expect(named.contains("IM7_8552.G13"), "\(outcome.uncertainty.identifiabilityWarnings.map(\.message))")
    #expect(!named.contains("IM7_8552.E2"))
  }
}
