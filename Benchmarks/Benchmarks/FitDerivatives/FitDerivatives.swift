import LaminateCoupons
import Benchmark
import FECommon
import FEKernel
import Foundation
import Inversion
import LaminateFit

/// The cost of the fit's derivatives against one forward solve, on the [45/-45]s
/// coupon (size from FEINVERT_BENCH_SIZE = "nx,ny,perPly", default 40,20,2), loaded by
/// a force, observed on the free edge (ux, uz), four parameters (E1, E2, G12, nu12, as
/// in the full-size fit of RESULTS.md) or, with FEINVERT_BENCH_SIX set, six (adding G13
/// and the angle of ply 1, which these data barely determine):
///
/// - "forward solve": assemble, factorize (analysis reused) and solve at new parameters;
/// - "jacobian": forward sensitivities with the existing factor;
/// - "adjoint gradient": one more solve with the existing factor;
/// - "fit": the whole bounded LM fit from 20 % off, with the rigid motion projected out.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
    maxDuration: .seconds(120), maxIterations: 5)

  let setup = FitBenchmarkProblem.make()

  Benchmark("forward solve") { benchmark in
    let forward = try setup.forward()
    var p = setup.truth
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations {
      p[0] = setup.truth[0] * (1 + 1e-3 * Double(i + 1))
      blackHole(try forward.residuals(p))
    }
  }

  Benchmark("jacobian") { benchmark in
    let forward = try setup.forward()
    _ = try forward.residuals(setup.truth)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { blackHole(try forward.jacobian()) }
  }

  Benchmark("adjoint gradient") { benchmark in
    let forward = try setup.forward()
    let r = try forward.residuals(setup.truth.map { $0 * 1.01 })
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { blackHole(try forward.adjointGradient(residuals: r)) }
  }

  Benchmark("fit", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations {
      let forward = try setup.forward(start: 0.8)
      let outcome = try LaminateFitRun.run(
        forward: forward, data: setup.data, rigidBody: .fit, settings: FitSettings(parameters: setup.parameters(start: 0.8)))
      print("fit: \(outcome.result.iterations) iterations, \(outcome.counters.factorizations) factorizations, \(outcome.totalSeconds) s, converged \(outcome.result.converged)")
      blackHole(outcome)
    }
  }
}

struct FitBenchmarkProblem {
  let problem: LinearElasticProblem
  let data: FringeData
  let names = ProcessInfo.processInfo.environment["FEINVERT_BENCH_SIX"] != nil
    ? ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12", "IM7_8552.nu12", "IM7_8552.G13", "ply1.angle"]
    : ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12", "IM7_8552.nu12"]
  var truth: [Double] { parameters(start: 1).map(\.initial) }

  func parameters(start: Double) -> [FitParameter] {
    names.map { name in
      let target = try! FitParameter.target(named: name, in: problem.model, at: SourceLocation(file: "benchmark"))
      var p = FitParameter(name: name, target: target, initial: 0, lower: -.infinity, upper: .infinity, location: SourceLocation(file: "benchmark"))
      let v = p.value(in: problem.model)
      p.initial = v * start
      p.lower = name.hasSuffix("angle") ? v - 30 : v * 0.2
      p.upper = name.hasSuffix("angle") ? v + 30 : (name.hasSuffix("nu12") ? 0.49 : v * 5)
      return p
    }
  }

  func forward(start: Double = 1) throws -> LaminateForwardModel {
    let parameters = parameters(start: start)
    var model = problem.model
    for p in parameters { p.set(p.initial, in: &model) }
    let startProblem = try LinearElasticProblem(mesh: problem.mesh, model: model, meshSource: "benchmark")
    let op = try ObservationOperator(
      mesh: problem.mesh, group: "edge_yplus", points: data.points, lines: data.lines, source: "data", dropOffSurface: false)
    return try LaminateForwardModel(problem: startProblem, observation: op, data: data, parameters: parameters)
  }

  static func make() -> FitBenchmarkProblem {
    let size = (ProcessInfo.processInfo.environment["FEINVERT_BENCH_SIZE"] ?? "40,20,2")
      .split(separator: ",").compactMap { Int($0) }
    let (nx, ny, perPly) = size.count == 3 ? (size[0], size[1], size[2]) : (40, 20, 2)
    let layup = [45.0, -45, -45, 45]
    let mesh = try! CouponMesher.mesh(CouponSpec(
      layup: Layup(anglesDegrees: layup), plyThickness: 0.125, length: 20, width: 10, elementKind: .hex8,
      elementsAlongLength: nx, elementsAcrossWidth: ny, elementsPerPly: perPly))
    let material = OrthotropicMaterial(
      name: "IM7_8552", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
      nu12: 0.32, nu13: 0.32, nu23: 0.436)
    let at = { (k: String) in SourceLocation(file: "benchmark", key: k) }
    let model = ModelDefinition(
      source: "benchmark", materials: [material],
      plies: layup.enumerated().map { PlyAssignment(group: "ply\($0 + 1)", material: material.name, angle: $1 * .pi / 180, location: at("plies")) },
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: at("boundary"))],
      loads: [SurfaceLoad(group: "end_xL", force: SIMD3(500, 0, 0), location: at("load"))],
      observation: ObservationSpec(group: "edge_yplus", components: [0, 2], rigidBody: .fit, location: at("observation")))
    let problem = try! LinearElasticProblem(mesh: mesh, model: model, meshSource: "benchmark")
    var spec = SyntheticDataSpec()
    spec.noise = 2e-5
    spec.rigidTranslation = SIMD3(1e-3, 0, 5e-4)
    let data = try! SyntheticData.generate(problem: problem, spec: spec, source: "data")
    return FitBenchmarkProblem(problem: problem, data: data)
  }
}
