import FECommon
import Foundation
import Synchronization

/// The memory a factorization may still take, and the check that refuses one that would not
/// fit before any of its storage is allocated.
///
/// A sparse factor grows much faster than the matrix (the 376k-DOF coupon's Cholesky factor
/// takes about 4 GB, the 1.04M-DOF coupon's well over 10 GB). A factorization that does not
/// fit is killed by the kernel's OOM killer after minutes of paging, with no message; the
/// symbolic analysis predicts the factor's size exactly, so the guard compares that
/// prediction with the room left, taken as the smallest of:
///
/// - the configured limit (`[solver] memory_limit`, or the `FEINVERT_MEMORY_LIMIT` environment
///   variable, whichever is smaller) less this process's resident memory (`VmRSS`);
/// - the cgroup's limit less its usage (v2 `memory.max` − `memory.current`, v1
///   `memory.limit_in_bytes` − `memory.usage_in_bytes`), when the cgroup has a limit;
/// - the machine's `MemAvailable` (`/proc/meminfo`).
///
/// Outside Linux only the configured limit applies.
public enum MemoryGuard {
  /// A limit on the memory this process may use.
  public struct Limit: Sendable, Equatable {
    /// Bytes.
    public var bytes: Double
    /// Where the limit comes from, for messages: `memory_limit = "8 GiB" in coupon.toml [solver]`.
    public var source: String
    public init(bytes: Double, source: String) {
      self.bytes = bytes
      self.source = source
    }
  }

  /// The room a factorization may take, with where that figure comes from.
  public struct Room: Sendable, Equatable {
    public var bytes: Double
    public var source: String
    public init(bytes: Double, source: String) {
      self.bytes = bytes
      self.source = source
    }
  }

  /// The environment variable that limits the memory of every factorization of the process.
  public static let environmentVariable = "FEINVERT_MEMORY_LIMIT"

  private static let configured = Mutex<Limit?>(nil)

  /// The limit of the model file's `[solver] memory_limit` key, set by the command before it
  /// solves (nil: none). Process-wide, as the environment variable is.
  public static var configuredLimit: Limit? {
    get { configured.withLock { $0 } }
    set { configured.withLock { $0 = newValue } }
  }

  /// The limit of `FEINVERT_MEMORY_LIMIT`, or nil when it is not set.
  /// - Throws: `InputError` when it is set to something other than a size.
  public static func environmentLimit(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Limit? {
    guard let text = environment[environmentVariable] else { return nil }
    guard let bytes = parseSize(text) else {
      throw InputError(
        "\(environmentVariable) = \"\(text)\" is not a size; expected a positive number with a unit, such as \"8 GiB\" or \"500 MB\"",
        at: SourceLocation(file: "environment"))
    }
    return Limit(bytes: bytes, source: "\(environmentVariable)=\"\(text)\"")
  }

  /// Reads a size: a positive number, then optionally `B`, `kB`/`KB`, `MB`, `GB`, `TB`
  /// (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024), spaces allowed between.
  /// - Returns: bytes, or nil when `text` is not such a size.
  public static func parseSize(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces)
    let split = t.firstIndex(where: { !("0123456789.eE+".contains($0)) }) ?? t.endIndex
    // "1e9" keeps its exponent; a unit starts at the first letter that is not part of the number.
    guard let value = Double(t[..<split].trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else { return nil }
    let unit = t[split...].trimmingCharacters(in: .whitespaces)
    let factors: [String: Double] = [
      "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
      "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
    ]
    guard let factor = factors[unit.lowercased()] else { return nil }
    return value * factor
  }

  /// Every known bound on the memory this process may still allocate, the configured ones
  /// included (`configuredLimit` and the environment's).
  public static func rooms(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Room] {
    var rooms: [Room] = []
    let resident = residentBytes() ?? 0
    var limits = [configuredLimit].compactMap { $0 }
    if let env = try? environmentLimit(environment) { limits.append(env) }
    for limit in limits {
      rooms.append(
        Room(
          bytes: limit.bytes - resident,
          source: "\(limit.source), of which this process already uses \(format(bytes: resident))"))
    }
    if let cgroup = cgroupRoom() { rooms.append(cgroup) }
    if let available = meminfo("MemAvailable") {
      rooms.append(Room(bytes: available, source: "MemAvailable in /proc/meminfo"))
    }
    return rooms
  }

  /// Throws when a factorization predicted to take `statistics.predictedFactorizationBytes`
  /// does not fit in the smallest of `rooms()`.
  /// - Throws: `SolveError.insufficientMemory`.
  public static func check(_ statistics: FactorStatistics, rooms: [Room] = rooms()) throws(SolveError) {
    try check(predictedBytes: statistics.predictedFactorizationBytes, factorEntries: statistics.factorStoredEntries, rooms: rooms)
  }

  /// Throws when `predictedBytes` do not fit in the smallest of `rooms`.
  /// - Throws: `SolveError.insufficientMemory`.
  public static func check(predictedBytes needed: Double, factorEntries: Double, rooms: [Room] = rooms()) throws(SolveError) {
    guard let tightest = rooms.min(by: { $0.bytes < $1.bytes }), needed > tightest.bytes else { return }
    throw .insufficientMemory(predictedBytes: needed, factorEntries: factorEntries, roomBytes: max(0, tightest.bytes), source: tightest.source)
  }

  /// `1.23 GB`, `456 MB` (powers of 1000).
  public static func format(bytes: Double) -> String {
    let b = max(0, bytes)
    if b >= 1e9 { return String(format: "%.2f GB", b / 1e9) }
    if b >= 1e6 { return String(format: "%.1f MB", b / 1e6) }
    return String(format: "%.0f kB", b / 1e3)
  }

  // MARK: Linux

  /// This process's resident memory (`VmRSS` of `/proc/self/status`), or nil.
  public static func residentBytes() -> Double? { status("VmRSS") }

  /// This process's peak resident memory since start or since `resetPeakResident()`
  /// (`VmHWM`), or nil.
  public static func peakResidentBytes() -> Double? { status("VmHWM") }

  /// Resets the peak resident memory to the current one (writes 5 to
  /// `/proc/self/clear_refs`, Linux 4.0 and later). Returns whether it could.
  @discardableResult
  public static func resetPeakResident() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
  }

  /// A `kB` line of `/proc/self/status`, in bytes.
  static func status(_ key: String) -> Double? { kilobyteLine(key, in: "/proc/self/status") }

  /// A `kB` line of `/proc/meminfo`, in bytes.
  static func meminfo(_ key: String) -> Double? { kilobyteLine(key, in: "/proc/meminfo") }

  static func kilobyteLine(_ key: String, in path: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
      let fields = line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard let value = fields.first.flatMap({ Double($0) }) else { return nil }
      return value * 1024
    }
    return nil
  }

  /// The cgroup's limit less its usage, when the process's cgroup (v2, then v1) has a limit.
  static func cgroupRoom() -> Room? {
    let paths = cgroupPaths()
    for dir in paths.v2 {
      if let max = number(at: dir + "/memory.max"), let current = number(at: dir + "/memory.current") {
        return Room(bytes: max - current, source: "the cgroup limit \(dir)/memory.max (\(format(bytes: max)), \(format(bytes: current)) in use)")
      }
    }
    for dir in paths.v1 {
      // An unlimited v1 cgroup reports a limit near 2^63.
      if let max = number(at: dir + "/memory.limit_in_bytes"), max < 1e18, let current = number(at: dir + "/memory.usage_in_bytes") {
        return Room(
          bytes: max - current, source: "the cgroup limit \(dir)/memory.limit_in_bytes (\(format(bytes: max)), \(format(bytes: current)) in use)")
      }
    }
    return nil
  }

  /// Candidate directories of this process's memory cgroup: its own path under the mount,
  /// then the mount's root (a container's namespace root).
  static func cgroupPaths() -> (v2: [String], v1: [String]) {
    var v2 = [String](), v1 = [String]()
    if let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) {
      for line in text.split(separator: "\n") {
        let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] != "/" else { continue }
        if parts[0] == "0", parts[1].isEmpty { v2.append("/sys/fs/cgroup" + parts[2]) }
        if parts[1].split(separator: ",").contains("memory") { v1.append("/sys/fs/cgroup/memory" + parts[2]) }
      }
    }
    v2.append("/sys/fs/cgroup")
    v1.append("/sys/fs/cgroup/memory")
    return (v2, v1)
  }

  /// A file holding one number (nil for `max`, a missing file or anything else).
  static func number(at path: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
  }
}

extension FactorStatistics {
  /// The bytes a first numeric factorization allocates: the factor's stored entries (8 bytes
  /// each, explicit zeros of supernodes included; 4 for a mixed-precision factor, whose
  /// single-precision values are all it holds until a fallback frees them for doubles) and
  /// the factorization's workspace.
  public var predictedFactorizationBytes: Double {
    factorStoredEntries * (mixedPrecision == nil ? 8 : 4) + workspaceBytes
  }
}
