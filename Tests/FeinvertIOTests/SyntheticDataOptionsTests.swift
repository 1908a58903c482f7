@testable import FeinvertJobs
import FECommon
import Testing
@testable import FeinvertIO

/// `feinvert synth`'s option checks: each bad value is an `InputError` naming the option.
@Suite struct SyntheticDataOptionsTests {
  @Test(arguments: [
    (-1.0, false, nil, nil, 0, "--noise"),
    (0.0, false, nil, 0.0, 0, "--spacing"),
    (0.0, false, nil, nil, -1, "--holes"),
    (0.0, false, nil, nil, Int.max, "--holes"),  // refused before allocating Int.max holes
    (0.0, true, nil, nil, 0, "--frequency"),
  ] as [(Double, Bool, Double?, Double?, Int, String)])
  func badOptionIsNamed(noise: Double, fringeOrders: Bool, frequency: Double?, spacing: Double?, holes: Int, option: String) {
    do {
      _ = try SyntheticDataOptions.validate(noise: noise, fringeOrders: fringeOrders, frequency: frequency, spacing: spacing, holes: holes)
      Issue.record("accepted a bad \(option)")
    } catch let e as InputError {
      #expect(e.description.hasPrefix(option + ":"), "\(e.description)")
      #expect(e.exitCode == 2)
    } catch {
      Issue.record("\(error)")
    }
  }

  /// Noise above 1e100 would write values that `fit` refuses to read; a NaN radius masks
  /// nothing without saying so.
  @Test func noiseLimitAndHoleRadius() {
    for (noise, radius, option) in [(1e120, nil, "--noise"), (.nan, nil, "--noise"), (0, Double.nan, "--hole-radius"), (0, -1, "--hole-radius")] as [(Double, Double?, String)] {
      do {
        _ = try SyntheticDataOptions.validate(noise: noise, fringeOrders: false, frequency: nil, spacing: nil, holes: 1, holeRadius: radius)
        Issue.record("accepted \(option) \(noise) \(String(describing: radius))")
      } catch let e as InputError {
        #expect(e.description.hasPrefix(option + ":"), "\(e.description)")
      } catch {
        Issue.record("\(error)")
      }
    }
    #expect(throws: Never.self) { _ = try SyntheticDataOptions.validate(noise: 1e100, fringeOrders: false, frequency: nil, spacing: nil, holes: 1, holeRadius: 0.5) }
  }

  @Test func goodOptionsPass() throws {
    #expect(try SyntheticDataOptions.validate(noise: 1e-5, fringeOrders: true, frequency: 2400, spacing: 0.5, holes: 3) == 2400)
    #expect(try SyntheticDataOptions.validate(noise: 0, fringeOrders: false, frequency: nil, spacing: nil, holes: 10_000) == nil)
  }
}
