import EcologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension SoilReport {
  /// The page of `feinvert app soil --html`: each reaction's NNLS rate with the range of
  /// rates that fit the data equally well, and the measured against the fitted fluxes.
  package static func page(_ r: SoilFluxResult, input: SoilInput, data: String) -> ReportPage {
    var page = ReportPage(title: "feinvert app soil: \(data)")
    page.heading(page.title, level: 1)
    page.paragraph("\(r.nnlsRates.count) reactions, \(r.fittedFluxes.count) measured species; rank \(r.rank), χ² = \(ReportPage.format(r.chiSquared, digits: 4)) on \(r.degreesOfFreedom) degrees of freedom, condition number \(ReportPage.format(r.conditionNumber, digits: 4)).")
    page.list(r.warnings, cssClass: "warning")
    let reactions = input.stoichiometry.reactions
    let bounded = reactions.indices.filter { r.ranges[$0].max.isFinite }
    let unbounded = reactions.indices.filter { !r.ranges[$0].max.isFinite }
    page.figure(
      id: "soil-rates",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .strings(bounded.map { reactions[$0] })),
                 ("y", .exact(bounded.map { 0.5 * (r.ranges[$0].min + r.ranges[$0].max) })),
                 ("error_y", .object([("type", .string("data")), ("array", .exact(bounded.map { 0.5 * (r.ranges[$0].max - r.ranges[$0].min) })),
                                      ("color", .string("#555")), ("thickness", .number(2)), ("width", .number(10))])),
                 ("marker", .object([("size", .number(1)), ("color", .string("rgba(0,0,0,0)"))])), ("name", .string("range of equally good rates")),
                 ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .strings(reactions)), ("y", .exact(r.nnlsRates)),
                 ("name", .string("NNLS rate (one vertex)")), ("marker", .object([("size", .number(10)), ("color", .string("#1e8449"))]))]),
      ],
      layout: [("title", .string("Reaction rates and what the data leave open")), ("yaxis", .object([("title", .string("rate"))]))],
      marks: bounded.count + reactions.count,
      caption: "Dots: the weighted NNLS rates, one vertex of the set of rates that fit the fluxes equally well; bars: each rate's range over that set (flux variability analysis)"
        + (unbounded.isEmpty ? "." : "; unbounded above, so no bar: \(unbounded.map { reactions[$0] }.joined(separator: ", ")).")
        + (r.rank < reactions.count ? " The data determine \(r.rank) combinations of the \(reactions.count) rates." : ""))
    let species = input.stoichiometry.species
    page.figure(
      id: "soil-fluxes",
      data: [
        .object([("type", .string("bar")), ("x", .strings(species)), ("y", .exact(input.fluxes)), ("name", .string("measured")),
                 ("error_y", .object([("type", .string("data")), ("array", .exact(input.sigma.map { 1.96 * $0 }))]))]),
        .object([("type", .string("bar")), ("x", .strings(species)), ("y", .exact(r.fittedFluxes)), ("name", .string("fitted"))]),
      ],
      layout: [("title", .string("Measured and fitted net fluxes")), ("barmode", .string("group")), ("yaxis", .object([("title", .string("net flux"))]))],
      marks: 2 * species.count,
      caption: "Each species' measured net flux (±1.96 σ) and the flux the rates predict (unique, whatever vertex NNLS returned).",
      height: 360)
    return page
  }
}
