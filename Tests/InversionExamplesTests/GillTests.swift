@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import PrivacyExamples

/// The gill example (`shared/spec/apps.md` §6): round trips, κ against finite
/// differences, the asymmetric interval, and the lower bound when ε ≥ 1.
@Suite struct GillTests {
  static let ratios = [0.0, 0.25, 0.5, 0.75, 0.9, 1.0]
  static let effectivenesses = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999]

  /// ε(NTU(ε)) = ε to 1e-10 on the spec's grid (and for C_r within 1e-9 of 1, where the
  /// naive formula is 0/0); measured worst ~1e-15.
  @Test func roundTrips() {
    var worst = 0.0
    for cr in Self.ratios + [1 - 1e-9, 1 - 1e-13] {
      for eps in Self.effectivenesses {
        let ntu = CounterCurrentExchanger.ntu(effectiveness: eps, capacityRatio: cr)
        worst = max(worst, abs(CounterCurrentExchanger.effectiveness(ntu: ntu, capacityRatio: cr) - eps))
      }
    }
    #expect(worst <= 1e-10, "worst round-trip error \(worst)")
  }

  /// The stable forms against the textbook closed forms where those are accurate: C_r = 0
  /// (ε = 1 − e^{−NTU}), C_r = 1 (ε = NTU/(1 + NTU)) and C_r = 0.5 (direct formula), to 1e-13;
  /// and, at C_r = 1 − δ with δ = 1e-9 (where the textbook inverse is 0/0 and loses
  /// about half its digits), the series NTU = o(1 − x/2 + x²/3 − x³/4), o = ε/(1 − ε),
  /// x = δo, to 1e-13 relative.
  @Test func matchesClosedForms() {
    for ntu in [0.1, 1, 3, 10] {
      #expect(abs(CounterCurrentExchanger.effectiveness(ntu: ntu, capacityRatio: 0) - (1 - exp(-ntu))) < 1e-13)
      #expect(abs(CounterCurrentExchanger.effectiveness(ntu: ntu, capacityRatio: 1) - ntu / (1 + ntu)) < 1e-13)
      let e = exp(-ntu * 0.5)
      #expect(abs(CounterCurrentExchanger.effectiveness(ntu: ntu, capacityRatio: 0.5) - (1 - e) / (1 - 0.5 * e)) < 1e-13)
    }
    let delta = 1e-9
    for eps in Self.effectivenesses {
      let a = CounterCurrentExchanger.ntu(effectiveness: eps, capacityRatio: 1 - delta)
      let o = eps / (1 - eps), x = (1 - (1 - delta)) * o  // δ as the code sees it after rounding 1 − δ
      let series = o * (1 - x / 2 + x * x / 3 - x * x * x / 4)
      #expect(abs(a - series) <= 1e-13 * series, "eps \(eps): \(a) vs \(series)")
    }
  }

  /// κ = ε/(NTU(1 − ε)(1 − C_r ε)) against a Richardson-extrapolated central difference
  /// of ln NTU in ln ε (steps 1e-5 and 5e-6: the h² error, up to 5e-7 at ε = 0.999 where
  /// κ ≈ 145, cancels; measured worst 5e-10), to 1e-6 relative; and κ ≈ 145 at
  /// ε = 0.999, C_r = 0 (spec).
  @Test func kappaMatchesFiniteDifference() {
    var worst = 0.0
    for cr in Self.ratios {
      for eps in Self.effectivenesses {
        let kappa = CounterCurrentExchanger.conditionNumber(effectiveness: eps, capacityRatio: cr)
        func central(_ h: Double) -> Double {
          let up = CounterCurrentExchanger.ntu(effectiveness: eps * exp(h), capacityRatio: cr)
          let down = CounterCurrentExchanger.ntu(effectiveness: eps * exp(-h), capacityRatio: cr)
          return (log(up) - log(down)) / (2 * h)
        }
        let fd = (4 * central(5e-6) - central(1e-5)) / 3
        worst = max(worst, abs(kappa - fd) / kappa)
      }
    }
    #expect(worst <= 1e-6, "worst relative kappa error \(worst)")
    let k = CounterCurrentExchanger.conditionNumber(effectiveness: 0.999, capacityRatio: 0)
    #expect((k.rounded()) == 145, "kappa = \(k)")
  }

  /// ε = 0.99 ± 0.01 at C_r = 0.5 gives the asymmetric interval [6.48, 17.0] (spec, to the
  /// digits given): the lower end is NTU(0.98), the upper end, ε + σ reaching 1, is the
  /// cap value NTU(0.9999) and is flagged as no bound.
  @Test func specInterval() {
    let r = GillInversion.invert(eps: 0.99, sigma: 0.01, capacityRatio: 0.5)
    #expect(abs(r.ntuLower - 6.48) < 0.005, "\(r.ntuLower)")
    #expect(abs(r.ntuUpper - 17.0) < 0.05, "\(r.ntuUpper)")
    #expect(r.upperIsCapped && !r.lowerBoundOnly)
    #expect(r.warnings.contains { $0.contains("do not bound NTU above") })
    let ntu = r.ntu ?? .nan
    #expect(r.ntuLower < ntu && ntu < r.ntuUpper && ntu - r.ntuLower < r.ntuUpper - ntu)
    // Away from 1 the interval is the exact image of ε ± σ.
    let s = GillInversion.invert(eps: 0.6, sigma: 0.05, capacityRatio: 0.25)
    #expect(abs(CounterCurrentExchanger.effectiveness(ntu: s.ntuLower, capacityRatio: 0.25) - 0.55) < 1e-12)
    #expect(abs(CounterCurrentExchanger.effectiveness(ntu: s.ntuUpper, capacityRatio: 0.25) - 0.65) < 1e-12)
    #expect(!s.upperIsCapped && s.warnings.isEmpty)
  }

  /// ε ≥ 1 gives only the lower bound NTU(ε − 2σ), no estimate, and a warning.
  @Test func effectivenessAtOrAboveOneGivesALowerBound() {
    let r = GillInversion.invert(eps: 1.01, sigma: 0.02, capacityRatio: 0.5)
    #expect(r.ntu == nil && r.lowerBoundOnly && r.ntuUpper == .infinity)
    #expect(abs(r.ntuLower - CounterCurrentExchanger.ntu(effectiveness: 0.97, capacityRatio: 0.5)) < 1e-12)
    #expect(r.warnings.first?.contains("only the lower bound") == true)
    let inconsistent = GillInversion.invert(eps: 1.2, sigma: 0.01, capacityRatio: 0)
    #expect(inconsistent.warnings.contains { $0.contains("inconsistent") })
  }

  // MARK: - Job, input errors, worked example

  @Test func jobWithCapacitiesAndBadInput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gill-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let good = "eps,sigma_eps,C_water,C_blood\n0.99,0.01,2.0,1.0\n1.02,0.01,1.0,3.0\n0.5,0.02,1,1\n"
    try good.write(toFile: dir + "/g.csv", atomically: true, encoding: .utf8)
    let (results, summary) = try GillJob.run(data: dir + "/g.csv", report: dir + "/g.json", out: dir + "/g.out.csv")
    #expect(results.count == 3 && results[1].lowerBoundOnly && summary.contains(">= "))
    // C_r = min/max: 0.5 from (2, 1), so row 1 is the spec case.
    #expect(abs(results[0].ntuLower - 6.48) < 0.005)
    let table = try String(contentsOfFile: dir + "/g.out.csv", encoding: .utf8)
    #expect(table.hasPrefix("NTU,NTU_lo,NTU_hi,kappa"))
    let json = try String(contentsOfFile: dir + "/g.json", encoding: .utf8)
    #expect(json.contains("\"C_min_side\": \"blood\"") && json.contains("\"identifiability\""))

    let cases: [(String, String)] = [
      ("eps,sigma_eps,Cr\n0.5,0.01,1.5\n", "bad.csv:2: found '1.5' in column Cr"),
      ("eps,sigma_eps,Cr\n-0.1,0.01,0.5\n", "bad.csv:2: found '-0.1' in column eps"),
      ("eps,sigma_eps,Cr,C_water\n0.5,0.01,0.5,1\n", "bad.csv:1: found both Cr and C_water/C_blood"),
      ("eps,sigma_eps,C_water,C_blood\n0.5,0.01,0,1\n", "bad.csv:2: found '0' in column C_water"),
      ("# a comment\neps,sigma_eps,Cr\n0.5,,0.5\n", "bad.csv:3: found an empty cell in column sigma_eps"),
    ]
    for (text, fragment) in cases {
      try expectBadInput(text, at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json") {
        _ = try GillJob.run(data: dir + "/bad.csv", report: dir + "/never.json", out: nil)
      }
    }
  }

  @Test func workedExampleIsReproducible() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/gill/gill.csv").path
    let text = GillExampleFiles.text(seed: 2026)
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
