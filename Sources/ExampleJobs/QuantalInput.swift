import FeinvertFiles
import FECommon
import CellBiologyExamples

/// A variance–mean CSV (`shared/spec/apps.md` §4) in either of its two forms:
///
///     # baseline_variance = 9        (σ_bg², unit²; optional, default 0)
///     condition,trial,amplitude      raw trials: one row per trial, conditions by label
///     low_ca,1,12.5
///
///     condition,n,mean,variance[,var_of_variance]      one row per condition
///     low_ca,150,24.9,301.2,1510.7
///
/// Raw trials are summarized per condition (`QuantalCondition(label:amplitudes:)`); the
/// conditions keep their order of first appearance. In the summary form `variance` is the
/// unbiased sample variance s² of the amplitudes (background included) and
/// `var_of_variance` Var(s²); where it is missing or empty, the normal-theory value
/// 2s⁴/(n − 1) is used and the report says so. Columns `p` and `p_std_error` (written by
/// `--out`) are ignored.
package struct QuantalInput: Sendable {
  package var conditions: [QuantalCondition]
  /// σ_bg² (unit²).
  package var baselineVariance: Double
  package var baselineFromMetadata: Bool
  /// Labels of conditions whose Var(s²) is the normal-theory value.
  package var normalTheoryWeights: [String]
  /// "trials" or "summary".
  package var form: String
  package var path: String

  /// Reads and checks the file.
  /// - Throws: `InputError` at `path:line`: a header of neither form, an unknown column, a
  ///   condition with fewer than 4 trials, a repeated trial or condition, a negative
  ///   variance, a non-positive Var(s²), fewer than 2 conditions, a malformed
  ///   `baseline_variance`.
  package static func load(path: String) throws -> QuantalInput {
    let table = try CSVTable.read(path: path)
    let baseline = try table.metadataNumber("baseline_variance", accept: { $0 >= 0 }, expected: "a variance >= 0 (unit²)")
    var conditions = [QuantalCondition](), firstRows = [Int](), normal = [String]()
    let form: String
    if table.has("trial") || table.has("amplitude") {
      form = "trials"
      try table.checkColumns(required: ["condition", "trial", "amplitude"])
      let labels = try table.strings("condition")
      let trials = try table.integers("trial")
      let amplitudes = try table.numbers("amplitude")
      var order = [String](), rows = [String: [Int]]()
      for (r, label) in labels.enumerated() {
        if rows[label] == nil { order.append(label) }
        rows[label, default: []].append(r)
      }
      for label in order {
        let members = rows[label] ?? []
        var seen = [Int: Int]()
        for r in members {
          if let first = seen[trials[r]] {
            throw InputError(
              "found trial \(trials[r]) of condition \(label) again (first at line \(table.rowLines[first])); expected each trial once",
              at: table.location(row: r))
          }
          seen[trials[r]] = r
        }
        guard members.count >= 4 else {
          throw InputError("found \(members.count) trial(s) for condition \(label); expected at least 4 (Var(s²) needs them)",
                           at: table.location(row: members[members.count - 1]))
        }
        conditions.append(QuantalCondition(label: label, amplitudes: members.map { amplitudes[$0] }))
        firstRows.append(members[0])
      }
    } else {
      form = "summary"
      // p and p_std_error (the `--out` table's fit columns) are accepted and ignored, so that
      // table reads back as input.
      try table.checkColumns(
        required: ["condition", "n", "mean", "variance"], optional: ["var_of_variance", "p", "p_std_error"])
      let labels = try table.strings("condition")
      let counts = try table.integers("n", accept: { $0 >= 4 }, expected: "a trial count >= 4")
      let means = try table.numbers("mean")
      let variances = try table.numbers("variance", accept: { $0 >= 0 }, expected: "a variance >= 0")
      let given = table.has("var_of_variance")
        ? try table.optionalNumbers("var_of_variance") : [Double?](repeating: nil, count: labels.count)
      for (r, label) in labels.enumerated() {
        if let first = labels[..<r].firstIndex(of: label) {
          throw InputError("found condition \(label) again (first at line \(table.rowLines[first])); expected one row per condition",
                           at: table.location(row: r))
        }
        let s2 = variances[r]
        let v = given[r] ?? 2 * s2 * s2 / Double(counts[r] - 1)
        if given[r] == nil { normal.append(label) }
        conditions.append(QuantalCondition(label: label, trials: counts[r], mean: means[r], variance: s2, varianceOfVariance: v))
        firstRows.append(r)
      }
    }
    for (c, r) in zip(conditions, firstRows) where !(c.varianceOfVariance > 0) {
      throw InputError(
        "found Var(s²) = \(c.varianceOfVariance) for condition \(c.label) (\(c.trials) trials); expected a positive sampling variance of the variance (more trials, or a positive var_of_variance)",
        at: table.location(row: r))
    }
    guard conditions.count >= 2 else {
      throw InputError("found \(conditions.count) condition(s); expected at least 2 (the parabola has two coefficients; 3 or more to test it)",
                       at: table.location(row: 0))
    }
    return QuantalInput(
      conditions: conditions, baselineVariance: baseline ?? 0, baselineFromMetadata: baseline != nil,
      normalTheoryWeights: normal, form: form, path: path)
  }
}
