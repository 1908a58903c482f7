import FECommon
import Foundation

/// The estimates and their covariance read back from a fit report (`fit --report`),
/// so that other commands (`stresses --params`) can use the fitted constants.
///
/// Reads `parameters[].name`, `parameters[].estimate`, `parameters[].std_error` and
/// `correlation`; the covariance is Σ_ij = ρ_ij s_i s_j when every standard error and
/// the correlation matrix are present, and nil otherwise (`covarianceAbsence` says why).
/// What is present must be valid, or it is bad input at its key: a standard error a
/// finite number from 0 to 1e150 (so that s_i s_j stays finite), the correlation an n × n
/// symmetric matrix of numbers in [−1, 1] with a unit diagonal that is positive
/// semidefinite (a band's variance gᵀΣg is then never negative), each to 1e-9.
public struct FittedParameters: Sendable {
  public var path: String
  public var names: [String]
  public var estimates: [Double]
  /// n × n, row-major; nil when the report carries no uncertainty.
  public var covariance: [Double]?
  /// Why `covariance` is nil, in plain words; nil when it is present.
  public var covarianceAbsence: String?
  /// What the report says against trusting its estimates, in plain words: the fit did
  /// not converge (`"converged": false`), failed its χ² test
  /// (`goodness_of_fit.consistent_with_noise` false), or had a significant
  /// discretization budget (`discretization.significant` true). Keys that are absent
  /// (an older report) say nothing; present with the wrong type is bad input at the key.
  public var cautions: [String] = []

  public static func read(path: String) throws -> FittedParameters {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw InputError("cannot read the file (\(error.localizedDescription)); expected a fit report (JSON)",
                       at: SourceLocation(file: path))
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw InputError("found text that is not JSON (\(error.localizedDescription)); expected a fit report written by feinvert fit --report",
                       at: SourceLocation(file: path))
    }
    guard let object = root as? [String: Any], let list = object["parameters"] as? [Any] else {
      throw InputError("found no \"parameters\" array; expected a fit report written by feinvert fit --report",
                       at: SourceLocation(file: path, key: "parameters"))
    }
    var names = [String](), estimates = [Double](), errors = [Double?]()
    for (i, item) in list.enumerated() {
      let key = "parameters[\(i)]"
      guard let entry = item as? [String: Any], let name = entry["name"] as? String else {
        throw InputError("found an entry without a \"name\" string; expected {\"name\": ..., \"estimate\": ...}",
                         at: SourceLocation(file: path, key: key))
      }
      guard let estimate = (entry["estimate"] as? NSNumber)?.doubleValue, estimate.isFinite else {
        throw InputError("found no finite \"estimate\" for \(name); expected a number",
                         at: SourceLocation(file: path, key: key + ".estimate"))
      }
      names.append(name)
      estimates.append(estimate)
      if let value = entry["std_error"], !(value is NSNull) {
        guard let se = (value as? NSNumber)?.doubleValue, se >= 0, se <= 1e150 else {
          throw InputError("found \(value) for \(name); expected a standard error from 0 to 1e150, or no \"std_error\"",
                           at: SourceLocation(file: path, key: key + ".std_error"))
        }
        errors.append(se)
      } else {
        errors.append(nil)
      }
    }
    let n = names.count
    var covariance: [Double]?, absence: String?
    if let missing = errors.firstIndex(where: { $0 == nil }) {
      // The fit writes null for a standard error it could not determine, and then the
      // correlation may hold nulls too: it is not read.
      absence = "parameters[\(missing)] (\(names[missing])) has no std_error"
    } else if let value = object["correlation"], !(value is NSNull) {
      let rho = try correlation(value, n: n, path: path)
      var sigma = [Double](repeating: 0, count: n * n)
      for i in 0..<n { for j in 0..<n { sigma[i * n + j] = rho[i * n + j] * errors[i]! * errors[j]! } }
      covariance = sigma
    } else {
      absence = "the report has no correlation matrix"
    }
    return FittedParameters(
      path: path, names: names, estimates: estimates, covariance: covariance, covarianceAbsence: absence,
      cautions: try cautions(object, path: path))
  }

  /// The report's own verdicts against its estimates (see `cautions`).
  static func cautions(_ object: [String: Any], path: String) throws -> [String] {
    /// A Bool at a key path, nil when absent or null; another type is bad input.
    func flag(_ keys: [String]) throws -> Bool? {
      var value: Any? = object
      for key in keys {
        guard let dictionary = value as? [String: Any] else { return nil }
        value = dictionary[key]
      }
      guard let value, !(value is NSNull) else { return nil }
      guard let b = value as? Bool else {
        throw InputError("found \(value); expected true, false or null", at: SourceLocation(file: path, key: keys.joined(separator: ".")))
      }
      return b
    }
    var out = [String]()
    if try flag(["converged"]) == false {
      out.append("the fit did not converge (\"converged\": false): its estimates are where it stopped, not an optimum")
    }
    if try flag(["goodness_of_fit", "consistent_with_noise"]) == false {
      out.append("the fit failed its chi2 test (goodness_of_fit.consistent_with_noise = false): the model does not reproduce the data to their stated noise, so the estimates and their intervals are suspect")
    }
    if try flag(["discretization", "significant"]) == true {
      out.append("the fit's discretization budget is significant (discretization.significant = true): the mesh's own error is comparable to the noise, so the estimates are biased by the mesh")
    }
    return out
  }

  /// The `correlation` value checked as the type's discussion says; row-major n × n.
  static func correlation(_ value: Any, n: Int, path: String) throws -> [Double] {
    func bad(_ found: String, _ key: String) -> InputError {
      InputError("found \(found); expected an n × n correlation matrix (n = \(n) parameters): symmetric, entries in [-1, 1], unit diagonal, positive semidefinite",
                 at: SourceLocation(file: path, key: key))
    }
    guard let rows = value as? [Any], rows.count == n else { throw bad("\((value as? [Any])?.count ?? 0) rows", "correlation") }
    var rho = [Double](repeating: 0, count: n * n)
    for (i, row) in rows.enumerated() {
      guard let values = row as? [Any], values.count == n else { throw bad("a row that is not \(n) numbers", "correlation[\(i)]") }
      for (j, v) in values.enumerated() {
        guard let r = (v as? NSNumber)?.doubleValue, r.isFinite, abs(r) <= 1 + 1e-9 else {
          throw bad("\(v)", "correlation[\(i)][\(j)]")
        }
        rho[i * n + j] = r
      }
    }
    for i in 0..<n {
      if abs(rho[i * n + i] - 1) > 1e-9 { throw bad("\(rho[i * n + i]) on the diagonal", "correlation[\(i)][\(i)]") }
      for j in 0..<i where abs(rho[i * n + j] - rho[j * n + i]) > 1e-9 {
        throw bad("\(rho[i * n + j]) and \(rho[j * n + i]) (not symmetric)", "correlation[\(i)][\(j)]")
      }
    }
    // Positive semidefinite: a Cholesky factorization that allows zero pivots (a
    // correlation of ±1, exact collinearity) to round-off.
    if case let .indefinite(row, pivot) = DenseCholesky.semidefiniteFactor(rho, n: n, tolerance: 1e-9) {
      throw bad("a matrix that is not positive semidefinite (pivot \(pivot) at row \(row))", "correlation")
    }
    return rho
  }
}
