import Foundation
import Testing

/// `feinvert design` end to end: the ν12 example among seven candidates, the nominal box,
/// and the candidate files it refuses.
@Suite struct DesignCommandTests {
  static let observations = """

    [[observation]]
    name = "edge"
    group = "edge_yplus"
    components = ["ux", "uz"]
    rigid_body = "fit"

    [[observation]]
    name = "top"
    group = "top"
    components = ["ux", "uy", "uz"]
    rigid_body = "fit"

    [[load_case]]
    name = "tension"
    [[load_case.load]]
    group = "end_xL"
    force = [200.0, 0.0, 0.0]
    [[load_case.observation]]
    name = "edge"
    group = "edge_yplus"
    components = ["ux", "uz"]
    rigid_body = "fit"
    [[load_case.observation]]
    name = "top"
    group = "top"
    components = ["ux", "uy"]
    rigid_body = "fit"

    [[load_case]]
    name = "bending"
    [[load_case.load]]
    group = "end_xL"
    force = [0.0, 0.0, 4.0]

    [fit.parameters]
    "IM7_8552.E1"   = { initial = 161000.0, bounds = [50000.0, 300000.0] }
    "IM7_8552.E2"   = { initial = 11380.0,  bounds = [3000.0, 30000.0] }
    "IM7_8552.nu12" = { initial = 0.32,     bounds = [0.05, 0.49] }

    """

  static let candidates = """
    # Seven candidate set-ups for E1, E2 and nu12 of a [0/90]s coupon (sigma 2e-5 mm).
    [[candidate]]
    name = "tension_edge"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["tension/edge"]
    spacing = 0.5
    sigma = 2e-5

    [[candidate]]
    name = "tension_edge_dense"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["tension/edge"]
    spacing = 0.2
    sigma = 2e-5

    [[candidate]]
    name = "tension_top"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["tension/top"]
    spacing = 0.25
    sigma = 2e-5

    [[candidate]]
    name = "tension_two_faces"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["tension/edge", "tension/top"]
    spacing = 0.25
    sigma = 2e-5

    [[candidate]]
    name = "bending_top"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["bending/top"]
    points = 300
    sigma = 2e-5

    [[candidate]]
    name = "bending_edge"
    mesh = "coupon.msh"
    model = "coupon.toml"
    data_sets = ["bending/edge"]
    spacing = 0.25
    sigma = 2e-5

    [[candidate]]
    name = "offaxis_edge"
    mesh = "coupon.msh"
    model = "offaxis.toml"
    data_sets = ["tension/edge"]
    spacing = 0.25
    sigma = 2e-5

    """

  /// The [0/90]s coupon (10 × 4 mm, 10 × 4 elements per ply) with the two load cases, and
  /// the same coupon with its plies turned by 30° (an off-axis tension test).
  static func makeFiles(_ h: CLIHarness) throws {
    let r = try h.run([
      "mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "10", "--width", "4",
      "--elements", "hex8", "--nx", "10", "--ny", "4", "--per-ply", "1", "-o", "coupon.msh",
    ])
    #expect(r.status == 0, "mesh failed: \(r.stderr)")
    var model = try h.read("coupon.toml")
    for block in [
      "[[boundary]]            # prescribed extension\ngroup = \"end_xL\"\nux = 0.01\n",
      "[observation]\ngroup = \"edge_yplus\"\ncomponents = [\"ux\", \"uz\"]\nrigid_body = \"fit\"\n",
    ] {
      #expect(model.contains(block), "the generated model changed; update this fixture")
      model = model.replacingOccurrences(of: block, with: "")
    }
    model += Self.observations
    try h.write("coupon.toml", model)
    let offAxis = model.replacingOccurrences(of: "angle = 0.0", with: "angle = 30.0").replacingOccurrences(of: "angle = 90.0", with: "angle = 120.0")
    #expect(offAxis != model)
    try h.write("offaxis.toml", offAxis)
  }

  /// The ν12 example: tension observed on its free edge cannot resolve ν12 (relative
  /// standard error above 0.4, and the summary says no single candidate resolves it below
  /// 0.1); the command picks a pair that does (below 0.1), exhaustively among the 21 pairs,
  /// with two factorizations in all (the clamp shared by both cases of coupon.toml, and
  /// the off-axis model's own). The ranking and each test's gain are printed; design.json
  /// and a sensitivity map per candidate are written.
  @Test func picksAPairThatResolvesNu12() throws {
    let h = try CLIHarness()
    try Self.makeFiles(h)
    try h.write("design.toml", Self.candidates)
    let r = try h.run(["design", "--candidates", "design.toml", "--out", "out", "--choose", "2", "--target", "nu12=0.1", "--html", "design.html"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    print(r.stdout)
    #expect(r.stdout.contains("cost: 2 factorizations"), "\(r.stdout)")
    #expect(r.stdout.contains("exhaustive over 21 subsets"), "\(r.stdout)")
    #expect(r.stdout.contains("gain of each added test:"))
    #expect(r.stdout.contains("targets met: IM7_8552.nu12 <= 0.1"), "\(r.stdout)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("out/design.json").utf8)) as? [String: Any])
    #expect(json["factorizations"] as? Int == 2)
    let candidates = try #require(json["candidates"] as? [[String: Any]])
    func relative(_ entry: [String: Any], _ name: String) -> Double? {
      (entry["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["relative_std_error"] as? Double
    }
    let tension = try #require(candidates.first { $0["name"] as? String == "tension_edge" })
    let nu12Alone = try #require(relative(tension, "IM7_8552.nu12"))
    #expect(nu12Alone > 0.4, "tension alone: \(nu12Alone)")
    // k times the points divide the variance by about k: the dense edge's SE against the
    // sparse one's is about √(n_sparse/n_dense) (±20 %: the grid's margins and the face's
    // ends weigh differently).
    let dense = try #require(candidates.first { $0["name"] as? String == "tension_edge_dense" })
    let ratio = try #require(relative(dense, "IM7_8552.nu12")) / nu12Alone
    let counts = try #require(tension["n_values"] as? Int).description + "/" + (try #require(dense["n_values"] as? Int)).description
    let expected = (Double(try #require(tension["n_values"] as? Int)) / Double(try #require(dense["n_values"] as? Int))).squareRoot()
    #expect(abs(ratio / expected - 1) < 0.2, "dense/sparse \(ratio) against \(expected) (values \(counts))")
    #expect(r.stdout.contains("tension_edge alone: IM7_8552.nu12"), "\(r.stdout)")
    let selection = try #require(json["selection"] as? [String: Any])
    #expect(selection["method"] as? String == "exhaustive")
    let best = try #require(selection["best"] as? [String: Any])
    #expect((best["candidates"] as? [String])?.count == 2)
    let nu12Best = try #require(relative(best, "IM7_8552.nu12"))
    #expect(nu12Best < 0.1, "best pair: \(nu12Best)")
    for name in ["tension_edge", "bending_top", "offaxis_edge"] {
      let vtu = try h.read("out/sensitivity_\(name).vtu")
      #expect(vtu.contains("Name=\"information_IM7_8552.nu12\""))
    }
    #expect(try h.read("design.html").contains("Where the information is"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// The nominal box: every prediction repeated at the 2² corners of E2 ± 10 %, nu12 ± 20 %,
  /// the worst case at least the nominal one; `--robust` selects on it.
  @Test func nominalBoxReportsTheWorstCase() throws {
    let h = try CLIHarness()
    try Self.makeFiles(h)
    try h.write("design.toml", Self.candidates)
    let r = try h.run(["design", "--candidates", "design.toml", "--out", "out", "--choose", "2", "--nominal-box", "E2=10%,nu12=20%", "--robust"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    #expect(r.stdout.contains("cost: 10 factorizations (2 constraint sets x 5 nominal points)"), "\(r.stdout)")
    #expect(r.stdout.contains("4 corners"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("out/design.json").utf8)) as? [String: Any])
    for c in try #require(json["candidates"] as? [[String: Any]]) {
      for p in try #require(c["parameters"] as? [[String: Any]]) {
        let nominal = try #require(p["relative_std_error"] as? Double), worst = try #require(p["worst_relative_std_error"] as? Double)
        #expect(worst >= nominal * (1 - 1e-12))
      }
    }
    #expect((json["selection"] as? [String: Any])?["robust"] as? Bool == true)
  }

  /// A parameter the models do not fit (a ply angle, nominal 0°): resolved by name and
  /// judged on the absolute scale max(|angle|, 10°); `combinations` are predicted as sets,
  /// the information of two candidates adding (a pair's variance at most either's).
  @Test func plyAngleAtZeroAndCombinations() throws {
    let h = try CLIHarness()
    try Self.makeFiles(h)
    try h.write("design.toml", """
      parameters = ["IM7_8552.E2", "IM7_8552.nu12", "ply1.angle"]
      combinations = [["tension_two_faces", "bending_top"]]
      [nominal]
      "ply1.angle" = 0.0

      """ + Self.candidates)
    let r = try h.run(["design", "--candidates", "design.toml", "--out", "out"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    #expect(r.stdout.contains("angles SE / max(|nominal|, 10 deg)"), "\(r.stdout)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("out/design.json").utf8)) as? [String: Any])
    #expect(json["selection"] == nil)
    func errors(_ entry: [String: Any]) -> [Double] {
      ((entry["parameters"] as? [[String: Any]]) ?? []).map { ($0["std_error"] as? Double) ?? .infinity }
    }
    let candidates = try #require(json["candidates"] as? [[String: Any]])
    let pair = try #require((json["combinations"] as? [[String: Any]])?.first)
    let a = errors(try #require(candidates.first { $0["name"] as? String == "tension_two_faces" }))
    let b = errors(try #require(candidates.first { $0["name"] as? String == "bending_top" }))
    let both = errors(pair)
    #expect(both.count == 3 && both.allSatisfy(\.isFinite))
    for j in 0..<3 { #expect(both[j] <= min(a[j], b[j]) * (1 + 1e-9), "\(j): \(both[j]) against \(a[j]), \(b[j])") }
  }

  /// Bad candidate files: exit 2, naming the file, the line and the key.
  @Test func badCandidateFilesNameTheLineAndKey() throws {
    let h = try CLIHarness()
    try Self.makeFiles(h)
    let cases: [(String, String, String)] = [
      (Self.candidates.replacingOccurrences(of: "points = 300\nsigma = 2e-5", with: "points = 300\nsigma = -1.0"),
       "design.toml:40: candidate[4].sigma", "expected a positive noise standard deviation"),
      (Self.candidates.replacingOccurrences(of: "data_sets = [\"bending/edge\"]", with: "data_sets = [\"bending/side\"]"),
       "design.toml:46: candidate[5].data_sets", "\"bending/side\" is not a data set of"),
      (Self.candidates.replacingOccurrences(of: "spacing = 0.2\n", with: "spacing = 0.2\nsize = 3\n"),
       "design.toml:16: candidate[1].size", "unknown key \"size\""),
      (Self.candidates.replacingOccurrences(of: "points = 300", with: "points = 300\nspacing = 0.5"),
       "design.toml:39: candidate[4].points", "expected one of spacing and points"),
      ("choose = 9\n" + Self.candidates, "design.toml:1: choose", "expected a whole number from 1 to the 7 candidates"),
      ("[target]\nG12 = 0.1\n" + Self.candidates, "design.toml:2: target.G12", "is not a designed parameter"),
      ("[nominal_box]\nE2 = \"ten\"\n" + Self.candidates, "design.toml:2: nominal_box.E2", "expected a relative half-width"),
      ("[nominal]\nE2 = 0.0\n" + Self.candidates, "design.toml:2: nominal.E2", "expected a nonzero nominal value"),
      ("[[candidate]]\nname = \"x\"\nmesh = \"coupon.msh\"\nsigma = 1e-5\n[[candidate]]\nname = \"x\"\nmesh = \"coupon.msh\"\nsigma = 1e-5\n",
       "design.toml:6: candidate[1].name", "\"x\" is also the name of candidate[0]"),
      ("[[candidate]]\nname = \"x\"\nmesh = \"coupon.msh\"\n", "design.toml:1: candidate[0].sigma", "is missing"),
      ("choose = [\n", "design.toml:", "expected valid TOML"),
    ]
    for (text, place, message) in cases {
      try h.write("design.toml", text)
      let r = try h.run(["design", "--candidates", "design.toml", "--out", "out"])
      #expect(r.status == 2, "\(place): \(r.stderr)")
      #expect(r.stderr.contains(place) && r.stderr.contains(message), "expected \(place) … \(message), got \(r.stderr)")
      #expect(!h.exists("out/design.json"))
    }
    try h.write("design.toml", Self.candidates)
    for (arguments, place) in [
      (["--target", "nu12"], "--target"), (["--criterion", "e"], "--criterion"), (["--choose", "8"], "--choose"),
      (["--robust"], "--robust"), (["--target", "E9=0.1"], "--target"),
    ] {
      let r = try h.run(["design", "--candidates", "design.toml", "--out", "out"] + arguments)
      #expect(r.status == 2, "\(arguments): \(r.stderr)")
      #expect(r.stderr.contains(place), "\(arguments): \(r.stderr)")
    }
  }
}
