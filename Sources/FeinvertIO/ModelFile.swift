import FECommon
import FEKernel
import LaminateFit
import SparseSolve

/// The model TOML read once: the model, the fit settings, the solver choice, and
/// where each key stands in the file.
///
/// `ModelReader` makes it; every command reads its model file through it, so one
/// file gives one answer whatever the command. The domain modules receive the parts
/// they need (`model` for the kernel, `fitSettings` for the fit, `factorization` for
/// the solver) and know nothing of lines: an error they raise at a key of this file
/// gets its line here (`locatingKeys`).
public struct ModelFile: Sendable {
  /// The path as the user named it.
  public var path: String
  /// Materials, plies, boundary conditions, loads and the observation surface.
  public var model: ModelDefinition
  /// The `[fit]` table, or nil when the file has none. `parameters` may be empty
  /// here; `requireFitSettings()` is what the fit asks.
  public var fitSettings: FitSettings?
  /// The `[solver]` table (a feinvert extension): which sparse Cholesky factors K.
  public var factorization: FactorizationMethod
  /// The `[data]` table (a feinvert extension): how to read the measured-data file.
  public var dataOptions = MeasuredDataOptions()
  /// The `[solver]` table's memory limit and PETSc backend (ModelReader+Solver.swift).
  public var solverOptions = SolverOptions()
  /// The line of each key path (`plies[2].group` → 31).
  var lines: TOMLLineIndex

  /// Where a key is defined: the file, the key path, and its line (or the line of the
  /// nearest enclosing key: `plies[2].group` falls back to `plies[2]`, then `plies`).
  public func location(_ key: String) -> SourceLocation {
    SourceLocation(file: path, line: line(ofKey: key), key: key)
  }

  func line(ofKey key: String) -> Int? {
    var k = key
    while true {
      if let line = lines.lineOfKey[k] { return line }
      guard let cut = k.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
      k = String(k[..<cut])
    }
  }

  /// The fit settings, or bad input when the file has no `[fit.parameters]` entry.
  public func requireFitSettings() throws -> FitSettings {
    guard let settings = fitSettings else {
      throw InputError(
        "no [fit.parameters] table; expected the parameters the fit may change, e.g. \"IM7_8552.E2\" = { initial = 9000.0, bounds = [3000.0, 30000.0] }",
        at: location("fit"))
    }
    guard !settings.parameters.isEmpty else {
      throw InputError(
        "no parameters; expected at least one entry such as \"IM7_8552.E2\" = { initial = 9000.0, bounds = [3000.0, 30000.0] }",
        at: location("fit.parameters"))
    }
    return settings
  }

  /// Runs `body`, giving an `InputError` it throws at a key of this file (and no line)
  /// the key's line, so that a check made far from the reader (binding the model to the
  /// mesh, choosing the observation surface) still prints `file:line: key`.
  public func locatingKeys<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch var error as InputError where error.location.file == path && error.location.line == nil {
      if let key = error.location.key { error.location.line = line(ofKey: key) }
      throw error
    }
  }
}
