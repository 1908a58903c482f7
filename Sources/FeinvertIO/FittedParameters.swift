import FECommon
import Foundation

/// The estimates and their covariance read back from a fit report (`fit --report`),
/// so that other commands (`stresses --params`) can use the fitted constants.
///
/// Reads `parameters[].name`, `parameters[].estimate`, `parameters[].std_error` and
/// `correlation`; the covariance is Σ_ij = ρ_ij s_i s_j when every standard error and
/// the correlation matrix are present and finite, and nil otherwise.
public struct FittedParameters: Sendable {
  public var path: String
  public var names: [String]
  public var estimates: [Double]
  /// n × n, row-major; nil when the report carries no usable uncertainty.
  public var covariance: [Double]?

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
      errors.append((entry["std_error"] as? NSNumber)?.doubleValue)
    }
    let n = names.count
    var covariance: [Double]?
    if let rows = object["correlation"] as? [Any], rows.count == n,
       errors.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 })
    {
      var sigma = [Double](repeating: 0, count: n * n)
      var complete = true
      for (i, row) in rows.enumerated() {
        guard let values = row as? [Any], values.count == n else { complete = false; break }
        for (j, v) in values.enumerated() {
          guard let rho = (v as? NSNumber)?.doubleValue, rho.isFinite else { complete = false; break }
          sigma[i * n + j] = rho * errors[i]! * errors[j]!
        }
      }
      if complete { covariance = sigma }
    }
    return FittedParameters(path: path, names: names, estimates: estimates, covariance: covariance)
  }
}
