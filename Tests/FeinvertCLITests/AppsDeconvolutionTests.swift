import FeinvertTestSupport
import Foundation
import Testing

/// `feinvert app deconv` end to end.
@Suite struct AppsDeconvolutionTests {
  @Test func deconvRunsOnTheWorkedExample() throws {
    let h = try CLIHarness()
    for (name, text) in DeconvolutionExampleFiles.texts(seed: 2026) { try h.write(name, text) }
    let r = try h.run(["app", "deconv", "--data", "notch.csv", "--report", "deconv.json", "--out", "x.csv"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("kappa") && r.stdout.contains("lambda (GCV)"))
    #expect(try h.read("x.csv").hasPrefix("n,x_hat\n0,"))
    let m = try h.run(["app", "deconv", "--data", "notch_zero_mismatch.csv", "--method", "minimum-norm",
                       "--report", "mismatch.json"])
    #expect(m.status == 0, "\(m.stderr)")
    #expect(m.stdout.contains("h is probably wrong"))
    #expect(h.temporaryLeftovers().isEmpty)
  }

  @Test func deconvUsageAndInputErrors() throws {
    let h = try CLIHarness()
    try h.write("d.csv", "n,h,y\n0,1,2\n1,0.5,oops\n")
    let r = try h.run(["app", "deconv", "--data", "d.csv", "--report", "deconv.json"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("d.csv:3:"), "\(r.stderr)")
    let w = try h.run(["app", "deconv", "--data", "d.csv", "--method", "wiener", "--report", "deconv.json"])
    #expect(w.status == 2 && w.stderr.contains("--spectra"), "\(w.stderr)")
    #expect(!h.exists("deconv.json"))
  }
}
