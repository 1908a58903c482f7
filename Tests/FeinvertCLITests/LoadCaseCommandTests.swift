import Foundation
import Testing

/// `[[load_case]]` and `[[observation]]` end to end: `synth --case`, `fit` over two load
/// cases and three observed faces, and the inputs it refuses.
@Suite struct LoadCaseCommandTests {
  static let cases = """

    [[load_case]]
    name = "tension"
    data = "tension.csv"
    [[load_case.load]]
    group = "end_xL"
    force = [100.0, 0.0, 0.0]

    [[load_case]]
    name = "bending"
    [[load_case.load]]
    group = "end_xL"
    force = [0.0, 0.0, 0.5]
    [[load_case.observation]]
    name = "edge"
    group = "edge_yplus"
    components = ["ux", "uz"]
    rigid_body = "fit"
    [[load_case.observation]]
    name = "top"
    group = "GROUP"
    components = ["ux", "uy"]
    rigid_body = "fit"

    [fit.parameters]
    "IM7_8552.E2"   = { initial = 9000.0, bounds = [3000.0, 30000.0] }
    "IM7_8552.G12"  = { initial = 4000.0, bounds = [1000.0, 15000.0] }
    "IM7_8552.nu12" = { initial = 0.30,   bounds = [0.05, 0.49] }

    """

  /// The generated coupon with its prescribed extension replaced by the two cases.
  func makeCoupon(_ h: CLIHarness, topGroup: String = "top") throws -> String {
    try h.makeCoupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(of: "[[boundary]]            # prescribed extension\ngroup = \"end_xL\"\nux = 0.004\n", with: "")
    #expect(!model.contains("ux = 0.004"), "the generated model changed; update this fixture")
    model += Self.cases.replacingOccurrences(of: "GROUP", with: topGroup)
    try h.write("coupon.toml", model)
    return model
  }

  @Test func synthEachCaseThenFitThemTogether() throws {
    let h = try CLIHarness()
    _ = try makeCoupon(h)
    // Without --case the model's three data sets are named.
    let ambiguous = try h.run(["synth", "--mesh", "coupon.msh", "-o", "x.csv"])
    #expect(ambiguous.status == 2)
    #expect(ambiguous.stderr.contains("expected --case NAME with NAME one of tension, bending/edge, bending/top"), "\(ambiguous.stderr)")
    for (name, file, seed) in [("tension", "tension.csv", "1"), ("bending/edge", "edge.csv", "2"), ("bending/top", "top.csv", "3")] {
      let s = try h.run(["synth", "--mesh", "coupon.msh", "--case", name, "-o", file, "--noise", "0.00002", "--seed", seed])
      #expect(s.status == 0, "\(s.stderr)")
    }
    let r = try h.run([
      "fit", "--mesh", "coupon.msh", "--fringes", "bending/edge=edge.csv", "--fringes", "bending/top=top.csv",
      "--report", "fit.json", "--out", "fit", "--html", "fit.html",
    ])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    #expect(r.stdout.contains("data set bending/top:"), "\(r.stdout)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    let sets = try #require(report["data_sets"] as? [[String: Any]])
    #expect(sets.map { $0["name"] as? String } == ["tension", "bending/edge", "bending/top"])
    #expect(sets.map { $0["load_case"] as? String } == ["tension", "bending", "bending"])
    // χ² per set against its degrees of freedom: the data are the model's own plus noise,
    // so each reduced χ² lies near 1 (0.5 to 2: several hundred values each).
    for set in sets {
      let reduced = try #require(set["reduced_chi2"] as? Double)
      #expect(reduced > 0.5 && reduced < 2, "\(set)")
      #expect((set["rigid_body"] as? [Any])?.isEmpty == false)
    }
    let parameters = try #require(report["parameters"] as? [[String: Any]])
    for (p, truth) in zip(parameters, [11380.0, 5170.0, 0.32]) {
      let estimate = try #require(p["estimate"] as? Double), se = try #require(p["std_error"] as? Double)
      #expect(abs(estimate - truth) <= 3 * se, "\(p)")
    }
    let inputs = ((report["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])?.compactMap { $0["role"] as? String }
    #expect(inputs == ["mesh", "model", "fringes tension", "fringes bending/edge", "fringes bending/top"])
    for file in ["solution.vtu", "solution_tension.vtu", "solution_bending.vtu", "residuals.csv"] { #expect(h.exists("fit/\(file)")) }
    #expect(try h.read("fit/residuals.csv").hasPrefix("data_set,point,"))
    // The collection names each case's file, which exists.
    let pvd = try h.read("fit/solution.pvd")
    for (k, name) in ["tension", "bending"].enumerated() {
      #expect(pvd.contains("<DataSet timestep=\"\(k)\" group=\"\" part=\"0\" name=\"\(name)\" file=\"solution_\(name).vtu\"/>"), "\(pvd)")
    }
    // The HTML report maps each data set's face on its own.
    let html = try h.read("fit.html")
    for set in ["tension", "bending/edge", "bending/top"] {
      #expect(html.contains("Measured, predicted and residual maps: data set \(set)"), "\(set)")
    }
    // A data set as a lab exports it (';' separated, quoted headers with units) goes
    // through the same reader as a single file: the same estimates.
    let lab = try h.read("top.csv").split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      if line.hasPrefix("#") || line.isEmpty { return String(line) }
      if line.hasPrefix("x,") { return line.split(separator: ",").map { "\"\($0) [mm]\"" }.joined(separator: ";") }
      return line.replacingOccurrences(of: ",", with: ";")
    }
    try h.write("top_lab.csv", lab.joined(separator: "\n"))
    let relabelled = try h.run([
      "fit", "--mesh", "coupon.msh", "--fringes", "bending/edge=edge.csv", "--fringes", "bending/top=top_lab.csv",
      "--report", "lab.json",
    ])
    #expect(relabelled.status == 0, "\(relabelled.stderr)")
    let labReport = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("lab.json").utf8)) as? [String: Any])
    let labEstimates = try #require(labReport["parameters"] as? [[String: Any]]).compactMap { $0["estimate"] as? Double }
    for (a, b) in zip(labEstimates, parameters.compactMap { $0["estimate"] as? Double }) { #expect(abs(a - b) <= 1e-9 * abs(b)) }
    #expect(labEstimates.count == 3)
    // One factorization per evaluation: the two cases share their supports.
    #expect((report["factorizations"] as? Int).map { $0 <= (report["iterations"] as? Int ?? 0) + 2 } == true, "\(report["factorizations"] ?? "")")
  }

  /// Without sigma columns each data set's noise is its own: data made with σ = 1e-5,
  /// 1e-4 and 3e-5 get weights from a first fit's residuals within 15 % of those (several
  /// hundred values each: the estimate's spread is a few per cent), and the report says
  /// the noise was estimated.
  @Test func noiseIsEstimatedPerDataSetWithoutSigma() throws {
    let h = try CLIHarness()
    _ = try makeCoupon(h)
    let noise = [("tension", "tension.csv", 1e-5), ("bending/edge", "edge.csv", 1e-4), ("bending/top", "top.csv", 3e-5)]
    for (k, (name, file, sigma)) in noise.enumerated() {
      let s = try h.run(["synth", "--mesh", "coupon.msh", "--case", name, "-o", file, "--noise", "\(sigma)", "--seed", "\(k + 5)"])
      #expect(s.status == 0, "\(s.stderr)")
      // Drop the sigma columns synth writes.
      let lines = try h.read(file).components(separatedBy: "\n")
      guard let header = lines.firstIndex(where: { !$0.hasPrefix("#") && !$0.isEmpty }) else { continue }
      let keep = lines[header].components(separatedBy: ",").enumerated().filter { !$0.element.hasPrefix("sigma_") }.map(\.offset)
      let stripped = lines.enumerated().map { i, line -> String in
        i < header || line.isEmpty ? line : keep.map { line.components(separatedBy: ",")[$0] }.joined(separator: ",")
      }
      try h.write(file, stripped.joined(separator: "\n"))
    }
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "bending/edge=edge.csv", "--fringes", "bending/top=top.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    #expect(r.stdout.contains("each data set's noise estimated from a first fit"), "\(r.stdout)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    #expect((report["noise"] as? [String: Any])?["known"] as? Bool == false)
    let sets = try #require(report["data_sets"] as? [[String: Any]])
    for (set, (_, _, sigma)) in zip(sets, noise) {
      let weight = try #require(set["weight_sigma"] as? Double), estimate = try #require(set["noise_estimate"] as? Double)
      #expect(abs(weight / sigma - 1) < 0.15, "\(set)")
      #expect(abs(estimate / sigma - 1) < 0.15, "\(set)")
    }
  }

  /// `solve` and `stresses` take one load case: without `--case` exit 2 naming them; with
  /// it, that case's loads (the bending case's deflection is along z).
  @Test func solveAndStressesTakeOneCase() throws {
    let h = try CLIHarness()
    _ = try makeCoupon(h)
    for command in ["solve", "stresses"] {
      let r = try h.run([command, "--mesh", "coupon.msh", "--out", "o"])
      #expect(r.status == 2, "\(command): \(r.stderr)")
      #expect(r.stderr.contains("expected --case NAME with NAME one of tension, bending"), "\(command): \(r.stderr)")
    }
    let solve = try h.run(["solve", "--mesh", "coupon.msh", "--case", "bending", "--out", "s"])
    #expect(solve.status == 0, "\(solve.stderr)")
    let observed = try h.read("s/observed.csv")
    #expect(observed.hasPrefix("gmsh_node_tag") || observed.contains("ux"), "\(observed.prefix(200))")
    let stresses = try h.run(["stresses", "--mesh", "coupon.msh", "--case", "tension", "--out", "t"])
    #expect(stresses.status == 0, "\(stresses.stderr)")
    #expect(h.exists("t/interlaminar.csv"))
    let unknown = try h.run(["stresses", "--mesh", "coupon.msh", "--case", "torsion", "--out", "t2"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("\"torsion\" is not a load case"), "\(unknown.stderr)")
  }

  @Test func badNamesAndGroupsAreExitTwoAtTheirKey() throws {
    let h = try CLIHarness()
    var model = try makeCoupon(h)
    try h.write("edge.csv", "x,y,z,ux,uz\n1,2,0.5,0,0\n")
    let unknown = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "bend=edge.csv", "--report", "fit.json"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("\"bend\" in bend=edge.csv is not a data set of the model; expected NAME=FILE with NAME one of tension, bending/edge, bending/top"), "\(unknown.stderr)")
    // The group of the second [[load_case.observation]] of the second case, at its line.
    model = model.replacingOccurrences(of: "name = \"top\"\ngroup = \"top\"", with: "name = \"top\"\ngroup = \"nosuch\"")
    try h.write("coupon.toml", model)
    let lines = model.components(separatedBy: "\n")
    let line = try #require(lines.firstIndex(of: "group = \"nosuch\"")) + 1
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "bending/edge=edge.csv", "--fringes", "bending/top=edge.csv"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("coupon.toml:\(line): load_case[1].observation[1].group: group \"nosuch\" is not a physical group"), "\(r.stderr)")
    #expect(!h.exists("fit.json"))
  }
}
