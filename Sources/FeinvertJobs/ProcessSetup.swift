import FeinvertFiles
import SparseSolve

/// What the process must settle before any numerical library loads.
package enum ProcessSetup {
  /// feinvert's version (`FeinvertVersion.current`), for `feinvert --version`.
  package static let version = FeinvertVersion.current

  /// The `OPENBLAS_CORETYPE` to set (then re-execute) when OpenBLAS would fall back to
  /// generic kernels on this CPU, or nil (see `BLASKernelSelection`).
  package static func recommendedOpenBLASCoreType(environment: [String: String]) -> String? {
    BLASKernelSelection.recommendedCoreType(environment: environment)
  }
}
