import FECommon
import FeinvertFiles
import FEKernel
import LaminateFit

/// The report's extension for fits over several data sets (load cases, observed faces).
extension FitReport {
  /// `data_sets`: per data set its name, load case, face, file, values, χ² with its
  /// degrees of freedom, RMS residual, noise estimate and rigid motion.
  public static func dataSetsJSON(_ summaries: [DataSetSummary], lengthUnit: String, estimatedSigma: [Double]? = nil) -> JSONValue {
    .array(summaries.enumerated().map { k, s in
      var fields: [(String, JSONValue)] = [
        ("name", .string(s.name)),
        ("load_case", s.caseName.map(JSONValue.string) ?? .null),
        ("group", .string(s.group)),
        ("file", .string(s.source)),
        ("n_observations", .integer(s.valueCount)),
        ("chi2", .number(s.chiSquare)),
        ("degrees_of_freedom", .number(s.degreesOfFreedom)),
        ("reduced_chi2", s.reducedChiSquare.isFinite ? .number(s.reducedChiSquare) : .null),
        ("rms_residual", .number(s.rmsResidual)),
        ("noise_estimate", s.noiseEstimate.isFinite ? .number(s.noiseEstimate) : .null),
        ("rigid_body", .array(s.rigidBody.map {
          .object([("name", .string($0.name)), ("value", .number($0.value)), ("std_error", .number($0.standardError)),
                   ("unit", .string($0.name.hasPrefix("rotation") ? "rad" : lengthUnit))])
        })),
      ]
      if let c = s.rotationCentre { fields.append(("rotation_centre", .numbers([c.x, c.y, c.z]))) }
      if let sigma = estimatedSigma?[k] { fields.append(("weight_sigma", .number(sigma))) }
      return .object(fields)
    })
  }

  /// The report with `data_sets` added after the contract's keys.
  public static func addingDataSets(
    _ json: JSONValue, _ summaries: [DataSetSummary], lengthUnit: String, estimatedSigma: [Double]? = nil
  ) -> JSONValue {
    guard case .object(var fields) = json else { return json }
    fields.append(("data_sets", dataSetsJSON(summaries, lengthUnit: lengthUnit, estimatedSigma: estimatedSigma)))
    return .object(fields)
  }

  /// One line per data set for the terminal.
  public static func dataSetLines(_ summaries: [DataSetSummary]) -> String {
    summaries.map { s in
      "data set \(s.name): \(s.valueCount) values, chi2 " + String(format: "%.4g", s.chiSquare)
        + (s.reducedChiSquare.isFinite ? String(format: " (chi2/dof %.3g)", s.reducedChiSquare) : "")
        + String(format: ", RMS residual %.3g, noise estimate %.3g", s.rmsResidual, s.noiseEstimate) + "\n"
    }.joined()
  }

  /// `residuals.csv` over several data sets: the contract's columns after `data_set`.
  public static func residualsCSV(_ o: LaminateFitRun.Outcome, forward: LaminateForwardModel) -> String {
    var s = "data_set,point,x,y,z,component,measured,predicted,residual,weighted_residual\n"
    for set in forward.dataSets {
      for k in set.rowRange {
        let row = o.rows[k]
        let p = set.points[row.point]
        s += "\(set.name),\(row.point + 1),\(p.x),\(p.y),\(p.z),\(DOF.componentNames[row.component]),\(o.measured[k]),\(o.predicted[k]),\(o.predicted[k] - o.measured[k]),\(o.weightedResiduals[k])\n"
      }
    }
    return s
  }
}
