import FeinvertFiles
import Foundation
import CellBiologyExamples

/// The report, the rate table and the printed summary of `feinvert app ribosome`.
package enum RibosomeReport {
  /// The JSON report: estimates with standard errors, λ by all three rules with tr H, the
  /// condition number and what the data cannot determine.
  package static func json(_ e: RibosomeEstimate, input: RibosomeInput) -> JSONValue {
    let profile = input.profile
    var lambda: [(String, JSONValue)] = [
      ("used", .number(e.lambda)), ("rule", .string(e.lambdaSource)), ("trace_influence", .number(e.traceInfluence)),
    ]
    if let s = e.selection {
      for rule in RibosomeLambdaRule.allCases {
        let c = s.choice(rule)
        lambda.append((rule.rawValue, .object([
          ("lambda", .number(c.lambda)), ("trace_influence", .number(c.traceInfluence)),
          ("weighted_residual_squared", .number(c.residualSquared)), ("gcv", .number(c.gcv)),
          ("curvature", .number(c.curvature)), ("note", c.note.map(JSONValue.string) ?? .null),
        ])))
      }
      lambda.append(("grid", .object([
        ("from", .number(s.grid.first ?? 0)), ("to", .number(s.grid.last ?? 0)),
        ("points", .integer(s.grid.count)), ("decades_per_step", .number(0.05)),
        ("refinement", .string("Brent in ln λ (GCV minimum, L-curve maximum curvature); Brent root for RSS_w = n")),
      ])))
    }
    let estimates: [JSONValue] = e.rates.indices.map { i in
      .object([
        ("codon", .integer(input.codons[i])), ("k", .number(e.rates[i])),
        ("std_error", e.rateStandardErrors[i].map(JSONValue.number) ?? .null),
        ("occupancy", .number(e.occupancy[i])), ("at_bound", .bool(e.codonsAtBound.contains(i))),
      ])
    }
    let (low, high) = (e.rates.min() ?? 0, e.rates.max() ?? 0)
    let identifiability: JSONValue = .object([
      ("rank", .integer(e.dataRank)), ("parameters", .integer(e.rates.count)),
      ("effective_parameters", .number(e.traceInfluence)),
      ("null_space", .string("the common scale K = flux × depth of all occupancies: only relative rates are identified; k is scaled to the harmonic mean k̄")),
      ("ranges", .object([
        ("k_min", .number(low)), ("k_max", .number(high)),
        ("codons_at_bound", .array(e.codonsAtBound.map { .integer(input.codons[$0]) })),
        ("k_at_bound_is", .string("a lower bound only (the occupancy is held at the positivity bound)")),
      ])),
      ("warnings", .array(e.warnings.map(JSONValue.string))),
    ])
    return .object([
      ("app", .string("ribosome")), ("data", .string(input.path)), ("n_codons", .integer(e.rates.count)),
      ("kernel", .numbers(profile.kernel)),
      ("mean_rate", .number(profile.meanRate)),
      ("mean_rate_source", .string(input.meanRateFromMetadata
        ? "metadata mean_rate" : "default: harringtonine run-off, mouse ES cells (Ingolia, Lareau & Weissman 2011, Cell 147:789)")),
      ("units", .object([("k", .string("codons/s")), ("occupancy", .string("reads per codon (K/k)"))])),
      ("lambda", .object(lambda)),
      ("weighted_residual_squared", .number(e.weightedResidualSquared)),
      ("reduced_chi_square", .number(e.reducedChiSquare)),
      ("roughness", .number(e.roughness)),
      ("occupancy_lower_bound", .number(e.occupancyLowerBound)),
      ("condition_number", .number(e.kernelConditionNumber)),
      ("condition_number_of", .string("√W G, the weighted kernel (unregularized)")),
      ("factorizations", .integer(e.factorizations)),
      ("std_error_note", .string("noise only (Poisson, weights 1/max(c,1)); the regularization bias is not included")),
      ("estimates", .array(estimates)),
      ("identifiability", identifiability),
    ])
  }

  /// `codon,k`, one row per codon.
  package static func csv(_ e: RibosomeEstimate, codons: [Int]) -> String {
    var out = "codon,k\n"
    for i in e.rates.indices { out += "\(codons[i]),\(e.rates[i])\n" }
    return out
  }

  /// A few lines for the terminal.
  package static func summary(_ e: RibosomeEstimate, input: RibosomeInput) -> String {
    func g(_ x: Double) -> String { String(format: "%.4g", x) }
    let p = input.profile
    var out = "ribosome: \(p.codonCount) codons, kernel \(p.kernel.map(g).joined(separator: "/")), k̄ = \(g(p.meanRate)) codons/s\n"
    if let s = e.selection {
      out += "lambda: " + RibosomeLambdaRule.allCases.map { r in
        let c = s.choice(r)
        return "\(r.rawValue) \(g(c.lambda)) (tr H \(g(c.traceInfluence)))"
      }.joined(separator: ", ") + "; used \(e.lambdaSource)\n"
    } else {
      out += "lambda: fixed \(g(e.lambda)) (tr H \(g(e.traceInfluence)))\n"
    }
    if let lo = e.rates.indices.min(by: { e.rates[$0] < e.rates[$1] }),
       let hi = e.rates.indices.max(by: { e.rates[$0] < e.rates[$1] }) {
      out += "k: min \(g(e.rates[lo])) at codon \(input.codons[lo]), max \(g(e.rates[hi])) at codon \(input.codons[hi]) (codons/s)\n"
    }
    out += "RSS_w/(n - tr H) = \(g(e.reducedChiSquare)), condition number of sqrt(W) G = \(g(e.kernelConditionNumber)), \(e.codonsAtBound.count) codon(s) at the positivity bound, \(e.factorizations) CHOLMOD factorization(s)\n"
    for w in e.warnings { out += "note: \(w)\n" }
    return out
  }
}
