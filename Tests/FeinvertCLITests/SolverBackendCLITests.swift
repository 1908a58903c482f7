import Foundation
import Testing

/// The `[solver]` keys of the PETSc backend as input (issue 20): their errors name the key's
/// line and what was expected (exit 2), in every build.
@Suite struct SolverBackendCLITests {
  func withSolver(_ h: CLIHarness, _ table: String) throws -> Int {
    let text = try h.read("coupon.toml") + "\n[solver]\n" + table + "\n"
    try h.write("coupon.toml", text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0 == "[solver]" }! + 1
  }

  @Test(arguments: [
    ("backend = \"mpi\"", 1, "solver.backend", "expected \"direct\" or \"petsc\""),
    ("backend = \"petsc\"\nmethod = \"lu\"", 2, "solver.method", "expected \"cg-gamg\" or \"mumps\""),
    ("backend = \"petsc\"\nrtol = 2.0", 2, "solver.rtol", "expected a number between 0 and 1"),
    ("backend = \"petsc\"\nmax_iterations = 0.5", 2, "solver.max_iterations", "expected a whole number"),
    ("rtol = 1e-8", 1, "solver.rtol", "applies to backend = \"petsc\" only"),
    ("memory_limit = -3", 1, "solver.memory_limit", "is not a size"),
  ])
  func badKeysAreBadInput(table: String, offset: Int, key: String, expected: String) throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let line = try withSolver(h, table) + offset
    let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("coupon.toml:\(line): \(key)"), "\(r.stderr)")
    #expect(r.stderr.contains(expected), "\(r.stderr)")
    #expect(!h.exists("result/solution.vtu"))
  }

  /// The commands other than `solve` refuse the PETSc backend rather than silently solve
  /// directly.
  @Test func otherCommandsRefuseThePETScBackend() throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    let line = try withSolver(h, "backend = \"petsc\"") + 1
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv"])
    #expect(s.status == 2, "exit \(s.status): \(s.stderr)")
    #expect(s.stderr.contains("coupon.toml:\(line): solver.backend") && s.stderr.contains("serves `feinvert solve` and `feinvert fit` only"), "\(s.stderr)")
  }

  #if !FEINVERT_PETSC
    /// A build without PETSc says so, and how to get one.
    @Test func backendNeedsThePETScBuild() throws {
      let h = try CLIHarness()
      try h.makeCoupon()
      let line = try withSolver(h, "backend = \"petsc\"\nmethod = \"mumps\"") + 1
      let r = try h.run(["solve", "--mesh", "coupon.msh", "--out", "result"])
      #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
      #expect(r.stderr.contains("coupon.toml:\(line): solver.backend") && r.stderr.contains("make petsc"), "\(r.stderr)")
      #expect(!h.exists("result/solution.vtu"))
    }
  #endif
}
