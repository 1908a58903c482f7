import FECommon
import Foundation
import Testing

@testable import FeinvertIO

/// `FittedParameters.read`, the fit report as `stresses --params` reads it: what is present
/// must be valid (bad input at its key), what is absent means no bands, with the reason.
@Suite struct FittedParametersTests {
  func read(_ json: String) throws -> FittedParameters {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fitted-\(UUID().uuidString).json").path
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try FittedParameters.read(path: path)
  }

  func report(errors: [String], correlation: String?) -> String {
    let parameters = errors.enumerated().map { i, se in
      "{\"name\": \"M.E\(i + 1)\", \"estimate\": \(1000 * (i + 1))" + (se.isEmpty ? "" : ", \"std_error\": \(se)") + "}"
    }
    return "{\"parameters\": [\(parameters.joined(separator: ", "))]" + (correlation.map { ", \"correlation\": \($0)" } ?? "") + "}"
  }

  @Test func covarianceIsCorrelationScaledByTheStandardErrors() throws {
    let p = try read(report(errors: ["2", "3"], correlation: "[[1, 0.5], [0.5, 1]]"))
    #expect(p.estimates == [1000, 2000])
    #expect(p.covariance == [4, 3, 3, 9])
    #expect(p.covarianceAbsence == nil)
    // Exact collinearity (ρ = 1) is semidefinite, so accepted.
    #expect(try read(report(errors: ["1", "1"], correlation: "[[1, 1], [1, 1]]")).covariance == [1, 1, 1, 1])
  }

  /// Absent uncertainty is no band, with the reason; `fit` writes null for a standard error
  /// it could not determine, and the correlation may then hold nulls.
  @Test(arguments: [
    (["2", ""], "[[1, 0], [0, 1]]", "parameters[1] (M.E2) has no std_error"),
    (["null", "1"], "[[null, null], [null, 1]]", "parameters[0] (M.E1) has no std_error"),
    (["2", "3"], nil, "the report has no correlation matrix"),
  ] as [([String], String?, String)])
  func absentUncertaintyGivesNoCovarianceAndSaysWhy(errors: [String], correlation: String?, reason: String) throws {
    let p = try read(report(errors: errors, correlation: correlation))
    #expect(p.covariance == nil)
    #expect(p.covarianceAbsence == reason)
  }

  /// Present but invalid is bad input at its key.
  @Test(arguments: [
    (["-5", "1"], "[[1, 0], [0, 1]]", "parameters[0].std_error"),
    (["1e300", "1"], "[[1, 0], [0, 1]]", "parameters[0].std_error"),
    (["\"abc\"", "1"], "[[1, 0], [0, 1]]", "parameters[0].std_error"),
    (["1", "1"], "[[1]]", "correlation"),
    (["1", "1"], "[[1, 0], [0.5, 1]]", "correlation[1][0]"),
    (["1", "1"], "[[1, 1.5], [1.5, 1]]", "correlation[0][1]"),
    (["1", "1"], "[[0.9, 0], [0, 1]]", "correlation[0][0]"),
    (["1", "1"], "[[1, null], [null, 1]]", "correlation[0][1]"),
    // Pairwise −0.9 among three: every entry in range, yet 1ᵀρ1 = 3 − 5.4 < 0.
    (["1", "1", "1"], "[[1, -0.9, -0.9], [-0.9, 1, -0.9], [-0.9, -0.9, 1]]", "correlation"),
  ] as [([String], String, String)])
  func invalidUncertaintyIsBadInputAtItsKey(errors: [String], correlation: String, key: String) throws {
    do {
      _ = try read(report(errors: errors, correlation: correlation))
      Issue.record("accepted \(errors) with \(correlation)")
    } catch let error as InputError {
      #expect(error.location.key == key, "\(error)")
    }
  }
}
