import FECommon
import Foundation

/// One data set's share of a fit over several (load cases, observed faces): its
/// residuals, its χ² and its own rigid motion.
public struct DataSetSummary: Sendable {
  public var name: String
  public var caseName: String?
  /// The observed face's group and the data file.
  public var group: String
  public var source: String
  /// Scalar values fitted (points × components, masked cells excluded).
  public var valueCount: Int
  /// Σ r_w² over the set's rows (the rigid motions projected out), and the degrees of
  /// freedom it is compared with: values − the set's rigid-body unknowns − its share of
  /// the parameters (parameters × values / all values; the parameters are shared).
  public var chiSquare: Double
  public var degreesOfFreedom: Double
  /// RMS of the unweighted residuals (predicted − measured), length unit.
  public var rmsResidual: Double
  /// The noise standard deviation the residuals suggest, √(Σ (predicted − measured)² / ν),
  /// length unit: to compare with the stated sigma, or the set's own noise estimate.
  public var noiseEstimate: Double
  /// The set's rigid-body unknowns (names without the set's prefix).
  public var rigidBody: [LaminateFitRun.RigidBodyEstimate]
  public var rotationCentre: SIMD3<Double>?

  public var reducedChiSquare: Double { degreesOfFreedom > 0 ? chiSquare / degreesOfFreedom : .nan }
}

extension LaminateFitRun.Outcome {
  /// Each data set's residuals, χ² and rigid motion (see `DataSetSummary`).
  public func dataSetSummaries(forward: LaminateForwardModel) -> [DataSetSummary] {
    let total = max(weightedResiduals.count, 1)
    let several = forward.dataSets.count > 1
    return forward.dataSets.map { set in
      let prefix = several ? "\(set.name)/" : ""
      let rigid = rigidBody.filter { !several || $0.name.hasPrefix(prefix) }.map { r -> LaminateFitRun.RigidBodyEstimate in
        var r = r
        r.name = String(r.name.dropFirst(prefix.count))
        return r
      }
      let rows = set.rowRange
      let chi2 = rows.reduce(0.0) { $0 + weightedResiduals[$1] * weightedResiduals[$1] }
      let squares = rows.reduce(0.0) { $0 + (predicted[$1] - measured[$1]) * (predicted[$1] - measured[$1]) }
      let registered = registrations.first { $0.dataSet == set.name }?.activeCount ?? 0  // its frame's unknowns
      let dof = Double(rows.count) - Double(rigid.count + registered) - Double(parameters.count) * Double(rows.count) / Double(total)
      let mesh = forward.problem.mesh
      return DataSetSummary(
        name: set.name, caseName: forward.cases[set.caseIndex].name, group: set.group, source: set.source,
        valueCount: rows.count, chiSquare: chi2, degreesOfFreedom: dof,
        rmsResidual: (squares / Double(max(rows.count, 1))).squareRoot(),
        noiseEstimate: dof > 0 ? (squares / dof).squareRoot() : .nan, rigidBody: rigid,
        rotationCentre: rigid.contains { $0.name.hasPrefix("rotation") }
          ? set.rotationCentre ?? SurfaceGeometry.rotationCentre(mesh: mesh, group: set.group) : nil)
    }
  }
}
