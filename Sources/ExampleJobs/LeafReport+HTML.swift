import EcologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension LeafReport {
  /// The page of `feinvert app leaf --html`: the upper bound on K_max (each time's own
  /// bound, chance-constrained and naive, against K̂ and its bootstrap interval) and the
  /// decomposition K_leaf = K̂(1 − PLC) + K_AQP over time, K_AQP with ±1.96 SE.
  package static func page(_ r: LeafHydraulicsResult, series s: LeafSeries, data: String) -> ReportPage {
    var page = ReportPage(title: "feinvert app leaf: \(data)")
    page.heading(page.title, level: 1)
    func f(_ x: Double?) -> String { x.map { $0.isFinite ? ReportPage.format($0, digits: 4) : "∞" } ?? "—" }
    page.paragraph("\(s.count) times. K_max upper bound (chance-constrained, z = \(f(r.z))): K̂ = \(f(r.chanceBound)), bootstrap 95 % [\(f(r.bootstrapInterval.0)), \(f(r.bootstrapInterval.1))] over \(r.bootstrapReplicates) replicates, binding at t = \(r.chanceBinding.map { f(s.t[$0]) } ?? "—"); the naive bound min K_leaf/(1 − PLC) = \(f(r.naiveBound)). K̂ is an upper bound: every K_max in [0, K̂] fits, and K̂ = K_max only if K_AQP reaches 0.")
    page.list(r.warnings, cssClass: "warning")
    let n = s.count
    // Each time's own bound: the chance-constrained root and the naive ratio (none where 1 − PLC ≤ 0).
    let chance = (0..<n).map {
      LeafXylemBound.chanceBound(kLeaf: s.kLeaf[$0], sigmaK: s.sigmaK[$0], plc: s.plc[$0], sigmaPLC: s.sigmaPLC[$0], z: r.z)
    }
    let bounded = (0..<n).filter { chance[$0].isFinite }
    let ratioTimes = (0..<n).filter { s.plc[$0] < 1 }
    let ends = [s.t.min() ?? 0, s.t.max() ?? 1]
    var traces: [ChartJSON] = []
    var marks = bounded.count + ratioTimes.count
    let (low, high) = r.bootstrapInterval
    if low.isFinite && high.isFinite {
      traces += [
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(ends)), ("y", .exact([low, low])),
                 ("line", .object([("width", .number(0))])), ("showlegend", .bool(false)), ("hoverinfo", .string("skip"))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(ends)), ("y", .exact([high, high])),
                 ("fill", .string("tonexty")), ("fillcolor", .string("rgba(30,132,73,0.18)")), ("line", .object([("width", .number(0))])),
                 ("name", .string("bootstrap 95 % interval of K̂"))]),
      ]
      marks += 4
    }
    if r.chanceBound.isFinite {
      traces.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(ends)), ("y", .exact([r.chanceBound, r.chanceBound])),
                           ("name", .string("K̂ = \(f(r.chanceBound))")), ("line", .object([("color", .string("#1e8449"))]))]))
      marks += 2
    }
    traces += [
      .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(bounded.map { s.t[$0] })),
               ("y", .exact(bounded.map { chance[$0] })), ("name", .string("each time's chance-constrained bound")),
               ("marker", .object([("size", .number(9)), ("color", .string("#1e8449"))]))]),
      .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(ratioTimes.map { s.t[$0] })),
               ("y", .exact(ratioTimes.map { s.kLeaf[$0] / (1 - s.plc[$0]) })), ("name", .string("K_leaf/(1 − PLC) (naive)")),
               ("marker", .object([("size", .number(7)), ("symbol", .string("x")), ("color", .string("#7f8c8d"))]))]),
    ]
    let unbounded = (0..<n).filter { !chance[$0].isFinite }
    page.figure(
      id: "leaf-bound",
      data: traces,
      layout: [("title", .string("Upper bound on K_max")), ("xaxis", .object([("title", .string("t"))])),
               ("yaxis", .object([("title", .string("K (upper bound at each time)"))]))],
      marks: marks,
      caption: "Each time bounds K_max from above (K_AQP ≥ 0); K̂ is the smallest of the chance-constrained bounds (dots), "
        + "the naive bound the smallest ratio (crosses), biased low by noise."
        + (unbounded.isEmpty ? "" : " \(unbounded.count) time(s) cannot bound K (PLC near 1 against its σ): t = \(unbounded.map { f(s.t[$0]) }.joined(separator: ", ")), no dot."))
    guard !r.outsideXylem.isEmpty else {
      page.paragraph("No time bounds K: no decomposition.", cssClass: "warning")
      return page
    }
    page.figure(
      id: "leaf-decomposition",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(s.t)), ("y", .exact(s.kLeaf)),
                 ("error_y", .object([("type", .string("data")), ("array", .exact(s.sigmaK.map { 1.96 * $0 })), ("color", .string("#333"))])),
                 ("name", .string("K_leaf (measured, ±1.96 σ)")), ("marker", .object([("size", .number(8)), ("color", .string("#333"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(s.t)), ("y", .exact(r.xylem)),
                 ("name", .string("K_xylem = K̂ (1 − PLC)")), ("line", .object([("color", .string("#1f618d"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(s.t)), ("y", .exact(r.outsideXylem)),
                 ("error_y", .object([("type", .string("data")), ("array", .exact(r.outsideXylemSE.map { 1.96 * $0 })), ("color", .string("#c0392b"))])),
                 ("name", .string("K_AQP = K_leaf − K_xylem (±1.96 SE)")), ("marker", .object([("size", .number(8)), ("color", .string("#c0392b"))]))]),
      ],
      layout: [("title", .string("Decomposition of the leaf's conductance")), ("xaxis", .object([("title", .string("t"))])),
               ("yaxis", .object([("title", .string("conductance"))]))],
      marks: 3 * n,
      caption: "The measured conductance, the xylem's share K̂(1 − PLC) and the rest, K_AQP, with its SE (which includes the bootstrap SE of K̂). "
        + "K_AQP is within 2 SE of 0 at \(r.consistentWithZeroAQP.count) of \(n) times: where it is, K̂ may equal K_max; the data cannot prove it.")
    return page
  }
}
