import FeinvertFiles
import FitReportHTML
import Foundation

/// Page builders shared by the apps that invert one row at a time (`fin`, `gill`): each
/// row's estimate with its 95 % interval, and the row's condition number κ.
package enum AppPages {
  /// - Parameters:
  ///   - estimates: per row, the estimate (nil: none, only a bound; its interval still drawn).
  ///   - lower, upper: per row, the 95 % interval; a row with an infinite limit gets no bar,
  ///     and the caption counts those rows.
  ///   - kappa: per row, the condition number of the inversion.
  package static func rowIntervals(
    title: String, summary: String, warnings: [String], quantity: String, estimates: [Double?], lower: [Double],
    upper: [Double], kappa: [Double], kappaMeaning: String
  ) -> ReportPage {
    var page = ReportPage(title: title)
    page.heading(title, level: 1)
    page.paragraph(summary)
    page.list(warnings, cssClass: "warning")
    let rows = estimates.indices.map { Double($0 + 1) }
    let drawn = estimates.indices.filter { estimates[$0]?.isFinite == true }
    let ranged = estimates.indices.filter { lower[$0].isFinite && upper[$0].isFinite }
    page.figure(
      id: "rows-estimates",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(ranged.map { rows[$0] })),
                 ("y", .exact(ranged.map { 0.5 * (lower[$0] + upper[$0]) })),
                 ("error_y", .object([("type", .string("data")), ("symmetric", .bool(false)),
                                      ("array", .exact(ranged.map { 0.5 * (upper[$0] - lower[$0]) })),
                                      ("arrayminus", .exact(ranged.map { 0.5 * (upper[$0] - lower[$0]) })),
                                      ("color", .string("#555")), ("thickness", .number(2)), ("width", .number(8))])),
                 ("marker", .object([("size", .number(1)), ("color", .string("rgba(0,0,0,0)"))])), ("name", .string("95 % interval")),
                 ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(drawn.map { rows[$0] })),
                 ("y", .exact(drawn.map { estimates[$0]! })), ("name", .string(quantity)),
                 ("marker", .object([("size", .number(9)), ("color", .string("#1f618d"))]))]),
      ],
      layout: [("title", .string("\(quantity) per row with its 95 % interval")), ("xaxis", .object([("title", .string("data row")), ("dtick", .number(1))])),
               ("yaxis", .object([("title", .string(quantity))]))],
      marks: ranged.count + drawn.count,
      caption: "Each data row's estimate (dots) and 95 % interval (bars)"
        + (ranged.count < estimates.count ? "; \(estimates.count - ranged.count) row(s) have an unbounded interval and show no bar" : "")
        + (drawn.count < estimates.count ? "; \(estimates.count - drawn.count) row(s) give only a bound, no estimate" : "") + ".")
    let finiteKappa = kappa.indices.filter { kappa[$0].isFinite && kappa[$0] > 0 }
    let kappaValues = finiteKappa.map { kappa[$0] }
    // A log axis only when κ spans more than a decade.
    let logAxis = (kappaValues.max() ?? 1) > 10 * (kappaValues.min() ?? 1)
    page.figure(
      id: "rows-kappa",
      data: [.object([("type", .string("bar")), ("x", .exact(finiteKappa.map { rows[$0] })), ("y", .exact(finiteKappa.map { kappa[$0] })),
                      ("marker", .object([("color", .string("#b9770e"))]))])],
      layout: [("title", .string("Condition number per row")), ("xaxis", .object([("title", .string("data row")), ("dtick", .number(1))])),
               ("yaxis", .object([("type", .string(logAxis ? "log" : "linear")), ("title", .string("κ")), ("exponentformat", .string("e"))]))],
      marks: finiteKappa.count,
      caption: kappaMeaning + (finiteKappa.count < kappa.count ? " \(kappa.count - finiteKappa.count) row(s) with an infinite κ are not drawn." : ""),
      height: 320)
    return page
  }
}
