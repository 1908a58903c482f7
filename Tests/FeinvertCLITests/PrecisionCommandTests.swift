import Foundation
import Testing

/// Issue 18 end to end: `solve` with `[solver] precision = "mixed"` says what the mixed
/// precision did and gives the double solve's displacements; `fit` with
/// `[fit] factor_reuse = true` says its factorizations and CG iterations (also in fit.json)
/// and gives the estimates of the fit without reuse.
@Suite struct PrecisionCommandTests {
  @Test func mixedSolveSaysWhatItDidAndMatchesDouble() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let double = try h.run(["solve", "--mesh", "coupon.msh", "--out", "double", "--ascii-vtu"])
    #expect(double.status == 0, "\(double.stderr)")
    try h.write("coupon.toml", try h.read("coupon.toml") + "\n[solver]\nprecision = \"mixed\"\n")
    let mixed = try h.run(["solve", "--mesh", "coupon.msh", "--out", "mixed", "--ascii-vtu"])
    #expect(mixed.status == 0, "\(mixed.stderr)")
    #expect(mixed.stdout.contains("single-precision factor refined in double"), "\(mixed.stdout)")
    #expect(mixed.stdout.contains("mixed precision: 1 single-precision factorization"), "\(mixed.stdout)")
    #expect(!mixed.stdout.contains("FELL BACK"))
    // Both VTU files hold the displacement as ASCII; the numbers agree to 1e-10 of the largest.
    func numbers(_ name: String) throws -> [Double] {
      let text = try h.read(name)
      guard let start = text.range(of: "Name=\"displacement\""), let open = text[start.upperBound...].range(of: ">"),
            let close = text[open.upperBound...].range(of: "</DataArray>")
      else { return [] }
      return text[open.upperBound..<close.lowerBound].split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
    }
    let a = try numbers("double/solution.vtu"), b = try numbers("mixed/solution.vtu")
    #expect(!a.isEmpty && a.count == b.count)
    let scale = a.map(abs).max() ?? 0
    #expect(zip(a, b).allSatisfy { abs($0 - $1) <= 1e-10 * scale })
  }

  @Test func fitWithFactorReuseCountsAndAgrees() throws {
    let h = try CLIHarness()
    try FitCommandTests().makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "3"])
    #expect(s.status == 0, "\(s.stderr)")
    let direct = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "direct.json"])
    #expect(direct.status == 0, "\(direct.stderr)")
    try h.write("coupon.toml", try h.read("coupon.toml").replacingOccurrences(of: "[fit]\n", with: "[fit]\nfactor_reuse = true\n"))
    let reused = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "reuse.json"])
    #expect(reused.status == 0, "\(reused.stderr)")
    #expect(reused.stdout.contains("note: factor reuse: "), "\(reused.stdout)")
    #expect(!direct.stdout.contains("factor reuse"))
    func report(_ name: String) throws -> [String: Any] {
      try #require(try JSONSerialization.jsonObject(with: Data(try h.read(name).utf8)) as? [String: Any])
    }
    let a = try report("direct.json"), b = try report("reuse.json")
    #expect((a["cg_iterations"] as? Int) == 0)
    #expect(((b["cg_iterations"] as? Int) ?? 0) > 0)
    #expect(((b["factorizations"] as? Int) ?? 99) < ((a["factorizations"] as? Int) ?? 0))
    let pa = try #require(a["parameters"] as? [[String: Any]]), pb = try #require(b["parameters"] as? [[String: Any]])
    for (p, q) in zip(pa, pb) {
      let x = try #require(p["estimate"] as? Double), y = try #require(q["estimate"] as? Double)
      let se = try #require(p["std_error"] as? Double)
      #expect(abs(x - y) <= 1e-6 * se, "\(p["name"] ?? ""): \(x) vs \(y) ± \(se)")
    }
  }
}
