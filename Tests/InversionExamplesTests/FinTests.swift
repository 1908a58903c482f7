@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The pin-fin example (`shared/spec/apps.md` §8): Incropera & DeWitt Ex. 3.9, round
/// trips, κ and ∂ln h/∂ln k against finite differences, the long-fin statement.
@Suite struct FinTests {
  /// The three rods of Ex. 3.9 (D = 5 mm, h = 100 W m⁻² K⁻¹, θ_b = 75 K).
  static let rods: [(k: Double, q: Double, length: Double)] = [(398, 8.3, 0.19), (180, 5.6, 0.13), (14, 1.6, 0.04)]

  /// q∞ = 8.3, 5.6, 1.6 W to two significant figures, and the lengths 2.65/m = 0.19,
  /// 0.13, 0.04 m as the book rounds them (to the centimetre).
  @Test func incroperaExample39() {
    for rod in Self.rods {
      let fin = PinFin(diameter: 0.005, length: .infinity, conductivity: rod.k, baseExcess: 75, tip: .infinite)
      let q = fin.heatFlow(h: 100)
      #expect((q * 10).rounded() / 10 == rod.q, "k = \(rod.k): q = \(q)")
      let l = fin.effectivelyInfiniteLength(h: 100)
      #expect((l * 100).rounded() / 100 == rod.length, "k = \(rod.k): L = \(l)")
      // At that length an adiabatic fin carries 99 % of the infinite fin's heat (tanh 2.65 = 0.990).
      let finite = PinFin(diameter: 0.005, length: l, conductivity: rod.k, baseExcess: 75, tip: .adiabatic)
      #expect(abs(finite.heatFlow(h: 100) / q - 0.99) < 1e-3)
    }
  }

  /// Inverting the computed q of each rod gives h = 100 to 1e-9 relative.
  @Test func inverseRecoversIncroperaH() throws {
    for rod in Self.rods {
      for tip in FinTip.allCases {
        let fin = PinFin(diameter: 0.005, length: 0.05, conductivity: rod.k, baseExcess: 75, tip: tip)
        let r = try FinInversion.invert(fin, q: fin.heatFlow(h: 100), sigmaQ: 0)
        #expect(abs(r.h - 100) <= 1e-9 * 100, "k \(rod.k) \(tip): h = \(r.h)")
      }
    }
  }

  /// Round trips h → q → h over L, h and tip type to 1e-9 relative (spec), including a
  /// cold base (θ_b < 0, heat flowing in).
  @Test func roundTrips() throws {
    var worst = 0.0
    for tip in FinTip.allCases {
      for length in [0.005, 0.05, 0.3, 2.0] {
        for h in [0.5, 5, 100, 2000, 1e5] {
          for theta in [75.0, -20] {
            let fin = PinFin(diameter: 0.003, length: length, conductivity: 50, baseExcess: theta, tip: tip)
            let h2 = try FinInversion.solveH(fin, q: fin.heatFlow(h: h)).h
            worst = max(worst, abs(h2 - h) / h)
          }
        }
      }
    }
    #expect(worst <= 1e-9, "worst relative round-trip error \(worst)")
  }

  /// κ = d ln q/d ln h and d ln q/d ln k in closed form against central differences in
  /// ln h and ln k (step 1e-5: truncation ~1e-10, round-off ~1e-11), to 1e-6; κ ∈ [½, 1].
  @Test func sensitivitiesMatchFiniteDifferences() {
    let step = 1e-5
    for tip in FinTip.allCases {
      for length in [0.01, 0.1, 1.0] {
        for h in [1.0, 100, 1e4] {
          let fin = PinFin(diameter: 0.005, length: length, conductivity: 180, baseExcess: 75, tip: tip)
          let kappa = fin.sensitivityToH(h: h)
          let fd = (log(fin.heatFlow(h: h * exp(step))) - log(fin.heatFlow(h: h * exp(-step)))) / (2 * step)
          #expect(abs(kappa - fd) < 1e-6, "\(tip) L \(length) h \(h): \(kappa) vs \(fd)")
          #expect(kappa >= 0.5 - 1e-12 && kappa <= 1 + 1e-12)
          var up = fin, down = fin
          up.conductivity *= exp(step)
          down.conductivity *= exp(-step)
          let fdk = (log(up.heatFlow(h: h)) - log(down.heatFlow(h: h))) / (2 * step)
          #expect(abs(fin.sensitivityToK(h: h) - fdk) < 1e-6)
        }
      }
    }
  }

  /// Long fins: q ∝ √(hk), so d ln h/d ln k → −1 and the report says only hk is
  /// identified; checked by re-inverting with k 1 % high (h falls by 1 %). A short
  /// copper rod is not flagged.
  @Test func longFinIdentifiesOnlyHK() throws {
    let long = PinFin(diameter: 0.005, length: 0.3, conductivity: 14, baseExcess: 75, tip: .convective)
    let q = long.heatFlow(h: 100)
    let r = try FinInversion.invert(long, q: q, sigmaQ: 0.02 * q)
    #expect(r.onlyHKIdentified && r.warnings.contains { $0.contains("only the product h*k is identified") })
    var stiffer = long
    stiffer.conductivity *= 1.01
    let h2 = try FinInversion.solveH(stiffer, q: q).h
    // Exactly hk = const would give 100/1.01; the tip's share makes it agree to 1e-4.
    #expect(abs(h2 - 100 / 1.01) < 1e-4 * 100)
    #expect(abs(r.dLnHdLnK + 1) < 1e-3)
    let short = PinFin(diameter: 0.005, length: 0.02, conductivity: 398, baseExcess: 75, tip: .convective)
    let s = try FinInversion.invert(short, q: short.heatFlow(h: 100), sigmaQ: 0)
    #expect(!s.onlyHKIdentified && s.kappa > 0.9)
  }

  /// The interval is the inverse image of q ∓ σ_q (monotone map): it brackets h, its
  /// ends reproduce q ∓ σ_q, and the delta-method SE matches its half-width to first order.
  @Test func intervalMapsQPlusMinusSigma() throws {
    let fin = PinFin(diameter: 0.005, length: 0.05, conductivity: 180, baseExcess: 75, tip: .convective)
    let q = fin.heatFlow(h: 100), sigma = 0.01 * q
    let r = try FinInversion.invert(fin, q: q, sigmaQ: sigma)
    #expect(r.hLower < 100 && 100 < r.hUpper)
    #expect(abs(fin.heatFlow(h: r.hLower) - (q - sigma)) < 1e-12 * q)
    #expect(abs(fin.heatFlow(h: r.hUpper) - (q + sigma)) < 1e-12 * q)
    // Half-width vs SE: equal up to the curvature, O(σ²) ≈ 1 % of the SE here.
    #expect(abs((r.hUpper - r.hLower) / 2 - r.standardError) < 0.02 * r.standardError)
  }

  // MARK: - Job, input errors, worked example

  @Test func jobAndBadInput() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fin-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FinExampleFiles.text(seed: 7).write(toFile: dir + "/fins.csv", atomically: true, encoding: .utf8)
    let (results, summary) = try FinJob.run(data: dir + "/fins.csv", report: dir + "/fin.json", out: dir + "/fin.csv")
    #expect(results.count == 5 && summary.contains("only the product h*k"))
    // 2 % noise in q moves h by at most ~2·2 %/κ at 3σ: every estimate within 15 % of 100.
    for r in results { #expect(abs(r.h - 100) < 15) }
    let json = try String(contentsOfFile: dir + "/fin.json", encoding: .utf8)
    #expect(json.contains("\"identifiability\"") && json.contains("\"kappa\""))

    let header = "D,L,k,T_base,T_inf,q,sigma_q,tip\n"
    let cases: [(String, String)] = [
      ("0.005,0.05,398,100,25,5,0.1,pointy\n", "bad.csv:2: found tip 'pointy'"),
      ("0.005,0.05,398,100,25,-5,0.1,convective\n", "bad.csv:2: found q = -5.0 W"),
      ("0.005,,398,100,25,5,0.1,adiabatic\n", "bad.csv:2: found an empty cell in column L"),
      ("0.005,0.05,398,100,100,5,0.1,adiabatic\n", "bad.csv:2: found T_base = T_inf"),
      ("-1,0.05,398,100,25,5,0.1,adiabatic\n", "bad.csv:2: found '-1' in column D"),
    ]
    for (row, fragment) in cases {
      try expectBadInput((header + row), at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json") {
        _ = try FinJob.run(data: dir + "/bad.csv", report: dir + "/never.json", out: nil)
      }
    }
  }

  /// `Validation/apps/fin/fins.csv` is regenerated from seed 2026 and compared byte for
  /// byte (FEINVERT_REGENERATE=1 rewrites it).
  @Test func workedExampleIsReproducible() throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/fin/fins.csv").path
    let text = FinExampleFiles.text(seed: 2026)
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
  }
}
