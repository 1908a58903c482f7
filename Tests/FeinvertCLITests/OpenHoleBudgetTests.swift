import FECommon
import FeinvertTestSupport
import Foundation
import Testing

/// The discretization budget on an open-hole coupon meshed by Gmsh (Meshes/open_hole):
/// data made by `synth` on the quadratic hex20 mesh (the "specimen"), fitted on the linear
/// hex8 mesh of the same geometry, whose estimates the mesh alone biases (E2 20 % low).
@Suite(.serialized) struct OpenHoleBudgetTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Meshes/open_hole")
  static func file(_ name: String) -> String { directory.appendingPathComponent(name).path }
  /// The model's constants (Meshes/open_hole/open_hole.toml), the truth of the data.
  static let truth = ["IM7_8552.E2": 11380.0, "IM7_8552.G12": 5170.0]
  /// Noise σ of the noisy data sets, mm: 1 µm, a DIC field's resolution. The correction
  /// removes the bias of the fitted mesh's linear elements; the bore's chords (3 µm from the
  /// circle at most) are the refined model's too, and leave G12 1.7 MPa low (E2 100 MPa):
  /// 0.3 and 0.15 standard errors here, 1.5 and 0.7 at 0.2 µm noise, where the intervals
  /// would no longer cover. Uncorrected, E2 and G12 are 3.3 and 5.3 standard errors low.
  static let sigma = 1e-3

  /// A scratch directory with the model (discretization mode set) and the noise-free data.
  static func setUp(mode: String) throws -> CLIHarness {
    let h = try CLIHarness()
    let model = try String(contentsOfFile: file("open_hole.toml"), encoding: .utf8)
    try h.write("model.toml", model + "\n[fit]\ndiscretization = \"\(mode)\"\n")
    let r = try h.run(["synth", "--mesh", file("fine_hex20.msh"), "--model", file("open_hole.toml"), "-o", "exact.csv", "--noise", "0"])
    #expect(r.status == 0, "\(r.stderr)")
    return h
  }

  struct Estimate {
    var estimate: Double, standardError: Double, interval: (Double, Double), bias: Double?
  }

  /// Fits the coarse mesh to `data`; the report's parameters by name and its discretization table.
  static func fit(_ h: CLIHarness, data: String) throws -> (parameters: [String: Estimate], report: [String: Any], stdout: String) {
    let r = try h.run(["fit", "--mesh", file("coarse_hex8.msh"), "--model", "model.toml", "--fringes", data, "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
    let report = try #require(JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    var out = [String: Estimate]()
    for p in try #require(report["parameters"] as? [[String: Any]]) {
      let ci = try #require(p["ci95"] as? [Double])
      out[try #require(p["name"] as? String)] = Estimate(
        estimate: try #require(p["estimate"] as? Double), standardError: try #require(p["std_error"] as? Double),
        interval: (ci[0], ci[1]), bias: p["discretization_bias"] as? Double)
    }
    return (out, report, r.stdout)
  }

  /// The noise-free data with Gaussian noise of σ and its sigma columns.
  static func addNoise(_ h: CLIHarness, seed: UInt64, to name: String) throws {
    var rng = SplitMix64(seed: seed)
    var lines = [String]()
    for line in try h.read("exact.csv").split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("#") || line.isEmpty { lines.append(line); continue }
      if line.hasPrefix("x,") { lines.append(line + ",sigma_ux,sigma_uy"); continue }
      var cells = line.split(separator: ",").map { Double($0)! }
      cells[3] += sigma * rng.nextGaussian()
      cells[4] += sigma * rng.nextGaussian()
      lines.append((cells.map { "\($0)" } + ["\(sigma)", "\(sigma)"]).joined(separator: ","))
    }
    try h.write(name, lines.joined(separator: "\n"))
  }

  /// "check" on noise-free data: the budget is significant, the warning names the mesh, and
  /// each parameter's predicted bias has the sign of its actual error and its size within a
  /// factor 2. The refined model is solved by the two-level iteration (the default).
  @Test func checkPredictsTheMeshBias() throws {
    let h = try Self.setUp(mode: "check")
    let (parameters, report, stdout) = try Self.fit(h, data: "exact.csv")
    let budget = try #require(report["discretization"] as? [String: Any])
    #expect(budget["significant"] as? Bool == true)
    #expect(budget["solver"] as? String == "two-level CG")
    #expect(stdout.contains("warning: the mesh limits this fit"), "\(stdout)")
    for (name, truth) in Self.truth {
      let p = try #require(parameters[name])
      let actual = p.estimate - truth, predicted = try #require(p.bias)
      print("open hole, check, \(name): actual error \(actual), predicted bias \(predicted)")
      #expect(actual * predicted > 0, "\(name): sign")
      #expect(abs(predicted / actual) > 0.5 && abs(predicted / actual) < 2, "\(name): size within a factor 2")
    }
  }

  /// "correct": on the first seed every estimate within 3 standard errors of the truth, and
  /// over 20 noise seeds the 95 %
  /// intervals cover the truth at least 17 times per parameter (the binomial probability of
  /// fewer than 17 of 20 at 95 % is 1.6 %).
  @Test func correctRemovesTheBias() throws {
    let h = try Self.setUp(mode: "correct")
    var covered = [String: Int]()
    for seed in 1...20 {
      try Self.addNoise(h, seed: UInt64(seed), to: "noisy.csv")
      let (parameters, _, _) = try Self.fit(h, data: "noisy.csv")
      for (name, truth) in Self.truth {
        let p = try #require(parameters[name])
        let z = (p.estimate - truth) / p.standardError
        if seed == 1 { #expect(abs(z) < 3, "seed \(seed), \(name): z = \(z)") }
        if p.interval.0 <= truth && truth <= p.interval.1 { covered[name, default: 0] += 1 }
      }
    }
    print("open hole, correct, coverage of 20: \(covered)")
    #expect(Self.truth.keys.allSatisfy { (covered[$0] ?? 0) >= 17 }, "\(covered)")
  }
}
