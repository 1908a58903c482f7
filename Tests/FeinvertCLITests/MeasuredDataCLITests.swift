import Foundation
import Testing

/// Measured data as DIC software writes it, and points a few µm off the observed
/// surface, through `feinvert fit` end to end.
@Suite struct MeasuredDataCLITests {
  /// The synthetic data file's header and rows (cells as text), comments dropped.
  func table(_ text: String) -> (header: [String], rows: [[String]]) {
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    return (lines[0].split(separator: ",").map(String.init),
            lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) })
  }

  /// The estimates of fit.json, by parameter.
  func estimates(_ h: CLIHarness) throws -> [(estimate: Double, se: Double)] {
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    let parameters = try #require(report?["parameters"] as? [[String: Any]])
    return try parameters.map { (try #require($0["estimate"] as? Double), try #require($0["std_error"] as? Double)) }
  }

  /// The free edge measured on a specimen 5 µm wider than the mesh (y = W + 0.005 mm):
  /// exit 2 naming the first point; with --drop-off-surface every point would go, which
  /// is said as such; with a stated projection tolerance of 10 µm the points are
  /// projected onto the edge, counted, and the fit finds the truth.
  @Test func widthMismatchIsProjectedWithCount() throws {
    let h = try CLIHarness()
    try FitCommandTests().makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "5"])
    #expect(s.status == 0, "\(s.stderr)")
    let (header, rows) = table(try h.read("data.csv"))
    let y = try #require(header.firstIndex(of: "y"))
    var moved = header.joined(separator: ",") + "\n"
    for row in rows {
      var r = row
      r[y] = "\(try #require(Double(r[y])) + 0.005)"
      moved += r.joined(separator: ",") + "\n"
    }
    try h.write("wide.csv", moved)
    let strict = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "wide.csv", "--report", "fit.json"])
    #expect(strict.status == 2)
    #expect(strict.stderr.contains("wide.csv:2: point (") && strict.stderr.contains("lies 0.005 from surface group \"edge_yplus\""), "\(strict.stderr)")
    let dropped = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "wide.csv", "--report", "fit.json", "--drop-off-surface"])
    #expect(dropped.status == 2)
    #expect(dropped.stderr.contains("wide.csv:2: all \(rows.count) points were dropped as off surface group \"edge_yplus\""), "\(dropped.stderr)")
    #expect(!h.exists("fit.json"))

    try h.write("coupon.toml", try h.read("coupon.toml") + "\n[data]\nprojection_tolerance = \"10 um\"\n")
    let fit = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "wide.csv", "--report", "fit.json"])
    #expect(fit.status == 0, "\(fit.stderr)")
    #expect(fit.stdout.contains("note: wide.csv: \(rows.count) of \(rows.count) points lay off surface group \"edge_yplus\" and were projected onto it (largest distance 0.005 mm)"), "\(fit.stdout)")
    for (e, truth) in zip(try estimates(h), [11380.0, 5170.0]) {
      #expect(abs(e.estimate - truth) <= 3 * e.se, "\(e) vs \(truth)")
    }
    let report = try JSONSerialization.jsonObject(with: Data(try h.read("fit.json").utf8)) as? [String: Any]
    #expect(report?["projected_points"] as? Int == rows.count && report?["dropped_points"] as? Int == 0)
    let largest = try #require(report?["largest_projection_distance"] as? Double)
    #expect(abs(largest - 0.005) < 1e-9)  // 2.0 + 0.005 printed and read back: exact to ~1e-15
  }

  /// The synthetic data rewritten as a VIC-3D export (quoted header, µm in brackets,
  /// tab-separated, a point not correlated, strain columns) fits to the same estimates as
  /// the contract's file, with the counts on screen.
  @Test func vic3dExportFitsLikeTheFringeFile() throws {
    let h = try CLIHarness()
    try FitCommandTests().makeFitCoupon(h)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "7"])
    #expect(s.status == 0, "\(s.stderr)")
    let (header, rows) = table(try h.read("data.csv"))
    #expect(header == ["x", "y", "z", "ux", "uz", "sigma_ux", "sigma_uz"])
    var vic = "\"Count\"\t\"X [mm]\"\t\"Y [mm]\"\t\"Z [mm]\"\t\"U [um]\"\t\"W [um]\"\t\"sigma\"\t\"exx\"\n"
    for (i, r) in rows.enumerated() {
      let um = { (cell: String) in "\(Double(cell)! * 1000)" }
      vic += "\(i)\t\(r[0])\t\(r[1])\t\(r[2])\t\(um(r[3]))\t\(um(r[4]))\t0.01\t0.001\n"
    }
    vic += "\(rows.count)\t0\t0\t0\t0\t0\t-1\t0\n"  // not correlated: VIC-3D's sigma = -1
    try h.write("vic.csv", vic)
    // sigma_ux is not in a VIC export: the fit weighs all points alike, as for a file without sigma.
    var plain = "x,y,z,ux,uz\n"
    for r in rows { plain += r[0..<5].joined(separator: ",") + "\n" }
    try h.write("plain.csv", plain)
    let reference = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "plain.csv", "--report", "fit.json"])
    #expect(reference.status == 0, "\(reference.stderr)")
    let expected = try estimates(h)
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "vic.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("note: vic.csv: read as VIC-3D (detected from the header), separated by tab"), "\(r.stdout)")
    #expect(r.stdout.contains("\(rows.count + 1) rows read, 1 masked (1: sigma < 0, VIC-3D's mark of a point not correlated, first on line \(rows.count + 2)), \(rows.count) kept"), "\(r.stdout)")
    #expect(r.stdout.contains("not used: Count, exx"))
    for (a, b) in zip(try estimates(h), expected) {
      // The same numbers up to the µm round trip of each value (1e-12 relative) through the fit.
      #expect(abs(a.estimate - b.estimate) <= 1e-6 * abs(b.estimate), "\(a) vs \(b)")
    }
    // A column map naming a column the export lacks: exit 2 naming --columns.
    let bad = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "vic.csv", "--columns", "Q=uy"])
    #expect(bad.status == 2 && bad.stderr.contains("--columns: names column 'Q', which is not in the header of vic.csv"), "\(bad.stderr)")
  }
}
