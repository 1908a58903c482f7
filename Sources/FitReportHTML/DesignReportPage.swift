import FECommon
import Foundation

/// The page of `feinvert design --html`: the printed summary, then per candidate and per
/// parameter a map of where on each observed face the information about that parameter
/// is (each point's share of the Fisher information's diagonal for relative changes
/// δp/p), as colour-scaled markers in the face's plane (its two widest extents).
package enum DesignReportPage {
  package typealias Map = (name: String, points: [SIMD3<Double>], information: [[Double]])

  /// - Parameters:
  ///   - summary: the lines the command printed.
  ///   - names: the parameters.
  ///   - maps: per candidate, its data sets' maps (`information[j][point]`).
  package static func html(title: String, summary: [String], names: [String], maps: [[Map]]) throws -> String {
    var page = ReportPage(title: title)
    page.heading("Predicted resolution")
    page.raw("<pre>" + ReportPage.escape(summary.joined(separator: "\n")) + "</pre>\n")
    page.heading("Where the information is")
    page.paragraph(
      "Each point's share of the information about a parameter (Σ over its components of (∂r/∂p · p)², r the residual in units of its σ, rigid motion projected out): the sum over a face is that face's information about the relative change δp/p. Bright regions pin the parameter down; choose the field of view and data density there.")
    var figure = 0
    for (c, candidateMaps) in maps.enumerated() {
      for map in candidateMaps {
        page.heading(map.name, level: 3)
        page.beginRow()
        let (a, b) = planeAxes(map.points)
        let axisNames = ["x", "y", "z"]
        for (j, name) in names.enumerated() {
          figure += 1
          let values = map.information[j]
          let total = values.reduce(0, +)
          page.figure(
            id: "design-map-\(c)-\(figure)",
            data: [.object([
              ("type", .string("scatter")), ("mode", .string("markers")),
              ("x", .numbers(map.points.map { $0[a] }, digits: 6)), ("y", .numbers(map.points.map { $0[b] }, digits: 6)),
              ("marker", .object([
                ("color", .numbers(values, digits: 4)), ("colorscale", .string("Viridis")), ("size", .number(6)),
                ("colorbar", .object([("title", .string("information"))])),
              ])),
              ("name", .string(name)),
            ])],
            layout: [
              ("title", .string("\(name): \(map.name)")),
              ("xaxis", .object([("title", .string(axisNames[a]))])),
              ("yaxis", .object([("title", .string(axisNames[b])), ("scaleanchor", .string("x"))])),
            ],
            marks: values.count,
            caption: "\(name) on \(map.name): \(values.count) points, total information \(ReportPage.format(total, digits: 4)) (relative standard error from this face alone, ignoring correlation: \(total > 0 ? ReportPage.format(1 / total.squareRoot(), digits: 3) : "unresolved"))",
            height: 320, width: 460)
        }
        page.endRow()
      }
    }
    return page.html(library: try ChartLibrary.text())
  }

  /// The two widest extents of a point set.
  static func planeAxes(_ points: [SIMD3<Double>]) -> (Int, Int) {
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
    let extent = hi - lo
    let thin = extent.x <= extent.y && extent.x <= extent.z ? 0 : (extent.y <= extent.z ? 1 : 2)
    let others = [0, 1, 2].filter { $0 != thin }
    return (others[0], others[1])
  }
}
