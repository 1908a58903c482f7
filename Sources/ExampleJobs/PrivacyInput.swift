import FeinvertFiles
import FECommon
import PrivacyExamples

/// The data file of `feinvert app privacy` (`shared/spec/apps.md` §10), read and
/// checked: a CSV under the interface's rules with one numeric target column and
/// numeric feature columns, one of which is the sensitive attribute.
package struct PrivacyInput: Sendable {
  /// The records: the chosen features and the target.
  package var data: RegressionDataSet
  /// The target column's name.
  package var targetName: String
  /// The sensitive feature's column in `data`.
  package var sensitiveColumn: Int

  /// The most distinct values the sensitive attribute may take (the attack enumerates
  /// them; a continuous column is not an attribute to infer by enumeration).
  package static let maximumSensitiveValues = 20

  /// Reads the data file.
  ///
  /// Rules: the header has the target column and the features; every other column is a
  /// feature unless `features` names them; every cell of those columns is a finite
  /// number (no empty cells); the sensitive column is one of the features and takes 2 to
  /// `maximumSensitiveValues` distinct values.
  ///
  /// - Throws: `InputError` at `file:line` (or at the option) for every violation.
  package static func load(path: String, target: String, sensitive: String, features: [String]?) throws -> PrivacyInput {
    let table = try CSVTable.read(path: path)
    _ = try table.index(of: target)
    let names: [String]
    if let features {
      for name in features where name == target {
        throw InputError("found the target \(target) among the features; expected feature columns other than the target",
                         at: SourceLocation(file: "--features"))
      }
      try table.checkColumns(required: [target] + features, optional: table.columns)
      names = features
    } else {
      names = table.columns.filter { $0 != target }
    }
    guard !names.isEmpty else {
      throw InputError("found only the target column \(target); expected at least one feature column", at: table.headerLocation)
    }
    guard let sensitiveColumn = names.firstIndex(of: sensitive) else {
      throw InputError(
        "found no feature column \(sensitive) (features: \(names.joined(separator: ","))); expected the sensitive attribute "
          + "among the features (--sensitive)",
        at: table.headerLocation)
    }
    let y = try table.numbers(target)
    let columns = try names.map { try table.numbers($0) }
    let n = y.count, p = names.count
    var x = [Double](repeating: 0, count: n * p)
    for j in 0..<p {
      for i in 0..<n { x[i * p + j] = columns[j][i] }
    }
    let distinct = Set(columns[sensitiveColumn])
    guard distinct.count >= 2 && distinct.count <= maximumSensitiveValues else {
      throw InputError(
        "found \(distinct.count) distinct value\(distinct.count == 1 ? "" : "s") in column \(sensitive); expected a "
          + "categorical attribute with 2 to \(maximumSensitiveValues) values",
        at: table.headerLocation)
    }
    return PrivacyInput(data: RegressionDataSet(featureNames: names, features: x, target: y),
                        targetName: target, sensitiveColumn: sensitiveColumn)
  }
}
