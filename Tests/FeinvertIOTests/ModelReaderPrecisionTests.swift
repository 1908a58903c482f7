import FECommon
@testable import FeinvertIO
import LaminateFit
import SparseSolve
import Testing

/// Issue 18's keys: `[solver] precision` and `[fit] factor_reuse`, read when valid and
/// refused at their line and key with what was expected.
@Suite struct ModelReaderPrecisionTests {
  static let base = ModelReaderTests.model.replacingOccurrences(of: "factorization = \"cholmod\"", with: "")

  @Test func precisionAndReuseAreRead() throws {
    let mixed = try ModelReader.parse(
      text: Self.base.replacingOccurrences(of: "[solver]\n", with: "[solver]\nprecision = \"mixed\"\nthreads = 1\n"),
      path: "m.toml")
    #expect(mixed.factorization == .mixedPrecision(threads: 1, blockSize: 3))
    let double = try ModelReader.parse(
      text: Self.base.replacingOccurrences(of: "[solver]\n", with: "[solver]\nprecision = \"double\"\nthreads = 1\n"),
      path: "m.toml")
    #expect(double.factorization == .supernodal(threads: 1, blockSize: 3))
    let reuse = try ModelReader.parse(text: Self.base + "\nfactor_reuse = true\nfactor_reuse_iterations = 12\n", path: "m.toml")
    let fit = try reuse.requireFitSettings()
    #expect(fit.factorReuse && fit.factorReuseIterations == 12)
    let off = try ModelReader.parse(text: Self.base, path: "m.toml").requireFitSettings()
    #expect(!off.factorReuse && off.factorReuseIterations == 20)
  }

  @Test func badValuesAreRefusedAtTheirKey() throws {
    let bad: [(String, String)] = [
      (Self.base.replacingOccurrences(of: "[solver]\n", with: "[solver]\nprecision = \"half\"\n"),
       "solver.precision: \"half\" is not a precision; expected \"double\" or \"mixed\""),
      (ModelReaderTests.model.replacingOccurrences(of: "[solver]\n", with: "[solver]\nprecision = \"mixed\"\n"),
       "solver.precision: = \"mixed\" applies to factorization = \"supernodal\" only"),
      (Self.base + "\nfactor_reuse = 1\n", "fit.factor_reuse: is a"),
      (Self.base + "\nfactor_reuse_iterations = 0\n", "fit.factor_reuse_iterations: 0.0; expected a whole number from 1 to 1000"),
    ]
    for (text, message) in bad {
      do {
        _ = try ModelReader.parse(text: text, path: "m.toml")
        Issue.record("accepted: \(message)")
      } catch let e as InputError {
        #expect(e.description.hasPrefix("m.toml:") && e.description.contains(message), "\(e.description)")
      }
    }
  }
}
