import FECommon
import FeinvertFiles
import TOMLKit

extension ModelReader {
  /// `[data]` (a feinvert extension): how to read the measured-data file.
  ///
  ///     [data]
  ///     layout = "vic3d"           # feinvert, dice, vic3d, matchid (default: detected from the header)
  ///     pixel_size = "0.0125 mm"   # length of one image pixel (a number: the model's length unit)
  ///     z = 0.25                   # the plane of data without a z column (model unit, or "0.25 mm")
  ///     projection_tolerance = "10 um"  # points this close to the observed surface are projected onto it
  ///     [data.columns]             # FILE_COLUMN = ROLE, over the layout's roles
  ///     "X [mm]" = "x"
  ///     W = "uz"
  ///     sigma = "mask"
  static func dataOptions(_ root: TOMLTable, lengthUnit: String, reader: TableReader) throws -> MeasuredDataOptions {
    var options = MeasuredDataOptions()
    guard let t = try reader.optionalTable(root, "data", at: "") else { return options }
    let key = "data"
    try reader.allowOnly(["layout", "columns", "pixel_size", "z", "projection_tolerance"], in: t, at: key)
    if let name = try reader.optionalString(t, "layout", at: key) {
      guard let layout = MeasuredDataLayout(name: name) else {
        throw reader.error("\(key).layout", "\"\(name)\" is not a data layout; expected one of \(MeasuredDataLayout.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
      }
      options.layout = layout
    }
    if let columns = try reader.optionalTable(t, "columns", at: key) {
      options.columnsLocation = reader.location("\(key).columns")
      for file in columns.keys.sorted(by: { reader.order("\(key).columns.\($0)") < reader.order("\(key).columns.\($1)") }) {
        guard let role = columns[file]?.string else {
          throw reader.error("\(key).columns", "\"\(file)\" is a \(columns[file]?.type.description ?? "value"); expected a role name such as \"ux\"")
        }
        options.columns.append(try MeasuredDataOptions.assignment(file: file, role: role, at: options.columnsLocation))
      }
    }
    let modelMetres = UnitScale.lengthMetres[lengthUnit] ?? 1e-3
    /// A length in the model's unit: a number, or a string "NUMBER UNIT".
    func length(_ name: String) throws -> Double? {
      guard let v = t[name] else { return nil }
      if let x = try? reader.optionalNumber(t, name, at: key) { return x }
      guard let s = v.string else { throw reader.error("\(key).\(name)", "is a \(v.type); expected a number or \"NUMBER UNIT\"") }
      let parts = s.split(separator: " ").map(String.init)
      guard parts.count == 2, let x = DecimalNumber.parse(parts[0]),
            let unit = UnitScale.lengthUnit(named: parts[1].hasSuffix("/px") ? String(parts[1].dropLast(3)) : parts[1]),
            let m = UnitScale.lengthMetres[unit]
      else {
        throw reader.error("\(key).\(name)", "= \"\(s)\"; expected a number and a length unit, e.g. \"0.0125 mm\"")
      }
      return x * m / modelMetres
    }
    if let size = try length("pixel_size") {
      guard size > 0 else { throw reader.error("\(key).pixel_size", "= \(size); expected a length > 0") }
      options.pixelSize = size
      options.pixelSizeLocation = reader.location("\(key).pixel_size")
    }
    if let z = try length("z") {
      options.planeZ = z
      options.planeZLocation = reader.location("\(key).z")
    }
    if let tolerance = try length("projection_tolerance") {
      guard tolerance > 0 else { throw reader.error("\(key).projection_tolerance", "= \(tolerance); expected a length > 0") }
      options.projectionTolerance = tolerance
    }
    return options
  }
}
