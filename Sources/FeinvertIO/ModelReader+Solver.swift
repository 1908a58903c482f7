import FECommon
import SparseSolve
import TOMLKit

/// The `[solver]` table's keys beyond the factorization (feinvert extensions): the memory
/// limit of the factorization guard, and the optional PETSc backend.
public struct SolverOptions: Sendable, Equatable {
  /// `memory_limit = "8 GiB"`: the memory this process may use (`MemoryGuard`), or nil.
  public var memoryLimit: MemoryGuard.Limit?
  /// `backend = "petsc"` and its keys, or nil for the direct solve in this process.
  public var distributed: DistributedSolveSettings?
  /// The line-located key of `backend`, for the error of a build without PETSc.
  public var backendLocation: SourceLocation?

  public init(memoryLimit: MemoryGuard.Limit? = nil, distributed: DistributedSolveSettings? = nil) {
    self.memoryLimit = memoryLimit
    self.distributed = distributed
  }
}

extension ModelReader {
  /// The keys of `[solver]` this file reads (the factorization's are `solverMethod`'s).
  static let solverOptionKeys: Set<String> = ["memory_limit", "backend", "method", "rtol", "max_iterations", "petsc_options"]

  /// `memory_limit` (a size string such as `"8 GiB"`, or a whole number of bytes);
  /// `backend = "direct"` (the default) or `"petsc"`, with `method = "cg-gamg"` (default) or
  /// `"mumps"`, `rtol` (default 1e-10), `max_iterations` (default 10000) and `petsc_options`.
  static func solverOptions(_ t: TOMLTable, reader: TableReader) throws -> SolverOptions {
    let key = "solver"
    var options = SolverOptions()
    if let v = t["memory_limit"] {
      let k = "\(key).memory_limit"
      let bytes: Double?
      let text: String
      if let s = v.string {
        bytes = MemoryGuard.parseSize(s)
        text = "\"\(s)\""
      } else if let i = v.int {
        bytes = i > 0 ? Double(i) : nil
        text = "\(i)"
      } else {
        throw reader.error(k, "is a \(v.type); expected a size such as \"8 GiB\"")
      }
      guard let bytes else {
        throw reader.error(k, "\(text) is not a size; expected a positive number with a unit, such as \"8 GiB\" or \"500 MB\"")
      }
      let line = reader.location(k).line.map { ":\($0)" } ?? ""
      options.memoryLimit = MemoryGuard.Limit(bytes: bytes, source: "memory_limit = \(text) at \(reader.path)\(line)")
    }
    let backend = try reader.optionalString(t, "backend", at: key) ?? "direct"
    let petscKeys = ["method", "rtol", "max_iterations", "petsc_options"]
    switch backend {
    case "direct":
      if let stray = petscKeys.first(where: { t[$0] != nil }) {
        throw reader.error("\(key).\(stray)", "applies to backend = \"petsc\" only; expected backend = \"petsc\" with it, or no \(stray)")
      }
    case "petsc":
      var settings = DistributedSolveSettings()
      if let name = try reader.optionalString(t, "method", at: key) {
        guard let method = DistributedSolveSettings.Method(rawValue: name) else {
          throw reader.error("\(key).method", "\"\(name)\" is not a PETSc method; expected \"cg-gamg\" or \"mumps\"")
        }
        settings.method = method
      }
      if let rtol = try reader.optionalNumber(t, "rtol", at: key) {
        guard rtol > 0, rtol < 1 else {
          throw reader.error("\(key).rtol", "\(rtol) is not a relative tolerance; expected a number between 0 and 1, such as 1e-10")
        }
        settings.relativeTolerance = rtol
      }
      if let n = try reader.optionalNumber(t, "max_iterations", at: key) {
        guard n >= 1, n <= 1e9, n.rounded() == n else {
          throw reader.error("\(key).max_iterations", "\(n) is not an iteration count; expected a whole number from 1 to 1e9")
        }
        settings.maxIterations = Int(n)
      }
      settings.petscOptions = try reader.optionalString(t, "petsc_options", at: key) ?? ""
      options.distributed = settings
      options.backendLocation = reader.location("\(key).backend")
    default:
      throw reader.error("\(key).backend", "\"\(backend)\" is not a backend; expected \"direct\" or \"petsc\"")
    }
    return options
  }
}
