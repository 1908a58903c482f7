import FeinvertJobs
import Foundation
import Testing

/// `feinvert report`, `fit --html` and `stresses --html` end to end, and their bad inputs.
@Suite struct ReportCommandTests {
  /// The fit coupon of `FitCommandTests`, with fringe-order data (so the fringe images show).
  func fitted(_ h: CLIHarness) throws {
    try FitCommandTests().makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "orders.csv", "--fringe-orders", "--frequency", "2400",
                       "--noise", "0.00001", "--seed", "5"])
    #expect(s.status == 0, "\(s.stderr)")
  }

  @Test func fitStressesAndReportWriteOnePageEach() throws {
    let h = try CLIHarness()
    try fitted(h)
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "orders.csv", "--report", "fit.json", "--out", "fit",
                       "--html", "fit.html"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    let page = try h.read("fit.html")
    // The data file's grating frequency (2400 lines/mm) is read: on this coarse grid ux
    // changes by more than half a fringe between neighbouring points, so the page says so
    // instead of drawing an aliased image.
    #expect(page.contains("Moiré fringe images of ux not drawn: at f = 2400 lines per mm"))
    #expect(!page.contains("id=\"fringes-ux-measured\""))
    #expect(page.contains("id=\"history\"") && page.contains("id=\"correlation\"") && page.contains("id=\"residual-qq\""))
    #expect(page.contains("default-src 'none'"))
    // fit.json carries the extensions the page draws.
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    let history = try #require(report["history"] as? [[String: Any]])
    #expect(history.count >= (report["iterations"] as? Int ?? 0))
    let vectors = try #require(report["singular_vectors"] as? [[Double]])
    #expect(vectors.count == 2 && vectors.allSatisfy { abs($0.reduce(0) { $0 + $1 * $1 } - 1) < 1e-10 })
    // The parameter table shows fit.json's estimates (exact value attached to the cell;
    // 1e-14: Foundation's JSON parser may round the last bit differently).
    for p in try #require(report["parameters"] as? [[String: Any]]) {
      let estimate = try #require(p["estimate"] as? Double)
      let range = try #require(page.range(of: "data-key=\"\(p["name"] as? String ?? "")\""))
      let row = page[range.upperBound...].prefix { $0 != "\n" }
      let values = row.components(separatedBy: "data-value=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
      #expect(values.contains { abs($0 - estimate) <= 1e-14 * abs(estimate) }, "\(row)")
    }

    let s = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "fit.json", "--out", "edge", "--html", "edge.html"])
    #expect(s.status == 0, "\(s.stderr)")
    let edge = try h.read("edge.html")
    #expect(edge.contains("id=\"interface-1\"") && edge.contains("id=\"interface-3\"") && edge.contains("95% band"))
    // Every free edge of free_edges.csv at every interface has its figure and summary.
    let edges = try h.read("edge/free_edges.csv").split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
      .map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(2).joined(separator: ",") }
    let profiles = Set(edges).count
    #expect(profiles >= 3, "\(profiles) free-edge profiles")
    for k in 1...profiles { #expect(edge.contains("id=\"free-edge-\(k)\"") && edge.contains("id=\"free-edge-\(k)-summary\""), "free edge \(k)") }
    #expect(!edge.contains("id=\"free-edge-\(profiles + 1)\""))

    let all = try h.run(["report", "--fit", "fit.json", "--residuals", "fit/residuals.csv", "--stresses", "edge",
                         "--frequency", "200", "-o", "report.html"])
    #expect(all.status == 0, "\(all.stderr)")
    let combined = try h.read("report.html")
    #expect(combined.contains("id=\"interface-2-summary\"") && combined.contains("id=\"map-uz-residual\""))
    // A coarser grating resolves the fringes on the same points.
    #expect(combined.contains("id=\"fringes-ux-predicted\""))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// An open-hole plate: no line across the width (interlaminar.csv holds its header
  /// only), so the page holds the free edges alone, the bore's (group `hole`) among them.
  @Test func openHolePageHoldsTheFreeEdges() throws {
    let h = try CLIHarness()
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/open_hole")
    let s = try h.run(["stresses", "--mesh", dir.appendingPathComponent("open_hole_hex20.msh").path,
                       "--model", dir.appendingPathComponent("open_hole.toml").path, "--out", "edge", "--html", "edge.html"])
    #expect(s.status == 0, "\(s.stderr)")
    let page = try h.read("edge.html")
    #expect(page.contains("id=\"free-edge-1\"") && page.contains("Edge hole, interface 1") && !page.contains("Line across the width"))
  }

  @Test func badInputsExitTwoAndWriteNothing() throws {
    let h = try CLIHarness()
    try h.write("fit.json", "{\"converged\": true, \"parameters\": [{\"name\": \"E2\"}]}")
    try h.write("bad.csv", "point,x,y,z,component,measured,predicted,residual,weighted_residual\n1,0,0,0,ux,1,1,0,0\n2,0,0,0,uw,1,1,0,0\n")
    let cases: [([String], String)] = [
      (["report", "-o", "r.html"], "expected a fit report, a stresses output directory, or both"),
      (["report", "--fit", "fit.json", "-o", "r.html"], "fit.json: key parameters[0].initial is missing or of the wrong type; expected a number"),
      (["report", "--fit", "missing.json", "-o", "r.html"], "missing.json"),
      (["report", "--fit", "fit.json", "--residuals", "bad.csv", "-o", "r.html"], "key parameters[0].initial"),
      (["report", "--stresses", "nowhere", "-o", "r.html"], "nowhere/interlaminar.csv"),
      (["report", "--stresses", "nowhere", "--max-cells", "3", "-o", "r.html"], "--max-cells: found 3; expected at least 100 cells per map"),
    ]
    for (arguments, message) in cases {
      let r = try h.run(arguments)
      #expect(r.status == 2, "\(arguments): \(r.stderr)")
      #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
      #expect(!h.exists("r.html"))
    }
    try h.write("good.json", "{\"converged\": true, \"parameters\": [{\"name\": \"E2\", \"initial\": 1, \"estimate\": 2, \"bounds\": [0, 5]}]}")
    let r = try h.run(["report", "--fit", "good.json", "--residuals", "bad.csv", "-o", "r.html"])
    #expect(r.status == 2 && r.stderr.contains("bad.csv:3: found component 'uw'; expected ux, uy or uz"), "\(r.stderr)")
    #expect(!h.exists("r.html"))
  }

  @Test func progressIsSilentOffATerminal() {
    // Not a terminal: no reporting at all. A terminal: a reporting every few seconds.
    #expect(ProcessSetup.factorizationProgress(isTerminal: false) == nil)
    #expect(ProcessSetup.factorizationProgress(isTerminal: true)?.interval == ProcessSetup.progressInterval)
  }
}
