import FeinvertFiles
import FECommon
import EngineeringExamples

/// `feinvert app fin` from files to files.
package enum FinJob {
  /// Reads the rows, inverts each, writes the report (and the table with `--out`).
  ///
  /// - Throws: `InputError` (exit 2) for bad input, `ScalarRootError` (exit 3) if a
  ///   root search fails.
  package static func run(data: String, report: String, out: String?) throws
    -> (results: [FinInversion.Result], summary: String)
  {
    let input = try FinInput.load(path: data)
    let results = try input.rows.map { try FinInversion.invert($0.fin, q: $0.q, sigmaQ: $0.sigmaQ) }
    var files = [(report, FinReport.json(results, input: input, data: data).withProvenance(try Provenance(inputs: [("data", data)])).encoded() + "\n")]
    if let out { files.append((out, FinReport.csv(results, input: input))) }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return (results, FinReport.summary(results, input: input, data: data) + "wrote \(files.map(\.0).joined(separator: ", "))\n")
  }
}
