#if FEINVERT_PETSC
import Foundation
import Testing

/// The PETSc backend end to end (built with FEINVERT_PETSC=1, `make test-petsc`): `mpirun -np 1`
/// and `-np 2` give the serial direct solution on the test coupons, with CG-GAMG to a tight
/// tolerance and with MUMPS; rank 0 alone writes the outputs.
@Suite struct PETScCLITests {
  /// `mpirun` as root needs OpenMPI's two confirmations; `--oversubscribe` lets two ranks run
  /// on a machine that reports one slot.
  func mpirun(_ h: CLIHarness, ranks: Int, _ arguments: [String]) throws -> CLIHarness.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/mpirun")
    process.arguments = ["--oversubscribe", "-np", "\(ranks)", CLIHarness.binary.path] + arguments
    process.currentDirectoryURL = h.directory
    // Without the MPI variables of this process: the in-process PETSc tests' singleton MPI
    // start sets OMPI_/PMIX_ variables that make a child mpirun believe it runs inside a job.
    let inherited = ProcessInfo.processInfo.environment.filter { key, _ in
      !["OMPI_", "PMIX_", "ORTE_", "OPAL_", "PRTE_"].contains { key.hasPrefix($0) }
    }
    process.environment = inherited.merging(
      ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_btl_vader_single_copy_mechanism": "none"]) { $1 }
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

  /// The numbers of a CSV file with a header line, row by row.
  func numbers(_ text: String) -> [Double] {
    text.split(separator: "\n").dropFirst().flatMap { $0.split(separator: ",").compactMap { Double($0) } }
  }

  /// The observed face's displacements (observed.csv) of the distributed solves against the
  /// serial direct solve's: 1e-8 relative to the largest value. CG stops at rtol 1e-12 on the
  /// true residual; cond(K) of this coupon is below 1e4 after the mean-diagonal scaling, so the
  /// error is far below 1e-8; the CSV's 10 significant digits are not the limit either.
  @Test(arguments: [("cg-gamg", 1), ("cg-gamg", 2), ("mumps", 1), ("mumps", 2)])
  func matchesTheSerialSolve(method: String, ranks: Int) throws {
    let h = try CLIHarness()
    try h.makeCoupon(elements: "hex20")
    let serial = try h.run(["solve", "--mesh", "coupon.msh", "--out", "serial"])
    #expect(serial.status == 0, "\(serial.stderr)")
    try h.write("petsc.toml", try h.read("coupon.toml") + "\n[solver]\nbackend = \"petsc\"\nmethod = \"\(method)\"\nrtol = 1e-12\n")
    let r = try mpirun(h, ranks: ranks, ["solve", "--mesh", "coupon.msh", "--model", "petsc.toml", "--out", "petsc"])
    #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
    #expect(r.stdout.contains("PETSc \(method) on \(ranks) rank"), "\(r.stdout)")
    // One summary: the other rank prints nothing.
    #expect(r.stdout.components(separatedBy: "PETSc \(method)").count == 2, "\(r.stdout)")
    let expected = numbers(try h.read("serial/observed.csv"))
    let got = numbers(try h.read("petsc/observed.csv"))
    #expect(expected.count == got.count && !expected.isEmpty)
    let scale = expected.map(abs).max() ?? 0
    let difference = zip(expected, got).map { abs($0 - $1) }.max() ?? .infinity
    #expect(difference <= 1e-8 * scale, "\(method) on \(ranks): max difference \(difference) of \(scale)")
    #expect(h.exists("petsc/solution.vtu"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// A fit through PETSc on two ranks (forward model, sensitivities and adjoint on the
  /// distributed operator) recovers the serial fit's estimates to 1e-6 relative: the CG
  /// tolerance of the fit is 1e-11 (three orders below the fit's step tolerance), so the
  /// estimates differ from the direct solve's by far less than the fit's own tolerance.
  @Test(arguments: ["cg-gamg", "mumps"])
  func fitOnTwoRanksMatchesTheSerialFit(method: String) throws {
    let h = try CLIHarness()
    try h.makeCoupon()
    var model = try h.read("coupon.toml")
    model = model.replacingOccurrences(
      of: "[[boundary]]            # prescribed extension\ngroup = \"end_xL\"\nux = 0.004\n",
      with: "[[load]]\ngroup = \"end_xL\"\nforce = [100.0, 0.0, 0.0]\n")
    #expect(model.contains("[[load]]"), "the generated model changed; update this fixture")
    model += """

      [fit.parameters]
      "IM7_8552.E2"  = { initial = 9000.0, bounds = [3000.0, 30000.0] }
      "IM7_8552.G12" = { initial = 4000.0, bounds = [1000.0, 15000.0] }

      [fit]
      regularization = "none"
      discretization = "off"

      """
    try h.write("coupon.toml", model)
    let s = try h.run(["synth", "--mesh", "coupon.msh", "-o", "data.csv", "--noise", "0.00001", "--seed", "3"])
    #expect(s.status == 0, "\(s.stderr)")
    let serial = try h.run(["fit", "--mesh", "coupon.msh", "--fringes", "data.csv", "--report", "serial.json"])
    #expect(serial.status == 0, "\(serial.stderr)")
    try h.write("petsc.toml", model + "\n[solver]\nbackend = \"petsc\"\nmethod = \"\(method)\"\n")
    let r = try mpirun(h, ranks: 2, ["fit", "--mesh", "coupon.msh", "--model", "petsc.toml", "--fringes", "data.csv", "--report", "petsc.json", "--out", "petsc"])
    #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
    func estimates(_ name: String) throws -> [Double] {
      let report = try JSONSerialization.jsonObject(with: Data(try h.read(name).utf8)) as? [String: Any]
      let parameters = try #require(report?["parameters"] as? [[String: Any]])
      return parameters.compactMap { $0["estimate"] as? Double }
    }
    let expected = try estimates("serial.json"), got = try estimates("petsc.json")
    #expect(expected.count == 2 && got.count == 2)
    for (e, g) in zip(expected, got) { #expect(abs(e - g) <= 1e-6 * abs(e), "\(method): \(g) against \(e)") }
    #expect(h.exists("petsc/solution.vtu"))
  }

  /// A CG limit too small: exit 3 with the iterations and the advice, on every rank.
  @Test func nonConvergenceIsExit3() throws {
    let h = try CLIHarness()
    try h.makeCoupon(elements: "hex20")
    try h.write("coupon.toml", try h.read("coupon.toml") + "\n[solver]\nbackend = \"petsc\"\nrtol = 1e-12\nmax_iterations = 1\n")
    let r = try mpirun(h, ranks: 2, ["solve", "--mesh", "coupon.msh", "--out", "result"])
    #expect(r.status == 3, "exit \(r.status): \(r.stderr)")
    #expect(r.stderr.contains("did not converge") && r.stderr.contains("max_iterations = 1"), "\(r.stderr)")
    #expect(!h.exists("result/solution.vtu"))
  }
}
#endif
