import FeinvertFiles
import Foundation
import EngineeringExamples

/// The report, the `n,x_hat` table and the printed summary of `feinvert app deconv`.
package enum DeconvolutionReport {
  package static func json(_ e: DeconvolutionEstimate, input: DeconvolutionInput) -> JSONValue {
    let n = e.estimate.count
    let nullSpace: JSONValue = .object([
      ("bins", .array(e.nullBins.map { .integer($0) })),
      ("frequencies", .numbers(e.nullFrequencies)),
      ("dimension", .integer(e.nullBins.count)),
      ("bias", .string(e.nullBins.isEmpty
        ? "none: H has no zero, so every frequency reaches the data (the notch bins are only attenuated)"
        : "−x_null, the part of x at the null frequencies; its norm ‖x_null‖ cannot be estimated from y, and no regularization removes it")),
    ])
    return .object([
      ("app", .string("deconv")), ("data", .string(input.path)), ("n_samples", .integer(n)),
      ("method", .string(e.method.rawValue)),
      ("lambda", .object([
        ("rule", .string("gcv")), ("value", .number(e.lambda)), ("trace_influence", .number(e.traceInfluence)),
        ("used", .bool(e.method == .tikhonov)),
        ("grid", .string("max|H|²·[1e-14, 1e2] at 0.05 decades, Brent refinement in ln λ")),
        ("note", e.lambdaNote.map(JSONValue.string) ?? .null),
      ])),
      ("condition_number", .number(e.conditionNumber)),
      ("condition_number_range", .number(e.rangeConditionNumber)),
      ("noise_variance", .number(e.noiseVariance)),
      ("noise_variance_source", .string(e.noiseGiven ? "given (noise_sigma)" : "GCV estimate ‖r‖²/(N − tr H) at λ_GCV")),
      ("std_error", .number(e.standardError)),
      ("std_error_note", .string("per sample, from the noise alone (stationary: the same at every n); bias not included")),
      ("naive_inverse", .object([
        ("expected_error_norm", e.naiveExpectedError.isFinite ? .number(e.naiveExpectedError) : .null),
        ("expected_relative_error", e.naiveExpectedRelativeError.isFinite ? .number(e.naiveExpectedRelativeError) : .null),
        ("definition", .string("sigma*sqrt(sum_k |H_k|^-2): the RMS over noise draws of ||Y/H - x|| (white noise of the reported variance); relative to ||x_hat|| of this method, standing in for the unknown ||x||; null when H has a zero")),
      ])),
      ("out_of_range_residual", .number(e.outOfRangeResidual)),
      ("out_of_range_noise_level", e.outOfRangeNoiseLevel.map(JSONValue.number) ?? .null),
      ("bias", nullSpace),
      ("estimates", .numbers(e.estimate)),
      ("identifiability", .object([
        ("rank", .integer(n - e.nullBins.count)), ("parameters", .integer(n)),
        ("effective_parameters", .number(e.traceInfluence)),
        ("null_space", nullSpace),
        ("ranges", .object([
          ("attenuated_bins", .integer(e.attenuatedBins)),
          ("x_hat_min", .number(e.estimate.min() ?? 0)), ("x_hat_max", .number(e.estimate.max() ?? 0)),
        ])),
        ("warnings", .array(e.warnings.map(JSONValue.string))),
      ])),
    ])
  }

  /// `n,x_hat`.
  package static func csv(_ e: DeconvolutionEstimate, samples: [Int]) -> String {
    var out = "n,x_hat\n"
    for i in e.estimate.indices { out += "\(samples[i]),\(e.estimate[i])\n" }
    return out
  }

  package static func summary(_ e: DeconvolutionEstimate, input: DeconvolutionInput) -> String {
    func g(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "inf" }
    var out = "deconv: \(e.estimate.count) samples, method \(e.method.rawValue)\n"
    out += "lambda (GCV) \(g(e.lambda)), tr H \(g(e.traceInfluence)), noise sigma \(g(e.noiseVariance.squareRoot()))\(e.noiseGiven ? " (given)" : " (GCV)"), std error per sample \(g(e.standardError))\n"
    out += "kappa = max|H|/min|H| = \(g(e.conditionNumber)) (range only: \(g(e.rangeConditionNumber)))\n"
    out += "naive inverse Y/H: expected error over noise draws sigma*sqrt(sum 1/|H_k|^2) = \(g(e.naiveExpectedError))"
      + (e.naiveExpectedRelativeError.isFinite ? ", \(g(e.naiveExpectedRelativeError)) of ||x_hat||\n" : "\n")
    if e.nullBins.isEmpty {
      out += "null bins none: H has no exact zero, so nothing is lost outright (small |H_k| are only attenuated)\n"
    } else {
      out += "null bins \(e.nullBins.map(String.init).joined(separator: ",")); out-of-range residual ||(I-P)y|| = \(g(e.outOfRangeResidual)) (noise level \(e.outOfRangeNoiseLevel.map(g) ?? "not estimable without noise_sigma"))\n"
    }
    for w in e.warnings { out += "note: \(w)\n" }
    return out
  }
}
