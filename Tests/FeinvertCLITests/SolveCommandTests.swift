import Foundation
import Testing

/// End-to-end: the built binary on good and bad input. Each bad input must exit
/// with the contract's code, print `file:line` or `file: key` and what was
/// expected, and leave no output behind.
@Suite struct SolveCommandTests {
  @Test func meshThenSolveWritesBothOutputs() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("DOF"))
    #expect(h.exists("result/solution.vtu"))
    #expect(h.exists("result/observed.csv"))
    let csv = try h.read("result/observed.csv")
    #expect(csv.contains("x,y,z,ux,uz"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// The same mesh in MSH 2.2 ASCII, 4.1 ASCII and 4.1 binary gives the same
  /// displacements (the files are identical meshes, so the results must agree to
  /// the last digit: the same arithmetic runs on the same numbers).
  /// `mesh --help` names the element kinds (it printed the Gmsh type codes 1, 2, 3, … once).
  @Test func meshHelpNamesElementKinds() throws {
    let help = try CLIHarness().run(["mesh", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("hex8 or hex20. (default: hex8)"), "\(help.stdout)")
    let wrong = try CLIHarness().run(["mesh", "--layup", "[0]", "--ply-thickness", "1", "--length", "1", "--width", "1",
                                      "--elements", "tet4", "-o", "m.msh"])
    #expect(wrong.status == 2 && wrong.stderr.contains("--elements"), "\(wrong.stderr)")
  }

  @Test func threeFormatsGiveTheSameResult() throws {
    let h = try CLIHarness()
    var fields = [String]()
    for format in ["msh22", "msh41", "msh41-binary"] {
      try h.makeCoupon("c_\(format)", elements: "hex20", format: format)
      let r = try h.run(["solve", "--mesh", "c_\(format).msh", "--out", "out_\(format)"])
      #expect(r.status == 0, "\(format): \(r.stderr)")
      fields.append(try h.read("out_\(format)/observed.csv"))
    }
    #expect(fields[0] == fields[1])
    #expect(fields[1] == fields[2])
  }

  func expectFailure(
    _ h: CLIHarness, _ arguments: [String], status: Int32, contains fragments: [String],
    noOutput dir: String = "result", sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let r = try h.run(arguments)
    #expect(r.status == status, "exit \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
    for f in fragments {
      #expect(r.stderr.contains(f), "message lacks \"\(f)\": \(r.stderr)", sourceLocation: sourceLocation)
    }
    #expect(!h.exists("\(dir)/solution.vtu"), "output left behind", sourceLocation: sourceLocation)
    #expect(h.temporaryLeftovers().isEmpty, sourceLocation: sourceLocation)
  }

  @Test func truncatedMeshIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon(format: "msh22")
    let text = try h.read("coupon.msh")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    try h.write("coupon.msh", lines.prefix(lines.count / 2).joined(separator: "\n") + "\n")
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["coupon.msh:", "end of the file"])
  }

  @Test func wrongNodeCountIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon(format: "msh22")
    var lines = try h.read("coupon.msh").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let i = lines.firstIndex(of: "$Nodes")! + 1
    lines[i] = String(Int(lines[i])! + 5)
    try h.write("coupon.msh", lines.joined(separator: "\n"))
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["coupon.msh:"])
  }

  @Test func unknownElementTypeIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon(format: "msh22")
    var lines = try h.read("coupon.msh").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let i = lines.firstIndex(of: "$Elements")! + 2
    var fields = lines[i].split(separator: " ").map(String.init)
    fields[1] = "93"  // a Gmsh type feinvert does not know (hex of order 4)
    lines[i] = fields.joined(separator: " ")
    try h.write("coupon.msh", lines.joined(separator: "\n"))
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["coupon.msh:\(i + 1):", "93"])
  }

  /// Swapping two corners of the first hex turns it inside out.
  @Test func invertedElementIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon(format: "msh22")
    var lines = try h.read("coupon.msh").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = lines.firstIndex(of: "$Elements")! + 2
    let i = (start..<lines.count).first { lines[$0].split(separator: " ")[1] == "5" }!
    var fields = lines[i].split(separator: " ").map(String.init)
    let tag = fields[0]
    let nodes = fields.count - 8
    // Mirror the hex through its mid-plane: swap the bottom and top faces.
    for k in 0..<4 { fields.swapAt(nodes + k, nodes + 4 + k) }
    lines[i] = fields.joined(separator: " ")
    try h.write("coupon.msh", lines.joined(separator: "\n"))
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["coupon.msh", "element \(tag) (hex8) is inverted"])
  }

  @Test func unknownGroupNameIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let model = try h.read("coupon.toml").replacingOccurrences(of: "group = \"ply2\"", with: "group = \"ply9\"")
    try h.write("coupon.toml", model)
    let line = model.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\"ply9\"") }! + 1
    try expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["coupon.toml:\(line): plies[1].group", "\"ply9\" is not a physical volume"])
  }

  @Test func impossibleMaterialIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let model = try h.read("coupon.toml").replacingOccurrences(of: "nu23 = 0.436", with: "nu23 = 1.2")
    try h.write("coupon.toml", model)
    try expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["coupon.toml:", "materials.IM7_8552", "compliance is not positive definite"])
  }

  @Test func negativeModulusIsBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let model = try h.read("coupon.toml").replacingOccurrences(of: "E2 = 11380.0", with: "E2 = -5.0")
    try h.write("coupon.toml", model)
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["materials.IM7_8552.E2", "must be positive"])
    // A subnormal modulus is positive, but 1/G12 overflows: named as such, not as a Poisson-ratio problem.
    try h.write("coupon.toml", try h.read("coupon.toml").replacingOccurrences(of: "E2 = -5.0", with: "E2 = 1e-320"))
    try expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2,
      contains: ["materials.IM7_8552.E2", "from 1e-300 to 1e300 (its compliance 1/E2 must be finite)"])
  }

  @Test func missingConstraintIsNumericalFailure() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    // Hold the clamped end in x only: y and z translations and rotation about x are free.
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(of: "ux = 0.0\nuy = 0.0\nuz = 0.0", with: "ux = 0.0")
    try h.write("coupon.toml", model)
    try expectFailure(
      h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 3,
      contains: ["rotation about x is not constrained", "translation in y is not constrained", "node"])
  }

  @Test func unknownKeyAndSyntaxErrorAreBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let good = try h.read("coupon.toml")
    try h.write("coupon.toml", good.replacingOccurrences(of: "nu12 = 0.32", with: "nu_12 = 0.32"))
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["unknown key \"nu_12\""])
    try h.write("coupon.toml", good + "\n[broken\n")
    try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: ["coupon.toml:"])
  }

  /// `[solver] factorization = "cholmod"` picks CHOLMOD; the observed field equals the
  /// default (supernodal) solve's to 1e-9 relative (the CSV prints about 10 digits), and a
  /// bad `[solver]` entry is exit 2 naming the file, line and key.
  @Test func solverTableChoosesTheFactorization() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let good = try h.read("coupon.toml")
    var fields: [[Double]] = []
    for (name, table) in [("default", ""), ("cholmod", "\n[solver]\nfactorization = \"cholmod\"\n"),
                          ("one", "\n[solver]\nfactorization = \"supernodal\"\nthreads = 1\n")] {
      try h.write("coupon.toml", good + table)
      let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "out_\(name)"])
      #expect(r.status == 0, "\(name): \(r.stderr)")
      #expect(r.stdout.contains(name == "cholmod" ? "CHOLMOD" : "feinvert supernodal"), "\(r.stdout)")
      let csv = try h.read("out_\(name)/observed.csv").split(separator: "\n").dropFirst()
      fields.append(csv.flatMap { $0.split(separator: ",").compactMap { Double($0) } })
    }
    let scale = fields[0].map(abs).max()!
    for other in fields.dropFirst() {
      #expect(other.count == fields[0].count)
      let difference = zip(fields[0], other).map { abs($0 - $1) }.max()!
      #expect(difference <= 1e-9 * scale, "difference \(difference) of \(scale)")
    }
    // The line of the `factorization` key once the table is appended below a blank line.
    let lines = (good + "\n[solver]").split(separator: "\n", omittingEmptySubsequences: false).count
    for (table, fragments) in [
      ("[solver]\nfactorization = \"lu\"\n", ["coupon.toml:\(lines + 1): solver.factorization", "expected \"supernodal\" or \"cholmod\""]),
      ("[solver]\nthreads = 0\n", ["solver.threads", "expected a whole number from 1 to 1024"]),
      ("[solver]\nfactorization = \"cholmod\"\nthreads = 2\n", ["solver.threads", "supernodal"]),
      ("[solver]\nordering = \"amd\"\n", ["unknown key \"ordering\""]),
    ] {
      try h.write("coupon.toml", good + "\n" + table)
      try expectFailure(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], status: 2, contains: fragments)
    }
  }

  @Test func missingFilesAndUsageAreExitTwo() throws {
    let h = try CLIHarness()
    try expectFailure(h, ["solve", "--mesh", "absent.msh", "--out", "result"], status: 2, contains: ["absent.msh"])
    try expectFailure(h, ["solve", "--out", "result"], status: 2, contains: ["--mesh"])
    try expectFailure(h, ["mesh", "--layup", "[45/-45", "--ply-thickness", "0.1", "--length", "1", "--width", "1", "-o", "x.msh"], status: 2, contains: ["--layup"], noOutput: ".")
    #expect(!h.exists("x.msh"))
  }
}
