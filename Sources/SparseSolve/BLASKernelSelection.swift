import CSuiteSparse
import Foundation

/// Which OpenBLAS kernels the factorization runs on, and which it should.
///
/// OpenBLAS picks its kernels from the CPU model when the library loads. Debian's
/// 0.3.21 does not know every recent Xeon and falls back to its generic "Prescott"
/// kernels: on this project's machines DGEMM then runs at ~5.5 GFLOP/s per core
/// instead of ~28, and the whole forward solve is 3–5 times slower (Benchmarks/
/// RESULTS.md: the 376k-DOF factorization took 102 s on the fallback and 26.7 s on
/// the SkylakeX kernels, with identical results to 8e-12). The kernel family can only
/// be chosen through `OPENBLAS_CORETYPE` before the library loads, so the command-line
/// tool asks `recommendedCoreType()` at start-up and, when it gets an answer,
/// re-executes itself with the variable set.
public enum BLASKernelSelection {
  /// The kernel family OpenBLAS chose (`openblas_get_corename`), e.g. "SkylakeX" or "Prescott".
  public static var coreName: String {
    openblas_get_corename().map { String(cString: $0) } ?? "unknown"
  }

  /// Generic families OpenBLAS falls back to when it does not recognise the CPU.
  static let fallbackFamilies: Set<String> = ["Prescott", "Core2", "Katmai", "Coppermine", "Northwood", "Banias", "Atom"]

  /// A better kernel family for this CPU, or nil when the user already chose one
  /// (`OPENBLAS_CORETYPE` set), OpenBLAS already uses a specific family, or the CPU
  /// flags do not support one. SkylakeX needs AVX-512 F, CD, BW, DQ and VL;
  /// Haswell needs AVX2 and FMA.
  ///
  /// - Parameter cpuFlags: the `flags` of /proc/cpuinfo (read from the system when nil).
  public static func recommendedCoreType(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    detectedCore: String = coreName, cpuFlags: Set<String>? = nil
  ) -> String? {
    if environment["OPENBLAS_CORETYPE"] != nil { return nil }
    guard fallbackFamilies.contains(detectedCore) else { return nil }
    let flags = cpuFlags ?? readCPUFlags()
    if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) { return "SkylakeX" }
    if ["avx2", "fma"].allSatisfy(flags.contains) { return "Haswell" }
    return nil
  }

  /// The flags of the first processor in /proc/cpuinfo (empty where it is absent).
  static func readCPUFlags() -> Set<String> {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
    for line in text.split(separator: "\n") where line.hasPrefix("flags") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }
    return []
  }
}
