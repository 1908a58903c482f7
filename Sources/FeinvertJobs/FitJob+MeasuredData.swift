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
