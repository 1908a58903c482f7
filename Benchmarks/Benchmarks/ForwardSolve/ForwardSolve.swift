import LaminateCoupons
import Benchmark
import FECommon
import FEKernel
import Foundation
import SparseSolve

/// The phases of one forward solve on a [45/-45]s coupon 20 x 10 x 0.5 mm, hex8,
/// clamped in x at x = 0 with ux = 0.02 at x = L and two point constraints:
/// assembly, symbolic analysis, numeric factorization, solve. Each benchmark
/// sets up outside the measured region.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds,
    maxDuration: .seconds(60), maxIterations: 5)

  let problem = BenchmarkProblem.coupon()
  let stiffness = problem.blockStiffnesses()

  Benchmark("assembly") { benchmark in
    let assembler = try StiffnessAssembler(mesh: problem.mesh, source: "coupon")
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { blackHole(assembler.assemble(stiffness: stiffness)) }
  }

  // Both factorization codes on the same matrix, so each run carries its own baseline.
  let methods: [(name: String, method: FactorizationMethod)] = [
    ("CHOLMOD", .cholmod(.nestedDissectionOfBlocks(blockSize: 3))), ("supernodal", .standard),
  ]
  for (name, method) in methods {
    Benchmark("analysis, \(name)") { benchmark in
      let solver = try ElasticSolver(problem: problem)
      try solver.factorize(stiffness: stiffness)
      let k = solver.constrainedMatrix!
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations { blackHole(try method.makeFactor(pattern: k)) }
    }

    Benchmark("factorization, \(name)") { benchmark in
      let solver = try ElasticSolver(problem: problem)
      try solver.factorize(stiffness: stiffness)
      let k = solver.constrainedMatrix!
      let factor = try method.makeFactor(pattern: k)
      benchmark.startMeasurement()
      for _ in benchmark.scaledIterations { try factor.factorize(k) }
    }
  }

  Benchmark("solve") { benchmark in
    let solver = try ElasticSolver(problem: problem)
    _ = try solver.solve(stiffness: stiffness)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { blackHole(try solver.solveConstrained(rhs: solver.loadVector)) }
  }

  Benchmark("forward solve, whole") { benchmark in
    for _ in benchmark.scaledIterations { blackHole(try ForwardSolution.run(problem)) }
  }
}

enum BenchmarkProblem {
  /// The coupon at the size FEINVERT_BENCH_SIZE gives ("nx,ny,perPly"; default 40,20,2).
  static func coupon() -> LinearElasticProblem {
    let size = (ProcessInfo.processInfo.environment["FEINVERT_BENCH_SIZE"] ?? "40,20,2")
      .split(separator: ",").compactMap { Int($0) }
    let (nx, ny, perPly) = size.count == 3 ? (size[0], size[1], size[2]) : (40, 20, 2)
    let layup = Layup(anglesDegrees: [45, -45, -45, 45])
    let spec = CouponSpec(
      layup: layup, plyThickness: 0.125, length: 20, width: 10, elementKind: .hex8,
      elementsAlongLength: nx, elementsAcrossWidth: ny, elementsPerPly: perPly)
    let mesh = try! CouponMesher.mesh(spec)
    let material = OrthotropicMaterial(
      name: "IM7_8552", E1: 161000.0, E2: 11380.0, E3: 11380.0, G12: 5170.0, G13: 5170.0, G23: 3980.0,
      nu12: 0.32, nu13: 0.32, nu23: 0.436)
    let source = "benchmark"
    func at(_ key: String) -> SourceLocation { SourceLocation(file: source, key: key) }
    let model = ModelDefinition(
      source: source, materials: [material],
      plies: layup.anglesDegrees.enumerated().map { k, a in
        PlyAssignment(group: "ply\(k + 1)", material: material.name, angle: a * .pi / 180, location: at("plies[\(k)]"))
      },
      boundary: [
        PrescribedDisplacement(group: "end_x0", values: [0, nil, nil], location: at("boundary[0]")),
        PrescribedDisplacement(group: "end_xL", values: [0.02, nil, nil], location: at("boundary[1]")),
        PrescribedDisplacement(group: "corner_x0_y0_z0", values: [nil, 0, 0], location: at("boundary[2]")),
        PrescribedDisplacement(group: "corner_x0_yW_z0", values: [nil, nil, 0], location: at("boundary[3]")),
      ],
      loads: [])
    return try! LinearElasticProblem(mesh: mesh, model: model, meshSource: source)
  }
}
