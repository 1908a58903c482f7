import SparseSolve

/// What the process must settle before any numerical library loads.
public enum ProcessSetup {
  /// The `OPENBLAS_CORETYPE` to set (then re-execute) when OpenBLAS would fall back to
  /// generic kernels on this CPU, or nil (see `BLASKernelSelection`).
  public static func recommendedOpenBLASCoreType(environment: [String: String]) -> String? {
    BLASKernelSelection.recommendedCoreType(environment: environment)
  }
}
