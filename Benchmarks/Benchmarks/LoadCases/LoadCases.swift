import LaminateCoupons
import Benchmark
import FECommon
import FEKernel
import Foundation
import Inversion
import LaminateFit

/// The combined fit over two load cases against two single fits (issue 15): a [0/90]s
/// coupon (size from FEINVERT_BENCH_SIZE = "nx,ny,perPly", default 40,20,2) clamped at
/// x = 0, case "tension" (an end force in x, the free edge observed: ux, uz) and case
/// "bending" (an end force in z, the top face observed: ux, uy, uz), E1, E2, nu12 fitted
/// from 20 % off. The two cases share their supports, so the combined fit factorizes once
/// per evaluation for both and solves their right-hand sides (and sensitivities) together.
///
/// - "combined fit (shared factorization)": one fit over both cases;
/// - "two single fits": the tension fit, then the bending fit;
/// - "combined evaluation" / "two single evaluations": residuals and Jacobian at one point
///   (the unit of a fit's cost), both cases together against one after the other.
///
/// Run (not in CI): `cd Benchmarks && swift package benchmark --target LoadCases`.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
    maxDuration: .seconds(120), maxIterations: 5)

  let setup = LoadCaseBenchmarkProblem.make()

  Benchmark("combined fit (shared factorization)", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations {
      let forward = try setup.forward(cases: [0, 1], start: 0.8)
      let outcome = try LaminateFitRun.run(
        forward: forward, data: setup.data[0], rigidBody: .fit, settings: FitSettings(parameters: setup.parameters(start: 0.8)))
      print("combined: \(outcome.result.iterations) iterations, \(outcome.counters.factorizations) factorizations, \(outcome.totalSeconds) s")
      blackHole(outcome)
    }
  }

  Benchmark("two single fits", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations {
      for k in 0..<2 {
        let forward = try setup.forward(cases: [k], start: 0.8)
        let outcome = try LaminateFitRun.run(
          forward: forward, data: setup.data[k], rigidBody: .fit, settings: FitSettings(parameters: setup.parameters(start: 0.8)))
        print("single \(k): \(outcome.result.iterations) iterations, \(outcome.counters.factorizations) factorizations, \(outcome.totalSeconds) s")
        blackHole(outcome)
      }
    }
  }

  Benchmark("combined evaluation") { benchmark in
    let forward = try setup.forward(cases: [0, 1], start: 1)
    var p = setup.parameters(start: 1).map(\.initial)
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations {
      p[0] *= 1 + 1e-4 * Double(i + 1)
      blackHole(try forward.residuals(p))
      blackHole(try forward.jacobian())
    }
  }

  Benchmark("two single evaluations") { benchmark in
    let forwards = try [0, 1].map { try setup.forward(cases: [$0], start: 1) }
    var p = setup.parameters(start: 1).map(\.initial)
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations {
      p[0] *= 1 + 1e-4 * Double(i + 1)
      for forward in forwards {
        blackHole(try forward.residuals(p))
        blackHole(try forward.jacobian())
      }
    }
  }
}

struct LoadCaseBenchmarkProblem {
  /// The two cases' problems (the clamp shared) and their synthetic data.
  let problems: [LinearElasticProblem]
  let data: [FringeData]
  let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.nu12"]

  func parameters(start: Double) -> [FitParameter] {
    names.map { name in
      let target = try! FitParameter.target(named: name, in: problems[0].model, at: SourceLocation(file: "benchmark"))
      var p = FitParameter(name: name, target: target, initial: 0, lower: -.infinity, upper: .infinity, location: SourceLocation(file: "benchmark"))
      let v = p.value(in: problems[0].model)
      p.initial = v * start
      p.lower = v * 0.2
      p.upper = name.hasSuffix("nu12") ? 0.49 : v * 5
      return p
    }
  }

  /// The forward model of the given cases at the parameters' initial values.
  func forward(cases: [Int], start: Double) throws -> LaminateForwardModel {
    let parameters = parameters(start: start)
    var startProblems = [LinearElasticProblem]()
    var inputs = [LaminateForwardModel.DataSetInput]()
    for (i, k) in cases.enumerated() {
      var model = problems[k].model
      for p in parameters { p.set(p.initial, in: &model) }
      startProblems.append(try LinearElasticProblem(mesh: problems[k].mesh, model: model, meshSource: "benchmark"))
      let group = model.observation!.group
      let op = try ObservationOperator(
        mesh: problems[k].mesh, group: group, points: data[k].points, lines: data[k].lines, source: "data\(k)", dropOffSurface: false)
      inputs.append(.init(name: "case\(k)", caseIndex: i, observation: op, group: group, data: data[k], rigidBody: .fit))
    }
    return try LaminateForwardModel(
      cases: startProblems, caseNames: cases.map { "case\($0)" }, dataSets: inputs, parameters: parameters)
  }

  static func make() -> LoadCaseBenchmarkProblem {
    let size = (ProcessInfo.processInfo.environment["FEINVERT_BENCH_SIZE"] ?? "40,20,2")
      .split(separator: ",").compactMap { Int($0) }
    let (nx, ny, perPly) = size.count == 3 ? (size[0], size[1], size[2]) : (40, 20, 2)
    let layup = [0.0, 90, 90, 0]
    let mesh = try! CouponMesher.mesh(CouponSpec(
      layup: Layup(anglesDegrees: layup), plyThickness: 0.125, length: 20, width: 10, elementKind: .hex8,
      elementsAlongLength: nx, elementsAcrossWidth: ny, elementsPerPly: perPly))
    let material = OrthotropicMaterial(
      name: "IM7_8552", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
      nu12: 0.32, nu13: 0.32, nu23: 0.436)
    let at = { (k: String) in SourceLocation(file: "benchmark", key: k) }
    let base = ModelDefinition(
      source: "benchmark", materials: [material],
      plies: layup.enumerated().map { PlyAssignment(group: "ply\($0 + 1)", material: material.name, angle: $1 * .pi / 180, location: at("plies")) },
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: at("boundary"))],
      loads: [])
    var tension = base, bending = base
    tension.loads = [SurfaceLoad(group: "end_xL", force: SIMD3(500, 0, 0), location: at("load_case[0].load[0]"))]
    tension.observation = ObservationSpec(group: "edge_yplus", components: [0, 2], rigidBody: .fit, location: at("observation"))
    bending.loads = [SurfaceLoad(group: "end_xL", force: SIMD3(0, 0, 2), location: at("load_case[1].load[0]"))]
    bending.observation = ObservationSpec(group: "top", components: [0, 1, 2], rigidBody: .fit, location: at("observation"))
    let problems = [tension, bending].map { try! LinearElasticProblem(mesh: mesh, model: $0, meshSource: "benchmark") }
    let data = problems.enumerated().map { k, problem -> FringeData in
      var spec = SyntheticDataSpec()
      spec.noise = 2e-5
      spec.seed = UInt64(k + 1)
      return try! SyntheticData.generate(problem: problem, spec: spec, source: "data\(k)")
    }
    return LoadCaseBenchmarkProblem(problems: problems, data: data)
  }
}
