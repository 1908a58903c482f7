import EcologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension EDNAReport {
  /// The page of `feinvert app edna --html`: the samples with the fitted profiles of both
  /// source models, the sampled and (with `--design`) the proposed sites.
  package static func page(_ a: EDNAAnalysis, path: String) -> ReportPage {
    var page = ReportPage(title: "feinvert app edna: \(path)")
    page.heading(page.title, level: 1)
    page.paragraph(a.comparison.statement)
    page.list(a.warnings, cssClass: "warning")
    let x = a.samples.positionsKm
    var lo = x.min() ?? 0, hi = x.max() ?? 1
    for s in (a.design?.best.sitesKm ?? []) + a.candidatesKm { lo = min(lo, s); hi = max(hi, s) }
    let grid = (0...400).map { lo + (hi - lo) * Double($0) / 400 }
    let sd = a.samples.standardDeviations
    var data: [ChartJSON] = [
      .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(x)), ("y", .exact(a.samples.concentrations)),
               ("error_y", .object([("type", .string("data")), ("array", .exact(sd)), ("visible", .bool(true))])),
               ("name", .string("samples (±1 sd)")), ("marker", .object([("color", .string("#333"))]))]),
    ]
    var marks = x.count
    for (fit, colour) in [(a.point, "#c0392b"), (a.distributed, "#2471a3")] {
      let chosen = fit.kind == a.comparison.decision
      data.append(.object([
        ("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)),
        ("y", .exact(grid.map { fit.source.concentration(atKm: $0) })),
        ("name", .string("\(fit.kind == .point ? "point" : "distributed") source, AIC \(ReportPage.format(fit.aic, digits: 4))" + (chosen ? " (chosen)" : ""))),
        ("line", .object([("color", .string(colour)), ("width", .number(chosen ? 3 : 1.5)), ("dash", .string(chosen ? "solid" : "dash"))])),
      ]))
      marks += grid.count
    }
    if let design = a.design {
      let sites = design.best.sitesKm
      data.append(.object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(sites)),
                           ("y", .exact(sites.map { _ in 0 })), ("name", .string("proposed design (\(sites.count) sites)")),
                           ("marker", .object([("symbol", .string("triangle-up")), ("size", .number(12)), ("color", .string("#1e8449"))]))]))
      marks += sites.count
    }
    page.figure(
      id: "edna-profiles", data: data,
      layout: [("title", .string("eDNA along the stream: both source models")), ("xaxis", .object([("title", .string("position (km)"))])),
               ("yaxis", .object([("title", .string("concentration"))]))],
      marks: marks,
      caption: "The samples with their noise model's standard deviation, the fitted point and distributed sources' profiles (the chosen model bold), "
        + (a.design == nil ? "no design requested (--design N proposes one)." : "and the T-optimal design's sites (triangles) that best tell the two models apart: \(a.design!.best.statement)"))
    return page
  }
}
