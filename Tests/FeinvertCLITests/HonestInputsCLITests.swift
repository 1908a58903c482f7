import Foundation
import Testing

/// Issue 14, items 4, 7, 8, 9 and 10, end to end: units, the small-strain check, fit
/// cautions downstream, bad meshes, provenance, and outputs checked before work.
@Suite struct HonestInputsCLITests {
  func coupon() throws -> CLIHarness {
    let h = try CLIHarness()
    try FitCommandTests().makeFitCoupon(h)
    return h
  }

  func json(_ h: CLIHarness, _ name: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(try h.read(name).utf8)) as? [String: Any])
  }

  /// The coupon model with its moduli typed in GPa while `[units]` says MPa (and the fit's
  /// start and bounds likewise).
  func moduliInGPa(_ h: CLIHarness, to name: String = "coupon.toml") throws {
    var model = try h.read("coupon.toml")
    for (a, b) in [("E1 = 161000.0", "E1 = 161.0"), ("E2 = 11380.0", "E2 = 11.38"), ("E3 = 11380.0", "E3 = 11.38"),
                   ("G12 = 5170.0", "G12 = 5.17"), ("G13 = 5170.0", "G13 = 5.17"), ("G23 = 3980.0", "G23 = 3.98"),
                   ("initial = 9000.0, bounds = [3000.0, 30000.0]", "initial = 9.0, bounds = [3.0, 30.0]"),
                   ("initial = 4000.0, bounds = [1000.0, 15000.0]", "initial = 4.0, bounds = [1.0, 15.0]")] {
      #expect(model.contains(a), "the generated model changed: \(a)")
      model = model.replacingOccurrences(of: a, with: b)
    }
    try h.write(name, model)
  }

  // MARK: item 4, units

  /// Moduli in GPa on a model in MPa: the solution strains beyond 200 % (the 48 mm
  /// on a 20 mm coupon, here on a 4 mm one). `solve` warns, naming the element and the
  /// units; `synth` and `fit` (at its initial values) refuse it, exit 2 at [units].
  @Test func moduliInGPaOnAModelInMPa() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    try moduliInGPa(h)
    let solve = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(solve.status == 0, "\(solve.stderr)")
    #expect(solve.stdout.contains("warning: the largest strain with the model's constants is "), "\(solve.stdout)")
    #expect(solve.stdout.contains("(element ") && solve.stdout.contains("forces in N"), "\(solve.stdout)")
    let synth = try h.run(["synth", "--mesh", "coupon.msh", "-o", "bad.csv"])
    #expect(synth.status == 2, "\(synth.stderr)")
    #expect(synth.stderr.contains("coupon.toml:") && synth.stderr.contains("which a linear elastic model cannot mean"), "\(synth.stderr)")
    #expect(!h.exists("bad.csv"))
    let fit = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json"])
    #expect(fit.status == 2, "\(fit.stderr)")
    #expect(fit.stderr.contains("at the initial values of [fit.parameters]"), "\(fit.stderr)")
    #expect(!fit.stdout.contains("iter"), "the fit ran")
    #expect(!h.exists("fit.json"))
  }

  /// The same data in µm with `# length_unit = um` fit to the same estimates as in mm; the
  /// same file without its metadata line is refused (its points lie 1000 times too far
  /// out); an unknown key is named in a note.
  @Test func dataInMicrometres() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "2"])
    let mm = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "mm.json"])
    #expect(mm.status == 0, "\(mm.stderr)")
    var withUnit = [String](), withoutUnit = [String]()
    for line in try h.read("data.csv").split(separator: "\n") {
      if line.hasPrefix("# length_unit") { withUnit.append("# length_unit = um"); continue }
      guard let first = line.first, first.isNumber || first == "-" else { withUnit.append(String(line)); withoutUnit.append(String(line)); continue }
      let scaled = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "\(Double($0)! * 1000)" }
        .joined(separator: ",")
      withUnit.append(scaled)
      withoutUnit.append(scaled)
    }
    #expect(withUnit.contains("# length_unit = um"), "synth no longer writes its length unit")
    try h.write("um.csv", "# operator = Ada\n" + withUnit.joined(separator: "\n") + "\n")
    try h.write("bare.csv", withoutUnit.joined(separator: "\n") + "\n")
    let um = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "um.csv", "--report", "um.json"])
    #expect(um.status == 0, "\(um.stderr)")
    #expect(um.stdout.contains("note: um.csv:"), "\(um.stdout)")
    #expect(um.stdout.contains("length_unit = um: coordinates and displacements converted to the model's mm (x 0.001)"), "\(um.stdout)")
    #expect(um.stdout.contains("note: um.csv:1: metadata key 'operator' is not used"), "\(um.stdout)")
    // The estimates agree to 1e-6 relative: the data differ only by the rounding of ×1000 and ×0.001.
    let a = try #require(try json(h, "mm.json")["parameters"] as? [[String: Any]])
    let b = try #require(try json(h, "um.json")["parameters"] as? [[String: Any]])
    for (p, q) in zip(a, b) {
      let x = try #require(p["estimate"] as? Double), y = try #require(q["estimate"] as? Double)
      #expect(abs(x - y) <= 1e-6 * abs(x), "\(x) vs \(y)")
    }
    let bare = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "bare.csv", "--report", "bare.json"])
    #expect(bare.status == 2 && bare.stderr.contains("bare.csv:") && bare.stderr.contains("from surface group"), "\(bare.stderr)")
    #expect(!h.exists("bare.json"))
  }

  /// The force unit is in the report.
  @Test func forceUnitInTheReports() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json"])
    #expect(r.status == 0, "\(r.stderr)")
    let units = try #require(try json(h, "fit.json")["units"] as? [String: Any])
    #expect(units["force"] as? String == "N", "\(units)")
  }

  // MARK: item 7, cautions downstream

  /// A fit report that did not converge, failed its χ² test and had a significant
  /// discretization budget: `stresses --params` warns of each and records them.
  @Test func stressesWarnAboutAnUntrustworthyFit() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    #expect(try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json"]).status == 0)
    // The fit's own discretization budget may be significant on this coarse coupon (it is
    // the mesh's error, not the data's): the clean report is the fit's without it.
    var cleanReport = try json(h, "fit.json")
    cleanReport["discretization"] = nil
    try h.write("clean.json", String(decoding: try JSONSerialization.data(withJSONObject: cleanReport), as: UTF8.self))
    let clean = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "clean.json", "--out", "edge"])
    #expect(clean.status == 0, "\(clean.stderr)")
    // The coarse coupon's own mesh-quality warnings (issue 16: "warning: interface k, edge
    // ...", also in quality_warnings) are the mesh's; no caution about the fit may appear.
    let fitWarnings = { (text: String) in text.split(separator: "\n").filter { $0.hasPrefix("warning:") && !$0.hasPrefix("warning: interface ") } }
    #expect(fitWarnings(clean.stdout).isEmpty, "\(clean.stdout)")
    let cleanSummary = try json(h, "edge/interlaminar_summary.json")
    let quality = try #require(cleanSummary["quality_warnings"] as? [[String: Any]])
    #expect((cleanSummary["warnings"] as? [String])?.count == quality.count)
    var report = try json(h, "fit.json")
    report["converged"] = false
    var gof = try #require(report["goodness_of_fit"] as? [String: Any])
    gof["consistent_with_noise"] = false
    report["goodness_of_fit"] = gof
    report["discretization"] = ["significant": true]
    try h.write("doubtful.json", String(decoding: try JSONSerialization.data(withJSONObject: report), as: UTF8.self))
    let r = try h.run(["stresses", "--mesh", "coupon.msh", "--params", "doubtful.json", "--out", "edge2"])
    #expect(r.status == 0, "\(r.stderr)")
    for fragment in ["warning: doubtful.json: the fit did not converge", "warning: doubtful.json: the fit failed its chi2 test",
                     "warning: doubtful.json: the fit's discretization budget is significant"] {
      #expect(r.stdout.contains(fragment), "\(fragment): \(r.stdout)")
    }
    let warnings = try #require(try json(h, "edge2/interlaminar_summary.json")["warnings"] as? [String])
    #expect(warnings.filter { $0.hasPrefix("doubtful.json: ") }.count == 3, "\(warnings)")
  }

  // MARK: item 8, bad meshes

  /// The coupon in MSH 2.2 with one hex8 line changed; the message names the element and
  /// its line.
  func editFirstHex(_ h: CLIHarness, _ edit: (inout [String], inout [String]) -> Void) throws -> (line: Int, tag: String) {
    try h.makeCoupon(format: "msh22")
    var lines = try h.read("coupon.msh").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = lines.firstIndex(of: "$Elements")! + 2
    let i = (start..<lines.count).first { lines[$0].split(separator: " ")[1] == "5" }!
    var fields = lines[i].split(separator: " ").map(String.init)
    let before = lines.count
    edit(&fields, &lines)
    let at = i + lines.count - before  // lines the edit inserted above the element
    lines[at] = fields.joined(separator: " ")
    try h.write("coupon.msh", lines.joined(separator: "\n"))
    return (at + 1, fields[0])
  }

  @Test func repeatedNodeIsBadInputAtItsLine() throws {
    let h = try CLIHarness()
    let (line, tag) = try editFirstHex(h) { fields, _ in fields[fields.count - 1] = fields[fields.count - 2] }
    try SolveCommandTests().expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["coupon.msh:\(line): element \(tag) (hex8) lists node tag", "twice (positions 7 and 8)"])
  }

  @Test func invertedElementIsBadInputAtItsLine() throws {
    let h = try CLIHarness()
    let (line, tag) = try editFirstHex(h) { fields, _ in
      let nodes = fields.count - 8
      for k in 0..<4 { fields.swapAt(nodes + k, nodes + 4 + k) }
    }
    try SolveCommandTests().expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["coupon.msh:\(line): element \(tag) (hex8) is inverted: Jacobian determinant -"])
  }

  /// Four new nodes in the element's bottom plane replace its top face: zero volume.
  @Test func zeroVolumeElementIsBadInputAtItsLine() throws {
    let h = try CLIHarness()
    let (line, tag) = try editFirstHex(h) { fields, lines in
      let nodesStart = lines.firstIndex(of: "$Nodes")!
      let count = Int(lines[nodesStart + 1])!
      var coordinates = [String: [Double]]()
      for l in lines[(nodesStart + 2)..<(nodesStart + 2 + count)] {
        let f = l.split(separator: " ")
        coordinates[String(f[0])] = f.dropFirst().map { Double($0)! }
      }
      let n = fields.count - 8
      let bottomZ = coordinates[fields[n]]![2]
      var added = [String]()
      for k in 0..<4 {
        let p = coordinates[fields[n + 4 + k]]!
        let tag = String(100_000 + k)
        added.append("\(tag) \(0.5 * (p[0] + coordinates[fields[n + k]]![0]) + 1e-3) \(p[1]) \(bottomZ)")
        fields[n + 4 + k] = tag
      }
      lines[nodesStart + 1] = String(count + 4)
      lines.insert(contentsOf: added, at: nodesStart + 2 + count)
    }
    try SolveCommandTests().expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["coupon.msh:\(line): element \(tag) (hex8) has no volume"])
  }

  // MARK: item 9, provenance

  /// `--version`, and every report's provenance: version, command line, inputs with their
  /// SHA-256 (compared with `/usr/bin/sha256sum`), the date.
  @Test func provenanceInTheReports() throws {
    let h = try coupon()
    let version = try h.run(["--version"])
    #expect(version.status == 0 && !version.stdout.isEmpty, "\(version.stderr)")
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let arguments = ["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "fit.json"]
    #expect(try h.run(arguments).status == 0)
    #expect(try h.run(["stresses", "--mesh", "coupon.msh", "--params", "fit.json", "--out", "edge"]).status == 0)
    func sha256sum(_ name: String) throws -> String {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      p.arguments = [h.path(name)]
      let pipe = Pipe()
      p.standardOutput = pipe
      try p.run()
      let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      return String(out.prefix(64))
    }
    for (report, inputs) in [("fit.json", ["coupon.msh", "coupon.toml", "data.csv"]),
                             ("edge/interlaminar_summary.json", ["coupon.msh", "coupon.toml", "fit.json"])] {
      let provenance = try #require(try json(h, report)["provenance"] as? [String: Any], "\(report)")
      #expect(provenance["version"] as? String == version.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
      let commandLine = try #require(provenance["command_line"] as? [String])
      #expect(commandLine.first?.hasSuffix("feinvert") == true, "\(commandLine)")
      if report == "fit.json" { #expect(Array(commandLine.dropFirst()) == arguments) }
      let date = try #require(provenance["date"] as? String)
      #expect(date.count == 20 && date.hasSuffix("Z") && ISO8601DateFormatter().date(from: date) != nil, "\(date)")
      let listed = try #require(provenance["inputs"] as? [[String: Any]])
      #expect(listed.map { $0["path"] as? String } == inputs, "\(listed)")
      for entry in listed {
        let path = try #require(entry["path"] as? String)
        #expect(entry["sha256"] as? String == (try sha256sum(path)), "\(path)")
      }
    }
  }

  // MARK: item 10, outputs checked before work

  /// `--out` that cannot be written (a file; a directory where nothing can be created) is
  /// exit 2 before solving, for solve, stresses and synth; nothing is left behind.
  @Test func unwritableOutputsAreRefusedBeforeWork() throws {
    let h = try coupon()
    try h.write("taken", "a file\n")
    for arguments in [["solve", "--mesh", "coupon.msh", "--out", "taken"],
                      ["solve", "--mesh", "coupon.msh", "--out", "taken/sub"],
                      ["solve", "--mesh", "coupon.msh", "--out", "/proc/feinvert-no/out"],
                      ["stresses", "--mesh", "coupon.msh", "--out", "taken"],
                      ["stresses", "--mesh", "coupon.msh", "--out", "/proc/feinvert-no"],
                      ["synth", "--mesh", "coupon.msh", "-o", "/proc/feinvert-no/data.csv"],
                      ["validate", "--case", "clt_far_field", "--report", "/proc/feinvert-no/v.json"]] {
      let r = try h.run(arguments)
      #expect(r.status == 2, "\(arguments): \(r.stderr)")
      #expect(r.stderr.contains("--out") || r.stderr.contains("-o") || r.stderr.contains("--report"), "\(r.stderr)")
      #expect(!r.stdout.contains("solve:") && !r.stdout.contains("interface 1") && !r.stdout.contains("clt_far_field"),
              "\(arguments) worked before the check: \(r.stdout)")
    }
    #expect(try h.read("taken") == "a file\n")
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// A `--report` in the `--out` directory, or in any directory not made yet, is created.
  @Test func reportDirectoriesAreCreated() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001"])
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "out/fit.json", "--out", "out"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(h.exists("out/fit.json") && h.exists("out/solution.vtu"))
    let deep = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "new/deeper/fit.json"])
    #expect(deep.status == 0, "\(deep.stderr)")
    #expect(h.exists("new/deeper/fit.json"))
    let synth = try h.run(["synth", "--mesh", "coupon.msh", "-o", "more/data.csv"])
    #expect(synth.status == 0 && h.exists("more/data.csv"), "\(synth.stderr)")
  }

  /// A single-valued option given twice is exit 2 naming it; a command that runs
  /// otherwise shows the check did not stop it.
  @Test func repeatedSingleValuedOptionIsBadInput() throws {
    let h = try coupon()
    _ = try h.run(["synth", "--mesh", "coupon.msh", "-o", "a.csv", "--noise", "0.00001"])
    let r = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "a.csv", "--fringes", "b.csv", "--report", "fit.json"])
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("command line: --fringes: found --fringes twice (a.csv, then b.csv)"), "\(r.stderr)")
    #expect(!h.exists("fit.json"))
    let short = try h.run(["synth", "--mesh", "coupon.msh", "-o", "c.csv", "--output", "d.csv"])
    #expect(short.status == 2 && short.stderr.contains("--output twice (c.csv, then d.csv)"), "\(short.stderr)")
    let equals = try h.run(["solve", "--mesh=coupon.msh", "--out", "r", "--mesh", "other.msh"])
    #expect(equals.status == 2 && equals.stderr.contains("--mesh twice (coupon.msh, then other.msh)"), "\(equals.stderr)")
    let app = try h.run(["app", "fin", "--data", "x.csv", "--data", "y.csv", "--report", "r.json"])
    #expect(app.status == 2 && app.stderr.contains("--data twice"), "\(app.stderr)")
  }
}
