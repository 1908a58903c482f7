import FECommon
import LaminateFit
import TOMLKit

extension ModelReader {
  /// `[fit] factor_reuse = true` (an extension; default false): the fit's iterates after
  /// the first solve by CG preconditioned with the kept factor of an earlier iterate, and
  /// `factor_reuse_iterations` (default 20) CG iterations past which K is factorized anew.
  static func factorReuse(_ fit: TOMLTable, into settings: inout FitSettings, reader: TableReader) throws {
    if let value = fit["factor_reuse"] {
      guard let on = value.bool else {
        throw reader.error("fit.factor_reuse", "is a \(value.type); expected true or false")
      }
      settings.factorReuse = on
    }
    if let m = try reader.optionalNumber(fit, "factor_reuse_iterations", at: "fit") {
      guard m >= 1, m <= 1000, m == m.rounded() else {
        throw reader.error("fit.factor_reuse_iterations", "\(m); expected a whole number from 1 to 1000")
      }
      settings.factorReuseIterations = Int(m)
    }
  }
}
