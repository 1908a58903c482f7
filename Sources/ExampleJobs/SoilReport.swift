import FeinvertFiles
import Foundation
import EcologyExamples

/// The outputs of `feinvert app soil`: the JSON report, the `reaction,nnls,min,max`
/// table and the printed summary.
package enum SoilReport {
  /// The report: estimates, fitted fluxes, χ², condition number and the
  /// `identifiability` block (rank, null space, ranges, non-negative null vector,
  /// warnings). An unbounded maximum is `null` with `"max_unbounded": true` (JSON has
  /// no infinity).
  package static func json(_ r: SoilFluxResult, input: SoilInput, paths: (data: String, stoichiometry: String)) -> JSONValue {
    let s = input.stoichiometry
    let reactions: [JSONValue] = s.reactions.indices.map { j in
      .object([
        ("name", .string(s.reactions[j])),
        ("nnls", .number(r.nnlsRates[j])),
        ("min", .number(r.ranges[j].min)),
        ("max", r.ranges[j].max.isFinite ? .number(r.ranges[j].max) : .null),
        ("max_unbounded", .bool(!r.ranges[j].max.isFinite)),
        ("determined", .bool(r.isDetermined(j))),
      ])
    }
    let species: [JSONValue] = s.species.indices.map { i in
      .object([
        ("species", .string(s.species[i])),
        ("flux", .number(input.fluxes[i])),
        ("sigma", .number(input.sigma[i])),
        ("fitted", .number(r.fittedFluxes[i])),
        ("weighted_residual", .number(r.weightedResiduals[i])),
      ])
    }
    var warnings = r.warnings
    for name in input.unmeasuredSpecies {
      warnings.append("species \(name) has no measured flux in \(paths.data): left out of the fit")
    }
    let identifiability: JSONValue = .object([
      ("rank", .integer(r.rank)),
      ("n_reactions", .integer(s.reactions.count)),
      ("null_space_dimension", .integer(r.nullSpace.count)),
      ("null_space", .array(r.nullSpace.map { JSONValue.numbers($0) })),
      ("null_space_order", .array(s.reactions.map { .string($0) })),
      ("null_space_echelon", .array(SoilFluxInversion.echelonBasis(r.nullSpace).map { JSONValue.numbers($0) })),
      ("ranges", .array(r.ranges.map { .array([.number($0.min), $0.max.isFinite ? .number($0.max) : .null]) })),
      ("range_tolerance", .number(r.rangeTolerance)),
      ("non_negative_null_vector", r.nonNegativeNullVector.map { JSONValue.numbers($0) } ?? .null),
      ("warnings", .array(warnings.map { .string($0) })),
    ])
    return .object([
      ("app", .string("soil")),
      ("data", .string(paths.data)),
      ("stoichiometry", .string(paths.stoichiometry)),
      ("method", .string("weighted Lawson-Hanson NNLS (W = 1/sigma); flux variability by LP (GLPK simplex)")),
      ("n_species", .integer(s.species.count)),
      ("reactions", .array(reactions)),
      ("fluxes", .array(species)),
      ("chi2_min", .number(r.chiSquared)),
      ("dof", .integer(r.degreesOfFreedom)),
      ("condition_number", .number(r.conditionNumber)),
      ("singular_values", .numbers(r.singularValues)),
      ("identifiability", identifiability),
    ])
  }

  /// `reaction,nnls,min,max`, `inf` for an unbounded maximum.
  package static func csv(_ r: SoilFluxResult, reactions: [String]) -> String {
    var text = "reaction,nnls,min,max\n"
    for (j, name) in reactions.enumerated() {
      let hi = r.ranges[j].max.isFinite ? number(r.ranges[j].max) : "inf"
      text += "\(name),\(number(r.nnlsRates[j])),\(number(r.ranges[j].min)),\(hi)\n"
    }
    return text
  }

  /// The printed summary: a header line, the rate table, the warnings.
  package static func summary(_ r: SoilFluxResult, input: SoilInput) -> String {
    let s = input.stoichiometry
    var text = String(
      format: "soil: %d species, %d reactions, rank %d, chi2_min %.4g (dof %d), condition number %.4g\n",
      s.species.count, s.reactions.count, r.rank, r.chiSquared, r.degreesOfFreedom, r.conditionNumber)
    let width = max(8, s.reactions.map(\.count).max() ?? 0)
    func pad(_ t: String, _ w: Int) -> String { t.count >= w ? t : t + String(repeating: " ", count: w - t.count) }
    text += pad("reaction", width) + "  " + pad("nnls", 12) + "  " + pad("min", 12) + "  max\n"
    for (j, name) in s.reactions.enumerated() {
      let hi = r.ranges[j].max.isFinite ? String(format: "%.6g", r.ranges[j].max) : "+inf"
      text += pad(name, width) + "  " + pad(String(format: "%.6g", r.nnlsRates[j]), 12) + "  "
        + pad(String(format: "%.6g", r.ranges[j].min), 12) + "  " + hi + "\n"
    }
    for w in r.warnings { text += "warning: \(w)\n" }
    for name in input.unmeasuredSpecies { text += "warning: species \(name) has no measured flux: left out of the fit\n" }
    return text
  }

  /// Full precision, shortest round-trip form.
  static func number(_ x: Double) -> String { "\(x)" }
}
