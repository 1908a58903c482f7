import FECommon
import TOMLKit

extension ModelReader {
  /// `[solver] precision`: `"double"` (the default) or `"mixed"` (a single-precision
  /// factor refined to double-precision answers, `FactorizationMethod.mixedPrecision`);
  /// mixed applies to `factorization = "supernodal"` only.
  /// - Returns: whether the precision is mixed.
  static func mixedPrecision(_ t: TOMLTable, factorization: String, reader: TableReader) throws -> Bool {
    guard let precision = try reader.optionalString(t, "precision", at: "solver") else { return false }
    switch precision {
    case "double": return false
    case "mixed":
      guard factorization == "supernodal" else {
        throw reader.error("solver.precision", "= \"mixed\" applies to factorization = \"supernodal\" only; expected precision = \"double\" with \"\(factorization)\"")
      }
      return true
    default:
      throw reader.error("solver.precision", "\"\(precision)\" is not a precision; expected \"double\" or \"mixed\"")
    }
  }
}
