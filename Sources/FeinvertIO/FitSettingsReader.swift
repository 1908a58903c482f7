import FECommon
import FEKernel
import Foundation
import Inversion
import LaminateFit
import TOMLKit

/// Reads `[fit]` and `[fit.parameters]` from the model TOML.
///
///     [fit.parameters]
///     "IM7_8552.E2" = { initial = 9000.0, bounds = [3000.0, 30000.0] }
///     "ply1.angle"  = { initial = 40.0,   bounds = [30.0, 60.0] }     # degrees
///     [fit]
///     regularization = "none"          # or "tikhonov" with lambda = number | "auto"
///     lambda_rule = "discrepancy"      # extension: with lambda = "auto": "discrepancy" | "gcv" | "lcurve"
///     max_iterations = 50              # extension
public enum FitSettingsReader {
  public static func read(path: String, model: ModelDefinition) throws -> FitSettings {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw InputError("cannot read the model file; expected a readable TOML file", at: SourceLocation(file: path))
    }
    return try parse(text: text, path: path, model: model)
  }

  public static func parse(text: String, path: String, model: ModelDefinition) throws -> FitSettings {
    let root: TOMLTable
    do { root = try TOMLTable(string: text) } catch let error as TOMLParseError {
      throw InputError("\(error.description); expected valid TOML", at: SourceLocation(file: path, line: error.source.begin.line))
    }
    let reader = TableReader(path: path, lines: TOMLLineIndex(text: text))
    guard let fit = try reader.optionalTable(root, "fit", at: "") else {
      throw reader.error("fit", "no [fit.parameters] table; expected the parameters the fit may change, e.g. \"IM7_8552.E2\" = { initial = 9000.0, bounds = [3000.0, 30000.0] }")
    }
    try reader.allowOnly(["parameters", "regularization", "lambda", "lambda_rule", "max_iterations"], in: fit, at: "fit")
    guard let table = try reader.optionalTable(fit, "parameters", at: "fit"), !table.keys.isEmpty else {
      throw reader.error("fit.parameters", "no parameters; expected at least one entry such as \"IM7_8552.E2\" = { initial = 9000.0, bounds = [3000.0, 30000.0] }")
    }
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
      if case .materialConstant(_, let index) = target, index < 6, initial <= 0 {
        throw reader.error("\(key).initial", "\(initial); a modulus must be positive")
      }
      if parameters.contains(where: { $0.target == target }) {
        throw reader.error(key, "names the same quantity as another entry; expected each parameter once")
      }
      parameters.append(FitParameter(name: name, target: target, initial: initial, lower: bounds[0], upper: bounds[1], location: reader.location(key)))
    }
    var regularization = Regularization.none
    let kind = try reader.optionalString(fit, "regularization", at: "fit") ?? "none"
    switch kind {
    case "none":
      break
    case "tikhonov":
      let ruleName = try reader.optionalString(fit, "lambda_rule", at: "fit")
      if let s = fit["lambda"]?.string {
        guard s == "auto" else { throw reader.error("fit.lambda", "\"\(s)\"; expected a number or \"auto\"") }
        let rule: RegularizationRule
        switch ruleName ?? "default" {
        case "discrepancy": rule = .discrepancy(noiseKnown: true)
        case "gcv": rule = .generalizedCrossValidation
        case "lcurve": rule = .lCurve
        case "default": rule = .generalizedCrossValidation
        default: throw reader.error("fit.lambda_rule", "\"\(ruleName!)\"; expected \"discrepancy\", \"gcv\" or \"lcurve\"")
        }
        regularization = .tikhonovAuto(rule: rule)
      } else {
        guard let lambda = try reader.optionalNumber(fit, "lambda", at: "fit") else {
          throw reader.error("fit.lambda", "is missing; expected a number or \"auto\" with regularization = \"tikhonov\"")
        }
        guard lambda >= 0 else { throw reader.error("fit.lambda", "\(lambda); expected a non-negative number") }
        regularization = .tikhonov(lambda: lambda)
      }
    default:
      throw reader.error("fit.regularization", "\"\(kind)\"; expected \"none\" or \"tikhonov\"")
    }
    var maxIterations = 50
    if let m = try reader.optionalNumber(fit, "max_iterations", at: "fit") {
      guard m >= 1, m == m.rounded() else { throw reader.error("fit.max_iterations", "\(m); expected a positive integer") }
      maxIterations = Int(m)
    }
    return FitSettings(parameters: parameters, regularization: regularization, maxIterations: maxIterations)
  }
}
