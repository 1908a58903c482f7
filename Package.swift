// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// feinvert: a finite-element inverse solver for composite laminates.
///
/// Dependencies point inward (see ARCHITECTURE.md and `../shared/style.md` §1):
/// `SparseSolve` and `Inversion` know nothing of laminates, the example inversions
/// link no finite elements, `FeinvertIO` holds file formats only, `FeinvertJobs` one
/// job per command, and `FeinvertCLI` holds no numerics.
let package = Package(
  name: "feinvert",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "feinvert", targets: ["FeinvertCLI"]),
    .library(name: "FEKernel", targets: ["FEKernel", "FEBasis", "LaminateCoupons"]),
    .library(name: "SparseSolve", targets: ["SparseSolve"]),
    .library(name: "FeinvertIO", targets: ["FeinvertIO", "GmshFiles"]),
    .library(name: "Inversion", targets: ["Inversion", "DenseLinearAlgebra", "ExperimentDesign"]),
    .library(name: "LaminateFit", targets: ["LaminateFit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    // C libraries, through module maps only.
    .systemLibrary(
      name: "CSuiteSparse",
      providers: [.apt(["libsuitesparse-dev", "libopenblas-dev", "libmetis-dev"])]),
    .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
    .systemLibrary(name: "CFFTW", providers: [.apt(["libfftw3-dev"])]),
    .systemLibrary(name: "CLAPACK", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

    // Foundations: diagnostics and small dense algebra; format-free file plumbing.
    .target(name: "FECommon"),
    .target(name: "FeinvertFiles", dependencies: ["FECommon"]),

    // Numerical layers that know no laminates.
    .target(name: "SparseSolve", dependencies: ["FECommon", "CSuiteSparse"]),
    .target(name: "DenseLinearAlgebra", dependencies: ["FECommon", "CLAPACK"]),
    .target(name: "Inversion", dependencies: ["FECommon", "DenseLinearAlgebra", "CGLPK"]),
    // Optimal-design criteria and the selection of k experiments from their Fisher information.
    .target(name: "ExperimentDesign", dependencies: ["FECommon", "DenseLinearAlgebra"]),

    // Finite elements and the laminate domain.
    .target(name: "FEBasis", dependencies: ["FECommon"]),
    .target(name: "FEKernel", dependencies: ["FECommon", "FEBasis", "SparseSolve"]),
    .target(name: "LaminateCoupons", dependencies: ["FECommon", "FEBasis", "FEKernel"]),
    .target(name: "LaminateTheory", dependencies: ["FECommon", "FEKernel", "LaminateCoupons"]),
    .target(name: "StressPost", dependencies: ["FECommon", "FEBasis", "SparseSolve", "FEKernel"]),
    .target(
      name: "ValidationSuite",
      dependencies: ["FECommon", "FEBasis", "SparseSolve", "FEKernel", "LaminateCoupons", "StressPost", "LaminateTheory"]),
    .target(name: "LaminateFit", dependencies: ["FECommon", "FEBasis", "SparseSolve", "FEKernel", "Inversion", "ExperimentDesign"]),

    // The inversions beyond laminates (shared/spec/apps.md), by field; no finite elements.
    .target(name: "CellBiologyExamples", dependencies: ["FECommon", "Inversion", "SparseSolve"]),
    .target(name: "EcologyExamples", dependencies: ["FECommon", "DenseLinearAlgebra", "Inversion"]),
    .target(name: "EngineeringExamples", dependencies: ["FECommon", "Inversion", "CFFTW"]),
    .target(name: "PrivacyExamples", dependencies: ["FECommon", "Inversion", "CFFTW"]),

    // The engineer's HTML report: reads the outputs' JSON and CSV, writes chart specifications (no numerics of FE).
    .target(name: "FitReportHTML", dependencies: ["FECommon", "FeinvertFiles"]),

    // The application layer: file formats, one job per command, the command line.
    .target(name: "GmshFiles", dependencies: ["FECommon", "FeinvertFiles", "FEBasis", "FEKernel"]),
    .target(
      name: "FeinvertIO",
      dependencies: [
        "FECommon", "FeinvertFiles", "SparseSolve", "FEBasis", "FEKernel", "LaminateCoupons", "Inversion", "LaminateFit",
        "StressPost", "ValidationSuite", "CZlib", .product(name: "TOMLKit", package: "TOMLKit"),
      ]),
    .target(
      name: "FeinvertJobs",
      dependencies: [
        "FECommon", "FeinvertFiles", "FeinvertIO", "GmshFiles", "SparseSolve", "FEBasis", "FEKernel", "LaminateCoupons",
        "Inversion", "ExperimentDesign", "LaminateFit", "StressPost", "ValidationSuite", "FitReportHTML",
      ]),
    .target(
      name: "ExampleJobs",
      dependencies: [
        "FECommon", "FeinvertFiles", "Inversion", "CellBiologyExamples", "EcologyExamples", "EngineeringExamples",
        "PrivacyExamples", "FitReportHTML",
      ]),
    .executableTarget(
      name: "FeinvertCLI",
      dependencies: [
        "FECommon", "FeinvertJobs", "ExampleJobs",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    .target(
      name: "FeinvertTestSupport",
      dependencies: [
        "FECommon", "FeinvertFiles", "FEBasis", "FEKernel", "CellBiologyExamples", "EcologyExamples",
        "EngineeringExamples", "PrivacyExamples",
      ]),
    .testTarget(name: "FECommonTests", dependencies: ["FECommon"]),
    .testTarget(name: "FitReportHTMLTests", dependencies: ["FitReportHTML", "FeinvertFiles", "FECommon"]),
    .testTarget(name: "SparseSolveTests", dependencies: ["SparseSolve", "FECommon"]),
    .testTarget(name: "DenseLinearAlgebraTests", dependencies: ["DenseLinearAlgebra", "FECommon", "FeinvertTestSupport"]),
    .testTarget(name: "InversionTests", dependencies: ["Inversion", "ExperimentDesign", "DenseLinearAlgebra", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "InversionExamplesTests",
      dependencies: [
        "CellBiologyExamples", "EcologyExamples", "EngineeringExamples", "PrivacyExamples", "ExampleJobs",
        "FeinvertFiles", "Inversion", "DenseLinearAlgebra", "SparseSolve", "FECommon", "FeinvertTestSupport",
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "LaminateTheoryTests", dependencies: ["LaminateTheory", "LaminateCoupons", "FEKernel", "FECommon"]),
    .testTarget(
      name: "StressPostTests",
      dependencies: ["StressPost", "FEBasis", "FEKernel", "LaminateCoupons", "SparseSolve", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "LaminateFitTests",
      dependencies: [
        "LaminateFit", "Inversion", "ExperimentDesign", "FEBasis", "FEKernel", "LaminateCoupons", "SparseSolve", "FECommon",
        "FeinvertTestSupport",
      ]),
    .testTarget(
      name: "FEKernelTests",
      dependencies: ["FEKernel", "FEBasis", "LaminateCoupons", "SparseSolve", "FECommon", "FeinvertTestSupport"]),
    .testTarget(
      name: "FeinvertIOTests",
      dependencies: [
        "FeinvertIO", "GmshFiles", "FeinvertFiles", "FeinvertJobs", "LaminateFit", "SparseSolve", "FEBasis", "FEKernel",
        "LaminateCoupons", "FECommon", "CZlib", "StressPost", "LaminateTheory",
        "FeinvertTestSupport",
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "FeinvertCLITests",
      dependencies: ["FeinvertIO", "FeinvertFiles", "FeinvertJobs", "FEKernel", "FECommon", "FeinvertTestSupport"],
      resources: [.copy("Fixtures")]),
  ]
)

// The optional PETSc backend (issue 20): built only when FEINVERT_PETSC=1 is in the
// environment (`make petsc`), from Debian's petsc-dev and OpenMPI through pkg-config
// (`PETSc`, `ompi`); the default build and `make test` need neither PETSc nor MPI.
if ProcessInfo.processInfo.environment["FEINVERT_PETSC"] == "1" {
  let petscDefine: [SwiftSetting] = [.define("FEINVERT_PETSC")]
  package.targets += [
    .systemLibrary(name: "CMPI", pkgConfig: "ompi", providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
    .systemLibrary(name: "CPETSc", pkgConfig: "PETSc", providers: [.apt(["petsc-dev"])]),
    .target(
      name: "PETScBackend", dependencies: ["FECommon", "SparseSolve", "FEKernel", "CMPI", "CPETSc"], swiftSettings: petscDefine),
    .testTarget(
      name: "PETScBackendTests",
      dependencies: ["PETScBackend", "FEKernel", "LaminateCoupons", "SparseSolve", "FECommon", "FeinvertTestSupport"],
      swiftSettings: petscDefine),
  ]
  for target in package.targets where ["FeinvertJobs", "FeinvertCLITests"].contains(target.name) {
    if target.name == "FeinvertJobs" { target.dependencies.append("PETScBackend") }
    target.swiftSettings = (target.swiftSettings ?? []) + petscDefine
  }
}
