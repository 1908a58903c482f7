import Foundation
import Testing

/// The memory guard before a factorization (issue 20, item 5): a limit below the predicted
/// factor stops the solve with exit 3 and a message that gives the predicted size, the limit
/// and where it comes from, and suggests the PETSc backend; the prediction against what the
/// factorization takes.
@Suite struct MemoryGuardCLITests {
  /// Runs the binary with extra environment variables.
  func run(_ h: CLIHarness, _ arguments: [String], environment: [String: String]) throws -> CLIHarness.Result {
    let process = Process()
    process.executableURL = CLIHarness.binary
    process.arguments = arguments
    process.currentDirectoryURL = h.directory
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIHarness.Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  func appendSolver(_ h: CLIHarness, _ table: String) throws {
    try h.write("coupon.toml", try h.read("coupon.toml") + "\n[solver]\n" + table + "\n")
  }

  @Test(arguments: ["supernodal", "cholmod"])
  func limitBelowThePredictedFactorStopsWithExit3(factorization: String) throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    try appendSolver(h, "memory_limit = \"2 MB\"\nfactorization = \"\(factorization)\"")
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(r.status == 3, "exit \(r.status): \(r.stderr)")
    for fragment in ["would need", "memory_limit = \"2 MB\" at coupon.toml:", "backend = \"petsc\"", "method = \"cg-gamg\"", "it was not started"] {
      #expect(r.stderr.contains(fragment), "message lacks \"\(fragment)\": \(r.stderr)")
    }
    #expect(!h.exists("result/solution.vtu"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func environmentLimitStopsTheSolve() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let r = try run(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], environment: ["FEINVERT_MEMORY_LIMIT": "3MB"])
    #expect(r.status == 3, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("FEINVERT_MEMORY_LIMIT=\"3MB\""), "\(r.stderr)")
    // A generous limit lets it through.
    let ok = try run(h, ["solve", "--mesh", "coupon.msh", "--out", "ok"], environment: ["FEINVERT_MEMORY_LIMIT": "64 GiB"])
    #expect(ok.status == 0, "\(ok.stderr)")
  }

  @Test func badLimitsAreBadInput() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let env = try run(h, ["solve", "--mesh", "coupon.msh", "--out", "result"], environment: ["FEINVERT_MEMORY_LIMIT": "lots"])
    #expect(env.status == 2, "exit \(env.status): \(env.stderr)")
    #expect(env.stderr.contains("FEINVERT_MEMORY_LIMIT = \"lots\" is not a size"), "\(env.stderr)")
    try appendSolver(h, "memory_limit = \"8 GB of RAM\"")
    let line = try h.read("coupon.toml").split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.hasPrefix("memory_limit") }! + 1
    let key = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(key.status == 2, "exit \(key.status): \(key.stderr)")
    #expect(key.stderr.contains("coupon.toml:\(line): solver.memory_limit"), "\(key.stderr)")
    #expect(key.stderr.contains("expected a positive number with a unit"), "\(key.stderr)")
  }

  /// The guard's prediction (the factor's stored entries x 8 bytes and the update panels)
  /// against the factorization's peak resident growth, on a coupon whose factor (tens of MB)
  /// dwarfs the allocator's noise. Tolerance 15 %: the prediction counts the strict upper
  /// triangles of the supernodes' diagonal blocks, which are never touched (resident only
  /// where they share a page with used entries), and panels that a small supernode only
  /// partly uses.
  @Test func predictionMatchesTheFactorizationsResidentGrowth() throws {
    let h = try CLIHarness()
    let mesh = try h.run([
      "mesh", "--layup", "[0/90]s", "--ply-thickness", "0.25", "--length", "20", "--width", "10",
      "--elements", "hex20", "--nx", "40", "--ny", "20", "--per-ply", "1", "-o", "coupon.msh",
    ])
    #expect(mesh.status == 0, "\(mesh.stderr)")
    try appendSolver(h, "threads = 1")
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(r.status == 0, "\(r.stderr)")
    let pattern = /factorization memory predicted ([0-9.]+) (MB|GB), measured ([0-9.]+) (MB|GB)/
    guard let m = r.stdout.firstMatch(of: pattern) else {
      Issue.record("no memory figures in the summary: \(r.stdout)")
      return
    }
    func bytes(_ value: Substring, _ unit: Substring) -> Double { Double(value)! * (unit == "GB" ? 1e9 : 1e6) }
    let predicted = bytes(m.1, m.2), measured = bytes(m.3, m.4)
    #expect(predicted > 20e6, "the coupon's factor is too small to measure: \(r.stdout)")
    #expect(abs(measured - predicted) <= 0.15 * predicted, "predicted \(predicted), measured \(measured): \(r.stdout)")
  }
}
