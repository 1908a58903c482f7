import FeinvertFiles
import FeinvertIO
import FECommon
import LaminateFit

extension FitJob {
  /// Reads the measured data under the model's `[data]` table and `--columns` (which
  /// replaces the model's `[data.columns]`), with the notes for the user: the layout,
  /// rows read and masked, units converted, columns not used.
  static func readMeasuredData(
    path: String, columns: String?, file: ModelFile, lengthUnitMetres: Double
  ) throws -> (data: FringeData, notes: [String]) {
    var options = file.dataOptions
    var notes = [String]()
    if let columns {
      let location = SourceLocation(file: "--columns")
      if !options.columns.isEmpty {
        notes.append("--columns replaces the model's [data.columns]")
      }
      options.columns = try MeasuredDataOptions.parseColumnMap(columns, at: location)
      options.columnsLocation = location
    }
    let read = try MeasuredDataReader.read(path: path, lengthUnitMetres: lengthUnitMetres, options: options)
    return (read.data, notes + read.notes)
  }
}

extension FitJob {
  /// The projection and drop counts for the user; bad input when every point was dropped
  /// (a fit on nothing would only say "0 observed values").
  static func surfaceNotes(_ op: ObservationOperator, group: String, path: String, unit: String) throws -> [String] {
    if op.pointCount == 0, let first = op.firstDropped.first {
      throw InputError(
        "all \(op.droppedCount) points were dropped as off surface group \"\(group)\" (the first, on line \(first.line), lies \(first.distance) \(unit) from it; tolerance \(first.tolerance) \(unit)); expected points on the observed surface: check the data's units and frame, or state [data] projection_tolerance",
        at: SourceLocation(file: path, line: first.line))
    }
    return op.surfaceNotes(group: group, source: path, unit: unit)
  }
}

extension FitJob {
  /// The report with the projection's count and largest distance beside `dropped_points`:
  /// `projected_points` (kept points that lay off the surface and were projected onto it)
  /// and `largest_projection_distance` (model length unit).
  static func withSurfaceProjection(_ json: JSONValue, _ op: ObservationOperator) -> JSONValue {
    guard case .object(var entries) = json else { return json }
    let at = (entries.firstIndex { $0.0 == "dropped_points" }).map { $0 + 1 } ?? entries.count
    entries.insert(contentsOf: [
      ("projected_points", .integer(op.projectedCount)),
      ("largest_projection_distance", .number(op.largestDistance)),
    ], at: at)
    return .object(entries)
  }
}
