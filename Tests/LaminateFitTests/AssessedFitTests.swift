import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// The fit's honesty checks on a small coupon fitted to data from its own mesh (so the
/// discretization is not at issue and is switched off): profile intervals against a
/// brute-force scan, clipped intervals, restarts, and angles near zero.
@Suite(.serialized) struct AssessedFitTests {
  static func setUp(
    layup: [Double] = [45, -45, -45, 45], noise: Double, names: [String], initial: [Double?], bounds: [(Double, Double)?]
  ) throws -> (forward: LaminateForwardModel, data: FringeData, settings: FitSettings, truth: [Double]) {
    let problem = try LaminateFitFixtures.problem(layup: layup, rigid: .none)
    var data = try LaminateFitFixtures.data(problem, noise: noise, seed: 7)
    data.sigma = data.values.map { $0.isNaN ? .nan : noise }
    let parameters = try names.indices.map {
      try LaminateFitFixtures.parameter(names[$0], problem.model, initial: initial[$0], bounds: bounds[$0])
    }
    var settings = FitSettings(parameters: parameters)
    settings.discretization = .off
    let forward = try LaminateFitFixtures.forward(problem, data: data, parameters: parameters)
    return (forward, data, settings, parameters.map { $0.value(in: problem.model) })
  }

  /// The profile interval of E2 against a brute-force profile: on a grid of E2 values,
  /// G12 minimized by Brent's method (no optimizer of the fit's), the crossings of the
  /// threshold found by linear interpolation. They agree to 2 % of the interval's width
  /// (the profile's bisection stops at 2 % of its step, the grid is 1 % of the width).
  @Test func profileIntervalMatchesABruteForceScan() throws {
    var (forward, data, settings, _) = try Self.setUp(
      noise: 3e-4, names: ["IM7_8552.E2", "IM7_8552.G12"], initial: [9000, 4500], bounds: [(1000, 40000), (1000, 20000)])
    settings.profileParameters = ["IM7_8552.E2"]
    let a = try LaminateFitRun.runAssessed(forward: forward, data: data, rigidBody: .none, settings: settings, factorization: .standard)
    let profile = try #require(a.profiles.first)
    let best = a.outcome.result.estimate
    let threshold = a.outcome.objective + 0.5 * 3.841458820694124
    func objective(_ p: [Double]) throws -> Double { 0.5 * (try forward.residuals(p)).reduce(0) { $0 + $1 * $1 } }
    func profileAt(_ e2: Double) throws -> Double {
      try ScalarMinimize.brent(in: 0.8 * best[1], 1.2 * best[1], relativeTolerance: 1e-9) { try objective([e2, $0]) }.value
    }
    let width = profile.upper - profile.lower
    func crossing(from start: Double, step: Double) throws -> Double {
      var t = start, f = try profileAt(t)
      while true {
        let next = t + step, g = try profileAt(next)
        if g > threshold { return t + step * (threshold - f) / (g - f) }
        (t, f) = (next, g)
      }
    }
    let lower = try crossing(from: best[0], step: -0.01 * width)
    let upper = try crossing(from: best[0], step: 0.01 * width)
    #expect(abs(profile.lower - lower) < 0.02 * width, "\(profile.lower) vs \(lower)")
    #expect(abs(profile.upper - upper) < 0.02 * width, "\(profile.upper) vs \(upper)")
    #expect(profile.lower < best[0] && best[0] < profile.upper)
  }

  /// A linearized interval that crosses a bound is reported clipped to it, and flagged.
  @Test func intervalCrossingABoundIsClipped() throws {
    let (forward, data, settings, truth) = try Self.setUp(
      noise: 2e-4, names: ["IM7_8552.E2"], initial: [12000], bounds: [(11000, 40000)])
    let a = try LaminateFitRun.runAssessed(forward: forward, data: data, rigidBody: .none, settings: settings, factorization: .standard)
    let raw = a.outcome.uncertainty.confidenceIntervals95[0]
    #expect(raw.0 < 11000, "this noise gives a linearized interval below the bound: \(raw)")
    let ci = a.reportedInterval(0)
    #expect(ci.clipped)
    #expect(ci.lower == 11000 && ci.upper == raw.1)
    #expect(ci.lower <= truth[0] && truth[0] <= ci.upper)
  }

  /// Restarts: every restart is run, and the reported fit has the lowest objective of all.
  @Test func restartsKeepTheBestFit() throws {
    var (forward, data, settings, _) = try Self.setUp(
      noise: 1e-4, names: ["IM7_8552.E2", "IM7_8552.G12"], initial: [9000, 4500], bounds: [(1000, 40000), (1000, 20000)])
    settings.restarts = 2
    let a = try LaminateFitRun.runAssessed(forward: forward, data: data, rigidBody: .none, settings: settings, factorization: .standard)
    #expect(a.restartObjectives.count == 3)
    // The first fit and the restarts reach the same minimum on this convex problem, to the
    // optimizer's stopping test (1e-3 of ½χ²).
    #expect(abs(a.outcome.objective - a.restartObjectives.min()!) < 1e-9 * a.outcome.objective + 1e-12)
    #expect(a.restartImprovement < 1e-2)
  }

  /// An angle whose truth is 0 is resolved on an absolute scale: no warning calls it
  /// unresolved however small its estimate (the 0.0007° ± 0.0012°).
  @Test func angleNearZeroIsResolved() throws {
    let (forward, data, settings, _) = try Self.setUp(
      layup: [0, 90, 90, 0], noise: 1e-5, names: ["ply1.angle", "IM7_8552.E2"], initial: [2, 10000],
      bounds: [(-30, 30), (1000, 40000)])
    let a = try LaminateFitRun.runAssessed(forward: forward, data: data, rigidBody: .none, settings: settings, factorization: .standard)
    let angle = a.outcome.result.estimate[0]
    let se = a.outcome.uncertainty.standardErrors[0]
    #expect(abs(angle) < 3 * se + 1e-6, "angle \(angle) ± \(se)")
    #expect(se < 1, "a resolved angle: \(se)°")
    #expect(!a.outcome.uncertainty.identifiabilityWarnings.contains { $0.message.contains("ply1.angle") && $0.message.contains("not resolved") })
  }
}
