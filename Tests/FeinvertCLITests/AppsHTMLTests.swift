import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app NAME --html` end to end: the page is written beside the report, holds the
/// figures the app's validation README names, and a bad `--html` path is refused first.
@Suite struct AppsHTMLTests {
  /// The repository's root (for the bundled example data).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The `marks` a figure's specification declares.
  func marks(_ page: String, id: String) -> Int? {
    guard let r = page.range(of: "{\"id\":\"\(id)\"") else { return nil }
    let rest = page[r.upperBound...]
    guard let m = rest.range(of: "\"marks\":") else { return nil }
    return Int(Double(rest[m.upperBound...].prefix { $0 != "}" && $0 != "," }) ?? -1)
  }

  @Test func ribosomeDrawsTheRatesWithTheirBandAndTheLambdaCurve() throws {
    let h = try CLIHarness()
    try h.write("counts.csv", RibosomeExampleFiles.texts(seed: 2026).counts)
    let r = try h.run(["app", "ribosome", "--data", "counts.csv", "--report", "ribosome.json", "--html", "ribosome.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let page = try h.read("ribosome.html")
    let codons = (try h.read("counts.csv")).split(separator: "\n").filter { $0.first?.isNumber == true }.count
    // The rate line has one mark per codon, the band two per codon with a standard error.
    let rates = try #require(marks(page, id: "ribosome-rates"))
    #expect(rates >= codons && rates <= 3 * codons)
    // GCV on the 201-point grid plus the three rules' choices.
    #expect(marks(page, id: "ribosome-lambda") == 204)
  }

  @Test func ednaDrawsBothModelsAndTheDesign() throws {
    let h = try CLIHarness()
    try h.write("edna.csv", EDNAExampleFiles.text(seed: 7))
    let r = try h.run(["app", "edna", "--data", "edna.csv", "--report", "edna.json", "--bootstrap", "0", "--design", "3",
                       "--html", "edna.html"])
    #expect(r.status == 0 || r.status == 4, "\(r.stderr)")
    let page = try h.read("edna.html")
    let samples = EDNAExampleFiles.sites.count
    // Samples, two profiles of 401 points, three proposed sites.
    #expect(marks(page, id: "edna-profiles") == samples + 2 * 401 + 3)
    #expect(page.contains("(chosen)"))
  }

  @Test func privacyDrawsTheCurve() throws {
    let h = try CLIHarness()
    let data = Self.root.appendingPathComponent("Validation/apps/privacy/diabetes.csv").path
    let r = try h.run(["app", "privacy", "--data", data, "--report", "privacy.json", "--sigmas", "0,2,8", "--seeds", "2",
                       "--steps", "50", "--html", "privacy.html"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(marks(try h.read("privacy.html"), id: "privacy-curve") == 9)
  }

  @Test(arguments: ["fin", "gill"])
  func rowAppsDrawEachRowsIntervalAndKappa(app: String) throws {
    let h = try CLIHarness()
    let text = app == "fin" ? FinExampleFiles.text(seed: 2026) : GillExampleFiles.text(seed: 2026)
    try h.write("rows.csv", text)
    let r = try h.run(["app", app, "--data", "rows.csv", "--report", "r.json", "--html", "r.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let page = try h.read("r.html")
    let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.count - 1  // less the header
    #expect(rows > 0)
    // One dot per estimate and one bar per bounded interval, at most two marks a row.
    let estimates = try #require(marks(page, id: "rows-estimates"))
    #expect(estimates >= 1 && estimates <= 2 * rows, "\(estimates) marks for \(rows) rows")
    let kappa = try #require(marks(page, id: "rows-kappa"))
    #expect(kappa >= 1 && kappa <= rows)
  }

  @Test func soilDrawsTheRatesWithTheirRangesAndTheFluxes() throws {
    let h = try CLIHarness()
    let dir = Self.root.appendingPathComponent("Validation/apps/soil")
    let r = try h.run(["app", "soil", "--data", dir.appendingPathComponent("fluxes.csv").path, "--stoichiometry",
                       dir.appendingPathComponent("stoich.csv").path, "--report", "s.json", "--html", "s.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let page = try h.read("s.html")
    let rates = try #require(marks(page, id: "soil-rates"))
    let fluxes = try #require(marks(page, id: "soil-fluxes"))
    #expect(rates >= 1 && fluxes >= 2 && fluxes % 2 == 0)
  }

  @Test func quantalDrawsTheVarianceMeanParabola() throws {
    let h = try CLIHarness()
    let data = Self.root.appendingPathComponent("Validation/apps/quantal/trials.csv").path
    let r = try h.run(["app", "quantal", "--data", data, "--report", "q.json", "--html", "q.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let conditions = try #require(
      (try JSONSerialization.jsonObject(with: Data(try h.read("q.json").utf8)) as? [String: Any]).flatMap { report in
        (report["conditions"] as? [Any])?.count ?? (report["release_probabilities"] as? [Any])?.count
      })
    // Two band edges and the parabola on 201 points, one mark per condition.
    #expect(marks(try h.read("q.html"), id: "quantal-variance-mean") == 3 * 201 + conditions)
  }

  @Test func leafDrawsTheBoundAndTheDecomposition() throws {
    let h = try CLIHarness()
    let data = Self.root.appendingPathComponent("Validation/apps/leaf/leaf.csv").path
    let r = try h.run(["app", "leaf", "--data", data, "--report", "leaf.json", "--bootstrap", "200", "--html", "leaf.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("leaf.json").utf8)) as? [String: Any])
    let times = try #require(report["times"] as? [[String: Any]])
    let bound = try #require(report["K_max_upper_bound"] as? [String: Any])
    // Counted from the report: a dot per time whose own bound is finite, a cross per time
    // with PLC < 1, the K-hat line (2 points) and its bootstrap band (2 edges of 2 points).
    let finiteBounds = times.filter { $0["chance_bound"] is NSNumber }.count
    let ratios = times.filter { (($0["PLC"] as? NSNumber)?.doubleValue ?? 1) < 1 }.count
    let interval = try #require(bound["bootstrap_interval95"] as? [Any])
    #expect(bound["estimate"] is NSNumber && interval.allSatisfy { $0 is NSNumber })
    #expect(finiteBounds < times.count, "the worked example has a time that cannot bound K")
    let page = try h.read("leaf.html")
    #expect(marks(page, id: "leaf-bound") == finiteBounds + ratios + 2 + 4)
    // K_leaf, K_xylem and K_AQP at every time.
    #expect(marks(page, id: "leaf-decomposition") == 3 * times.count)
    #expect(page.contains("cannot bound K"))
  }

  @Test func loopsDrawsTheProfileLikelihoodAndThePredictions() throws {
    let h = try CLIHarness()
    let data = Self.root.appendingPathComponent("Validation/apps/loops/lifetimes.csv").path
    let r = try h.run(["app", "loops", "--data", data, "--report", "loops.json", "--html", "loops.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let page = try h.read("loops.html")
    // The curve on 201 points, the 3.841 level (2 points), the estimate and both interval ends.
    #expect(marks(page, id: "loops-likelihood") == 201 + 2 + 3)
    // Mean loop, median loop and coverage at d and at 2d, and the two interval-end runs at 2d.
    #expect(marks(page, id: "loops-predictions") == 3 * 2 + 2)
  }

  @Test func loopsFromSnapshotsDrawsTheFitsObjective() throws {
    let h = try CLIHarness()
    // 20 snapshots of 10 loops on a 1200 kb ring, sizes 10 to 100 kb.
    var text = "# ring_kb = 1200\nsnapshot,loop_kb\n"
    for s in 0..<20 { for i in 0..<10 { text += "\(s),\(10 + 10 * ((3 * s + 7 * i) % 10))\n" } }
    try h.write("snap.csv", text)
    let r = try h.run(["app", "loops", "--data", "snap.csv", "--report", "snap.json", "--html", "snap.html"])
    #expect(r.status == 0, "\(r.stderr)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("snap.json").utf8)) as? [String: Any])
    let fit = try #require(report["snapshot_fit"] as? [String: Any])
    let profile = try #require(fit["profile"] as? [Any])
    let lower = try #require(((report["processivity_kb"] as? [String: Any])?["ci95"] as? [NSNumber])?.first?.doubleValue)
    let page = try h.read("snap.html")
    // The objective at every grid point and the estimate; no likelihood for snapshots.
    #expect(marks(page, id: "loops-snapshot-fit") == profile.count + 1)
    #expect(marks(page, id: "loops-likelihood") == nil)
    // The interval-end runs only when the interval's lower end is at least 2 kb.
    #expect(marks(page, id: "loops-predictions") == 3 * 2 + (lower >= 2 ? 2 : 0))
  }

  @Test func loopsWithEveryLifetimeCensoredDrawsOnlyTheLowerBound() throws {
    let h = try CLIHarness()
    try h.write("censored.csv", "# ring_kb = 6000\n# separation_kb = 120\nlength_kb,censored\n40,1\n64,1\n12,1\n")
    let r = try h.run(["app", "loops", "--data", "censored.csv", "--report", "c.json", "--html", "c.html"])
    #expect(r.status == 0 || r.status == 4, "\(r.stderr)")
    let page = try h.read("c.html")
    // The curve 2T/lambda, the level and the lower bound 2T/3.841 alone; no prediction.
    #expect(marks(page, id: "loops-likelihood") == 201 + 2 + 1)
    #expect(marks(page, id: "loops-predictions") == nil)
    #expect(page.contains("only bounded below"))
  }

  @Test func aBadHTMLPathIsExitTwoBeforeAnyWork() throws {
    let h = try CLIHarness()
    let data = Self.root.appendingPathComponent("Validation/apps/deconv/notch.csv").path
    // A page over the input data would destroy them.
    let r = try h.run(["app", "deconv", "--data", data, "--report", "d.json", "--html", data])
    #expect(r.status == 2 && r.stderr.contains("--html names the input file"), "\(r.stderr)")
    #expect(!h.exists("d.json"))
  }
}
