// swift-tools-version: 6.1
import PackageDescription

/// feinvert: a finite-element inverse solver for composite laminates.
///
/// Dependencies point inward (see `../shared/style.md` §1): `SparseSolve` and
/// `Inversion` know nothing of laminates, `FeinvertIO` is the file-format edge,
/// and `FeinvertCLI` holds no numerics.
let package = Package(
  name: "feinvert",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "feinvert", targets: ["FeinvertCLI"]),
    .library(name: "FEKernel", targets: ["FEKernel"]),
    .library(name: "SparseSolve", targets: ["SparseSolve"]),
    .library(name: "FeinvertIO", targets: ["FeinvertIO"]),
    .library(name: "Inversion", targets: ["Inversion"]),
    .library(name: "LaminateFit", targets: ["LaminateFit"]),
    .library(name: "InversionExamples", targets: ["InversionExamples"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CSuiteSparse",
      providers: [.apt(["libsuitesparse-dev", "libopenblas-dev", "libmetis-dev"])]),
    .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
    .systemLibrary(name: "CFFTW", providers: [.apt(["libfftw3-dev"])]),
    .systemLibrary(name: "CLAPACK", providers: [.apt(["libopenblas-dev"])]),
    .target(name: "FECommon"),
    .target(name: "SparseSolve", dependencies: ["FECommon", "CSuiteSparse"]),
    .target(name: "FEKernel", dependencies: ["FECommon", "SparseSolve"]),
    .target(name: "DenseLinearAlgebra", dependencies: ["FECommon", "CLAPACK"]),
    .target(name: "Inversion", dependencies: ["FECommon", "DenseLinearAlgebra", "CGLPK"]),
    .target(name: "InversionExamples", dependencies: ["FECommon", "DenseLinearAlgebra", "Inversion", "SparseSolve", "CFFTW"]),
    .target(name: "LaminateTheory", dependencies: ["FECommon", "FEKernel"]),
    .target(name: "StressPost", dependencies: ["FECommon", "SparseSolve", "FEKernel"]),
    .target(name: "ValidationSuite", dependencies: ["FECommon", "SparseSolve", "FEKernel", "StressPost", "LaminateTheory"]),
    .target(name: "LaminateFit", dependencies: ["FECommon", "SparseSolve", "FEKernel", "Inversion"]),
    .target(
      name: "FeinvertIO",
      dependencies: [
        "FECommon", "SparseSolve", "FEKernel", "Inversion", "LaminateFit", "InversionExamples", "StressPost", "ValidationSuite",
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]),
    .target(
      name: "FeinvertTestSupport",
      dependencies: ["FECommon", "FEKernel"]),
    .executableTarget(
      name: "FeinvertCLI",
      dependencies: [
        "FECommon", "SparseSolve", "FEKernel", "Inversion", "LaminateFit", "FeinvertIO",
        "InversionExamples", "StressPost", "LaminateTheory", "ValidationSuite",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .testTarget(name: "FECommonTests", dependencies: ["FECommon"]),
    .testTarget(name: "SparseSolveTests", dependencies: ["SparseSolve", "FECommon"]),
    .testTarget(name: "DenseLinearAlgebraTests", dependencies: ["DenseLinearAlgebra", "FECommon"]),
    .testTarget(name: "InversionTests", dependencies: ["Inversion", "DenseLinearAlgebra", "FECommon"]),
    .testTarget(
      name: "InversionExamplesTests",
      dependencies: ["InversionExamples", "Inversion", "DenseLinearAlgebra", "FeinvertIO", "FECommon"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "LaminateTheoryTests", dependencies: ["LaminateTheory", "FEKernel", "FECommon"]),
    .testTarget(
      name: "StressPostTests",
      dependencies: ["StressPost", "FEKernel", "SparseSolve", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "LaminateFitTests",
      dependencies: ["LaminateFit", "Inversion", "FEKernel", "SparseSolve", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "FEKernelTests",
      dependencies: ["FEKernel", "SparseSolve", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "FeinvertIOTests",
      dependencies: ["FeinvertIO", "FEKernel", "FECommon", "FeinvertTestSupport"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "FeinvertCLITests",
      dependencies: ["FeinvertIO", "FEKernel", "FECommon"],
      resources: [.copy("Fixtures")]),
  ]
)
