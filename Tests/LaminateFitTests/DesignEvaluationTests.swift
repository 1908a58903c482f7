import ExperimentDesign
import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// `DesignEvaluator` and `DesignPrediction`: the predicted standard errors are those the
/// fit reports, and they are honest — the spread of estimates over noise seeds matches.
struct DesignEvaluationTests {
  typealias F = LaminateFitFixtures
  typealias L = LoadCaseFitTests

  /// A set-up: load cases with their observed faces on the fixture coupon, and the
  /// parameters fitted.
  struct SetUp {
    var name: String
    var layup: [Double]
    var cases: [(String, [SurfaceLoad], [PrescribedDisplacement], [ObservationSpec])]
    var names: [String]
  }

  static let sigma = 2e-5

  static var setUps: [SetUp] { [
    // [0/90]s pulled, its free edge and top face observed: E1, E2, nu12.
    SetUp(name: "tension, edge + top", layup: [0, 90, 90, 0],
          cases: [("tension", [L.load(SIMD3(200, 0, 0), key: "load_case[0].load[0]")], [], [L.observe("edge_yplus", [0, 2]), L.observe("top", [0, 1])])],
          names: ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]),
    // [45/-45]s pulled, edge observed: E2, G12.
    SetUp(name: "[45/-45]s tension, edge", layup: [45, -45, -45, 45],
          cases: [("tension", [L.load(SIMD3(200, 0, 0), key: "load_case[0].load[0]")], [], [L.observe("edge_yplus", [0, 2])])],
          names: ["IM7_8552.E2", "IM7_8552.G12"]),
    // [0/90]s in tension (edge) and bending (top in 3-D): two cases sharing the clamp.
    SetUp(name: "tension + bending", layup: [0, 90, 90, 0],
          cases: [("tension", [L.load(SIMD3(200, 0, 0), key: "load_case[0].load[0]")], [], [L.observe("edge_yplus", [0, 2])]),
                  ("bending", [L.load(SIMD3(0, 0, 4), key: "load_case[1].load[0]")], [], [L.observe("top", [0, 1, 2])])],
          names: ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]),
  ] }

  /// The evaluator over a set-up's data sets (the points of its noise-free synthetic data)
  /// and its prediction at the truth.
  static func predict(_ s: SetUp) throws -> (UncertaintyAnalysis, [LinearElasticProblem], [FitParameter], DesignEvaluator) {
    let (base, problems) = try L.model(cases: s.cases, layup: s.layup)
    let sets = try L.inputs(problems)
    let parameters = try s.names.map { try F.parameter($0, base.model) }
    let requests = sets.map { set in
      DesignEvaluator.Request(
        name: set.name, caseIndex: set.caseIndex, group: set.group, components: set.data.components,
        points: set.observation.keptIndices.map { set.data.points[$0] }, sigma: sigma, rigidBody: set.rigidBody ?? .fit)
    }
    let evaluator = try DesignEvaluator(
      cases: problems, caseNames: s.cases.map(\.0), requests: requests, parameters: parameters)
    let truth = parameters.map(\.initial)
    let info = try evaluator.information(at: truth)
    let fisher = FisherInformation.sum(info.fisher, subset: Array(info.fisher.indices), n: truth.count)
    return (DesignPrediction.analyze(fisher: fisher, parameters: parameters, nominal: truth), problems, parameters, evaluator)
  }

  /// The prediction equals the fit's own standard errors and correlations at the same
  /// point (noise-free data with sigma stated, the fit started at the truth: it stays
  /// there, and its covariance is that of the projected Jacobian): relative 1e-6. The point
  /// shares sum to the Fisher diagonal; one factorization per constraint set.
  @Test func predictionEqualsTheFitsReportedUncertainty() throws {
    for s in Self.setUps {
      let (predicted, problems, parameters, evaluator) = try Self.predict(s)
      #expect(evaluator.factorizations == 1, "\(s.name): one clamp, one factorization")
      var sets = try L.inputs(problems)
      for k in sets.indices { sets[k].data.sigma = sets[k].data.values.map { $0.isNaN ? .nan : Self.sigma } }
      let forward = try LaminateForwardModel(cases: problems, caseNames: s.cases.map(\.0), dataSets: sets, parameters: parameters)
      let outcome = try LaminateFitRun.run(forward: forward, data: sets[0].data, rigidBody: .fit, settings: FitSettings(parameters: parameters))
      let n = parameters.count
      for j in 0..<n {
        let fit = outcome.uncertainty.standardErrors[j], mine = predicted.standardErrors[j]
        #expect(abs(mine - fit) <= 1e-6 * fit, "\(s.name) \(parameters[j].name): predicted \(mine), fit \(fit)")
        for i in 0..<n {
          #expect(abs(predicted.correlation[i * n + j] - outcome.uncertainty.correlation[i * n + j]) <= 1e-6)
        }
      }
      #expect(abs(predicted.conditionNumber / outcome.uncertainty.conditionNumber - 1) <= 1e-6)
      let info = try evaluator.information(at: parameters.map(\.initial))
      for (k, f) in info.fisher.enumerated() {
        for j in 0..<n {
          let total = info.pointInformation[k][j].reduce(0, +)
          #expect(abs(total - f[j * n + j]) <= 1e-9 * f[j * n + j])
        }
      }
    }
  }

  /// Honesty: for each set-up, the sample standard deviation of the estimates over noise
  /// seeds (fits of noisy synthetic data, σ = 2e-5 mm, started 5 % off the truth) agrees
  /// with the predicted standard error within 20 %, and their mean with the truth within
  /// 4 standard errors of the mean. The sample SD of 30 fits scatters by about 13 % (1/√58)
  /// around the true spread, so one block of 30 can miss 20 % by chance (seeds 1–30 give
  /// 1.40 for E1 of "tension + bending", the next four blocks 0.90, 1.10, 1.05, 0.96; 6 of the 40
  /// block ratios miss 20 %, as a 13 % scatter predicts): the
  /// check pools five blocks of 30 (150 fits per set-up, a few seconds on the fixture
  /// coupon) and prints each block's ratio. FEINVERT_DESIGN_SEEDS sets the number of fits
  /// (below 100 the ratios are printed, not asserted).
  @Test func predictedStandardErrorsMatchTheSpreadOverNoiseSeeds() throws {
    let seeds = Int(ProcessInfo.processInfo.environment["FEINVERT_DESIGN_SEEDS"] ?? "") ?? 150
    for s in Self.setUps {
      let (predicted, problems, parameters, _) = try Self.predict(s)
      let truth = parameters.map(\.initial)
      var estimates = [[Double]]()
      for seed in 1...seeds {
        var sets = [LaminateForwardModel.DataSetInput]()
        for (k, p) in problems.enumerated() {
          for (f, spec) in p.model.observations.enumerated() {
            var single = p.model
            single.observation = spec
            let bound = try LinearElasticProblem(mesh: p.mesh, model: single, meshSource: "fixture.msh")
            let data = try F.data(bound, noise: Self.sigma, seed: UInt64(1000 * seed + 10 * k + f))
            let op = try ObservationOperator(mesh: p.mesh, group: spec.group, points: data.points, lines: data.lines,
                                             source: data.source, dropOffSurface: false)
            sets.append(.init(name: "case\(k)/\(spec.group)", caseIndex: k, observation: op, group: spec.group, data: data, rigidBody: spec.rigidBody))
          }
        }
        var start = parameters
        for j in start.indices { start[j].initial *= (j % 2 == 0 ? 1.05 : 0.95) }
        let forward = try LaminateForwardModel(cases: problems, caseNames: s.cases.map(\.0), dataSets: sets, parameters: start)
        let outcome = try LaminateFitRun.run(forward: forward, data: sets[0].data, rigidBody: .fit, settings: FitSettings(parameters: start))
        #expect(outcome.result.converged, "\(s.name) seed \(seed)")
        estimates.append(outcome.result.estimate)
      }
      for j in parameters.indices {
        let values = estimates.map { $0[j] }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        let se = predicted.standardErrors[j]
        let ratio = sd / se
        let blocks = stride(from: 0, to: values.count - 29, by: 30).map { b -> String in
          let v = values[b..<(b + 30)]
          let m = v.reduce(0, +) / 30
          return String(format: "%.2f", (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 29).squareRoot() / se)
        }
        print("design honesty: \(s.name), \(parameters[j].name): predicted SE \(se) (relative \(se / abs(truth[j]))), spread over \(seeds) fits \(sd), ratio \(ratio) (blocks of 30: \(blocks.joined(separator: ", "))), mean − truth \(mean - truth[j])")
        if seeds >= 100 {
          #expect(abs(ratio - 1) <= 0.2, "\(s.name) \(parameters[j].name): spread \(sd) against predicted \(se)")
          #expect(abs(mean - truth[j]) <= 4 * se / Double(seeds).squareRoot(), "\(s.name) \(parameters[j].name): mean \(mean)")
        }
      }
    }
  }

  /// The nominal box: corners when few (centre first), a Latin hypercube otherwise with one
  /// point per stratum of every varied parameter.
  @Test func boxPointsAreCornersOrALatinHypercube() {
    let corners = DesignPrediction.boxPoints(centre: [10, 2, 5], halfWidths: [0.1, 0, 0.2])
    #expect(corners.points.count == 5)
    #expect(corners.points[0] == [10, 2, 5])
    #expect(Set(corners.points.dropFirst().map { "\($0)" }).count == 4)
    for p in corners.points.dropFirst() {
      #expect(abs(abs(p[0] - 10) - 1) < 1e-12 && p[1] == 2 && abs(abs(p[2] - 5) - 1) < 1e-12)
    }
    let lhs = DesignPrediction.boxPoints(centre: [1, 1, 1, 1, 1, 1, 1], halfWidths: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], latinHypercubeSize: 16, seed: 3)
    #expect(lhs.points.count == 17)
    for j in 0..<7 {
      let strata = Set(lhs.points.dropFirst().map { Int(((($0[j] - 1) / 0.1 + 1) / 2 * 16).rounded(.down)) })
      #expect(strata == Set(0..<16))
    }
  }
}

extension DesignEvaluationTests {
  /// The Jacobian behind the information, column by column, against central differences of
  /// the predictions (step 1e-4 relative) for every set-up: relative 1e-5 of the column's norm.
  @Test func jacobianAgainstFiniteDifferences() throws {
    for s in Self.setUps {
      let (_, _, parameters, evaluator) = try Self.predict(s)
      let forward = evaluator.forward
      let p = parameters.map(\.initial)
      _ = try forward.predict(p)
      let jacobian = try forward.jacobian()
      let m = forward.observationCount
      for j in p.indices {
        let h = 1e-4 * abs(p[j])
        var up = p, down = p
        up[j] += h
        down[j] -= h
        let plus = try forward.predict(up), minus = try forward.predict(down)
        var diff = 0.0, norm = 0.0
        for r in 0..<m {
          let fd = (plus[r] - minus[r]) / (2 * h) * forward.rowWeights[r]
          diff += (fd - jacobian[j * m + r]) * (fd - jacobian[j * m + r])
          norm += jacobian[j * m + r] * jacobian[j * m + r]
        }
        print("design Jacobian check: \(s.name), \(parameters[j].name): |FD − J| / |J| = \((diff / norm).squareRoot())")
        #expect((diff / norm).squareRoot() < 1e-5, "\(s.name) \(parameters[j].name)")
      }
    }
  }
}
