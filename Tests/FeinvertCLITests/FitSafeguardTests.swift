import Foundation
import Testing

/// Inputs that used to run to a misleading answer: each now stops with exit 2 naming the
/// file and the line or key, or is flagged in the report.
@Suite struct FitSafeguardTests {
  func coupon() throws -> CLIHarness {
    let h = try CLIHarness()
    try FitCommandTests().makeFitCoupon(h)
    return h
  }

  func fit(_ h: CLIHarness, data: String = "data.csv", report: String = "fit.json") throws -> CLIHarness.Result {
    try h.run(["fit", "--mesh", "coupon.msh", "--fringes", data, "--report", report, "--out", "fit"])
  }

  /// 4 values for 2 parameters and 3 rigid-body unknowns (two translations and the rotation).
  @Test func valuesMustOutnumberParametersAndRigidMotion() throws {
    let h = try coupon()
    try h.write("data.csv", "x,y,z,ux,uz\n1.0,2.0,0.5,0.001,0.0\n2.0,2.0,0.5,0.002,0.0\n")
    let r = try fit(h)
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("data.csv:") && r.stderr.contains("4 observed values for 2 parameters and 3 rigid-body unknowns"), "\(r.stderr)")
    #expect(!h.exists("fit.json"))
  }

  @Test func sigmaMustAccompanyEveryValue() throws {
    let h = try coupon()
    let tests = FitCommandTests()
    try tests.expectBadData(h, "x,y,z,ux,uz,sigma_ux,sigma_uz\n1.0,2.0,0.5,0.001,0.0,1e-5,1e-5\n2.0,2.0,0.5,0.001,0.0,1e-5,\n",
                            line: 3, fragment: "empty sigma_uz cell beside uz = 0.0")
    // Beside a masked value the sigma cell may be empty.
    try h.write("ok.csv", "x,y,z,ux,uz,sigma_ux,sigma_uz\n" + (1...8).map { "\(Double($0) * 0.4),2.0,0.5,0.001,,1e-5,\n" }.joined())
    let masked = try fit(h, data: "ok.csv")
    #expect(masked.status != 2, "\(masked.stderr)")
    // A sigma column for ux but none for uz, an observed component.
    try h.write("bad.csv", "x,y,z,ux,uz,sigma_ux\n" + (1...8).map { "\(Double($0) * 0.4),2.0,0.5,0.001,0.0,1e-5\n" }.joined())
    let r = try fit(h, data: "bad.csv")
    #expect(r.status == 2 && r.stderr.contains("bad.csv: found a sigma column for ux but none for uz"), "\(r.stderr)")
  }

  /// A data column the observation does not list is not fitted, and the run says so.
  @Test func unobservedDataColumnIsNoted() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let withUy = try h.read("data.csv").split(separator: "\n").map { line -> String in
      if line.hasPrefix("#") { return String(line) }
      return line.hasPrefix("x,") ? line + ",uy" : line + ",0.0"
    }.joined(separator: "\n") + "\n"
    try h.write("uy.csv", withUy)
    let r = try fit(h, data: "uy.csv")
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("note: uy.csv: data column uy not fitted: observation.components lists ux, uz"), "\(r.stdout)")
  }

  @Test func gratingFrequencyOnce() throws {
    let h = try coupon()
    try FitCommandTests().expectBadData(
      h, "# grating_frequency = 2400\n# grating_frequency = 1200\nx,y,z,Nx,Nz\n1.0,2.0,0.5,1,0\n",
      line: 2, fragment: "grating_frequency a second time (first on line 1)")
  }

  /// Output paths are checked before the fit: a report over the data, or under a path that
  /// is a file, is exit 2 with the data intact and no output directory made. (A report
  /// into a directory that does not exist yet is made: `HonestInputsCLITests`.)
  @Test func outputPathsAreCheckedFirst() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let data = try h.read("data.csv")
    let over = try fit(h, report: "data.csv")
    #expect(over.status == 2 && over.stderr.contains("--report names the input file data.csv"), "\(over.stderr)")
    #expect(try h.read("data.csv") == data)
    let missing = try fit(h, report: "data.csv/dir/fit.json")
    #expect(missing.status == 2 && missing.stderr.contains("data.csv is a file; expected a directory path"), "\(missing.stderr)")
    #expect(!missing.stdout.contains("iter"), "the fit ran before the check")
    #expect(!h.exists("fit"))
    let synthOver = try h.run(["synth", "--mesh", "coupon.msh", "-o", "coupon.toml"])
    #expect(synthOver.status == 2 && synthOver.stderr.contains("-o names the input file"), "\(synthOver.stderr)")
  }

  /// χ² against the stated noise: consistent for data from the model itself; not when the
  /// data's sigma columns understate the noise 50 times (as a fit stuck in a local minimum
  /// or a wrong model would also show), which also prints a warning.
  @Test func goodnessOfFitAgainstTheStatedNoise() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.0005", "--seed", "5"])
    let good = try fit(h)
    #expect(good.status == 0, "\(good.stderr)")
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    let gof = try #require(report?["goodness_of_fit"] as? [String: Any])
    #expect(gof["consistent_with_noise"] as? Bool == true, "\(gof)")
    #expect(!good.stdout.contains("does not reproduce the data"))
    // The same data claiming sigma = 1e-5 (the last two columns).
    let understated = try h.read("data.csv").split(separator: "\n").map { line -> String in
      guard let first = line.first, first.isNumber || first == "-" else { return String(line) }
      var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      fields[fields.count - 1] = "1e-05"
      fields[fields.count - 2] = "1e-05"
      return fields.joined(separator: ",")
    }.joined(separator: "\n") + "\n"
    try h.write("understated.csv", understated)
    let bad = try fit(h, data: "understated.csv", report: "bad.json")
    #expect(bad.status == 0, "\(bad.stderr)")
    #expect(bad.stdout.contains("warning: chi2/dof = ") && bad.stdout.contains("does not reproduce the data"), "\(bad.stdout)")
    let badReport = try JSONSerialization.jsonObject(with: Data(try h.read("bad.json").utf8)) as? [String: Any]
    let badFit = try #require(badReport?["goodness_of_fit"] as? [String: Any])
    #expect(badFit["consistent_with_noise"] as? Bool == false)
    // χ² scales by (0.0005/1e-5)² = 2500 between the two reports.
    let ratio = try #require(badFit["chi2"] as? Double) / (try #require(gof["chi2"] as? Double))
    #expect(abs(ratio / 2500 - 1) < 0.05, "\(ratio)")
  }

  /// With no load the data cannot see the moduli: no standard error is reported for them
  /// (null, not 0), and the table says so.
  @Test func undeterminedParametersHaveNoStandardError() throws {
    let h = try coupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(of: "force = [100.0, 0.0, 0.0]", with: "force = [0.0, 0.0, 0.0]")
    try h.write("coupon.toml", model)
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let r = try fit(h)
    #expect(r.status == 0 || r.status == 4, "\(r.stderr)")
    #expect(r.stdout.contains("not computed"), "\(r.stdout)")
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    let parameters = try #require(report?["parameters"] as? [[String: Any]])
    for p in parameters {
      #expect(p["std_error"] is NSNull, "\(p)")
      #expect(p["ci95"] is NSNull, "\(p)")
    }
  }

  @Test func impossibleStartIsReportedAtTheFitEntry() throws {
    let h = try coupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(
      of: "\"IM7_8552.E2\"  = { initial = 9000.0, bounds = [3000.0, 30000.0] }",
      with: "\"IM7_8552.E2\"  = { initial = 200.0, bounds = [100.0, 30000.0] }")
    try h.write("coupon.toml", model)
    try h.write("data.csv", "x,y,z,ux,uz\n" + (1...8).map { "\(Double($0) * 0.4),2.0,0.5,0.001,0.0\n" }.joined())
    let r = try fit(h)
    #expect(r.status == 2, "\(r.stderr)")
    let line = try #require(model.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("\"IM7_8552.E2\"") }) + 1
    #expect(r.stderr.contains("coupon.toml:\(line)") && r.stderr.contains("with the initial values of IM7_8552.E2"), "\(r.stderr)")
  }

  @Test func boundsOfTheWrongLengthSayTwoNumbers() throws {
    let h = try coupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(of: "bounds = [1000.0, 15000.0]", with: "bounds = [1000.0]")
    try h.write("coupon.toml", model)
    try h.write("data.csv", "x,y,z,ux,uz\n1.0,2.0,0.5,0.001,0.0\n")
    let r = try fit(h)
    #expect(r.status == 2 && r.stderr.contains("is not an array of 2 numbers; expected [x1, x2]"), "\(r.stderr)")
  }
}

/// Model and mesh inputs that used to be accepted and give a silently wrong solution.
@Suite struct ModelSafeguardTests {
  /// A group named in $PhysicalNames without elements would hold, load or observe nothing.
  @Test func groupsWithoutElementsAreRefused() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    var mesh = try h.read("coupon.msh")
    let names = try #require(mesh.range(of: "$PhysicalNames\n"))
    let countLine = try #require(mesh[names.upperBound...].range(of: "\n"))
    let count = try #require(Int(mesh[names.upperBound..<countLine.lowerBound]))
    mesh.replaceSubrange(names.upperBound..<countLine.upperBound, with: "\(count + 1)\n2 999 \"ghost\"\n")
    try h.write("coupon.msh", mesh)
    var model = try h.read("coupon.toml")
    model += "\n[[load]]\ngroup = \"ghost\"\nforce = [100.0, 0.0, 0.0]\n"
    try h.write("coupon.toml", model)
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "out"])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("coupon.toml:") && r.stderr.contains("group \"ghost\" is named in coupon.msh but has no elements"), "\(r.stderr)")
    #expect(!h.exists("out/solution.vtu"))
  }

  @Test func absurdPrescribedDisplacementIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let model = try h.read("coupon.toml").replacingOccurrences(of: "ux = 0.004", with: "ux = 1e305")
    try h.write("coupon.toml", model)
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "out"])
    #expect(r.status == 2 && r.stderr.contains("found ux = 1e+305; expected a finite displacement with magnitude <= 1e100"), "\(r.stderr)")
    #expect(!h.exists("out/solution.vtu"))
  }

  @Test func meshOptionsThatWouldWriteABadModel() throws {
    let h = try CLIHarness()
    let base = ["mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "4", "--width", "2", "--nx", "4", "--ny", "2"]
    let nan = try h.run(base + ["--extension", "nan", "-o", "a.msh"])
    #expect(nan.status == 2 && nan.stderr.contains("--extension"), "\(nan.stderr)")
    #expect(!h.exists("a.toml") && !h.exists("a.msh"))
    let toml = try h.run(base + ["-o", "x.toml"])
    #expect(toml.status == 2 && toml.stderr.contains("-o: found 'x.toml', which is also where the model goes"), "\(toml.stderr)")
    #expect(!h.exists("x.toml"))
  }
}
