import Foundation
import Testing

/// `[observation.registration]` end to end: synthetic data moved into a camera frame
/// (turned 3°, −2°, 4° and offset), fitted with the frame registered from three reference
/// points; and the registrations it refuses (exit 2, the file and key named).
@Suite struct RegistrationCommandTests {
  static let degree = Double.pi / 180

  /// R = Rz(γ) Ry(β) Rx(α) of the camera, rows.
  static func rotation(_ a: Double, _ b: Double, _ g: Double) -> [[Double]] {
    let (ca, sa, cb, sb, cg, sg) = (cos(a), sin(a), cos(b), sin(b), cos(g), sin(g))
    return [
      [cg * cb, cg * sb * sa - sg * ca, cg * sb * ca + sg * sa],
      [sg * cb, sg * sb * sa + cg * ca, sg * sb * ca - cg * sa],
      [-sb, cb * sa, cb * ca],
    ]
  }
  static let r = rotation(3 * degree, -2 * degree, 4 * degree)
  static let t = [0.3, -0.2, 0.1]

  /// Rᵀ(x − t): a model point seen by the camera.
  static func toCamera(_ x: [Double]) -> [Double] { toCamera(x, r) }
  static func toCamera(_ x: [Double], _ r: [[Double]]) -> [Double] {
    (0..<3).map { j in (0..<3).reduce(0.0) { $0 + r[$1][j] * (x[$1] - t[$1]) } }
  }
  /// Rᵀ u: a model vector seen by the camera.
  static func vectorToCamera(_ u: [Double], _ r: [[Double]]) -> [Double] {
    (0..<3).map { j in (0..<3).reduce(0.0) { $0 + r[$1][j] * u[$1] } }
  }

  /// The generated coupon in bending, its top face observed in all three components.
  func makeCoupon(_ h: CLIHarness) throws -> String {
    try h.makeCoupon()
    var model = try h.read("coupon.toml")
    let old = "[[boundary]]            # prescribed extension\ngroup = \"end_xL\"\nux = 0.004\n\n[observation]\ngroup = \"edge_yplus\"\ncomponents = [\"ux\", \"uz\"]\nrigid_body = \"fit\"\n"
    #expect(model.contains(old), "the generated model changed; update this fixture")
    model = model.replacingOccurrences(of: old, with: """
      [[load]]
      group = "end_xL"
      force = [0.0, 0.0, 0.5]

      [observation]
      group = "top"
      components = ["ux", "uy", "uz"]
      rigid_body = "fit"

      [fit.parameters]
      "IM7_8552.E1" = { initial = 140000.0, bounds = [50000.0, 300000.0] }
      "IM7_8552.E2" = { initial = 9000.0, bounds = [3000.0, 30000.0] }

      """)
    try h.write("coupon.toml", model)
    return model
  }

  /// The data file with its points and displacements turned into the camera's frame.
  func moveToCamera(_ h: CLIHarness, from: String, to: String, rotation r: [[Double]] = Self.r) throws {
    var out = [String]()
    var header = [String]()
    for line in try h.read(from).split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
      if line.hasPrefix("#") || line.isEmpty { out.append(line); continue }
      if header.isEmpty { header = line.split(separator: ",").map(String.init); out.append(line); continue }
      var cells = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0)! }
      let at = { (name: String) in header.firstIndex(of: name)! }
      let x = Self.toCamera([cells[at("x")], cells[at("y")], cells[at("z")]], r)
      let u = Self.vectorToCamera([cells[at("ux")], cells[at("uy")], cells[at("uz")]], r)
      for (k, name) in ["x", "y", "z"].enumerated() { cells[at(name)] = x[k] }
      for (k, name) in ["ux", "uy", "uz"].enumerated() { cells[at(name)] = u[k] }
      out.append(cells.map { "\($0)" }.joined(separator: ","))
    }
    try h.write(to, out.joined(separator: "\n"))
  }

  /// Reference points: three corners of the top face in both frames (as TOML).
  static func referencePoints(model: [[Double]], data: [[Double]]) -> String {
    func list(_ p: [[Double]]) -> String { "[" + p.map { "[\($0.map { "\($0)" }.joined(separator: ", "))]" }.joined(separator: ", ") + "]" }
    return "\n[observation.registration]\ndata_points = \(list(data))\nmodel_points = \(list(model))\n"
  }
  static let corners: [[Double]] = [[0, 0, 1], [4, 0, 1], [4, 2, 1]]

  @Test func cameraFrameDataFitWithTheRegistrationRecovered() throws {
    let h = try CLIHarness()
    let model = try makeCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "model_frame.csv", "--noise", "0.00002", "--seed", "5"])
    #expect(s.status == 0, "\(s.stderr)")
    try moveToCamera(h, from: "model_frame.csv", to: "camera.csv")
    // Without a registration the camera's points miss the face: exit 2, the point named.
    let unregistered = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv"])
    #expect(unregistered.status == 2)
    #expect(unregistered.stderr.contains("camera.csv:"), "\(unregistered.stderr)")
    try h.write("coupon.toml", model + Self.referencePoints(model: Self.corners, data: Self.corners.map(Self.toCamera)))
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv", "--report", "fit.json", "--html", "fit.html"])
    #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
    let html = try h.read("fit.html")
    #expect(html.contains("Registration of the data frame") && html.contains("std error, registration held"))
    print(r.stdout)
    #expect(r.stdout.contains("registration of top"), "\(r.stdout)")
    #expect(r.stdout.contains("initial alignment: 3 reference points"), "\(r.stdout)")
    #expect(r.stdout.contains("standard errors with the registration free / held:"), "\(r.stdout)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    let registration = try #require((report["registration"] as? [[String: Any]])?.first)
    let values = try #require(registration["parameters"] as? [[String: Any]])
    #expect(values.map { $0["name"] as? String } == ["rotation_x", "rotation_y", "rotation_z", "translation_x", "translation_y", "translation_z"])
    // The reference points are exact; the refined frame stays the camera's within 3
    // standard errors (the held normal translation moves only through the rotations).
    #expect(values.map { $0["held"] as? Bool } == [false, false, false, false, false, true])
    for (v, truth) in zip(values, [3.0, -2.0, 4.0] + Self.t) {
      let value = try #require(v["value"] as? Double), se = try #require(v["std_error"] as? Double)
      #expect(abs(value - truth) <= 3 * se, "\(v)")
    }
    let parameters = try #require(report["parameters"] as? [[String: Any]])
    for (p, truth) in zip(parameters, [161000.0, 11380.0]) {
      let estimate = try #require(p["estimate"] as? Double), se = try #require(p["std_error"] as? Double)
      #expect(abs(estimate - truth) <= 3 * se, "\(p)")
    }
    for e in try #require(registration["fit_std_errors"] as? [[String: Any]]) {
      let free = try #require(e["std_error_registration_free"] as? Double), fixed = try #require(e["std_error_registration_fixed"] as? Double)
      #expect(free >= fixed * (1 - 1e-9), "\(e)")
    }
  }

  /// Principal axes with the camera turned half round (3°, −2°, 184°): the rectangular
  /// face's four sign choices tie, the displacement data at the initial values pick the
  /// half turn, and the refined frame is the camera's within 3 standard errors.
  @Test func principalAxesOfACameraTurnedHalfRound() throws {
    let h = try CLIHarness()
    let model = try makeCoupon(h)
    #expect(try h.run(["synth", "--mesh", "coupon.msh", "-o", "model_frame.csv", "--noise", "0.00002", "--seed", "5"]).status == 0)
    try moveToCamera(h, from: "model_frame.csv", to: "camera.csv", rotation: Self.rotation(3 * Self.degree, -2 * Self.degree, 184 * Self.degree))
    try h.write("coupon.toml", model + "\n[observation.registration]\nalignment = \"principal_axes\"\n")
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("4 of 4 sign/order choices fit the face equally") && r.stdout.contains("the displacement data at the initial values chose the one turned"), "\(r.stdout)")
    let report = try #require(try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any])
    let values = try #require((report["registration"] as? [[String: Any]])?.first?["parameters"] as? [[String: Any]])
    // R = Rz(184°) Ry(−2°) Rx(3°): the angles as reported, γ in (−180°, 180°].
    for (v, truth) in zip(values, [3.0, -2.0, -176.0] + Self.t) {
      let value = try #require(v["value"] as? Double), se = try #require(v["std_error"] as? Double)
      #expect(abs(value - truth) <= 3 * se, "\(v)")
    }
  }

  /// Reference points that put the data a millimetre above the face: the registered points
  /// miss it, and the message says the registration put them there.
  @Test func aRegistrationThatMissesTheFaceIsRefused() throws {
    let h = try CLIHarness()
    let model = try makeCoupon(h)
    #expect(try h.run(["synth", "--mesh", "coupon.msh", "-o", "model_frame.csv"]).status == 0)
    try moveToCamera(h, from: "model_frame.csv", to: "camera.csv")
    let lifted = Self.corners.map { [$0[0], $0[1], $0[2] + 1] }
    try h.write("coupon.toml", model + Self.referencePoints(model: lifted, data: Self.corners.map(Self.toCamera)))
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv", "--report", "fit.json"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("camera.csv:"), "\(r.stderr)")
    #expect(r.stderr.contains("after registering the data frame"), "\(r.stderr)")
    #expect(r.stderr.contains("check the alignment (observation.registration)"), "\(r.stderr)")
    #expect(!h.exists("fit.json"))
    // With --drop-off-surface every point is dropped: still refused, loudly.
    let dropped = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv", "--drop-off-surface"])
    #expect(dropped.status == 2)
    #expect(dropped.stderr.contains("all") && dropped.stderr.contains("points miss surface group \"top\""), "\(dropped.stderr)")
  }

  /// Bad registrations: exit 2 with the model file, line and key.
  @Test func badRegistrationsExitTwoNamingTheKey() throws {
    let h = try CLIHarness()
    let model = try makeCoupon(h)
    #expect(try h.run(["synth", "--mesh", "coupon.msh", "-o", "camera.csv"]).status == 0)
    let mirrored = [[0.0, 0, 0], [4, 0, 0], [0, 2, 0], [0, 0, 1]]
    for (tail, message) in [
      (Self.referencePoints(model: Array(Self.corners.prefix(2)), data: Array(Self.corners.prefix(2))),
       "observation.registration.data_points: holds 2 points; expected at least three"),
      (Self.referencePoints(model: [[0, 0, 1], [1, 0, 1], [2, 0, 1]], data: [[0, 0, 1], [1, 0, 1], [2, 0, 1]]),
       "the points lie on one line"),
      (Self.referencePoints(model: mirrored, data: mirrored.map { [$0[0], $0[1], -$0[2]] }), "observation.registration.data_points: the reference points in the data's frame are a mirror image"),
      (Self.referencePoints(model: Self.corners, data: [[0, 0, 1], [4, 0, 1], [4, 3, 1]]), "observation.registration.model_points: the reference points do not match between the frames"),
      ("\n[observation.registration]\nalignment = \"principal_axes\"\nflip = true\n", "observation.registration.flip: unknown key \"flip\""),
    ] {
      try h.write("coupon.toml", model + tail)
      let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "camera.csv"])
      #expect(r.status == 2, "\(tail): \(r.stderr)")
      #expect(r.stderr.contains("coupon.toml:"), "\(r.stderr)")
      #expect(r.stderr.contains(message), "\(r.stderr)")
    }
  }
}
