import EngineeringExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension DeconvolutionReport {
  /// The page of `feinvert app deconv --html`: the transfer spectrum with its notch, null
  /// bins and the filter the method applied; the data and the estimate with its band.
  package static func page(_ e: DeconvolutionEstimate, input: DeconvolutionInput) -> ReportPage {
    let deconvolution = CircularDeconvolution(impulseResponse: input.impulseResponse, data: input.data)
    let n = deconvolution.count
    let half = n / 2
    let bins = Array(0...half)
    let frequency = bins.map { Double($0) / Double(n) }
    let magnitude = bins.map { deconvolution.transferPower[$0].squareRoot() }
    let top = magnitude.max() ?? 1
    var page = ReportPage(title: "feinvert app deconv: \(input.path)")
    page.heading(page.title, level: 1)
    page.paragraph("\(n) samples, method \(e.method.rawValue); κ = max|H|/min|H| = \(ReportPage.format(e.conditionNumber, digits: 4)); "
      + "naive inverse's expected error over noise draws \(ReportPage.format(e.naiveExpectedError, digits: 4)); "
      + "std error per sample \(ReportPage.format(e.standardError, digits: 4)).")
    page.list(e.warnings, cssClass: "warning")
    // |H_k| floored at 1e-300 for the log axis: an exact zero is a null bin, marked as such.
    var spectrum: [ChartJSON] = [
      .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(frequency)),
               ("y", .exact(magnitude.map { max($0 / top, 1e-300) })), ("name", .string("|H_k| / max|H|"))]),
    ]
    var marks = bins.count
    let filter: [Double]
    switch e.method {
    case .tikhonov: filter = bins.map { deconvolution.transferPower[$0] / (deconvolution.transferPower[$0] + e.lambda) }
    case .minimumNorm: filter = bins.map { deconvolution.inRange[$0] ? 1 : 0 }
    case .wiener: filter = []
    }
    if !filter.isEmpty {
      spectrum.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(frequency)),
                               ("y", .exact(filter.map { max($0, 1e-300) })), ("name", .string("filter factor f_k")),
                               ("line", .object([("dash", .string("dot"))]))]))
      marks += bins.count
    }
    let nulls = bins.filter { !deconvolution.inRange[$0] }
    if !nulls.isEmpty {
      spectrum.append(.object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(nulls.map { frequency[$0] })),
                               ("y", .exact(nulls.map { _ in 1e-8 })), ("name", .string("null bins (|H| ≤ 1e-8 max)")),
                               ("marker", .object([("symbol", .string("x")), ("size", .number(10)), ("color", .string("#c33"))]))]))
      marks += nulls.count
    }
    page.figure(
      id: "deconv-spectrum", data: spectrum,
      layout: [("title", .string("Transfer spectrum and the notch")), ("xaxis", .object([("title", .string("frequency (cycles per sample)"))])),
               ("yaxis", .object([("type", .string("log")), ("title", .string("relative magnitude")), ("exponentformat", .string("e"))]))],
      marks: marks,
      caption: "|H_k| relative to its maximum over the bins 0…N/2 (log scale): the notch is where the data carry almost nothing of x. "
        + (filter.isEmpty ? "" : "Dotted: the filter factor the \(e.method.rawValue) estimate applies to each bin. ")
        + (nulls.isEmpty ? "No null bin." : "Crosses: null bins, whose part of x no method can recover."))
    let samples = input.samples.map(Double.init)
    let band = 1.96 * e.standardError
    page.figure(
      id: "deconv-estimate",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(samples)), ("y", .exact(e.estimate.map { $0 - band })),
                 ("line", .object([("width", .number(0))])), ("showlegend", .bool(false)), ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(samples)), ("y", .exact(e.estimate.map { $0 + band })),
                 ("fill", .string("tonexty")), ("fillcolor", .string("rgba(60,90,200,0.2)")), ("line", .object([("width", .number(0))])),
                 ("name", .string("±1.96 SE (noise only)"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(samples)), ("y", .exact(input.data)),
                 ("name", .string("data y")), ("line", .object([("color", .string("#999"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(samples)), ("y", .exact(e.estimate)),
                 ("name", .string("estimate x̂")), ("line", .object([("color", .string("#2040a0"))]))]),
      ],
      layout: [("title", .string("Data and estimate")), ("xaxis", .object([("title", .string("n"))]))],
      marks: 4 * samples.count,
      caption: "The blurred, noisy data y and the \(e.method.rawValue) estimate x̂ with its per-sample 95 % band from the noise (the bias of regularization is not in the band).")
    return page
  }
}
