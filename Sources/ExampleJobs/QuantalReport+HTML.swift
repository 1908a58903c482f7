import CellBiologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension QuantalReport {
  /// The page of `feinvert app quantal --html`: the variance–mean plot, each condition's
  /// variance (less the baseline) against its mean with ±1.96 sd, and the fitted parabola
  /// σ² = a μ + b μ² with its 95 % band.
  package static func page(_ f: QuantalFit, input: QuantalInput) -> ReportPage {
    var page = ReportPage(title: "feinvert app quantal: \(input.path)")
    page.heading(page.title, level: 1)
    page.paragraph("q_app = \(ReportPage.format(f.quantalSize, digits: 4)) ± \(ReportPage.format(f.quantalSizeStandardError, digits: 3)); N = \(ReportPage.format(f.sites, digits: 4)) ± \(ReportPage.format(f.sitesStandardError, digits: 3)); χ² = \(ReportPage.format(f.chiSquare, digits: 4)) on \(f.degreesOfFreedom) degrees of freedom; baseline variance \(ReportPage.format(input.baselineVariance, digits: 4)) subtracted.")
    page.list(f.warnings, cssClass: "warning")
    let means = input.conditions.map(\.mean)
    let top = max(means.max() ?? 1, f.b < 0 ? -f.a / f.b : 0)
    let grid = (0...200).map { top * Double($0) / 200 }
    let curve = grid.map { f.a * $0 + f.b * $0 * $0 }
    // Var(a μ + b μ²) = μ² Var a + 2 μ³ Cov(a, b) + μ⁴ Var b.
    let band = grid.map { m in 1.96 * max(0, m * m * f.covariance[0] + 2 * m * m * m * f.covariance[1] + m * m * m * m * f.covariance[3]).squareRoot() }
    page.figure(
      id: "quantal-variance-mean",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)), ("y", .exact(zip(curve, band).map { $0 - $1 })),
                 ("line", .object([("width", .number(0))])), ("showlegend", .bool(false)), ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)), ("y", .exact(zip(curve, band).map { $0 + $1 })),
                 ("fill", .string("tonexty")), ("fillcolor", .string("rgba(120,60,160,0.2)")), ("line", .object([("width", .number(0))])),
                 ("name", .string("95 % band of the parabola"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)), ("y", .exact(curve)),
                 ("name", .string("σ² = a μ + b μ²")), ("line", .object([("color", .string("#6c3483"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(means)),
                 ("y", .exact(input.conditions.map { $0.variance - input.baselineVariance })),
                 ("error_y", .object([("type", .string("data")), ("array", .exact(input.conditions.map { 1.96 * $0.varianceOfVariance.squareRoot() })),
                                      ("color", .string("#333"))])),
                 ("text", .strings(input.conditions.map(\.label))), ("name", .string("conditions")),
                 ("marker", .object([("size", .number(9)), ("color", .string("#333"))]))]),
      ],
      layout: [("title", .string("Variance–mean plot")), ("xaxis", .object([("title", .string("mean amplitude μ"))])),
               ("yaxis", .object([("title", .string("variance − baseline"))]))],
      marks: 3 * grid.count + means.count,
      caption: "Each condition's amplitude variance (less the baseline) against its mean, ±1.96 sd of the variance; the weighted fit of the parabola, whose initial slope is the apparent quantal size and whose second root −a/b is q·N.")
    return page
  }
}
