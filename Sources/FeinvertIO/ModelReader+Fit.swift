import FECommon
import FEKernel
import Inversion
import LaminateFit
import TOMLKit

/// The `[fit]` and `[fit.parameters]` tables of the model:
///
///     [fit.parameters]
///     "IM7_8552.E2" = { initial = 9000.0, bounds = [3000.0, 30000.0] }
///     "ply1.angle"  = { initial = 40.0,   bounds = [30.0, 60.0] }     # degrees
///     [fit]
///     regularization = "none"          # or "tikhonov" with lambda = number | "auto"
///     lambda_rule = "discrepancy"      # extension: with lambda = "auto": "discrepancy" | "gcv" | "lcurve"
///     max_iterations = 50              # extension
extension ModelReader {
  /// The settings of a present `[fit]` table, its parameters resolved against `model`.
  /// A table without parameters reads as no parameters; the fit refuses it
  /// (`ModelFile.requireFitSettings`), other commands do not need it.
  static func fit(_ fit: TOMLTable, model: ModelDefinition, reader: TableReader) throws -> FitSettings {
    try reader.allowOnly(
      ["parameters", "regularization", "lambda", "lambda_rule", "max_iterations", "discretization", "restarts", "intervals", "profile",
       "factor_reuse", "factor_reuse_iterations"],
      in: fit, at: "fit")
    var parameters = [FitParameter]()
    if let table = try reader.optionalTable(fit, "parameters", at: "fit") {
      parameters = try fitParameters(table, model: model, reader: reader)
    }
    var maxIterations = 50
    if let m = try reader.optionalNumber(fit, "max_iterations", at: "fit") {
      guard m >= 1, m == m.rounded() else { throw reader.error("fit.max_iterations", "\(m); expected a positive integer") }
      maxIterations = Int(m)
    }
    var settings = FitSettings(parameters: parameters, regularization: try regularization(fit, reader: reader), maxIterations: maxIterations)
    try honesty(fit, into: &settings, reader: reader)
    try factorReuse(fit, into: &settings, reader: reader)
    return settings
  }

  /// `discretization`, `restarts`, `intervals` and `profile` of `[fit]` (extensions).
  static func honesty(_ fit: TOMLTable, into settings: inout FitSettings, reader: TableReader) throws {
    if let mode = try reader.optionalString(fit, "discretization", at: "fit") {
      guard let m = DiscretizationMode(rawValue: mode) else {
        throw reader.error("fit.discretization", "\"\(mode)\"; expected \"check\", \"off\" or \"correct\"")
      }
      settings.discretization = m
    }
    if let r = try reader.optionalNumber(fit, "restarts", at: "fit") {
      guard r >= 0, r <= 100, r == r.rounded() else { throw reader.error("fit.restarts", "\(r); expected a whole number from 0 to 100") }
      settings.restarts = Int(r)
    }
    let intervals = try reader.optionalString(fit, "intervals", at: "fit") ?? "linearized"
    guard intervals == "linearized" || intervals == "profile" else {
      throw reader.error("fit.intervals", "\"\(intervals)\"; expected \"linearized\" or \"profile\"")
    }
    let names = fit["profile"] == nil ? nil : try reader.stringArray(fit, "profile", at: "fit")
    if intervals == "profile" {
      let all = settings.parameters.map(\.name)
      let asked = names ?? all
      if let unknown = asked.first(where: { !all.contains($0) }) {
        throw reader.error("fit.profile", "\"\(unknown)\" is not a fitted parameter; expected some of \(all.joined(separator: ", "))")
      }
      settings.profileParameters = asked
    } else if names != nil {
      throw reader.error("fit.profile", "is given but intervals is not \"profile\"; expected intervals = \"profile\" with it")
    }
  }

  /// `[fit.parameters]`, in file order: each name resolved, its initial value inside its
  /// bounds, a modulus positive, and no quantity named twice.
  static func fitParameters(_ table: TOMLTable, model: ModelDefinition, reader: TableReader) throws -> [FitParameter] {
    var parameters = [FitParameter]()
    for name in table.keys.sorted(by: { reader.order("fit.parameters.\($0)") < reader.order("fit.parameters.\($1)") }) {
      let key = "fit.parameters.\(name)"
      guard let entry = table[name]?.table else {
        throw reader.error(key, "is not a table; expected { initial = x, bounds = [lower, upper] }")
      }
      try reader.allowOnly(["initial", "bounds"], in: entry, at: key)
      let target = try FitParameter.target(named: name, in: model, at: reader.location(key))
      let initial = try reader.number(entry, "initial", at: key)
      let bounds = try entry["bounds"] == nil ? [-Double.infinity, Double.infinity] : reader.numberArray(entry, "bounds", count: 2, at: key)
      guard bounds[0] < bounds[1] else {
        throw reader.error("\(key).bounds", "[\(bounds[0]), \(bounds[1])] is empty; expected lower < upper")
      }
      guard initial >= bounds[0] && initial <= bounds[1] else {
        throw reader.error("\(key).initial", "\(initial) lies outside its bounds [\(bounds[0]), \(bounds[1])]; expected a value inside")
      }
      if case .materialConstant(_, let constant) = target, constant.isModulus, initial <= 0 {
        throw reader.error("\(key).initial", "\(initial); a modulus must be positive")
      }
      if parameters.contains(where: { $0.target == target }) {
        throw reader.error(key, "names the same quantity as another entry; expected each parameter once")
      }
      parameters.append(FitParameter(name: name, target: target, initial: initial, lower: bounds[0], upper: bounds[1], location: reader.location(key)))
    }
    return parameters
  }

  /// `regularization`, `lambda` and `lambda_rule` of `[fit]`.
  static func regularization(_ fit: TOMLTable, reader: TableReader) throws -> Regularization {
    let kind = try reader.optionalString(fit, "regularization", at: "fit") ?? "none"
    switch kind {
    case "none":
      return .none
    case "tikhonov":
      let ruleName = try reader.optionalString(fit, "lambda_rule", at: "fit")
      if let s = fit["lambda"]?.string {
        guard s == "auto" else { throw reader.error("fit.lambda", "\"\(s)\"; expected a number or \"auto\"") }
        let rule: RegularizationRule
        switch ruleName {
        case "discrepancy": rule = .discrepancy(noiseKnown: true)
        case "gcv", nil: rule = .generalizedCrossValidation
        case "lcurve": rule = .lCurve
        case let other?: throw reader.error("fit.lambda_rule", "\"\(other)\"; expected \"discrepancy\", \"gcv\" or \"lcurve\"")
        }
        return .tikhonovAuto(rule: rule)
      }
      guard let lambda = try reader.optionalNumber(fit, "lambda", at: "fit") else {
        throw reader.error("fit.lambda", "is missing; expected a number or \"auto\" with regularization = \"tikhonov\"")
      }
      guard lambda >= 0 else { throw reader.error("fit.lambda", "\(lambda); expected a non-negative number") }
      return .tikhonov(lambda: lambda)
    default:
      throw reader.error("fit.regularization", "\"\(kind)\"; expected \"none\" or \"tikhonov\"")
    }
  }
}
