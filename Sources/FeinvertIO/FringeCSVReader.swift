import FeinvertFiles
import FECommon
import FEKernel
import Foundation
import LaminateFit

/// Reads the contract's fringe CSV ("Fringe data: CSV" in `shared/spec/interface.md`).
///
///     # grating_frequency = 2400      (lines per mm; needed only for fringe orders)
///     x,y,z,ux,uz,sigma_ux,sigma_uz
///     10.0,5.0,0.125,0.0101,-0.00012,0.0002,0.0002
///
/// - Lines whose first non-blank character is `#` are comments; `# key = value`
///   comments (key made of letters, digits, `_`, `-`, `.`) are metadata, kept in
///   `FringeData.metadata`. Blank lines are skipped. Comments may appear anywhere.
/// - The first other line is the header. Columns, in any order, each at most once:
///   `x,y,z` (required; model length unit); data columns `ux,uy,uz` (displacement,
///   model length unit) or `Nx,Ny,Nz` (fringe orders), at least one, one per
///   component; `sigma_<column>` for a data column present (`sigma_ux` in length
///   units, `sigma_Nx` in fringe orders); `weight`. Any other name is an error (a
///   typo would otherwise drop data silently).
/// - Fringe orders need `# grating_frequency = F` (lines per mm unless a unit follows
///   the number: `2400 lines/mm`, `2.4 lines/um`, `60960 per in`, or a remark in
///   parentheses that states one, `2400 (lines per mm; ...)`; text after the number
///   that states no unit is refused). N fringes are a displacement of N / F in the
///   frequency's length unit, converted to the model's; `sigma_N<c>` converts the same way.
/// - Units (every unit stated is converted, never ignored): `# length_unit = um` (or
///   `unit`, `units`) states the unit of the coordinates and displacements (and their
///   sigmas); `coordinate_unit` and `displacement_unit` state either alone and take
///   precedence. Names: `m, cm, mm, um` (also `µm`, `micron`), `in`. Without them the
///   file is in the model's length unit. A unit name feinvert does not know, any other
///   `*_unit`/`*_units` key (a unit that would not be applied), or a unit key given twice
///   is bad input at its line. Other metadata keys are kept and named in `notes`.
/// - An empty data cell is masked (NaN); its sigma cell may then be empty too, but a value
///   present needs its sigma when the column exists. An empty weight cell reads as 1.
///   `grating_frequency` may be given once.
///   Coordinates may not be empty. Numbers are decimal (`-1.5e-3`); `nan`, `inf`,
///   hexadecimal and text are bad input. Sigma and weight must be > 0.
///
/// Every error is an `InputError` at `path:line` (the header's line for header
/// problems) reading "found …; expected …".
public enum FringeCSVReader {
  /// Reads a fringe CSV file.
  ///
  /// - Parameters:
  ///   - path: the file as the user named it (used in messages and as `source`).
  ///   - lengthUnitMetres: the model's length unit in metres
  ///     (`UnitScale.lengthMetres[unit]`: mm → 1e-3), > 0.
  /// - Throws: `InputError` when the file cannot be read or is malformed.
  public static func read(path: String, lengthUnitMetres: Double) throws -> FringeData {
    try readWithNotes(path: path, lengthUnitMetres: lengthUnitMetres).data
  }

  /// Reads a fringe CSV file, with notes for the user: the units converted and the
  /// metadata keys feinvert does not use (`path:line: ...`).
  public static func readWithNotes(path: String, lengthUnitMetres: Double) throws -> (data: FringeData, notes: [String]) {
    try parseWithNotes(
      text: TextFile.read(path: path, expected: "a readable fringe CSV"), path: path, lengthUnitMetres: lengthUnitMetres)
  }

  /// Parses fringe CSV text; see the type's discussion for the format.
  ///
  /// `lengthUnitMetres` must be positive and finite, or a precondition failure occurs.
  public static func parse(text: String, path: String, lengthUnitMetres: Double) throws -> FringeData {
    try parseWithNotes(text: text, path: path, lengthUnitMetres: lengthUnitMetres).data
  }

  /// The metadata keys that state the length unit of the coordinates and displacements.
  public static let lengthUnitKeys = ["length_unit", "unit", "units"]
  /// Every metadata key feinvert reads.
  public static let knownMetadataKeys = ["grating_frequency"] + lengthUnitKeys + ["coordinate_unit", "displacement_unit"]

  /// Parses fringe CSV text, with the notes of `readWithNotes`.
  public static func parseWithNotes(
    text: String, path: String, lengthUnitMetres: Double
  ) throws -> (data: FringeData, notes: [String]) {
    try parseWithNotes(text: text, path: path, lengthUnitMetres: lengthUnitMetres, fastRows: true)
  }

  /// `parseWithNotes`, with the byte path of the data rows on or off (off: every line by
  /// the `String` path, the reference the tests compare the byte path with).
  static func parseWithNotes(
    text: String, path: String, lengthUnitMetres: Double, fastRows: Bool
  ) throws -> (data: FringeData, notes: [String]) {
    precondition(lengthUnitMetres > 0 && lengthUnitMetres.isFinite, "FringeCSVReader: lengthUnitMetres must be > 0")
    var metadata = [String: String]()
    var metadataLines = [String: Int]()
    var frequencyLine: Int?
    var table: Table?
    // Data rows are read from their bytes (`appendFast`); every other line, and a row
    // that path refuses, by the `String` path below (its messages).
    var scratch = [Double](repeating: .nan, count: 64)
    let rows = try CSVLines.forEach(in: text) { offset, bytes in
      if fastRows, offset > 0, table != nil, let first = CSVLines.firstNonBlank(bytes), first != UInt8(ascii: "#") {
        if scratch.count < table?.columns.count ?? 0 { scratch = [Double](repeating: .nan, count: table?.columns.count ?? 0) }
        let read = scratch.withUnsafeMutableBufferPointer { table?.appendFast(bytes, line: offset + 1, cells: $0) }
        if read == true { return }
      }
      let lineNumber = offset + 1
      var line = String(decoding: bytes, as: UTF8.self)[...]
      if offset == 0 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
      let trimmed = CSVText.trim(line)
      if trimmed.isEmpty { return }
      if trimmed.utf8.first == UInt8(ascii: "#") {
        if let (key, value) = CSVText.metadataEntry(trimmed.dropFirst()) {
          if key == "grating_frequency" {
            // Two frequencies would make one of them silently wrong for every fringe order.
            if let first = frequencyLine {
              throw InputError("found grating_frequency a second time (first on line \(first)); expected it once",
                               at: SourceLocation(file: path, line: lineNumber))
            }
            frequencyLine = lineNumber
          }
          if knownMetadataKeys.contains(key) || isUnitKey(key) {
            // A unit stated twice would leave one of them silently unapplied.
            if let first = metadataLines[key], key != "grating_frequency" {
              throw InputError("found \(key) a second time (first on line \(first)); expected it once",
                               at: SourceLocation(file: path, line: lineNumber))
            }
          }
          if metadataLines[key] == nil { metadataLines[key] = lineNumber }
          metadata[key] = value
        }
        return
      }
      let fields = line.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        .map { CSVText.trim(Substring($0)) }
      if table == nil {
        let columns = try parseHeader(fields.map(String.init), at: SourceLocation(file: path, line: lineNumber))
        table = Table(columns: columns, headerLine: lineNumber)
      } else {
        try table?.append(fields, at: SourceLocation(file: path, line: lineNumber))
      }
    }
    guard var table else {
      throw InputError("found no header line; expected a header with x,y,z and data columns (ux,uy,uz or Nx,Ny,Nz)",
                       at: SourceLocation(file: path, line: max(1, rows.count - (rows.lastIsEmpty ? 1 : 0))))
    }
    let headerLocation = SourceLocation(file: path, line: table.headerLine)
    guard !table.points.isEmpty else {
      throw InputError("found no data rows after the header; expected at least one point", at: headerLocation)
    }
    var frequency: (linesPerUnit: Double, unitMetres: Double)?
    if let line = frequencyLine, let value = metadata["grating_frequency"] {
      frequency = try gratingFrequency(value, at: SourceLocation(file: path, line: line))
    }
    let units = try MetadataUnits(metadata: metadata, lines: metadataLines, path: path, modelUnitMetres: lengthUnitMetres)
    table.scaleLengths(coordinates: units.coordinateScale, displacements: units.displacementScale)
    try table.convertFringeOrders(frequency: frequency, lengthUnitMetres: lengthUnitMetres, at: headerLocation)
    var notes = units.notes
    for (key, line) in metadataLines.sorted(by: { $0.value < $1.value }) where !knownMetadataKeys.contains(key) {
      notes.append("\(path):\(line): metadata key '\(key)' is not used (feinvert reads \(knownMetadataKeys.joined(separator: ", ")))")
    }
    let data = FringeData(
      source: path, points: table.points, lines: table.lines,
      components: table.dataColumns.compactMap { table.columns[$0].dataComponent },
      values: table.values, sigma: table.sigmaColumns.contains { $0 != nil } ? table.sigma : nil,
      weight: table.weightColumn == nil ? nil : table.weights, metadata: metadata)
    return (data, notes)
  }

  /// Whether a metadata key states a unit (`*_unit`, `*_units`, `unit`, `units`).
  static func isUnitKey(_ key: String) -> Bool {
    let k = key.lowercased()
    return k == "unit" || k == "units" || k.hasSuffix("_unit") || k.hasSuffix("_units")
  }

  /// `grating_frequency`'s value: a positive number, then nothing (lines per mm), a unit
  /// (`lines/um`, `/in`, `lines per cm`, `l/mm`), or a remark in parentheses that begins
  /// with one (`(lines per mm; needed only for fringe orders)`).
  /// - Returns: the lines per unit and that unit in metres.
  static func gratingFrequency(_ value: String, at location: SourceLocation) throws -> (linesPerUnit: Double, unitMetres: Double) {
    let expected = "expected a positive number of lines per mm, optionally followed by its unit (lines/mm, lines/um, lines/cm, lines/m, lines/in)"
    let first = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
    let token = first.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""  // "2400/mm"
    guard let f = DecimalNumber.parse(token), f > 0 else {
      throw InputError("found grating_frequency = \(value); \(expected)", at: location)
    }
    var rest = Substring(value.dropFirst(token.count)).trimmingCharacters(in: .whitespaces)
    if rest.hasPrefix("(") {
      rest = String(rest.dropFirst().prefix { $0 != ")" })
    }
    rest = String(rest.prefix { $0 != ";" && $0 != "," }).trimmingCharacters(in: .whitespaces)
    if rest.isEmpty { return (f, 1e-3) }
    let normalized = rest.replacingOccurrences(of: " per ", with: "/").replacingOccurrences(of: "per ", with: "/")
    let parts = normalized.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2, ["", "lines", "line", "l", "lp", "1"].contains(parts[0].lowercased()),
          let unit = UnitScale.lengthUnit(named: parts[1]), let metres = UnitScale.lengthMetres[unit]
    else {
      throw InputError("found grating_frequency = \(value), whose unit '\(rest)' feinvert cannot read; \(expected)", at: location)
    }
    return (f, metres)
  }

  /// The units the metadata state for the coordinates and the displacements, as scales
  /// to the model's length unit, with a note for each conversion.
  struct MetadataUnits {
    var coordinateScale = 1.0
    var displacementScale = 1.0
    var notes = [String]()

    init(metadata: [String: String], lines: [String: Int], path: String, modelUnitMetres: Double) throws {
      func at(_ key: String) -> SourceLocation { SourceLocation(file: path, line: lines[key]) }
      // A unit key feinvert does not apply would be ignored: refuse it.
      for (key, line) in lines.sorted(by: { $0.value < $1.value }) where isUnitKey(key) && !knownMetadataKeys.contains(key) {
        throw InputError(
          "found \(key) = \(metadata[key] ?? ""), a unit feinvert does not apply; expected only \(lengthUnitKeys.joined(separator: ", ")), coordinate_unit, displacement_unit (length units of the data) and grating_frequency's own unit (remove the line, or convert the values)",
          at: SourceLocation(file: path, line: line))
      }
      let given = lengthUnitKeys.filter { metadata[$0] != nil }.sorted { (lines[$0] ?? 0) < (lines[$1] ?? 0) }
      if given.count > 1 {
        throw InputError("found \(given[1]) after \(given[0]) (line \(lines[given[0]] ?? 0)); expected the length unit once",
                         at: at(given[1]))
      }
      /// The unit a key names, in metres, or nil when the key is absent.
      func metres(_ key: String) throws -> (name: String, metres: Double)? {
        guard let value = metadata[key] else { return nil }
        let name = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        let rest = value.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let unit = UnitScale.lengthUnit(named: name), let m = UnitScale.lengthMetres[unit],
              rest.isEmpty || rest.hasPrefix("(") || rest.hasPrefix("#")
        else {
          throw InputError("found \(key) = \(value); expected a length unit: m, cm, mm, um (or µm), in", at: at(key))
        }
        return (unit, m)
      }
      let length = try given.first.flatMap { try metres($0) }
      let coordinate = try metres("coordinate_unit") ?? length
      let displacement = try metres("displacement_unit") ?? length
      let model = UnitScale.lengthMetres.first { $0.value == modelUnitMetres }?.key ?? "\(modelUnitMetres) m"
      func scale(_ unit: (name: String, metres: Double)?, _ what: String, key: String?) -> Double {
        guard let unit else { return 1 }
        let factor = unit.metres / modelUnitMetres
        if factor != 1, let key {
          notes.append("\(path):\(lines[key] ?? 0): \(key) = \(unit.name): \(what) converted to the model's \(model) (x \(factor))")
        }
        return factor
      }
      let coordinateKey = metadata["coordinate_unit"] != nil ? "coordinate_unit" : given.first
      let displacementKey = metadata["displacement_unit"] != nil ? "displacement_unit" : given.first
      if coordinateKey == displacementKey {
        coordinateScale = scale(coordinate, "coordinates and displacements", key: coordinateKey)
        displacementScale = coordinateScale
      } else {
        coordinateScale = scale(coordinate, "coordinates", key: coordinateKey)
        displacementScale = scale(displacement, "displacements", key: displacementKey)
      }
    }
  }

  /// The header's layout and the rows read so far (values row-major, one per data column).
  struct Table {
    var columns: [Column]
    var headerLine: Int
    var coordinateColumns = [0, 0, 0]
    var dataColumns: [Int]
    /// Per data column, its sigma column.
    var sigmaColumns: [Int?]
    var weightColumn: Int?
    var points = [SIMD3<Double>](), lines = [Int]()
    var values = [Double](), sigma = [Double](), weights = [Double]()

    init(columns: [Column], headerLine: Int) {
      self.columns = columns
      self.headerLine = headerLine
      for (k, column) in columns.enumerated() {
        switch column {
        case .coordinate(let axis): coordinateColumns[axis] = k
        case .weight: weightColumn = k
        default: break
        }
      }
      dataColumns = columns.indices.filter { columns[$0].dataComponent != nil }
      sigmaColumns = dataColumns.map { d in columns.indices.first { columns[$0].sigmaComponent == columns[d].dataComponent } }
    }

    /// Reads one data row: the point, each data value with its sigma, the weight.
    mutating func append(_ fields: [Substring], at location: SourceLocation) throws {
      guard fields.count == columns.count else {
        throw InputError(
          "found \(fields.count) fields; expected \(columns.count) (\(columns.map(\.name).joined(separator: ",")))",
          at: location)
      }
      var p = SIMD3<Double>()
      for axis in 0..<3 {
        let k = coordinateColumns[axis]
        guard !fields[k].isEmpty else {
          throw InputError("found an empty cell in column \(columns[k].name); expected a coordinate", at: location)
        }
        p[axis] = try number(fields[k], column: columns[k].name, at: location)
      }
      points.append(p)
      lines.append(location.line ?? 0)
      for (d, s) in zip(dataColumns, sigmaColumns) {
        try appendValue(fields, data: d, sigma: s, at: location)
      }
      if let w = weightColumn {
        if fields[w].isEmpty {
          weights.append(1)
        } else {
          let weight = try number(fields[w], column: "weight", at: location)
          guard (1e-100...1e100).contains(weight) else {
            throw InputError("found weight = \(fields[w]); expected a weight > 0 (from 1e-100 to 1e100)", at: location)
          }
          weights.append(weight)
        }
      }
    }

    /// One data cell (empty: masked) and its sigma cell.
    mutating func appendValue(_ fields: [Substring], data d: Int, sigma s: Int?, at location: SourceLocation) throws {
      let value = fields[d].isEmpty ? Double.nan : try number(fields[d], column: columns[d].name, at: location)
      // Squares of weighted residuals must stay finite: |value| ≤ 1e100 in any unit, and
      // a sigma whose reciprocal is finite.
      guard value.isNaN || abs(value) <= 1e100 else {
        throw InputError("found \(columns[d].name) = \(fields[d]); expected a value with magnitude <= 1e100", at: location)
      }
      values.append(value)
      if let s, !fields[s].isEmpty {
        let sd = try number(fields[s], column: columns[s].name, at: location)
        guard sd > 0, (1 / sd).isFinite, sd <= 1e100 else {
          throw InputError("found \(columns[s].name) = \(fields[s]); expected a standard deviation > 0 (from 1e-300 to 1e100)",
                           at: location)
        }
        guard value.isNaN || abs(value / sd) <= 1e150 else {
          throw InputError("found \(columns[d].name) = \(fields[d]) with \(columns[s].name) = \(fields[s]); expected a value within 1e150 standard deviations of 0",
                           at: location)
        }
        sigma.append(sd)
      } else {
        // A value without its sigma would be weighted arbitrarily: refuse it.
        if let s, !value.isNaN {
          throw InputError("found an empty \(columns[s].name) cell beside \(columns[d].name) = \(fields[d]); expected the standard deviation of every value present (leave both cells empty to mask the value)",
                           at: location)
        }
        sigma.append(.nan)
      }
    }

    /// Scales the coordinates, and the displacement columns with their sigmas (not fringe
    /// orders, which `convertFringeOrders` converts), to the model's length unit.
    mutating func scaleLengths(coordinates c: Double, displacements d: Double) {
      if c != 1 { points = points.map { $0 * c } }
      guard d != 1 else { return }
      let m = dataColumns.count
      for (k, column) in dataColumns.enumerated() where !columns[column].isFringeOrder {
        for i in 0..<points.count {
          values[i * m + k] *= d
          if let s = sigmaColumns[k], !columns[s].isFringeOrder { sigma[i * m + k] *= d }
        }
      }
    }

    /// Fringe orders → displacement in the model's length unit: N fringes are N / F in the
    /// frequency's unit (lines per mm: N / F mm).
    mutating func convertFringeOrders(
      frequency: (linesPerUnit: Double, unitMetres: Double)?, lengthUnitMetres: Double, at headerLocation: SourceLocation
    ) throws {
      let fringeColumns = dataColumns.filter { columns[$0].isFringeOrder }
      guard !fringeColumns.isEmpty else { return }
      guard let f = frequency else {
        let names = fringeColumns.map { columns[$0].name }.joined(separator: ", ")
        throw InputError(
          "found fringe-order column\(fringeColumns.count > 1 ? "s" : "") \(names) but no '# grating_frequency = F' line; expected the grating frequency in lines per mm",
          at: headerLocation)
      }
      let m = dataColumns.count
      let ratio = f.unitMetres / lengthUnitMetres
      let toLength = { (n: Double) in (n / f.linesPerUnit) * ratio }
      for (k, d) in dataColumns.enumerated() {
        if columns[d].isFringeOrder {
          for i in 0..<points.count { values[i * m + k] = toLength(values[i * m + k]) }
        }
        if let s = sigmaColumns[k], columns[s].isFringeOrder {
          for i in 0..<points.count { sigma[i * m + k] = toLength(sigma[i * m + k]) }
        }
      }
    }
  }

  /// A header column.
  enum Column: Equatable {
    case coordinate(Int)
    case displacement(Int)
    case fringeOrder(Int)
    case sigmaDisplacement(Int)
    case sigmaFringeOrder(Int)
    case weight

    static let axes = ["x", "y", "z"]

    init?(name: String) {
      if let a = Self.axes.firstIndex(of: name) { self = .coordinate(a); return }
      if let c = ["ux", "uy", "uz"].firstIndex(of: name) { self = .displacement(c); return }
      if let c = ["Nx", "Ny", "Nz"].firstIndex(of: name) { self = .fringeOrder(c); return }
      if let c = ["sigma_ux", "sigma_uy", "sigma_uz"].firstIndex(of: name) { self = .sigmaDisplacement(c); return }
      if let c = ["sigma_Nx", "sigma_Ny", "sigma_Nz"].firstIndex(of: name) { self = .sigmaFringeOrder(c); return }
      if name == "weight" { self = .weight; return }
      return nil
    }

    var name: String {
      switch self {
      case .coordinate(let a): return Self.axes[a]
      case .displacement(let c): return "u" + Self.axes[c]
      case .fringeOrder(let c): return "N" + Self.axes[c]
      case .sigmaDisplacement(let c): return "sigma_u" + Self.axes[c]
      case .sigmaFringeOrder(let c): return "sigma_N" + Self.axes[c]
      case .weight: return "weight"
      }
    }

    var dataComponent: Int? {
      switch self {
      case .displacement(let c), .fringeOrder(let c): return c
      default: return nil
      }
    }

    var sigmaComponent: Int? {
      switch self {
      case .sigmaDisplacement(let c), .sigmaFringeOrder(let c): return c
      default: return nil
      }
    }

    var isFringeOrder: Bool {
      switch self {
      case .fringeOrder, .sigmaFringeOrder: return true
      default: return false
      }
    }
  }

  static func parseHeader(_ fields: [String], at location: SourceLocation) throws -> [Column] {
    var columns = [Column]()
    for (k, name) in fields.enumerated() {
      guard let column = Column(name: name) else {
        throw InputError(
          "found unknown column '\(name)' (column \(k + 1)); expected x, y, z, ux, uy, uz, Nx, Ny, Nz, sigma_<data column> or weight",
          at: location)
      }
      if let j = columns.firstIndex(of: column) {
        throw InputError("found column \(name) twice (columns \(j + 1) and \(k + 1)); expected each column once",
                         at: location)
      }
      if let c = column.dataComponent, let j = columns.firstIndex(where: { $0.dataComponent == c }) {
        throw InputError(
          "found columns \(columns[j].name) and \(name), both for component u\(Column.axes[c]); expected one data column per component",
          at: location)
      }
      if let c = column.sigmaComponent, let j = columns.firstIndex(where: { $0.sigmaComponent == c }) {
        throw InputError(
          "found columns \(columns[j].name) and \(name), both for component u\(Column.axes[c]); expected one sigma column per component",
          at: location)
      }
      columns.append(column)
    }
    for axis in 0..<3 where !columns.contains(.coordinate(axis)) {
      throw InputError(
        "found no column \(Column.axes[axis]) in the header; expected the point coordinates x, y and z", at: location)
    }
    guard columns.contains(where: { $0.dataComponent != nil }) else {
      throw InputError("found no data column in the header; expected at least one of ux, uy, uz, Nx, Ny, Nz",
                       at: location)
    }
    for column in columns {
      guard let c = column.sigmaComponent else { continue }
      guard columns.contains(where: { $0.dataComponent == c }) else {
        throw InputError(
          "found column \(column.name) without a u\(Column.axes[c]) or N\(Column.axes[c]) column; expected sigma only for a data column present",
          at: location)
      }
    }
    return columns
  }

  /// The cell's finite decimal number (`DecimalNumber`), or bad input at `location`.
  static func number(_ s: Substring, column: String, at location: SourceLocation) throws -> Double {
    guard let v = DecimalNumber.parse(s) else {
      let hint = Column(name: column)?.dataComponent != nil ? " (an empty cell masks a value)" : ""
      throw InputError("found '\(s)' in column \(column); expected a finite decimal number\(hint)", at: location)
    }
    return v
  }
}
