import FECommon
import FeinvertFiles
import Foundation

/// The charting library inlined into every page: plotly.js as Debian's `python3-plotly`
/// ships it (`/usr/share/python3-plotly/plotly.js`, plotly.js 2.6.3, MIT licence).
///
/// `FEINVERT_PLOTLY_JS` names another copy (for example a newer `plotly.min.js`).
package enum ChartLibrary {
  package static let debianPath = "/usr/share/python3-plotly/plotly.js"

  /// The library's text.
  ///
  /// - Throws: `InputError` naming the paths tried when no copy is found.
  package static func text(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
    let path = environment["FEINVERT_PLOTLY_JS"] ?? debianPath
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw InputError(
        "the charting library is missing; expected plotly.js from Debian's python3-plotly (scripts/bootstrap.sh installs it) or a copy named by FEINVERT_PLOTLY_JS",
        at: SourceLocation(file: path))
    }
    let text = try TextFile.read(path: path, expected: "plotly.js")
    guard text.contains("Plotly") else {
      throw InputError("found a file that is not plotly.js; expected the plotly.js library", at: SourceLocation(file: path))
    }
    return text
  }
}
