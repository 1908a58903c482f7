import FECommon
import FeinvertFiles
import Foundation

/// The engineer's report of a fit: one page made from `fit.json`, its `residuals.csv` and,
/// when given, a `feinvert stresses` output directory (see README, "The HTML report").
///
/// Sections, each present when its data are: the header (converged or not, χ² against the
/// noise, every warning, provenance); the parameter table; the correlation heat map; the
/// identifiability directions; the convergence history; per component the measured,
/// predicted and residual maps over the observed face (and the moiré fringe images when a
/// grating frequency is known); the residual diagnostics; the discretization budget; the
/// interlaminar tractions with their 95 % bands.
package enum FitReportPage {
  package struct Inputs: Sendable {
    package var fit: String?
    package var residuals: String?
    package var stresses: String?
    /// Lines per model length unit; with it the maps include the fringe images cos²(π f u).
    package var gratingFrequency: Double?
    /// The most cells one map may have (the page has up to five maps per component).
    package var maxCellsPerMap: Int
    package init(fit: String?, residuals: String? = nil, stresses: String? = nil, gratingFrequency: Double? = nil,
                 maxCellsPerMap: Int = 40_000) {
      self.fit = fit
      self.residuals = residuals
      self.stresses = stresses
      self.gratingFrequency = gratingFrequency
      self.maxCellsPerMap = maxCellsPerMap
    }
  }

  /// Reads the inputs and builds the page.
  ///
  /// - Throws: `InputError` naming the file and key or line of a malformed input.
  package static func build(_ inputs: Inputs) throws -> ReportPage {
    return try build(
      fit: try inputs.fit.map(FitReportFile.read), residuals: try inputs.residuals.map(ResidualTable.read),
      stresses: try inputs.stresses.map(StressesFiles.read), gratingFrequency: inputs.gratingFrequency,
      maxCellsPerMap: inputs.maxCellsPerMap, title: inputs.fit ?? inputs.stresses ?? "")
  }

  /// Builds the page from inputs already read.
  package static func build(
    fit: FitReportFile?, residuals: ResidualTable?, stresses: StressesFiles?, gratingFrequency: Double?,
    maxCellsPerMap: Int, title: String
  ) throws -> ReportPage {
    if let f = gratingFrequency, !(f > 0 && f.isFinite) {
      throw InputError("found \(f); expected a grating frequency > 0 (lines per model length unit)",
                       at: SourceLocation(file: "command line", key: "--frequency"))
    }
    let inputs = (gratingFrequency: gratingFrequency, maxCellsPerMap: maxCellsPerMap)
    var page = ReportPage(title: "feinvert report" + (title.isEmpty ? "" : ": \(title)"))
    page.heading(page.title, level: 1)
    if let fit {
      header(fit, into: &page)
      parameterSection(fit, into: &page)
      registrationSection(fit, into: &page)  // FitReportPage+Registration.swift
      historySection(fit, into: &page)
    }
    if let residuals {
      let scale = noiseScale(fit)
      if residuals.dataSetNames.count > 1 {
        // Load cases or several faces: each data set's face mapped on its own.
        for k in residuals.dataSetNames.indices {
          mapSection(residuals.dataSet(k), scale: scale, frequency: inputs.gratingFrequency, maxCells: inputs.maxCellsPerMap,
                     fit: fit, dataSet: residuals.dataSetNames[k], into: &page)
        }
      } else {
        mapSection(residuals, scale: scale, frequency: inputs.gratingFrequency, maxCells: inputs.maxCellsPerMap, fit: fit,
                   into: &page)
      }
      diagnosticsSection(residuals, scale: scale, into: &page)
    } else if fit != nil {
      page.heading("Measured, predicted and residual maps")
      page.paragraph("No residuals file was given (feinvert report --residuals DIR/residuals.csv, written by fit --out DIR): no maps.", cssClass: "muted")
    }
    if let fit { budgetSection(fit, into: &page) }
    if let stresses { stressSection(stresses, into: &page) }
    return page
  }

  /// What divides the weighted residuals to give them in units of sigma: 1 with stated
  /// noise; the estimated noise's standard deviation otherwise.
  static func noiseScale(_ fit: FitReportFile?) -> (value: Double, note: String) {
    guard let noise = fit?.object("noise") else {
      return (1, "residual / sigma as in residuals.csv (no fit report to say whether the noise was stated)")
    }
    if (noise["known"] as? Bool) == false, let s2 = FitReportFile.number(noise["variance_factor"]), s2 > 0 {
      return (s2.squareRoot(), "the data had no sigma columns: residuals divided by the noise estimated from them, "
        + ReportPage.format(s2.squareRoot(), digits: 3))
    }
    return (1, "residual / sigma, the data's stated standard deviation")
  }

  // MARK: Header

  static func header(_ fit: FitReportFile, into page: inout ReportPage) {
    let r = fit.root
    let converged = (r["converged"] as? Bool) ?? false
    let iterations = FitReportFile.number(r["iterations"]).map { String(Int($0)) } ?? "?"
    let stop = (r["stop_reason"] as? String).map { " (\($0))" } ?? ""
    if converged {
      page.banner("Converged after \(iterations) iterations\(stop).", kind: "ok")
    } else {
      page.banner("NOT CONVERGED: the fit stopped after \(iterations) iterations\(stop). The estimates below are where it stopped, not a minimum.", kind: "alarm")
    }
    if let g = fit.object("goodness_of_fit") {
      let chi2 = FitReportFile.number(g["chi2"]), dof = FitReportFile.number(g["degrees_of_freedom"])
      let reduced = FitReportFile.number(g["reduced_chi2"])
      let text = "χ² = \(chi2.map { ReportPage.format($0, digits: 5) } ?? "?") on \(dof.map { String(Int($0)) } ?? "?") degrees of freedom (reduced χ² \(reduced.map { ReportPage.format($0, digits: 4) } ?? "?")). " + ((g["note"] as? String) ?? "")
      switch g["consistent_with_noise"] as? Bool {
      case .some(true): page.banner(text, kind: "ok")
      case .some(false): page.banner("THE MODEL DOES NOT EXPLAIN THE DATA TO THE STATED NOISE. " + text, kind: "alarm")
      case .none: page.banner(text, kind: "warning")
      }
    }
    var facts = [String]()
    if let o = fit.number("objective") { facts.append("objective \(ReportPage.format(o))") }
    if let rms = fit.number("rms_residual") { facts.append("RMS residual \(ReportPage.format(rms, digits: 4))") }
    if let m = fit.number("n_observations") { facts.append("\(Int(m)) observations") }
    if let c = fit.number("condition_number") { facts.append("condition number \(ReportPage.format(c, digits: 4))") }
    if let d = fit.number("dropped_points"), d > 0 { facts.append("\(Int(d)) data points dropped off the surface") }
    if let t = fit.object("timings"), let total = FitReportFile.number(t["total_s"]) { facts.append("fit time \(ReportPage.format(total, digits: 3)) s") }
    page.paragraph(facts.joined(separator: "; ") + ".")

    var warnings = fit.strings("warnings")
    for item in (r["identifiability"] as? [Any]) ?? [] {
      if let m = (item as? [String: Any])?["message"] as? String { warnings.append(m) }
    }
    if let d = fit.object("discretization") {
      if let skipped = d["skipped"] as? String { warnings.append("discretization budget skipped: \(skipped)") }
      if (d["significant"] as? Bool) == true && (d["mode"] as? String) != "correct" {
        warnings.append("the mesh limits this fit: its discretization error is significant against the noise or the standard errors (see the discretization budget below)")
      }
    }
    for p in fit.parameters where p.atBound { warnings.append("\(p.name) is at a bound (\(ReportPage.format(p.estimate))): its uncertainty is not computed") }
    page.heading("Warnings")
    if warnings.isEmpty { page.paragraph("None.") } else { page.list(warnings, cssClass: "warning") }
    let notes = fit.strings("notes")
    if !notes.isEmpty { page.heading("Notes", level: 3); page.list(notes) }

    page.heading("Provenance")
    guard let p = fit.object("provenance") else {
      page.paragraph("The fit report has no provenance record.", cssClass: "muted")
      return
    }
    let command = ((p["command_line"] as? [Any]) ?? []).compactMap { $0 as? String }.joined(separator: " ")
    page.paragraph("feinvert \((p["version"] as? String) ?? "?"), \((p["date"] as? String) ?? "?"), in \((p["working_directory"] as? String) ?? "?"): \(command)")
    let inputs = ((p["inputs"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] }
    page.table(id: "inputs", header: ["input", "path", "SHA-256", "bytes"], rows: inputs.map { i in
      [ReportPage.Cell((i["role"] as? String) ?? ""), ReportPage.Cell((i["path"] as? String) ?? ""),
       ReportPage.Cell((i["sha256"] as? String) ?? ""), ReportPage.Cell(FitReportFile.number(i["bytes"]).map { String(Int($0)) } ?? "")]
    })
  }

  // MARK: Parameters, correlation, identifiability

  static func parameterSection(_ fit: FitReportFile, into page: inout ReportPage) {
    page.heading("Parameters")
    let rows: [[ReportPage.Cell]] = fit.parameters.map { p in
      [ReportPage.Cell(p.name), ReportPage.Cell(p.unit ?? ""), .number(p.initial), .number(p.estimate),
       .number(p.standardError, digits: 4), .number(p.ci95?.0), .number(p.ci95?.1), .number(p.bounds.0), .number(p.bounds.1),
       ReportPage.Cell(p.atBound ? "yes" : "no", cssClass: p.atBound ? "flag" : nil)]
    }
    page.table(id: "parameters",
               header: ["parameter", "unit", "initial", "estimate", "std error", "95% low", "95% high", "lower bound", "upper bound", "at bound"],
               rows: rows, rowKeys: fit.parameters.map(\.name))
    page.paragraph("Std error and interval are empty (—) for a parameter at a bound or one the data do not determine.", cssClass: "muted")
    let names = fit.parameters.map(\.name)
    let n = names.count
    guard n > 0 else { return }
    if fit.correlation.count == n {
      page.beginRow()
      page.figure(
        id: "correlation",
        data: [.object([
          // Rows bottom to top, so that the first parameter's row is at the top and the
          // diagonal runs from the top left.
          ("type", .string("heatmap")), ("z", .array(fit.correlation.reversed().map { .numbers($0, digits: 4) })),
          ("x", .strings(names)), ("y", .strings(names.reversed())), ("zmin", .number(-1)), ("zmax", .number(1)),
          ("colorscale", .string("RdBu")), ("reversescale", .bool(true)),
          ("hovertemplate", .string("%{y} / %{x}: %{z:.4f}<extra></extra>")),
        ])],
        layout: [("title", .string("Correlation of the estimates"))],
        marks: n * n, caption: "Correlation matrix of the estimates (from the covariance at the estimate); |ρ| near 1: the data determine mainly a combination of the two.",
        height: 360 + 12 * n)
      identifiability(fit, names: names, into: &page)
      page.endRow()
    }
  }

  static func identifiability(_ fit: FitReportFile, names: [String], into page: inout ReportPage) {
    guard let sigma = fit.numbers("singular_values")?.filter(\.isFinite), !sigma.isEmpty else { return }
    let labels = sigma.indices.map { "σ\($0 + 1)" }
    var data: [ChartJSON] = [.object([
      ("type", .string("bar")), ("x", .strings(labels)), ("y", .exact(sigma.map { max($0, 1e-300) })),
      ("name", .string("singular value")), ("marker", .object([("color", .string("#555"))])),
    ])]
    var marks = sigma.count
    var layout: [(String, ChartJSON)] = [
      ("title", .string("Identifiability: singular values and their directions")),
      ("yaxis", .object([("type", .string("log")), ("title", .string("σ (column-normalized J)")), ("domain", .array([.number(0.6), .number(1)]))])),
      ("barmode", .string("group")),
    ]
    var caption = "Top: singular values of the Jacobian with each column scaled to unit norm (σ₁/σₙ is the condition number)."
    if let vectors = fit.root["singular_vectors"] as? [Any] {
      let rows = vectors.compactMap { $0 as? [Any] }.map { $0.map { FitReportFile.number($0) ?? 0 } }
      for (k, v) in rows.enumerated() where v.count == names.count {
        data.append(.object([
          ("type", .string("bar")), ("x", .strings(names)), ("y", .exact(v)), ("name", .string("v\(k + 1) (σ\(k + 1))")),
          ("xaxis", .string("x2")), ("yaxis", .string("y2")),
        ]))
        marks += v.count
      }
      layout.append(("xaxis2", .object([("anchor", .string("y2"))])))
      layout.append(("yaxis2", .object([("domain", .array([.number(0), .number(0.45)])), ("title", .string("v_k component")), ("range", .array([.number(-1.05), .number(1.05)]))])))
      caption += " Bottom: the right singular vectors v_k, one group of bars per parameter and one colour per direction; the direction of the smallest σ is the combination of relative parameter changes the data determine least."
    } else {
      caption += " (The fit report has no singular_vectors; rerun the fit with this version to see the directions.)"
    }
    page.figure(id: "identifiability", data: data, layout: layout, marks: marks, caption: caption, height: 360 + 12 * names.count)
  }

  // MARK: History

  static func historySection(_ fit: FitReportFile, into page: inout ReportPage) {
    page.heading("Convergence history")
    guard let history = (fit.root["history"] as? [Any])?.compactMap({ $0 as? [String: Any] }), !history.isEmpty else {
      page.paragraph("The fit report has no iteration history (written by feinvert fit from version 1.1.0-dev with --report).", cssClass: "muted")
      return
    }
    let attempt = history.indices.map { Double($0 + 1) }
    func column(_ key: String) -> [Double] { history.map { FitReportFile.number($0[key]) ?? .nan } }
    let accepted = history.map { ($0["accepted"] as? Bool) ?? true }
    let runs = history.map { FitReportFile.number($0["run"]).map { Int($0) } ?? 1 }
    var data = [ChartJSON]()
    var marks = 0
    for (k, (key, label)) in [("objective", "objective"), ("step", "step ‖δx‖ (scaled)"), ("damping", "damping μ")].enumerated() {
      let y = column(key)
      let axis = k == 0 ? "y" : "y\(k + 1)"
      data.append(.object([
        ("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(attempt)), ("y", .exact(y)),
        ("name", .string(label)), ("yaxis", .string(axis)),
        ("marker", .object([("symbol", .array(accepted.map { .string($0 ? "circle" : "x") })), ("size", .number(8))])),
        ("text", .strings(zip(runs, accepted).map { "run \($0.0)" + ($0.1 ? "" : ", rejected") })),
      ]))
      marks += zip(attempt, y).filter { $0.0.isFinite && $0.1.isFinite && ($0.1 > 0) }.count
    }
    func axis(_ title: String, _ lo: Double, _ hi: Double) -> ChartJSON {
      .object([("type", .string("log")), ("title", .string(title)), ("domain", .array([.number(lo), .number(hi)])), ("exponentformat", .string("e"))])
    }
    let nRuns = Set(runs).count
    page.figure(
      id: "history", data: data,
      layout: [
        ("title", .string("Levenberg–Marquardt attempts")), ("showlegend", .bool(false)),
        ("xaxis", .object([("title", .string("attempt")), ("anchor", .string("y3"))])),
        ("yaxis", axis("objective", 0.70, 1)), ("yaxis2", axis("step", 0.36, 0.64)), ("yaxis3", axis("damping", 0, 0.30)),
      ],
      marks: marks,
      caption: "Every attempt of the bounded Levenberg–Marquardt iteration (× = rejected step)"
        + (nRuns > 1 ? ", over \(nRuns) runs (the fit, then the refits of the discretization correction; hover shows the run)" : "")
        + ": the objective ½‖r‖², the scaled step length and Marquardt's damping μ, all on log axes.",
      height: 560)
  }

  // MARK: Maps

  static func heatmap(_ grid: FaceGrid, _ cells: [Double], colorscale: ChartJSON, range: (Double, Double)?, title: String,
                      colorbar: String, showScale: Bool = true) -> ChartJSON {
    var fields: [(String, ChartJSON)] = [
      ("type", .string("heatmap")), ("x", .numbers(grid.u, digits: 7)), ("y", .numbers(grid.v, digits: 7)),
      ("z", .array(grid.rows(cells).map { .numbers($0, digits: 4) })), ("colorscale", colorscale),
      ("showscale", .bool(showScale)), ("colorbar", .object([("title", .string(colorbar))])), ("name", .string(title)),
      ("hoverongaps", .bool(false)),
    ]
    if let range { fields += [("zmin", .number(range.0)), ("zmax", .number(range.1))] }
    return .object(fields)
  }

  /// A grey layer over the cells that hold only masked values of the component.
  static func maskLayer(_ grid: FaceGrid, masked: [Bool]) -> ChartJSON {
    .object([
      ("type", .string("heatmap")), ("x", .numbers(grid.u, digits: 7)), ("y", .numbers(grid.v, digits: 7)),
      ("z", .array(grid.rows(masked.map { $0 ? 1 : .nan }).map { .numbers($0, digits: 1) })),
      ("colorscale", .array([.array([.number(0), .string("#9a9a9a")]), .array([.number(1), .string("#9a9a9a")])])),
      ("showscale", .bool(false)), ("name", .string("masked")), ("hovertemplate", .string("masked<extra></extra>")),
      ("hoverongaps", .bool(false)),
    ])
  }

  static func mapSection(_ table: ResidualTable, scale: (value: Double, note: String), frequency: Double?, maxCells: Int,
                         fit: FitReportFile?, dataSet: String? = nil, into page: inout ReportPage) {
    page.heading("Measured, predicted and residual maps" + (dataSet.map { ": data set \($0)" } ?? ""))
    // Figure ids stay unique over the data sets (the browser test finds figures by id).
    let idPrefix = dataSet.map { String($0.map { $0.isLetter || $0.isNumber ? $0 : "_" }) + "-" } ?? ""
    let grid = FaceGrid(points: table.points, maxCells: maxCells)
    let lengthUnit = (fit?.object("units")?["length"] as? String) ?? "length unit"
    page.paragraph("Observed face: " + grid.description(pointCount: table.points.count)
      + ". Axes not to scale. Grey cells: masked values (a point with no fitted value of that component; on a grid, also grid nodes with no data at all). "
      + "Measured and predicted in \(lengthUnit) (the prediction includes the fitted rigid-body motion); residual = predicted − measured in units of sigma (\(scale.note)).")
    let ha = FaceGrid.axisNames[grid.axes.0], va = FaceGrid.axisNames[grid.axes.1]
    let axes: [(String, ChartJSON)] = [
      ("xaxis", .object([("title", .string(ha))])), ("yaxis", .object([("title", .string(va))])),
    ]
    for c in table.components {
      let name = ResidualTable.componentNames[c]
      let rows = table.component.indices.filter { table.component[$0] == c }
      let pts = rows.map { table.point[$0] }
      let measured = grid.means(values: rows.map { table.measured[$0] }, points: pts)
      let predicted = grid.means(values: rows.map { table.predicted[$0] }, points: pts)
      let residual = grid.means(values: rows.map { table.weighted[$0] / scale.value }, points: pts)
      var hasPoint = [Bool](repeating: false, count: grid.cellCount)
      for p in table.points.indices { hasPoint[grid.cell[p]] = true }
      // Masked: a point with another component but not this one; on a tensor grid also a
      // node with no row at all (a hole masked in every component, or a dropped point).
      let masked = (0..<grid.cellCount).map { measured[$0].isNaN && (hasPoint[$0] || grid.exact) }
      let maskedCount = Set(table.points.indices).subtracting(pts).count
      let finite = (measured + predicted).filter(\.isFinite)
      let range = (finite.min() ?? 0, finite.max() ?? 1)
      let rAbs = residual.filter(\.isFinite).map { abs($0) }.sorted()
      let rLimit = max(3, rAbs.isEmpty ? 3 : rAbs[min(rAbs.count - 1, Int(0.99 * Double(rAbs.count)))])
      let anyMasked = masked.contains(true)
      let cells = grid.cellCount * (anyMasked ? 2 : 1)
      page.heading("Component \(name)", level: 3)
      if maskedCount > 0 { page.paragraph("\(maskedCount) point(s) have \(name) masked.", cssClass: "muted") }
      page.beginRow()
      for (kind, cellsOf, scaleName, r, unit) in [
        ("measured", measured, ChartJSON.string("Viridis"), Optional(range), lengthUnit),
        ("predicted", predicted, ChartJSON.string("Viridis"), Optional(range), lengthUnit),
        ("residual", residual, ChartJSON.string("RdBu"), Optional((-rLimit, rLimit)), "σ"),
      ] {
        var trace = heatmap(grid, cellsOf, colorscale: scaleName, range: r, title: "\(kind) \(name)", colorbar: unit)
        if kind == "residual", case .object(var f) = trace { f.append(("reversescale", .bool(true))); trace = .object(f) }
        page.figure(id: "map-\(idPrefix)\(name)-\(kind)", data: [trace] + (anyMasked ? [maskLayer(grid, masked: masked)] : []),
                    layout: [("title", .string("\(kind) \(name)"))] + axes, marks: cells,
                    caption: kind == "residual"
                      ? "Residual \(name) / sigma; colour range ±\(ReportPage.format(rLimit, digits: 3)) (the 99th percentile of |r|/σ, at least 3). Noise looks like salt and pepper; a pattern (near an edge, a load point) says the model is wrong there."
                      : "\(kind.capitalized) \(name) (\(lengthUnit)); same colour range for measured and predicted.",
                    height: 380)
      }
      page.endRow()
      if let f = frequency, let step = Self.largestFringeStep(grid, [measured, predicted], frequency: f), step > 0.5 {
        page.paragraph("Moiré fringe images of \(name) not drawn: at f = \(ReportPage.format(f)) lines per \(lengthUnit) the field changes by up to \(ReportPage.format(step, digits: 3)) fringes between neighbouring cells, more than ½, so the cells sample the fringes too coarsely and an image would alias (show fringes that are not there). A lower --frequency shows them.", cssClass: "warning")
      } else if let f = frequency {
        page.beginRow()
        for (kind, cellsOf) in [("measured", measured), ("predicted", predicted)] {
          let intensity = cellsOf.map { $0.isFinite ? pow(cos(Double.pi * f * $0), 2) : .nan }
          page.figure(
            id: "fringes-\(idPrefix)\(name)-\(kind)",
            data: [heatmap(grid, intensity, colorscale: .string("Greys"), range: (0, 1), title: "\(kind) fringes \(name)",
                           colorbar: "I", showScale: false)] + (anyMasked ? [maskLayer(grid, masked: masked)] : []),
            layout: [("title", .string("\(kind) moiré fringes, \(name)"))] + axes, marks: cells,
            caption: "Moiré fringe image of the \(kind) \(name): intensity cos²(π f u) with grating frequency f = \(ReportPage.format(f)) lines per \(lengthUnit)"
              + (grid.exact ? "." : ", from each cell's mean displacement."),
            height: 380)
        }
        page.endRow()
      }
    }
  }

  /// The largest change of f·u between two neighbouring cells (along either map axis) of
  /// any of `fields`; nil when no two neighbours both have a value.
  static func largestFringeStep(_ grid: FaceGrid, _ fields: [[Double]], frequency f: Double) -> Double? {
    var largest: Double?
    let nu = grid.u.count, nv = grid.v.count
    for cells in fields {
      for j in 0..<nv {
        for i in 0..<nu {
          let a = cells[j * nu + i]
          guard a.isFinite else { continue }
          for b in [i + 1 < nu ? cells[j * nu + i + 1] : .nan, j + 1 < nv ? cells[(j + 1) * nu + i] : .nan] where b.isFinite {
            largest = max(largest ?? 0, abs(f * (b - a)))
          }
        }
      }
    }
    return largest
  }

  // MARK: Residual diagnostics

  static func diagnosticsSection(_ table: ResidualTable, scale: (value: Double, note: String), into page: inout ReportPage) {
    page.heading("Residual diagnostics")
    let r = table.weighted.map { $0 / scale.value }
    let n = r.count
    let maxAbs = r.map { abs($0) }.max() ?? 1
    let limit = min(10, max(4, maxAbs))
    let bins = min(80, max(10, Int(Double(n).squareRoot())))
    let (centres, counts) = ResidualStatistics.histogram(r, lo: -limit, hi: limit, bins: bins)
    let h = 2 * limit / Double(bins)
    let grid = (0...200).map { -limit + 2 * limit * Double($0) / 200 }
    let density = grid.map { Double(n) * h * exp(-$0 * $0 / 2) / (2 * Double.pi).squareRoot() }
    let outside = r.filter { abs($0) > limit }.count
    page.paragraph("\(n) residuals (all components), \(scale.note). Under the stated noise they are standard normal.")
    page.beginRow()
    page.figure(
      id: "residual-histogram",
      data: [
        .object([("type", .string("bar")), ("x", .exact(centres)), ("y", .exact(counts.map(Double.init))), ("name", .string("residuals")),
                 ("marker", .object([("color", .string("#7a9cc6"))]))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(grid)), ("y", .exact(density)),
                 ("name", .string("N(0, 1) × n × bin width")), ("line", .object([("color", .string("#c33"))]))]),
      ],
      layout: [("title", .string("Histogram of r/σ")), ("bargap", .number(0.02)), ("xaxis", .object([("title", .string("r/σ"))])),
               ("yaxis", .object([("title", .string("count"))])), ("legend", .object([("x", .number(0.01)), ("y", .number(0.99))]))],
      marks: bins + grid.count,
      caption: "Histogram of the residuals in units of sigma (\(bins) bins of width \(ReportPage.format(h, digits: 3)))"
        + (outside > 0 ? "; \(outside) beyond ±\(ReportPage.format(limit, digits: 3)) counted in the end bins" : "")
        + ", against the standard normal density scaled to the count.")
    let (theoretical, sample) = ResidualStatistics.qq(r, maxPoints: 2000)
    let lim = max(abs(theoretical.first ?? 3), abs(theoretical.last ?? 3))
    page.figure(
      id: "residual-qq",
      data: [
        .object([("type", .string("scatter")), ("mode", .string("markers")), ("x", .numbers(theoretical, digits: 5)),
                 ("y", .numbers(sample, digits: 5)), ("name", .string("residuals")), ("marker", .object([("size", .number(4))]))]),
        .object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact([-lim, lim])), ("y", .exact([-lim, lim])),
                 ("name", .string("y = x")), ("line", .object([("color", .string("#c33")), ("dash", .string("dash"))]))]),
      ],
      layout: [("title", .string("Normal QQ plot")), ("showlegend", .bool(false)),
               ("xaxis", .object([("title", .string("normal quantile"))])), ("yaxis", .object([("title", .string("r/σ, sorted"))]))],
      marks: theoretical.count + 2,
      caption: "Sorted r/σ against normal quantiles Φ⁻¹((i + ½)/n)"
        + (n > theoretical.count ? " (\(theoretical.count) of the \(n), evenly spaced in rank, extremes kept)" : "")
        + ". On the line: normal noise of the stated size; steeper: the noise is larger than stated; curved tails: outliers or a model error.")
    page.endRow()

    // Averages along each in-plane axis.
    let grid2 = FaceGrid(points: table.points, maxCells: 1)
    page.beginRow()
    for axis in [grid2.axes.0, grid2.axes.1] {
      var data = [ChartJSON]()
      var marks = 0
      let axisName = FaceGrid.axisNames[axis]
      var bandCounts = [Int](), bandCentres = [Double]()
      for c in table.components {
        let rows = table.component.indices.filter { table.component[$0] == c }
        let (centres, means, counts) = ResidualStatistics.profile(
          coordinate: rows.map { table.points[table.point[$0]][axis] }, values: rows.map { r[$0] }, bins: 100)
        if bandCounts.isEmpty { bandCounts = counts; bandCentres = centres }
        data.append(.object([("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(centres)),
                             ("y", .exact(means)), ("name", .string("mean r/σ, \(ResidualTable.componentNames[c])"))]))
        marks += centres.count
      }
      let band = bandCounts.map { 2 / Double($0).squareRoot() }
      data.insert(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(bandCentres)), ("y", .exact(band.map { -$0 })),
                           ("line", .object([("width", .number(0))])), ("showlegend", .bool(false)), ("hoverinfo", .string("skip"))]), at: 0)
      data.insert(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(bandCentres)), ("y", .exact(band)),
                           ("fill", .string("tonexty")), ("fillcolor", .string("rgba(120,120,120,0.2)")),
                           ("line", .object([("width", .number(0))])), ("name", .string("±2/√n"))]), at: 1)
      marks += 2 * bandCentres.count
      page.figure(
        id: "residual-profile-\(axisName)", data: data,
        layout: [("title", .string("Residual averaged along \(axisName)")), ("xaxis", .object([("title", .string(axisName))])),
                 ("yaxis", .object([("title", .string("mean r/σ"))]))],
        marks: marks,
        caption: "Mean r/σ over each line of points across \(axisName) (up to 100 distinct coordinates; otherwise 100 equal slices) (all points of the slice, across the face). The grey band ±2/√n is where the mean of n pure-noise residuals falls 95 % of the time: a run outside it is structure (an edge, a load point), not noise.")
    }
    page.endRow()
  }

  // MARK: Discretization budget

  static func budgetSection(_ fit: FitReportFile, into page: inout ReportPage) {
    guard let d = fit.object("discretization") else { return }
    page.heading("Discretization budget")
    if let skipped = d["skipped"] as? String {
      page.paragraph("Skipped: \(skipped)", cssClass: "muted")
      return
    }
    let dof = FitReportFile.number(d["dof"]).map { String(Int($0)) } ?? "?"
    let refined = FitReportFile.number(d["refined_dof"]).map { String(Int($0)) } ?? "?"
    page.paragraph("Mode \((d["mode"] as? String) ?? "?"), method \((d["method"] as? String) ?? "?"): the model solved on a refined mesh (\(dof) → \(refined) DOF); δ = refined − coarse prediction at the data points. Significant: \(((d["significant"] as? Bool) ?? false) ? "yes" : "no").")
    let components = ((d["components"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] }
    page.table(id: "budget-components", header: ["component", "RMS δ", "max |δ|", "RMS δ / σ", "max |δ| / σ"], rows: components.map { c in
      [ReportPage.Cell((c["name"] as? String) ?? ""), .number(FitReportFile.number(c["rms"]), digits: 4), .number(FitReportFile.number(c["max"]), digits: 4),
       .number(FitReportFile.number(c["rms_sigma"]), digits: 4), .number(FitReportFile.number(c["max_sigma"]), digits: 4)]
    })
    let names = fit.parameters.map(\.name)
    let se = ((d["bias_std_errors"] as? [Any]) ?? []).map { FitReportFile.number($0) }
    let bias = ((d["bias"] as? [Any]) ?? []).map { FitReportFile.number($0) }
    page.table(id: "budget-bias", header: ["parameter", "predicted bias", "bias / std error"], rows: names.indices.map { j in
      [ReportPage.Cell(names[j]), .number(j < bias.count ? bias[j] : nil, digits: 4), .number(j < se.count ? se[j] : nil, digits: 3)]
    })
    let shown = names.indices.filter { $0 < se.count && se[$0]?.isFinite == true }
    if !shown.isEmpty {
      page.figure(
        id: "budget-bias-chart",
        data: [.object([("type", .string("bar")), ("x", .strings(shown.map { names[$0] })), ("y", .exact(shown.map { se[$0]! })),
                        ("marker", .object([("color", .string("#b5651d"))]))])],
        layout: [("title", .string("Predicted bias from the mesh, in standard errors")), ("yaxis", .object([("title", .string("bias / SE"))]))],
        marks: shown.count,
        caption: "The estimate's predicted shift caused by the mesh's discretization error (J⁺ W δ), in units of each parameter's standard error; beyond about ±0.5 the mesh, not the data, limits the parameter.",
        height: 320)
    }
  }

  // MARK: Interlaminar tractions

  static func stressSection(_ s: StressesFiles, into page: inout ReportPage) {
    page.heading("Interlaminar tractions")
    freeEdgeSection(s, into: &page)
    guard !s.lines.isEmpty else { return }
    page.heading("Line across the width", level: 2)
    let units = s.summary["units"] as? [String: Any]
    let stress = (units?["stress"] as? String) ?? "stress unit"
    let length = (units?["length"] as? String) ?? "length unit"
    let station = FitReportFile.number(s.summary["station_x"]).map { ReportPage.format($0) } ?? "?"
    page.paragraph("Along the width (y) of each ply interface at x = \(station) \(length), from \(s.directory). "
      + ((s.summary["bands"] as? String).map { "Bands: \($0)." } ?? "No fit report was given to feinvert stresses: no bands."))
    let warnings = ((s.summary["warnings"] as? [Any]) ?? []).compactMap { $0 as? String }
    page.list(warnings, cssClass: "warning")
    let interfaces = ((s.summary["interfaces"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] }
    for line in s.lines {
      let info = interfaces.first { FitReportFile.number($0["interface"]).map(Int.init) == line.interface }
      let plies = ((info?["plies"] as? [Any]) ?? []).compactMap { $0 as? String }
      page.heading("Interface \(line.interface)" + (plies.count == 2 ? " (\(plies[0]) / \(plies[1]))" : ""), level: 3)
      var data = [ChartJSON]()
      var marks = 0
      var layout: [(String, ChartJSON)] = [("title", .string("Interface \(line.interface)")), ("showlegend", .bool(false)),
                                           ("xaxis", .object([("title", .string("y (\(length))")), ("anchor", .string("y3"))]))]
      for (k, name) in StressesFiles.tractions.enumerated() {
        let axis = k == 0 ? "y" : "y\(k + 1)"
        // Three stacked panels, σzz on top: [0.70, 1], [0.36, 0.64], [0, 0.30].
        let top = 1 - 0.34 * Double(k)
        layout.append((k == 0 ? "yaxis" : "yaxis\(k + 1)", .object([("title", .string("\(name) (\(stress))")), ("domain", .array([.number(max(0, top - 0.30)), .number(top)]))])))
        if let low = line.low?[k], let high = line.high?[k] {
          data.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(line.y)), ("y", .exact(low)), ("yaxis", .string(axis)),
                               ("line", .object([("width", .number(0))])), ("hoverinfo", .string("skip"))]))
          data.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(line.y)), ("y", .exact(high)), ("yaxis", .string(axis)),
                               ("fill", .string("tonexty")), ("fillcolor", .string("rgba(200,60,60,0.25)")), ("line", .object([("width", .number(0))])),
                               ("name", .string("95% band"))]))
          marks += zip(line.y, low).filter { $0.1.isFinite }.count + zip(line.y, high).filter { $0.1.isFinite }.count
        }
        let values = line.values[k]
        data.append(.object([("type", .string("scatter")), ("mode", .string("lines+markers")), ("x", .exact(line.y)), ("y", .exact(values)),
                             ("yaxis", .string(axis)), ("name", .string(name)), ("marker", .object([("size", .number(4))])),
                             ("line", .object([("color", .string("#a02020"))]))]))
        marks += values.filter(\.isFinite).count
      }
      page.figure(id: "interface-\(line.interface)", data: data, layout: layout, marks: marks,
                  caption: "σzz, τxz and τyz along the width at interface \(line.interface) (mean of the plies below and above)"
                    + (line.low == nil ? "." : ", with the 95 % band from the fit's covariance (shaded)."),
                  height: 620)
      guard let components = info?["components"] as? [String: Any] else { continue }
      var rows = [[ReportPage.Cell]]()
      for name in StressesFiles.tractions {
        guard let c = components[name] as? [String: Any] else { continue }
        for edge in ["edge_yminus", "edge_yplus"] {
          let e = c[edge] as? [String: Any]
          rows.append([ReportPage.Cell(name), ReportPage.Cell(edge == "edge_yminus" ? "y−" : "y+"),
                       .number(FitReportFile.number(c["far_field"]), digits: 4), .number(FitReportFile.number(e?["peak"]), digits: 4),
                       .number(FitReportFile.number(e?["peak_distance_from_edge"]), digits: 4),
                       .number(FitReportFile.number(e?["average_over_characteristic_distance"]), digits: 4),
                       .number(FitReportFile.number(e?["decay_distance"]), digits: 4)])
        }
      }
      page.table(id: "interface-\(line.interface)-summary",
                 header: ["traction", "edge", "far field", "peak", "peak from edge", "edge average", "decay distance"], rows: rows)
    }
  }

  /// Every free edge at every interface (`free_edges.csv`): σzz (peel), τnz and τtz in the
  /// edge's frame against arc length, with their 95 % bands, and each edge's summary.
  static func freeEdgeSection(_ s: StressesFiles, into page: inout ReportPage) {
    guard !s.freeEdges.isEmpty else { return }
    let units = s.summary["units"] as? [String: Any]
    let stress = (units?["stress"] as? String) ?? "stress unit"
    let length = (units?["length"] as? String) ?? "length unit"
    page.heading("Free edges", level: 2)
    page.paragraph("Every free edge found in the mesh, at every ply interface: the tractions on the interface in the edge's own frame "
      + "(n the free face's outward normal, t along the edge), mean of the plies below and above, against the arc length s along the edge.")
    let quality = ((s.summary["quality_warnings"] as? [Any]) ?? []).compactMap { ($0 as? [String: Any])?["message"] as? String }
    page.list(quality, cssClass: "warning")
    let summaries = ((s.summary["free_edges"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] }
    for (index, edge) in s.freeEdges.enumerated() {
      page.heading("Edge \(edge.edge), interface \(edge.interface)", level: 3)
      var data = [ChartJSON]()
      var marks = 0
      var layout: [(String, ChartJSON)] = [("showlegend", .bool(false)),
                                           ("xaxis", .object([("title", .string("s (\(length))")), ("anchor", .string("y3"))]))]
      for (k, name) in StressesFiles.edgeTractions.enumerated() {
        let axis = k == 0 ? "y" : "y\(k + 1)"
        let top = 1 - 0.34 * Double(k)
        layout.append((k == 0 ? "yaxis" : "yaxis\(k + 1)", .object([("title", .string("\(name) (\(stress))")), ("domain", .array([.number(max(0, top - 0.30)), .number(top)]))])))
        if let low = edge.low?[k], let high = edge.high?[k] {
          data.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(edge.s)), ("y", .exact(low)), ("yaxis", .string(axis)),
                               ("line", .object([("width", .number(0))])), ("hoverinfo", .string("skip"))]))
          data.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(edge.s)), ("y", .exact(high)), ("yaxis", .string(axis)),
                               ("fill", .string("tonexty")), ("fillcolor", .string("rgba(200,60,60,0.25)")), ("line", .object([("width", .number(0))])),
                               ("name", .string("95% band"))]))
          marks += low.filter(\.isFinite).count + high.filter(\.isFinite).count
        }
        data.append(.object([("type", .string("scatter")), ("mode", .string("lines")), ("x", .exact(edge.s)), ("y", .exact(edge.values[k])),
                             ("yaxis", .string(axis)), ("name", .string(name)), ("line", .object([("color", .string("#a02020"))]))]))
        marks += edge.values[k].filter(\.isFinite).count
      }
      page.figure(id: "free-edge-\(index + 1)", data: data, layout: layout, marks: marks,
                  caption: "σzz (peel), τnz and τtz along edge \(edge.edge) at interface \(edge.interface)"
                    + (edge.low == nil ? "." : ", with the 95 % band from the fit's covariance (shaded)."),
                  height: 560)
      guard let summary = summaries.first(where: { ($0["edge"] as? String) == edge.edge && FitReportFile.number($0["interface"]).map(Int.init) == edge.interface }),
            let components = summary["components"] as? [String: Any] else { continue }
      let rows = StressesFiles.edgeTractions.compactMap { name -> [ReportPage.Cell]? in
        guard let c = components[name] as? [String: Any] else { return nil }
        return [ReportPage.Cell(name), .number(FitReportFile.number(c["far_field"]), digits: 4), .number(FitReportFile.number(c["peak"]), digits: 4),
                .number(FitReportFile.number(c["peak_s"]), digits: 4), .number(FitReportFile.number(c["peak_angle_deg"]), digits: 4),
                .number(FitReportFile.number(c["average_over_characteristic_distance"]), digits: 4),
                .number(FitReportFile.number(c["decay_distance"]), digits: 4)]
      }
      page.table(id: "free-edge-\(index + 1)-summary",
                 header: ["traction", "far field", "peak", "peak at s", "peak angle (°)", "edge average", "decay distance"], rows: rows)
    }
  }
}
