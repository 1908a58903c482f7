import Foundation
import Testing

/// A [0/90]s coupon meshed by Gmsh as plies of extruded triangles (prisms) against the
/// same coupon in hex20 from `feinvert mesh`, through `synth` and `fit`.
@Suite struct PrismMeshCLITests {
  /// A fixture of `Fixtures/prism`, copied into the harness directory.
  func copyFixture(_ h: CLIHarness, _ name: String) throws {
    let url = try #require(Bundle.module.url(
      forResource: (name as NSString).deletingPathExtension, withExtension: "msh", subdirectory: "Fixtures/prism"))
    try FileManager.default.copyItem(atPath: url.path, toPath: h.path(name))
  }

  /// The synthetic data of a file by point (coordinates rounded to 1e-9 mm).
  func field(_ text: String) -> [SIMD3<Int64>: (ux: Double, uz: Double)] {
    var out = [SIMD3<Int64>: (ux: Double, uz: Double)]()
    for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("x") {
      let v = line.split(separator: ",").map { Double($0)! }
      out[SIMD3(Int64((v[0] * 1e9).rounded()), Int64((v[1] * 1e9).rounded()), Int64((v[2] * 1e9).rounded()))] = (v[3], v[4])
    }
    return out
  }

  /// RMS of the difference over RMS of the reference, for ux and uz at the common points.
  func relativeRMS(_ a: [SIMD3<Int64>: (ux: Double, uz: Double)], _ ref: [SIMD3<Int64>: (ux: Double, uz: Double)]) -> (ux: Double, uz: Double, common: Int) {
    var d = (0.0, 0.0), r = (0.0, 0.0), n = 0
    for (p, v) in ref {
      guard let w = a[p] else { continue }
      d.0 += (w.ux - v.ux) * (w.ux - v.ux); d.1 += (w.uz - v.uz) * (w.uz - v.uz)
      r.0 += v.ux * v.ux; r.1 += v.uz * v.uz
      n += 1
    }
    return ((d.0 / r.0).squareRoot(), (d.1 / r.1).squareRoot(), n)
  }

  /// The free-edge field (ux, uz on edge_yplus under a prescribed extension) of prism15 and
  /// prism6 coupons against hex20 on the same in-plane spacing (0.5 mm, one element per ply).
  /// Measured when written: prism15 differs from hex20 by 0.025 % (ux) and 2.4 % (uz, RMS);
  /// each is 5-6 % from a hex20 mesh twice as fine in every direction in uz (the free-edge
  /// uz is the small, hard part), so agreement within 0.1 % and 5 % is agreement within
  /// their own discretization error. Linear prism6 resolves ux (0.07 %) but not this uz (20 %),
  /// which is not compared.
  @Test func prismCouponAgreesWithHexCoupon() throws {
    let h = try CLIHarness()
    let m = try h.run(["mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "4", "--width", "2",
                       "--elements", "hex20", "--nx", "8", "--ny", "4", "--per-ply", "1", "-o", "hex.msh"])
    #expect(m.status == 0, "\(m.stderr)")
    for name in ["prism15", "prism6"] {
      try copyFixture(h, "\(name).msh")
      try h.write("\(name).toml", try h.read("hex.toml"))
    }
    for name in ["hex", "prism15", "prism6"] {
      let s = try h.run(["synth", "--mesh", "\(name).msh", "-o", "\(name).csv"])
      #expect(s.status == 0, "\(name): \(s.stderr)")
    }
    let hex = field(try h.read("hex.csv"))
    let p15 = relativeRMS(field(try h.read("prism15.csv")), hex)
    #expect(p15.common == hex.count && hex.count > 500)
    #expect(p15.ux < 1e-3 && p15.uz < 0.05, "prism15 vs hex20: \(p15)")
    let p6 = relativeRMS(field(try h.read("prism6.csv")), hex)
    #expect(p6.ux < 2e-3, "prism6 vs hex20: \(p6)")
  }

  /// A fit on the prism15 coupon recovers the constants it was synthesized with, and its
  /// discretization budget refines the prisms (uniform split into 8).
  @Test func fitOnPrismsWithItsBudget() throws {
    let h = try CLIHarness()
    let m = try h.run(["mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "4", "--width", "2",
                       "--elements", "hex20", "--nx", "8", "--ny", "4", "--per-ply", "1", "-o", "hex.msh"])
    #expect(m.status == 0, "\(m.stderr)")
    try copyFixture(h, "prism15.msh")
    try h.write("prism15.toml", try h.read("hex.toml") + """

      [fit.parameters]
      "IM7_8552.E2"  = { initial = 9000.0, bounds = [3000.0, 30000.0] }
      "IM7_8552.G12" = { initial = 4000.0, bounds = [1000.0, 15000.0] }

      """)
    let s = try h.run(["synth", "--mesh", "prism15.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "2"])
    #expect(s.status == 0, "\(s.stderr)")
    let r = try h.run(["fit", "--mesh", "prism15.msh", "--fringes", "data.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("discretization budget (uniform split, "), "\(r.stdout)")
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    let parameters = try #require(report?["parameters"] as? [[String: Any]])
    for (p, truth) in zip(parameters, [11380.0, 5170.0]) {
      let estimate = try #require(p["estimate"] as? Double), se = try #require(p["std_error"] as? Double)
      #expect(abs(estimate - truth) <= 3 * se, "\(p)")
    }
  }
}
