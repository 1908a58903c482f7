import FECommon
import FeinvertFiles
import Foundation

/// The output directory of `feinvert stresses`, read back for the page:
/// `interlaminar.csv` (per sample the summary tractions and, with a covariance, their 95 %
/// band limits) and `interlaminar_summary.json` (each interface's edge values).
package struct StressesFiles {
  package struct Line {
    package var interface: Int
    package var y: [Double]
    /// Per traction (sigma_zz, tau_xz, tau_yz): values, and band limits when present.
    package var values: [[Double]]
    package var low: [[Double]]?
    package var high: [[Double]]?
  }

  package static let tractions = ["sigma_zz", "tau_xz", "tau_yz"]
  package var directory: String
  package var lines: [Line]
  package var summary: [String: Any]

  package static func read(directory: String) throws -> StressesFiles {
    let csvPath = OutputDirectory.path(directory, "interlaminar.csv")
    let table = try CSVTable.read(path: csvPath)
    for name in ["interface", "y"] + tractions { _ = try table.index(of: name) }
    func column(_ name: String) throws -> [Double] { try table.optionalNumbers(name).map { $0 ?? .nan } }
    let interfaces = try table.integers("interface")
    let y = try table.numbers("y")
    let values = try tractions.map { try column($0) }
    let banded = tractions.allSatisfy { table.has($0 + "_lo95") && table.has($0 + "_hi95") }
    let low = banded ? try tractions.map { try column($0 + "_lo95") } : nil
    let high = banded ? try tractions.map { try column($0 + "_hi95") } : nil
    var lines = [Line]()
    for k in Array(Set(interfaces)).sorted() {
      let rows = interfaces.indices.filter { interfaces[$0] == k }
      func pick(_ columns: [[Double]]) -> [[Double]] { columns.map { c in rows.map { c[$0] } } }
      lines.append(Line(interface: k, y: rows.map { y[$0] }, values: pick(values), low: low.map(pick), high: high.map(pick)))
    }
    let jsonPath = OutputDirectory.path(directory, "interlaminar_summary.json")
    let text = try TextFile.read(path: jsonPath, expected: "interlaminar_summary.json written by feinvert stresses")
    guard let summary = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
      throw InputError("found text that is not a JSON object; expected the summary written by feinvert stresses",
                       at: SourceLocation(file: jsonPath))
    }
    return StressesFiles(directory: directory, lines: lines, summary: summary)
  }
}
