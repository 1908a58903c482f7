import FECommon
import FeinvertFiles
import Foundation

/// The output directory of `feinvert stresses`, read back for the page:
/// `interlaminar.csv` (per sample the summary tractions and, with a covariance, their 95 %
/// band limits), `interlaminar_summary.json` (each interface's edge values, the free edges'
/// summaries and quality warnings) and, when present, `free_edges.csv` (every free edge at
/// every interface, in the edge's frame).
package struct StressesFiles {
  package struct Line {
    package var interface: Int
    package var y: [Double]
    /// Per traction (sigma_zz, tau_xz, tau_yz): values, and band limits when present.
    package var values: [[Double]]
    package var low: [[Double]]?
    package var high: [[Double]]?
  }

  /// One free edge at one interface: arc length s and the edge-frame tractions.
  package struct EdgeProfile {
    package var edge: String
    package var interface: Int
    package var s: [Double]
    /// Per traction (sigma_zz, tau_nz, tau_tz): values, and band limits when present.
    package var values: [[Double]]
    package var low: [[Double]]?
    package var high: [[Double]]?
  }

  package static let tractions = ["sigma_zz", "tau_xz", "tau_yz"]
  package static let edgeTractions = ["sigma_zz", "tau_nz", "tau_tz"]
  package var directory: String
  package var lines: [Line]
  package var summary: [String: Any]
  package var freeEdges: [EdgeProfile] = []

  package static func read(directory: String) throws -> StressesFiles {
    let csvPath = OutputDirectory.path(directory, "interlaminar.csv")
    let lines = try widthLines(path: csvPath)
    let jsonPath = OutputDirectory.path(directory, "interlaminar_summary.json")
    let text = try TextFile.read(path: jsonPath, expected: "interlaminar_summary.json written by feinvert stresses")
    guard let summary = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
      throw InputError("found text that is not a JSON object; expected the summary written by feinvert stresses",
                       at: SourceLocation(file: jsonPath))
    }
    var files = StressesFiles(directory: directory, lines: lines, summary: summary)
    let edgesPath = OutputDirectory.path(directory, "free_edges.csv")
    if FileManager.default.fileExists(atPath: edgesPath) { files.freeEdges = try freeEdges(path: edgesPath) }
    return files
  }

  /// `interlaminar.csv`, one line per interface; none when the file has its header only
  /// (`stresses` writes no line across the width where no free edge runs along x).
  static func widthLines(path csvPath: String) throws -> [Line] {
    let raw = try TextFile.read(path: csvPath, expected: "interlaminar.csv written by feinvert stresses")
    let dataLines = raw.split(separator: "\n").filter { line in
      let t = line.trimmingCharacters(in: .whitespaces)
      return !t.isEmpty && !t.hasPrefix("#")
    }
    guard dataLines.count > 1 else { return [] }
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
    return lines
  }

  /// `free_edges.csv`, grouped by edge and interface in file order.
  static func freeEdges(path: String) throws -> [EdgeProfile] {
    let table = try CSVTable.read(path: path)
    for name in ["edge", "interface", "s"] + edgeTractions { _ = try table.index(of: name) }
    let edges = try table.strings("edge"), interfaces = try table.integers("interface"), s = try table.numbers("s")
    func column(_ name: String) throws -> [Double] { try table.optionalNumbers(name).map { $0 ?? .nan } }
    let values = try edgeTractions.map(column)
    let banded = edgeTractions.allSatisfy { table.has($0 + "_lo95") && table.has($0 + "_hi95") }
    let low = banded ? try edgeTractions.map { try column($0 + "_lo95") } : nil
    let high = banded ? try edgeTractions.map { try column($0 + "_hi95") } : nil
    var order = [String]()
    var rowsOf = [String: [Int]]()
    for r in edges.indices {
      let key = "\(edges[r])\u{1}\(interfaces[r])"
      if rowsOf[key] == nil { order.append(key) }
      rowsOf[key, default: []].append(r)
    }
    return order.map { key in
      let rows = rowsOf[key]!
      func pick(_ columns: [[Double]]) -> [[Double]] { columns.map { c in rows.map { c[$0] } } }
      // A column of empty band cells (a user's path) is no band.
      let hasBand = low.map { l in rows.contains { l[0][$0].isFinite } } ?? false
      return EdgeProfile(edge: edges[rows[0]], interface: interfaces[rows[0]], s: rows.map { s[$0] }, values: pick(values),
                         low: hasBand ? low.map(pick) : nil, high: hasBand ? high.map(pick) : nil)
    }
  }
}
