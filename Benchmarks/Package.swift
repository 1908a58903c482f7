// swift-tools-version: 6.1
import PackageDescription

/// feinvert's benchmarks, a package of their own so package-benchmark stays out of
/// the main build and CI (as ordo-one/package-benchmark recommends).
///
///     cd Benchmarks && swift package benchmark --target ForwardSolve
///
/// (also `FitDerivatives`, `LoadCases`, `DenseKernels` and `FringeReader`).
///
/// Sizes come from FEINVERT_BENCH_SIZE = "nx,ny,perPly" (default 40,20,2: the
/// 40 x 20 x 8 coupon). The full 120 x 60 x 16 problem: FEINVERT_BENCH_SIZE=120,60,4.
let package = Package(
  name: "feinvert-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "feinvert", path: "../"),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "ForwardSolve",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "FEKernel", package: "feinvert"),
        .product(name: "SparseSolve", package: "feinvert"),
      ],
      path: "Benchmarks/ForwardSolve",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "FitDerivatives",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "FEKernel", package: "feinvert"),
        .product(name: "LaminateFit", package: "feinvert"),
        .product(name: "Inversion", package: "feinvert"),
      ],
      path: "Benchmarks/FitDerivatives",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "LoadCases",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "FEKernel", package: "feinvert"),
        .product(name: "LaminateFit", package: "feinvert"),
        .product(name: "Inversion", package: "feinvert"),
      ],
      path: "Benchmarks/LoadCases",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "DenseKernels",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "Inversion", package: "feinvert"),
      ],
      path: "Benchmarks/DenseKernels",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "FringeReader",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "FeinvertIO", package: "feinvert"),
        .product(name: "FEKernel", package: "feinvert"),
      ],
      path: "Benchmarks/FringeReader",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
