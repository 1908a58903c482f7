import Testing

@testable import SparseSolve

/// The start-up choice of OpenBLAS kernels: only when OpenBLAS fell back to a generic
/// family, only when the user set nothing, and only to a family the CPU's flags support.
@Suite struct BLASKernelSelectionTests {
  let avx512: Set<String> = ["sse2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]

  @Test func fallbackOnAnAVX512MachineGetsSkylakeX() {
    #expect(BLASKernelSelection.recommendedCoreType(environment: [:], detectedCore: "Prescott", cpuFlags: avx512) == "SkylakeX")
  }

  @Test func avx2WithoutAVX512GetsHaswell() {
    #expect(BLASKernelSelection.recommendedCoreType(environment: [:], detectedCore: "Prescott", cpuFlags: ["avx2", "fma"]) == "Haswell")
  }

  @Test func nothingChangesWhenTheUserChoseOrOpenBLASRecognisedTheCPU() {
    #expect(BLASKernelSelection.recommendedCoreType(environment: ["OPENBLAS_CORETYPE": "Haswell"], detectedCore: "Prescott", cpuFlags: avx512) == nil)
    #expect(BLASKernelSelection.recommendedCoreType(environment: [:], detectedCore: "SkylakeX", cpuFlags: avx512) == nil)
    #expect(BLASKernelSelection.recommendedCoreType(environment: [:], detectedCore: "Prescott", cpuFlags: ["sse2"]) == nil)
  }

  @Test func theLibraryReportsAFamily() {
    #expect(!BLASKernelSelection.coreName.isEmpty)
  }
}
