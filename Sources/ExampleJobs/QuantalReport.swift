import FeinvertFiles
import Foundation
import CellBiologyExamples

/// The report, the per-condition table and the printed summary of `feinvert app quantal`.
package enum QuantalReport {
  package static func json(_ f: QuantalFit, input: QuantalInput) -> JSONValue {
    let z = 1.959963984540054
    func interval(_ x: Double, _ se: Double) -> JSONValue { .numbers([x - z * se, x + z * se]) }
    let nInterval: JSONValue = .object([
      ("lower", f.sitesInterval.lower.map(JSONValue.number) ?? .null),
      ("upper", f.sitesInterval.upper.map(JSONValue.number) ?? .null),
      ("kind", .string(f.sitesInterval.lower == nil ? "undetermined (b ≥ 0 throughout its interval)"
        : (f.sitesInterval.upper == nil ? "lower bound only" : "two-sided, from b's 95 % interval"))),
    ])
    var warnings = f.warnings
    if !input.baselineFromMetadata {
      warnings.append("No baseline_variance in the file: σ_bg² = 0 was assumed, which biases q_app upwards by about σ_bg²/μ.")
    }
    if !input.normalTheoryWeights.isEmpty {
      warnings.append("Var(s²) of condition(s) \(input.normalTheoryWeights.joined(separator: ", ")) is the normal-theory 2s⁴/(n − 1) (no var_of_variance given); amplitude distributions are skewed, so those weights are approximate.")
    }
    let conditions: [JSONValue] = input.conditions.enumerated().map { i, c in
      .object([
        ("condition", .string(c.label)), ("n", .integer(c.trials)), ("mean", .number(c.mean)),
        ("variance", .number(c.variance)), ("var_of_variance", .number(c.varianceOfVariance)),
        ("p", .number(f.releaseProbabilities[i])), ("p_std_error", .number(f.releaseProbabilityStandardErrors[i])),
      ])
    }
    return .object([
      ("app", .string("quantal")), ("data", .string(input.path)), ("form", .string(input.form)),
      ("baseline_variance", .number(input.baselineVariance)),
      ("estimates", .array([
        .object([("name", .string("q_app")), ("estimate", .number(f.quantalSize)),
                 ("std_error", .number(f.quantalSizeStandardError)), ("ci95", interval(f.quantalSize, f.quantalSizeStandardError)),
                 ("meaning", .string("q(1 + CV²), the data's unit"))]),
        .object([("name", .string("N")), ("estimate", .number(f.sites)),
                 ("std_error", .number(f.sitesStandardError)), ("ci95", nInterval),
                 ("meaning", .string("−1/b, number of release sites (delta-method SE; the interval maps b's)"))]),
        .object([("name", .string("a")), ("estimate", .number(f.a)), ("std_error", .number(f.quantalSizeStandardError))]),
        .object([("name", .string("b")), ("estimate", .number(f.b)), ("std_error", .number(f.covariance[3].squareRoot())),
                 ("ci95", interval(f.b, f.covariance[3].squareRoot()))]),
      ])),
      ("covariance_ab", .array([.numbers(Array(f.covariance[0..<2])), .numbers(Array(f.covariance[2..<4]))])),
      ("correlation_ab", .number(f.correlation)),
      ("chi_square", .number(f.chiSquare)), ("degrees_of_freedom", .integer(f.degreesOfFreedom)),
      ("reduced_chi_square", f.degreesOfFreedom > 0 ? .number(f.reducedChiSquare) : .null),
      ("condition_number", .number(f.conditionNumber)),
      ("conditions", .array(conditions)),
      ("identifiability", .object([
        ("rank", .integer(f.rank)), ("parameters", .integer(2)),
        ("null_space", .string("q and CV separately: only q_app = q(1 + CV²) enters the variance–mean relation")),
        ("ranges", .object([("N", nInterval), ("max_p", .number(f.releaseProbabilities.max() ?? .nan))])),
        ("warnings", .array(warnings.map(JSONValue.string))),
      ])),
    ])
  }

  /// `condition,n,mean,variance,var_of_variance,p,p_std_error`: the summary form (which
  /// `feinvert app quantal` reads back) with the fitted release probabilities.
  package static func csv(_ f: QuantalFit, input: QuantalInput) -> String {
    var out = "# baseline_variance = \(input.baselineVariance)\ncondition,n,mean,variance,var_of_variance,p,p_std_error\n"
    for (i, c) in input.conditions.enumerated() {
      out += "\(c.label),\(c.trials),\(c.mean),\(c.variance),\(c.varianceOfVariance),\(f.releaseProbabilities[i]),\(f.releaseProbabilityStandardErrors[i])\n"
    }
    return out
  }

  package static func summary(_ f: QuantalFit, input: QuantalInput) -> String {
    func g(_ x: Double) -> String { String(format: "%.4g", x) }
    var out = "quantal: \(input.conditions.count) conditions (\(input.form)), baseline variance \(g(input.baselineVariance))\n"
    out += "q_app = \(g(f.quantalSize)) +/- \(g(f.quantalSizeStandardError))\n"
    let lo = f.sitesInterval.lower.map(g) ?? "?", hi = f.sitesInterval.upper.map(g) ?? "unbounded"
    out += "N     = \(g(f.sites)) +/- \(g(f.sitesStandardError))   95% [\(lo), \(hi)]\n"
    out += "p     = " + zip(input.conditions, f.releaseProbabilities).map { "\($0.label) \(g($1))" }.joined(separator: ", ") + "\n"
    out += "chi2/dof = \(f.degreesOfFreedom > 0 ? g(f.reducedChiSquare) : "n/a") (dof \(f.degreesOfFreedom)), condition number \(g(f.conditionNumber))\n"
    for w in f.warnings { out += "note: \(w)\n" }
    return out
  }
}
