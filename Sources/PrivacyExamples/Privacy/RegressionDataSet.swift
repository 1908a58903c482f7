/// A table of numeric features and one numeric target, one record per row: the input
/// of the privacy example (scikit-learn's diabetes data: 442 patients, 10 features,
/// disease progression after one year).
///
/// `features` is row-major: `features[row * featureNames.count + j]` is feature j of
/// record `row`. Counts must agree (`features.count == target.count *
/// featureNames.count`), or a precondition failure occurs.
package struct RegressionDataSet: Sendable {
  /// Feature names, in column order.
  package let featureNames: [String]
  /// n × p features, row-major.
  package let features: [Double]
  /// n targets.
  package let target: [Double]

  package init(featureNames: [String], features: [Double], target: [Double]) {
    precondition(features.count == target.count * featureNames.count, "RegressionDataSet: size mismatch")
    self.featureNames = featureNames
    self.features = features
    self.target = target
  }

  /// Number of records n.
  package var rowCount: Int { target.count }
  /// Number of features p.
  package var featureCount: Int { featureNames.count }

  /// Feature `column` of every record.
  package func column(_ column: Int) -> [Double] {
    let p = featureCount
    return (0..<rowCount).map { features[$0 * p + column] }
  }

  /// The records at `rows` (0-based), in that order.
  package func subset(rows: [Int]) -> RegressionDataSet {
    let p = featureCount
    var x = [Double]()
    x.reserveCapacity(rows.count * p)
    for i in rows { x.append(contentsOf: features[(i * p)..<(i * p + p)]) }
    return RegressionDataSet(featureNames: featureNames, features: x, target: rows.map { target[$0] })
  }
}
