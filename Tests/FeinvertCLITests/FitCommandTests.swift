import Foundation
import Testing

/// `feinvert synth` and `feinvert fit` end to end, and their bad inputs.
@Suite struct FitCommandTests {
  /// A small force-loaded coupon with a [fit] section.
  func makeFitCoupon(_ h: CLIHarness, maxIterations: Int? = nil) throws {
    try h.makeCoupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(
      of: "[[boundary]]            # prescribed extension\ngroup = \"end_xL\"\nux = 0.004\n",
      with: "[[load]]\ngroup = \"end_xL\"\nforce = [100.0, 0.0, 0.0]\n")
    #expect(model.contains("[[load]]"), "the generated model changed; update this fixture")
    model += """

      [fit.parameters]
      "IM7_8552.E2"  = { initial = 9000.0, bounds = [3000.0, 30000.0] }
      "IM7_8552.G12" = { initial = 4000.0, bounds = [1000.0, 15000.0] }

      [fit]
      regularization = "none"

      """
    if let maxIterations { model += "max_iterations = \(maxIterations)\n" }
    try h.write("coupon.toml", model)
  }

  @Test func synthThenFitWritesReportAndOutputs() throws {
    let h = try CLIHarness()
    try makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "3", "--rigid-body", "0.001,0,0.0005,0.0001"])
    #expect(s.status == 0, "\(s.stderr)")
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json", "--out", "fit"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    #expect(r.stdout.contains("iter   1"))
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    let parameters = try #require(report?["parameters"] as? [[String: Any]])
    #expect(parameters.count == 2)
    for key in ["converged", "iterations", "objective", "rms_residual", "n_observations", "correlation", "condition_number", "timings", "rigid_body"] {
      #expect(report?[key] != nil, "report lacks \(key)")
    }
    // The truth (the model's constants) lies in each 95 % interval... at 3 standard errors, to
    // keep this end-to-end test from failing by chance (5 % per parameter at 2 SE).
    for (p, truth) in zip(parameters, [11380.0, 5170.0]) {
      let estimate = try #require(p["estimate"] as? Double), se = try #require(p["std_error"] as? Double)
      #expect(abs(estimate - truth) <= 3 * se, "\(p)")
    }
    #expect(h.exists("fit/solution.vtu"))
    #expect(h.exists("fit/residuals.csv"))
  }

  @Test func fringeOrdersRoundTrip() throws {
    let h = try CLIHarness()
    try makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "orders.csv", "--fringe-orders", "--frequency", "2400", "--noise", "0.00001"])
    #expect(s.status == 0, "\(s.stderr)")
    let text = try h.read("orders.csv")
    #expect(text.contains("grating_frequency"))
    #expect(text.contains("Nx"))
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "orders.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// Exit 4 with the report written, when the iteration limit stops the fit.
  @Test func notConvergedIsExitFourWithReport() throws {
    let h = try CLIHarness()
    try makeFitCoupon(h, maxIterations: 1)
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json"])
    #expect(r.status == 4, "\(r.stderr)")
    let report = try h.read("fit.json")
    #expect(report.contains("\"converged\": false"))
  }

  func expectBadData(_ h: CLIHarness, _ csv: String, line: Int, fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try h.write("bad.csv", csv)
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "bad.csv", "--report", "fit.json", "--out", "fit"])
    #expect(r.status == 2, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.contains("bad.csv:\(line):"), "\(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stderr.contains(fragment), "\(r.stderr)", sourceLocation: sourceLocation)
    #expect(!h.exists("fit.json"), sourceLocation: sourceLocation)
    #expect(!h.exists("fit/solution.vtu"), sourceLocation: sourceLocation)
  }

  @Test func badFringeFilesAreExitTwoWithTheLine() throws {
    let h = try CLIHarness()
    try makeFitCoupon(h)
    // The coupon is 4 x 2 x 1: edge_yplus is y = 2, 0 <= x <= 4, 0 <= z <= 1.
    try expectBadData(h, "x,y,z,ux,uz\n1.0,2.0,0.5,0.001,0.0\n2.0,2.0,abc,0.001,0.0\n", line: 3, fragment: "abc")
    try expectBadData(h, "x,y,z,ux,uz\n1.0,2.0,0.5,nan,0.0\n", line: 2, fragment: "nan")
    try expectBadData(h, "y,z,ux,uz\n2.0,0.5,0.001,0.0\n", line: 1, fragment: "x")
    try expectBadData(h, "x,y,z\n1.0,2.0,0.5\n", line: 1, fragment: "data column")
    try expectBadData(h, "x,y,z,ux,uz\n1.0,2.0,0.5,0.001,0.0\n1.0,3.5,0.5,0.001,0.0\n", line: 3, fragment: "from surface group")
  }

  @Test func offSurfacePointsCanBeDropped() throws {
    let h = try CLIHarness()
    try makeFitCoupon(h)
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    var text = try h.read("data.csv")
    text += "1.0,3.5,0.5,0.001,0.0,1e-05,1e-05\n"
    try h.write("data.csv", text)
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json", "--drop-off-surface"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try h.read("fit.json").contains("\"dropped_points\": 1"))
  }
}
