import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The eDNA forward models, fits and what they report the data cannot determine.
@Suite struct EDNAModelTests {
  static let distributedTruth = EDNASource.distributed(rate: 35, startKm: 4, endKm: 10, decayPerKm: 0.28)
  static let pointTruth = EDNASource.point(amplitude: 100, originKm: 7, decayPerKm: 0.28)

  @Test func distributedProfileIsTheSpecFormula() {
    // The spec's form (S/β)·e^{−β(x−b)₊}·(1 − e^{−β(min(x,b)−a)}) for x > a, 0 upstream,
    // written out independently of the code's difference-of-exponentials form. 1e-12 relative.
    let (s, a, b, beta) = (35.0, 4.0, 10.0, 0.28)
    for k in 0...100 {
      let x = -1 + 0.21 * Double(k)
      let spec = x > a ? s / beta * exp(-beta * max(x - b, 0)) * (1 - exp(-beta * (min(x, b) - a))) : 0
      let code = Self.distributedTruth.concentration(atKm: x)
      #expect(abs(code - spec) <= 1e-12 * max(abs(spec), 1), "x = \(x)")
    }
  }

  @Test(arguments: [EDNAModelTests.pointTruth, EDNAModelTests.distributedTruth])
  func derivativesMatchCentralDifferences(_ source: EDNASource) {
    // Away from the kinks (x₀, a, b) the model is smooth: central differences with step
    // 1e-6·max(|p|, 1) are accurate to ~1e-8 relative here; tolerance 1e-6 of the scale.
    let p = source.parameters
    for x in [7.5, 8.3, 11.2, 15.0, 5.1] {
      let d = source.derivatives(atKm: x)
      for k in p.indices {
        let h = 1e-6 * max(abs(p[k]), 1)
        var up = p, down = p
        up[k] += h
        down[k] -= h
        let fd = (EDNASource(kind: source.kind, parameters: up).concentration(atKm: x)
          - EDNASource(kind: source.kind, parameters: down).concentration(atKm: x)) / (2 * h)
        #expect(abs(d[k] - fd) <= 1e-6 * max(abs(fd), 1e-3 * source.concentration(atKm: x), 1e-9), "x = \(x), parameter \(k)")
      }
    }
  }

  @Test func noiseFreeDataAreFittedExactly() {
    // Sites on both sides of both sources: each model reproduces its own noise-free curve,
    // χ² ≈ 0 (1e-10: the searches converge to 1e-9 relative in β). The point model cannot
    // reproduce the distributed source; the distributed model *can* reproduce the point
    // source, by a source of length ≥ ℓ_min = 0.5 km inside the 1.5 km gap (6, 7.5] that
    // holds x₀ = 7: there the two models are nested.
    let sites = [2.0, 3.5, 5.0, 6.0, 7.5, 8.0, 9.0, 10.5, 12.0, 15.0]
    for truth in [Self.pointTruth, Self.distributedTruth] {
      let y = sites.map { truth.concentration(atKm: $0) }
      let data = EDNASamples(positionsKm: sites, concentrations: y, noise: .specDefault)
      let (p, d) = EDNAFitter.fitBoth(data)
      let own = truth.kind == .point ? p : d
      let other = truth.kind == .point ? d : p
      #expect(own.chiSquare < 1e-10, "\(truth.kind) χ² = \(own.chiSquare)")
      if truth.kind == .distributed {
        #expect(other.chiSquare > 1, "the point model fits the distributed curve (χ² = \(other.chiSquare))")
      } else {
        #expect(other.chiSquare < 1e-8, "the distributed model misses the point curve (χ² = \(other.chiSquare))")
        let q = other.source.parameters
        #expect(q[1] >= 6 - 1e-9 && q[2] <= 7.5 + 1e-9, "mimicking source \(other.source) not inside (6, 7.5]")
      }
      // β recovered to 1e-5 relative (χ² ≈ 1e-10 leaves β free to ~1e-5 at these weights).
      #expect(abs(own.source.decayPerKm / 0.28 - 1) < 1e-5)
      if case let .distributed(s, a, b, _) = d.source, truth.kind == .distributed {
        #expect(abs(s / 35 - 1) < 1e-4 && abs(a - 4) < 1e-4 && abs(b - 10) < 1e-4, "\(d.source)")
      }
      if case let .point(_, x0, _) = p.source, truth.kind == .point {
        // x₀ = 7 lies in (6, 7.5]: the reported x₀ is the interval's upper end, and A the
        // value extrapolated there: 100·e^{−0.28·0.5}.
        #expect(x0 == 7.5)
        #expect(p.originInterval?.lower == 6.0)
        #expect(abs(p.source.parameters[0] / (100 * exp(-0.28 * 0.5)) - 1) < 1e-6)
        #expect(p.warnings.contains { $0.contains("between the sampled sites x = 6 and 7.5 km") })
      }
    }
  }

  @Test func allDownstreamDataReportConfoundingAndIndistinguishableModels() {
    // Every site downstream of the distributed source [4, 10]: both models are one
    // exponential there, C = K e^{−βx}.
    let sites = (0..<10).map { 11.0 + Double($0) }
    var rng = SplitMix64(seed: 5)
    let data = EDNANoise.model(.specDefault).simulate(Self.distributedTruth, atKm: sites, rng: &rng)
    let analysis = EDNAAnalysis.run(samples: data, noise: .model(.specDefault), settings: {
      var s = EDNAAnalysisSettings()
      s.bootstrapReplicates = 0
      s.nominal = Self.distributedTruth
      return s
    }())
    let point = analysis.point
    #expect(point.originInterval?.lower == -.infinity)
    #expect(point.warnings.contains { $0.contains("A and x0 are confounded") })
    // The layer sees it too: rank 2 of 3, a direction made of A and x0.
    #expect(point.analysis.rank == 2)
    #expect(point.analysis.identifiabilityWarnings.contains { w in
      Set(w.combination.map(\.name)).isSuperset(of: ["A", "x0_km"])
    })
    // Both models fit equally well (to 1e-6 in χ²: the distributed one is the same exponential).
    #expect(abs(point.chiSquare - analysis.distributed.chiSquare) < 1e-6 * max(point.chiSquare, 1))
    #expect(!analysis.comparison.sampledDesign.discriminating)
    #expect(analysis.comparison.sampledDesign.criterion < 1e-8)
    #expect(analysis.warnings.contains { $0.contains("do not discriminate") })
  }
}
