import CellBiologyExamples
import FeinvertFiles
import FitReportHTML
import Foundation

extension LoopExtrusionReport {
  /// The page of `feinvert app loops --html`: λ with its 95 % interval (the censored
  /// likelihood's profile, or the snapshot fit's objective on its grid) and the loops
  /// predicted at the data's density and at half of it.
  package static func page(_ a: LoopExtrusionAnalysis, data: String) -> ReportPage {
    var page = ReportPage(title: "feinvert app loops: \(data)")
    page.heading(page.title, level: 1)
    let (low, high) = a.interval95
    var summary = "λ = \(f(a.processivityKb)) ± \(f(a.standardErrorKb)) kb, 95 % interval [\(f(low)), \(f(high))] kb"
    if let c = a.censoredFit {
      summary += " (profile likelihood) from \(c.count) lifetimes, \(c.uncensoredCount) uncensored (\(f(100 * c.censoredFraction)) % censored); ignoring the censoring would give \(f(c.naiveEstimate)) kb."
    } else if let s = a.snapshotFit {
      summary += " (±1.96 SE) fitted by simulation to snapshots: mean loop \(f(s.observedMeanKb)) kb observed, \(f(s.simulatedMeanKb)) kb simulated at λ̂; the plain estimator (mean loop as λ) gives \(f(s.naiveEstimate)) kb."
    }
    page.paragraph(summary)
    page.list(a.warnings, cssClass: "warning")
    if let c = a.censoredFit {
      likelihoodFigure(&page, c)
    } else if let s = a.snapshotFit {
      snapshotFigure(&page, s, a)
    }
    predictionFigure(&page, a)
    return page
  }

  /// 2(ℓ(λ̂) − ℓ(λ)) = 2r(u − 1 − log u), u = λ̂/λ, on a log grid around the interval, the
  /// χ²₁ 95 % level and the interval's ends; with nothing uncensored, 2T/λ.
  static func likelihoodFigure(_ page: inout ReportPage, _ c: CensoredExponentialFit) {
    let (low, high) = c.interval95
    let r = Double(c.uncensoredCount)
    // 2.5 interval half-widths either side (the curve there near 2.5² × 3.841), within a factor 1.5.
    let from = c.estimate.isFinite ? max(low / 1.5, c.estimate - 2.5 * (c.estimate - low)) : low / 1.5
    let to = high.isFinite ? min(high * 1.5, c.estimate + 2.5 * (high - c.estimate)) : low * 30
    let grid = (0...200).map { from * pow(to / from, Double($0) / 200) }
    let curve = grid.map { l -> Double in
      guard c.uncensoredCount > 0 else { return 2 * c.totalLength / l }
      let u = c.estimate / l
      return 2 * r * (u - 1 - log(u))
    }
    let points = [(c.estimate, 0.0), (low, CensoredExponentialFit.chiSquare95), (high, CensoredExponentialFit.chiSquare95)]
      .filter { $0.0.isFinite }
    page.figure(
      id: "loops-likelihood",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)), ("y", .exact(curve)),
                 ("name", .string("2 (ℓ(λ̂) − ℓ(λ))")), ("line", .object([("color", .string("#1f618d"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact([from, to])),
                 ("y", .exact([CensoredExponentialFit.chiSquare95, CensoredExponentialFit.chiSquare95])),
                 ("name", .string("χ²₁ 95 % = 3.841")), ("line", .object([("color", .string("#999")), ("dash", .string("dash"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(points.map { $0.0 })), ("y", .exact(points.map { $0.1 })),
                 ("name", .string(c.uncensoredCount > 0 ? "λ̂ and the interval's ends" : "the lower bound")),
                 ("marker", .object([("size", .number(10)), ("color", .string("#c0392b"))]))]),
      ],
      layout: [("title", .string("Profile likelihood of the processivity λ")),
               ("xaxis", .object([("type", .string("log")), ("title", .string("λ (kb)"))])),
               ("yaxis", .object([("title", .string("2 Δ log-likelihood")), ("rangemode", .string("tozero"))]))],
      marks: grid.count + 2 + points.count,
      caption: "The right-censored exponential likelihood: λ̂ = Σℓ/#uncensored, the interval where the curve is below the χ²₁ 95 % level."
        + (c.uncensoredCount == 0 ? " No lifetime ended unobstructed: the likelihood keeps rising with λ, which is only bounded below." : ""))
  }

  /// The snapshot fit's objective on its λ grid and the estimate with its ±1.96 SE interval.
  static func snapshotFigure(_ page: inout ReportPage, _ s: LoopSnapshotFit, _ a: LoopExtrusionAnalysis) {
    let profile = s.profile.filter { $0.lambda.isFinite && $0.objective.isFinite }
    let floor = profile.map { $0.objective }.min() ?? 0
    let estimate = a.processivityKb.isFinite ? [a.processivityKb] : []
    page.figure(
      id: "loops-snapshot-fit",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(profile.map { $0.lambda })),
                 ("y", .exact(profile.map { $0.objective })), ("name", .string("objective J(λ)")), ("line", .object([("color", .string("#1f618d"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .exact(estimate)), ("y", .exact(estimate.map { _ in floor })),
                 ("error_x", .object([("type", .string("data")), ("symmetric", .bool(false)),
                                      ("array", .exact(estimate.map { a.interval95.upper - $0 })),
                                      ("arrayminus", .exact(estimate.map { $0 - a.interval95.lower })), ("color", .string("#c0392b"))])),
                 ("name", .string("λ̂ ± 1.96 SE")), ("marker", .object([("size", .number(10)), ("color", .string("#c0392b"))]))]),
      ],
      layout: [("title", .string("Snapshot fit of the processivity λ")),
               ("xaxis", .object([("type", .string("log")), ("title", .string("λ (kb)"))])),
               ("yaxis", .object([("title", .string("J (mean loop and coverage mismatch)"))]))],
      marks: profile.count + estimate.count,
      caption: "The mismatch between the observed and simulated mean loop size (and coverage) on the search grid, every simulation with the same seed; the estimate and its Gauss–Newton interval."
        + (s.atGridEnd ? " The minimum lies at the grid's end: λ is only bounded." : ""))
  }

  /// Mean and median loop (kb) and coverage at d and 2d, mean ± sd over the replicates,
  /// and the mean loop at 2d with λ at the interval's ends.
  static func predictionFigure(_ page: inout ReportPage, _ a: LoopExtrusionAnalysis) {
    let scenarios = [a.predictionAtData, a.predictionHalfDensity].compactMap { $0 }
    guard !scenarios.isEmpty else {
      page.paragraph("No prediction (see the warnings).", cssClass: "warning")
      return
    }
    func name(_ p: LoopPrediction) -> String { "d = \(ReportPage.format(p.parameters.separationKb, digits: 4)) kb (N = \(p.parameters.lefCount))" }
    let x = scenarios.map(name)
    func bar(_ values: [(mean: Double, sd: Double)], _ label: String, _ colour: String) -> ChartJSON {
      .object([("type", .string("bar")), ("x", .strings(x)), ("y", .exact(values.map { $0.mean })), ("name", .string(label)),
               ("error_y", .object([("type", .string("data")), ("array", .exact(values.map { $0.sd }))])),
               ("marker", .object([("color", .string(colour))]))])
    }
    var data: [ChartJSON] = [
      bar(scenarios.map { $0.meanLoopKb }, "mean loop (kb)", "#1f618d"),
      bar(scenarios.map { $0.medianLoopKb }, "median loop (kb)", "#85c1e9"),
      .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .strings(x)), ("y", .exact(scenarios.map { $0.coverage.mean })),
               ("error_y", .object([("type", .string("data")), ("array", .exact(scenarios.map { $0.coverage.sd })), ("color", .string("#b9770e"))])),
               ("yaxis", .string("y2")), ("name", .string("coverage (right axis)")),
               ("marker", .object([("size", .number(11)), ("symbol", .string("diamond")), ("color", .string("#b9770e"))]))]),
    ]
    var marks = 3 * scenarios.count
    if let range = a.predictionHalfDensityRange, let half = a.predictionHalfDensity {
      data.append(.object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .strings([name(half), name(half)])),
                           ("y", .exact([range.lower.meanLoopKb.mean, range.upper.meanLoopKb.mean])),
                           ("text", .strings(["λ = \(f(range.lower.parameters.processivityKb)) kb", "λ = \(f(range.upper.parameters.processivityKb)) kb"])),
                           ("name", .string("mean loop with λ at the interval's ends")),
                           ("marker", .object([("size", .number(9)), ("symbol", .string("line-ew-open")), ("color", .string("#c0392b")),
                                               ("line", .object([("width", .number(3)), ("color", .string("#c0392b"))]))]))]))
      marks += 2
    }
    page.figure(
      id: "loops-predictions",
      data: data,
      layout: [("title", .string("Loops predicted with λ̂ at the data's density and at half of it")), ("barmode", .string("group")),
               ("yaxis", .object([("title", .string("loop size (kb)"))])),
               ("yaxis2", .object([("title", .string("coverage")), ("overlaying", .string("y")), ("side", .string("right")),
                                   ("range", .array([.number(0), .number(1)]))]))],
      marks: marks,
      caption: "Simulated with λ̂ (\(scenarios.first?.replicates.count ?? 0) replicates each, mean ± sd over them): mean and median loop size and the fraction of the ring inside a loop."
        + (a.predictionHalfDensityRange == nil ? "" : " Red ticks: the mean loop at half density with λ at the ends of its interval (one replicate each)."))
  }

  static func f(_ x: Double) -> String { x.isFinite ? ReportPage.format(x, digits: 4) : "∞" }
}
