import CellBiologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension RibosomeReport {
  /// The page of `feinvert app ribosome --html`: the rates along the transcript with their
  /// 95 % band, and the λ curve (GCV over the grid, the three rules' choices marked).
  package static func page(_ e: RibosomeEstimate, input: RibosomeInput) -> ReportPage {
    var page = ReportPage(title: "feinvert app ribosome: \(input.path)")
    page.heading(page.title, level: 1)
    page.paragraph("\(e.rates.count) codons; λ = \(ReportPage.format(e.lambda, digits: 4)) (\(e.lambdaSource)); tr H = \(ReportPage.format(e.traceInfluence, digits: 4)); reduced χ² = \(ReportPage.format(e.reducedChiSquare, digits: 4)).")
    page.list(e.warnings, cssClass: "warning")
    let codons = input.codons.map(Double.init)
    let lo = e.rates.indices.map { i in e.rateStandardErrors[i].map { e.rates[i] - 1.96 * $0 } ?? .nan }
    let hi = e.rates.indices.map { i in e.rateStandardErrors[i].map { e.rates[i] + 1.96 * $0 } ?? .nan }
    let banded = lo.filter(\.isFinite).count
    page.figure(
      id: "ribosome-rates",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(codons)), ("y", .exact(lo)),
                 ("line", .object([("width", .number(0))])), ("showlegend", .bool(false)), ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(codons)), ("y", .exact(hi)),
                 ("fill", .string("tonexty")), ("fillcolor", .string("rgba(40,140,80,0.25)")), ("line", .object([("width", .number(0))])),
                 ("name", .string("95 % band"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(codons)), ("y", .exact(e.rates)),
                 ("name", .string("rate k")), ("line", .object([("color", .string("#1b6b3a"))]))]),
      ],
      layout: [("title", .string("Elongation rates along the transcript")), ("xaxis", .object([("title", .string("codon"))])),
               ("yaxis", .object([("title", .string("k (codons/s)"))]))],
      marks: 2 * banded + e.rates.count,
      caption: "The estimated rate at each codon with its 95 % band (±1.96 standard errors at the chosen λ; the smoothing bias is not in the band)"
        + (e.codonsAtBound.isEmpty ? "." : "; \(e.codonsAtBound.count) codon(s) sit at the occupancy floor, without a band."))
    guard let selection = e.selection else {
      page.paragraph("λ was fixed on the command line: no λ curve.", cssClass: "muted")
      return page
    }
    var data: [ChartJSON] = [
      .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(selection.grid)), ("y", .exact(selection.gcvValues)),
               ("name", .string("GCV(λ)"))]),
    ]
    var marks = zip(selection.grid, selection.gcvValues).filter { $0.0 > 0 && $0.1 > 0 && $0.1.isFinite }.count
    for (name, choice, symbol) in [("GCV", selection.gcv, "circle"), ("L-curve", selection.lCurve, "diamond"),
                                   ("discrepancy", selection.discrepancy, "square")] where choice.gcv > 0 && choice.gcv.isFinite {
      data.append(.object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact([choice.lambda])),
                           ("y", .exact([choice.gcv])), ("name", .string("\(name): λ = \(ReportPage.format(choice.lambda, digits: 3))")),
                           ("marker", .object([("size", .number(11)), ("symbol", .string(symbol))]))]))
      marks += 1
    }
    page.figure(
      id: "ribosome-lambda", data: data,
      layout: [("title", .string("The λ curve")), ("xaxis", .object([("type", .string("log")), ("title", .string("λ")), ("exponentformat", .string("e"))])),
               ("yaxis", .object([("type", .string("log")), ("title", .string("GCV")), ("exponentformat", .string("e"))]))],
      marks: marks,
      caption: "Generalized cross-validation over the λ grid (10⁻⁴…10⁶ at 0.05 decades) with the choices of the three rules; the one used: \(e.lambdaSource).")
    return page
  }
}
