import FECommon
import FeinvertFiles
import Inversion
import LaminateFit

extension FitReport {
  /// The `fit.json` extensions the HTML report draws (README, "The HTML report"):
  ///
  /// - `history`: every Levenberg–Marquardt attempt reported during the run, in order:
  ///   `run` (1 for the fit; it counts up where the attempt number starts again: a
  ///   refit of `discretization = "correct"`; restarts and profiles report no attempts), `iteration`, `objective`, `step` (‖δx‖ in scaled
  ///   parameters), `damping` (Marquardt's μ), `accepted`;
  /// - `singular_vectors`: per singular value (as in `singular_values`), the right singular
  ///   vector of the column-normalized Jacobian over all parameters (0 for a parameter held
  ///   at a bound);
  /// - `warnings` and `notes`: what the command printed as warnings and notes.
  public static func extensions(
    history: [IterationRecord], assessed: AssessedFit, warnings: [String], notes: [String]
  ) -> [(String, JSONValue)] {
    var run = 1
    var previous = 0
    let records: [JSONValue] = history.map { r in
      if r.iteration <= previous { run += 1 }
      previous = r.iteration
      return .object([
        ("run", .integer(run)), ("iteration", .integer(r.iteration)), ("objective", .number(r.objective)),
        ("step", .number(r.stepNorm)), ("damping", .number(r.damping)), ("accepted", .bool(r.accepted)),
      ])
    }
    var fields: [(String, JSONValue)] = [("history", .array(records))]
    let vectors = assessed.outcome.uncertainty.singularVectors
    if !vectors.isEmpty { fields.append(("singular_vectors", .array(vectors.map { .numbers($0) }))) }
    fields.append(("warnings", .array(warnings.map { .string($0) })))
    fields.append(("notes", .array(notes.map { .string($0) })))
    return fields
  }
}

extension JSONValue {
  /// This object with `fields` appended (a key already present is replaced); any other value unchanged.
  public func appending(_ fields: [(String, JSONValue)]) -> JSONValue {
    guard case .object(var existing) = self else { return self }
    let keys = Set(fields.map(\.0))
    existing.removeAll { keys.contains($0.0) }
    return .object(existing + fields)
  }
}
