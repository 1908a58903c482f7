import FECommon
import FeinvertFiles
import Foundation
import LaminateFit

/// One file column's role in a user's column map (`[data.columns]`, `--columns`).
public struct ColumnAssignment: Sendable, Equatable {
  /// The header cell as written (quotes removed), or its name without the unit.
  public var fileColumn: String
  public var role: MeasuredDataRole
  public init(fileColumn: String, role: MeasuredDataRole) {
    self.fileColumn = fileColumn
    self.role = role
  }
}

/// How to read a measured-data file beyond what the file says itself.
public struct MeasuredDataOptions: Sendable {
  /// The layout (`[data] layout`); nil: detected from the header.
  public var layout: MeasuredDataLayout?
  /// The column map (`[data.columns]` or `--columns`); it overrides the layout's roles.
  public var columns: [ColumnAssignment] = []
  /// Where the map was given, for messages (`coupon.toml: data.columns`, `--columns`).
  public var columnsLocation = SourceLocation(file: "--columns")
  /// Length of one image pixel, model length unit (`[data] pixel_size`).
  public var pixelSize: Double?
  public var pixelSizeLocation = SourceLocation(file: "[data] pixel_size")
  /// The z of plane data without a z column, model length unit (`[data] z`).
  public var planeZ: Double?
  public var planeZLocation = SourceLocation(file: "[data] z")
  /// Points within this distance of the observed surface are projected onto it (model
  /// length unit; `[data] projection_tolerance`); nil: 1% of the element size there.
  public var projectionTolerance: Double?

  public init(layout: MeasuredDataLayout? = nil, columns: [ColumnAssignment] = []) {
    self.layout = layout
    self.columns = columns
  }

  /// Whether nothing beyond the file itself is stated.
  var isEmpty: Bool { layout == nil && columns.isEmpty && pixelSize == nil && planeZ == nil }  // projectionTolerance is not the reader's

  /// Parses `--columns "X=x,U=ux,sigma=mask"`: FILE=ROLE pairs, separated by commas
  /// (the last `=` of a pair separates, so a file column may hold `=`).
  public static func parseColumnMap(_ text: String, at location: SourceLocation) throws -> [ColumnAssignment] {
    var map = [ColumnAssignment]()
    for pair in text.split(separator: ",", omittingEmptySubsequences: true) {
      guard let eq = pair.lastIndex(of: "=") else {
        throw InputError("found '\(pair)' in the column map; expected FILE_COLUMN=ROLE pairs separated by commas (\"X=x,U=ux\")",
                         at: location)
      }
      let file = pair[..<eq].trimmingCharacters(in: .whitespaces)
      let roleName = pair[pair.index(after: eq)...].trimmingCharacters(in: .whitespaces)
      map.append(try assignment(file: file, role: roleName, at: location))
    }
    guard !map.isEmpty else {
      throw InputError("found an empty column map; expected FILE_COLUMN=ROLE pairs (\"X=x,U=ux\")", at: location)
    }
    return map
  }

  /// One FILE=ROLE pair, checked.
  public static func assignment(file: String, role roleName: String, at location: SourceLocation) throws -> ColumnAssignment {
    guard !file.isEmpty else {
      throw InputError("found an empty file column name before '=\(roleName)'; expected the header cell's name", at: location)
    }
    guard let role = MeasuredDataRole(name: roleName) else {
      throw InputError(
        "found role '\(roleName)' for column '\(file)'; expected one of \(MeasuredDataRole.allNames.joined(separator: ", "))",
        at: location)
    }
    return ColumnAssignment(fileColumn: file, role: role)
  }
}

/// What was read: the data and what the user should be told about it.
public struct MeasuredDataRead: Sendable {
  public var data: FringeData
  /// For the user: the layout, the counts, units converted, columns not used.
  public var notes: [String]
  /// Rows with a point read (data rows of the file, masked ones included).
  public var rowsRead: Int
  /// Rows dropped as not measured (mask column negative, coordinates NaN).
  public var rowsMasked: Int
  /// Values masked in the rows kept (empty or NaN cells).
  public var valuesMasked: Int
}

/// Reads measured displacement data as measuring software writes it: the contract's
/// fringe CSV, DICe's, VIC-3D's and MatchID's exports, or any table with a column map.
///
/// - Lines whose first non-blank character is `#` are comments (`# key = value`:
///   metadata, as in the fringe CSV: `length_unit`, `coordinate_unit`,
///   `displacement_unit`, `grating_frequency`, and here also `pixel_size` (`0.0125 mm`,
///   a length per pixel; without a unit the model's) and `z` (the plane of data
///   without a z column)). Lines starting `***` (DICe's preamble) are comments too.
/// - The header's separator is detected (`CSVSeparator`: tab, `;`, `,`, blanks); cells
///   may be quoted; a unit in trailing brackets or parentheses (`"x [mm]"`, `U [µm]`,
///   `u (um)`, `[px]`) is converted to the model's length unit (pixels by
///   `pixel_size`). A column without a unit is in the file's stated unit or the model's.
/// - A file whose header is the plain fringe CSV (`,`-separated contract names) is read
///   by `FringeCSVReader`, unchanged. Otherwise the layout is the model's, or detected
///   from the header, and a column map overrides it. Columns a layout does not use are
///   named in a note; under the plain `feinvert` layout an unknown column is bad input.
/// - Under a software layout or a column map, a `NaN` data cell is masked like an empty
///   one, a row whose coordinates are `NaN` or whose mask cell is negative is dropped
///   and counted, with its reason.
public enum MeasuredDataReader {
  public static let extraMetadataKeys = ["pixel_size", "z"]

  /// Reads a measured-data file in the model's length unit.
  public static func read(path: String, lengthUnitMetres: Double, options: MeasuredDataOptions = .init()) throws
    -> MeasuredDataRead
  {
    try parse(text: TextFile.read(path: path, expected: "a readable measured-data (fringe CSV) file"), path: path,
              lengthUnitMetres: lengthUnitMetres, options: options)
  }

  /// Parses measured-data text; see the type's discussion.
  public static func parse(text: String, path: String, lengthUnitMetres: Double, options: MeasuredDataOptions = .init())
    throws -> MeasuredDataRead
  {
    try parse(text: text, path: path, lengthUnitMetres: lengthUnitMetres, options: options, fastRows: true)
  }

  /// `parse(text:...)` with the byte path of the rows on or off (off: the `String` path
  /// alone, the reference the tests compare the byte path with).
  static func parse(text: String, path: String, lengthUnitMetres: Double, options: MeasuredDataOptions,
                    fastRows: Bool) throws -> MeasuredDataRead
  {
    precondition(lengthUnitMetres > 0 && lengthUnitMetres.isFinite, "MeasuredDataReader: lengthUnitMetres must be > 0")
    var text = text
    text.makeContiguousUTF8()
    guard let read = try text.utf8.withContiguousStorageIfAvailable({ buffer in
      try parse(bytes: buffer, text: text, path: path, lengthUnitMetres: lengthUnitMetres, options: options,
                fastRows: fastRows)
    }) else { preconditionFailure("MeasuredDataReader: makeContiguousUTF8 left the string non-contiguous") }
    return read
  }

  /// `parse(text:...)` over the text's bytes: the lines as byte ranges, a `String` made
  /// only for comments, the header and rows the byte path leaves (`rowFast`).
  static func parse(bytes: UnsafeBufferPointer<UInt8>, text: String, path: String, lengthUnitMetres: Double,
                    options: MeasuredDataOptions, fastRows: Bool) throws -> MeasuredDataRead
  {
    var ranges = [Range<Int>]()
    var position = 0
    _ = CSVLines.forEach(in: bytes) { _, line in
      let start = line.baseAddress.map { bytes.baseAddress!.distance(to: $0) } ?? position
      ranges.append(start..<(start + line.count))
      position = start + line.count + 1
    }
    func bytesOf(_ offset: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[ranges[offset]]) }
    func line(_ offset: Int) -> Substring { String(decoding: bytesOf(offset), as: UTF8.self)[...] }
    // The header: the first line that is neither blank, nor a comment, nor DICe's preamble.
    var headerOffset: Int?
    var preamble = false
    for offset in ranges.indices {
      var l = line(offset)
      if offset == 0 && l.hasPrefix("\u{FEFF}") { l = l.dropFirst() }
      let t = CSVText.trim(l)
      if t.isEmpty || t.hasPrefix("#") { continue }
      if t.hasPrefix("***") { preamble = true; continue }
      headerOffset = offset
      break
    }
    if options.isEmpty, !preamble {
      let header = headerOffset.map { CSVText.trim(line($0)) } ?? ""
      let plain = headerOffset == nil || header.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        .allSatisfy { FringeCSVReader.Column(name: String(CSVText.trim(Substring($0)))) != nil }
      let separator = CSVSeparator.detect(header: header)
      let cells = separator.split(header)?.map(HeaderCell.init) ?? []
      if plain || (separator == .comma && MeasuredDataLayout.detect(cells) == nil) {
        // Today's format, read as today (its messages unchanged).
        let (data, notes) = try FringeCSVReader.parseWithNotes(text: text, path: path, lengthUnitMetres: lengthUnitMetres,
                                                               fastRows: fastRows)
        let masked = data.values.filter(\.isNaN).count
        return MeasuredDataRead(data: data, notes: notes, rowsRead: data.points.count, rowsMasked: 0, valuesMasked: masked)
      }
    }
    guard let headerOffset else {
      throw InputError("found no header line; expected a header with x,y,z and data columns (ux,uy,uz or Nx,Ny,Nz), or a DICe, VIC-3D or MatchID export",
                       at: SourceLocation(file: path, line: max(1, ranges.count)))
    }
    var reader = Reading(path: path, modelMetres: lengthUnitMetres, options: options)
    // Only comment lines (and the first, for its byte-order mark) can hold metadata.
    let comments = ranges.indices.filter { $0 == 0 || CSVLines.firstNonBlank(bytesOf($0)) == UInt8(ascii: "#") }
    try reader.metadata(comments.map { ($0, line($0)) }, before: headerOffset)
    try reader.header(line(headerOffset), line: headerOffset + 1)
    var cellRanges = [Range<Int>]()
    var values = [Double](repeating: .nan, count: reader.sources.count)
    for offset in (headerOffset + 1)..<ranges.count {
      let read = fastRows && values.withUnsafeMutableBufferPointer {
        reader.rowFast(bytesOf(offset), line: offset + 1, ranges: &cellRanges, values: $0)
      }
      if !read { try reader.row(line(offset), line: offset + 1) }
    }
    return try reader.finish()
  }

  /// The state of one read.
  struct Reading {
    let path: String
    let modelMetres: Double
    let options: MeasuredDataOptions
    var metadata = [String: String]()
    var metadataLines = [String: Int]()
    var separator = CSVSeparator.comma
    var cells = [HeaderCell]()
    var trailingEmpty = false
    var headerLine = 0
    var layout: MeasuredDataLayout?
    var layoutSource = ""
    /// Per fringe column (in `table.columns` order): the file column, or nil for the plane z.
    var sources = [Int?]()
    var scales = [Double]()
    /// Per fringe column: whether its unit is its own (a bracket, pixels), not the file's stated one.
    var ownUnit = [Bool]()
    var maskColumns = [Int]()
    var ignored = [String]()
    var planeZ: Double?
    var table: FringeCSVReader.Table?
    var unitNotes = [String]()
    var rowsRead = 0
    var maskedRows = [String: (count: Int, firstLine: Int)]()
    var foreign = true

    init(path: String, modelMetres: Double, options: MeasuredDataOptions) {
      self.path = path
      self.modelMetres = modelMetres
      self.options = options
    }

    func at(_ line: Int?) -> SourceLocation { SourceLocation(file: path, line: line) }

    /// `# key = value` lines anywhere in the file (the metadata of the fringe CSV).
    mutating func metadata(_ rows: [(offset: Int, line: Substring)], before header: Int) throws {
      let once = Set(FringeCSVReader.knownMetadataKeys + MeasuredDataReader.extraMetadataKeys)
      for (offset, line) in rows {
        let t = CSVText.trim(offset == 0 && line.hasPrefix("\u{FEFF}") ? line.dropFirst() : line)
        guard t.hasPrefix("#"), let (key, value) = CSVText.metadataEntry(t.dropFirst()) else { continue }
        if (once.contains(key) || FringeCSVReader.isUnitKey(key)), let first = metadataLines[key] {
          throw InputError("found \(key) a second time (first on line \(first)); expected it once", at: at(offset + 1))
        }
        if metadataLines[key] == nil { metadataLines[key] = offset + 1 }
        metadata[key] = value
      }
    }

    /// A length in the model's unit from a metadata value `NUMBER [UNIT]` (no unit: the model's).
    func length(_ key: String, per: String?) throws -> Double? {
      guard let value = metadata[key] else { return nil }
      let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
      let expected = "expected a number and a length unit (\(per == nil ? "" : "per \(per!): ")e.g. 0.0125 mm; m, cm, mm, um, in)"
      guard let first = parts.first, let v = separator.decimalValue(first) ?? DecimalNumber.parse(first) else {
        throw InputError("found \(key) = \(value); \(expected)", at: at(metadataLines[key]))
      }
      guard parts.count > 1 else { return v }
      var unitText = parts[1]
      if let per, unitText.hasSuffix("/\(per)") { unitText = String(unitText.dropLast(per.count + 1)) }
      if unitText.hasSuffix("/px") || unitText.hasSuffix("/pixel") { unitText = String(unitText.prefix { $0 != "/" }) }
      guard let unit = UnitScale.lengthUnit(named: unitText), let m = UnitScale.lengthMetres[unit] else {
        throw InputError("found \(key) = \(value), whose unit '\(parts[1])' feinvert cannot read; \(expected)",
                         at: at(metadataLines[key]))
      }
      return v * (m / modelMetres)
    }

    /// The header: separator, cells, layout, roles, units.
    mutating func header(_ line: Substring, line number: Int) throws {
      headerLine = number
      let location = at(number)
      separator = CSVSeparator.detect(header: CSVText.trim(line))
      guard var texts = separator.split(line) else {
        throw InputError("found a quote left open in the header; expected quoted cells closed on their line", at: location)
      }
      if texts.count > 1, texts.last == "" { texts.removeLast(); trailingEmpty = true }
      if separator == .whitespace {
        // Blank-separated headers split "x (mm)" in two: a cell that is only a unit belongs to the name before it.
        var merged = [String]()
        for t in texts {
          let unitOnly = (t.hasPrefix("(") && t.hasSuffix(")")) || (t.hasPrefix("[") && t.hasSuffix("]"))
          if unitOnly, let last = merged.popLast() { merged.append(last + " " + t) } else { merged.append(t) }
        }
        texts = merged
      }
      cells = texts.map(HeaderCell.init)
      for (k, cell) in cells.enumerated() where cell.text.isEmpty {
        throw InputError("found an empty column name (column \(k + 1)); expected a header of column names", at: location)
      }
      // The roles: the map over the layout over detection.
      layout = options.layout
      layoutSource = options.layout == nil ? "detected from the header" : "[data] layout"
      if layout == nil { layout = MeasuredDataLayout.detect(cells) }
      if layout == nil && options.columns.isEmpty {
        throw InputError(
          "found columns \(cells.map { "'\($0.text)'" }.joined(separator: ", ")) (separated by \(separator)), which match no known layout; expected the fringe CSV's x, y, z, ux, uy, uz (or Nx, Ny, Nz), an export of DICe, VIC-3D or MatchID, or a column map ([data.columns] in the model, or --columns \"FILE=ROLE,...\")",
          at: location)
      }
      foreign = layout != .feinvert || !options.columns.isEmpty
      var roles: [(role: MeasuredDataRole, defaultUnit: ColumnUnit?)] =
        layout?.roles(for: cells) ?? cells.map { _ in (MeasuredDataRole.ignore, nil) }
      if layout == .feinvert && options.columns.isEmpty {
        for (k, cell) in cells.enumerated() where MeasuredDataRole(name: cell.name) == nil {
          throw InputError(
            "found unknown column '\(cell.text)' (column \(k + 1)); expected x, y, z, ux, uy, uz, Nx, Ny, Nz, sigma_<data column> or weight (a unit may follow in brackets: x [mm])",
            at: location)
        }
      }
      for assignment in options.columns {
        guard let k = cells.firstIndex(where: { $0.text == assignment.fileColumn })
          ?? cells.firstIndex(where: { $0.name == assignment.fileColumn })
        else {
          throw InputError(
            "names column '\(assignment.fileColumn)', which is not in the header of \(path) (\(cells.map(\.text).joined(separator: ", "))); expected a header cell, with or without its unit",
            at: options.columnsLocation)
        }
        roles[k].role = assignment.role
      }
      if !options.columns.isEmpty {
        layoutSource = layout == nil ? "the column map" : "\(layoutSource), with the column map"
      }
      // Fringe columns, in file order, then the plane z.
      var columns = [FringeCSVReader.Column]()
      for (k, r) in roles.enumerated() {
        switch r.role {
        case .fringe(let name):
          guard let c = FringeCSVReader.Column(name: name) else { continue }
          columns.append(c)
          sources.append(k)
          scales.append(try scale(of: k, column: c, defaultUnit: r.defaultUnit))
          ownUnit.append(cells[k].unit != nil || r.defaultUnit != nil)
        case .mask: maskColumns.append(k)
        case .ignore: ignored.append(cells[k].text)
        }
      }
      if !columns.contains(.coordinate(2)) {
        let fileZ = try length("z", per: nil)
        if fileZ != nil && options.planeZ != nil {
          throw InputError("found z both here and in the model ([data] z); expected the plane's z once",
                           at: at(metadataLines["z"]))
        }
        if let z = fileZ ?? options.planeZ {
          planeZ = z
          columns.append(.coordinate(2))
          sources.append(nil)
          scales.append(1)
          ownUnit.append(true)
        } else if columns.contains(.coordinate(0)) && columns.contains(.coordinate(1)) {
          throw InputError(
            "found no column for z (\(layout?.displayName ?? "the column map") gives x and y only: plane data); expected a z column in the map, a '# z = <value> <unit>' line, or [data] z in the model",
            at: location)
        }
      }
      _ = try FringeCSVReader.parseHeader(columns.map(\.name), at: location)
      table = FringeCSVReader.Table(columns: columns, headerLine: number)
    }

    /// The factor from a column's values to the model's length unit.
    mutating func scale(of k: Int, column: FringeCSVReader.Column, defaultUnit: ColumnUnit?) throws -> Double {
      let cell = cells[k]
      let location = at(headerLine)
      var unit = defaultUnit
      if let text = cell.unit {
        guard let u = ColumnUnit(text: text) else {
          throw InputError(
            "found unit '\(text)' in column '\(cell.text)'; expected a length unit (m, cm, mm, um or µm, in), px for pixels, or [ ] for none",
            at: location)
        }
        unit = u
      }
      let isLength: Bool
      switch column {
      case .coordinate, .displacement, .sigmaDisplacement: isLength = true
      default: isLength = false
      }
      switch unit {
      case .none?:
        guard !isLength else {
          throw InputError("found column '\(cell.text)' without a length unit, read as \(column.name); expected a length unit (m, cm, mm, um, in) or px",
                           at: location)
        }
        return 1
      case .length(let name, let metres)?:
        guard isLength else {
          throw InputError("found column '\(cell.text)' in \(name), read as \(column.name); expected no unit (fringe orders and weights are numbers)",
                           at: location)
        }
        let f = metres / modelMetres
        if f != 1 { unitNotes.append("\(path):\(headerLine): column '\(cell.text)' converted from \(name) to the model's unit (x \(f))") }
        return f
      case .pixel?:
        guard isLength else {
          throw InputError("found column '\(cell.text)' in pixels, read as \(column.name); expected no unit", at: location)
        }
        let fileSize = try length("pixel_size", per: "px")
        if fileSize != nil && options.pixelSize != nil {
          throw InputError("found pixel_size both here and in the model ([data] pixel_size); expected the calibration once",
                           at: at(metadataLines["pixel_size"]))
        }
        guard let size = fileSize ?? options.pixelSize, size > 0, size.isFinite else {
          throw InputError(
            "found column '\(cell.text)' in pixels (read as \(column.name)) but no pixel size; expected a '# pixel_size = <length per pixel> <unit>' line (e.g. # pixel_size = 0.0125 mm) or [data] pixel_size in the model",
            at: metadataLines["pixel_size"].map { at($0) } ?? location)
        }
        if !unitNotes.contains(where: { $0.contains("pixel_size") }) {
          unitNotes.append("\(path): pixel_size = \(metadata["pixel_size"] ?? "\(size)"): pixel columns converted to the model's unit (x \(size))")
        }
        return size
      case nil:
        return 1  // the file's stated unit or the model's: applied in `finish` by `MetadataUnits`
      }
    }

    /// One data row.
    mutating func row(_ line: Substring, line number: Int) throws {
      let t = CSVText.trim(line)
      if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("***") { return }
      let location = at(number)
      guard var fields = separator.split(line) else {
        throw InputError("found a quote left open; expected quoted cells closed on their line", at: location)
      }
      if trailingEmpty, fields.count == cells.count + 1, fields.last == "" { fields.removeLast() }
      guard fields.count == cells.count else {
        throw InputError(
          "found \(fields.count) fields; expected \(cells.count) (\(cells.map(\.text).joined(separator: ", "))) separated by \(separator)",
          at: location)
      }
      rowsRead += 1
      for k in maskColumns {
        let cell = fields[k]
        if Self.isNaN(cell) || (separator.decimalValue(cell).map { $0 < 0 } ?? false) {
          mask(layout?.maskReason ?? "a negative value in the mask column", line: number)
          return
        }
        if !cell.isEmpty && separator.decimalValue(cell) == nil {
          throw InputError("found '\(cell)' in column '\(cells[k].text)' (the mask); expected a number (negative: not measured)",
                           at: location)
        }
      }
      guard let columns = table?.columns else { return }
      var out = [Substring]()
      for (j, source) in sources.enumerated() {
        guard let k = source else {
          out.append(Substring("\(planeZ ?? 0)"))
          continue
        }
        let cell = fields[k]
        let column = columns[j]
        if cell.isEmpty { out.append(""); continue }
        if foreign && Self.isNaN(cell) {
          if case .coordinate = column {
            mask("coordinates NaN", line: number)
            return
          }
          out.append("")
          continue
        }
        guard let v = separator.decimalValue(cell) else {
          let hint = column.dataComponent != nil ? " (an empty cell masks a value)" : ""
          throw InputError(
            "found '\(cell)' in column '\(cells[k].text)' (read as \(column.name)); expected a finite decimal number\(hint)\(separator.allowsDecimalComma ? ", with '.' or one ',' as its decimal point" : "")",
            at: location)
        }
        out.append(Substring("\(v * scales[j])"))
      }
      try table?.append(out, at: location)
    }

    mutating func mask(_ reason: String, line: Int) {
      let entry = maskedRows[reason] ?? (0, line)
      maskedRows[reason] = (entry.count + 1, entry.firstLine)
    }

    static func isNaN(_ cell: String) -> Bool { ["nan", "-nan", "+nan"].contains(cell.lowercased()) }

    /// The data, with the file's stated units applied to the columns without their own.
    mutating func finish() throws -> MeasuredDataRead {
      guard var table else { preconditionFailure("MeasuredDataReader: finish before header") }
      let headerLocation = at(headerLine)
      guard !table.points.isEmpty else {
        let masked = maskedRows.values.reduce(0) { $0 + $1.count }
        throw InputError(
          masked > 0
            ? "found no measured point: all \(masked) rows are masked (\(maskedRows.keys.sorted().joined(separator: "; "))); expected at least one point measured"
            : "found no data rows after the header; expected at least one point",
          at: headerLocation)
      }
      let units = try FringeCSVReader.MetadataUnits(metadata: metadata, lines: metadataLines, path: path,
                                                    modelUnitMetres: modelMetres)
      // Columns without their own unit take the file's stated one.
      let c = units.coordinateScale, d = units.displacementScale
      let unitless = sources.indices.filter { !ownUnit[$0] }
      if c != 1, unitless.contains(where: { if case .coordinate = table.columns[$0] { return true } else { return false } }) {
        let axes = unitless.compactMap { j -> Int? in if case .coordinate(let a) = table.columns[j] { return a } else { return nil } }
        table.points = table.points.map { p in
          var q = p
          for a in axes { q[a] *= c }
          return q
        }
      }
      if d != 1 {
        let m = table.dataColumns.count
        for (k, column) in table.dataColumns.enumerated() where !table.columns[column].isFringeOrder {
          let ownUnit = unitless.contains(column)
          let sigmaColumn = table.sigmaColumns[k]
          let sigmaOwn = sigmaColumn.map { unitless.contains($0) } ?? false
          for i in 0..<table.points.count {
            if ownUnit { table.values[i * m + k] *= d }
            if sigmaOwn { table.sigma[i * m + k] *= d }
          }
        }
      }
      var frequency: (linesPerUnit: Double, unitMetres: Double)?
      if let value = metadata["grating_frequency"] {
        frequency = try FringeCSVReader.gratingFrequency(value, at: at(metadataLines["grating_frequency"]))
      }
      try table.convertFringeOrders(frequency: frequency, lengthUnitMetres: modelMetres, at: headerLocation)
      let data = FringeData(
        source: path, points: table.points, lines: table.lines,
        components: table.dataColumns.compactMap { table.columns[$0].dataComponent },
        values: table.values, sigma: table.sigmaColumns.contains { $0 != nil } ? table.sigma : nil,
        weight: table.weightColumn == nil ? nil : table.weights, metadata: metadata)
      let valuesMasked = data.values.filter(\.isNaN).count
      let rowsMasked = maskedRows.values.reduce(0) { $0 + $1.count }
      var summary = "\(path): read as \(layout?.displayName ?? "a mapped table") (\(layoutSource)), separated by \(separator)"
      summary += separator.allowsDecimalComma ? " (a ',' in a number is its decimal point)" : ""
      summary += "; \(rowsRead) rows read, \(rowsMasked) masked"
      if rowsMasked > 0 {
        summary += " (" + maskedRows.sorted { $0.value.firstLine < $1.value.firstLine }
          .map { "\($0.value.count): \($0.key), first on line \($0.value.firstLine)" }.joined(separator: "; ") + ")"
      }
      summary += ", \(data.points.count) kept; \(valuesMasked) value\(valuesMasked == 1 ? "" : "s") masked (empty or NaN cells)"
      var notes = [summary]
      if !ignored.isEmpty {
        notes.append("\(path):\(headerLine): column\(ignored.count > 1 ? "s" : "") not used: \(ignored.joined(separator: ", "))")
      }
      notes += unitNotes
      if !unitless.isEmpty { notes += units.notes }
      let known = FringeCSVReader.knownMetadataKeys + MeasuredDataReader.extraMetadataKeys
      for (key, line) in metadataLines.sorted(by: { $0.value < $1.value }) where !known.contains(key) {
        notes.append("\(path):\(line): metadata key '\(key)' is not used (feinvert reads \(known.joined(separator: ", ")))")
      }
      return MeasuredDataRead(data: data, notes: notes, rowsRead: rowsRead, rowsMasked: rowsMasked,
                              valuesMasked: valuesMasked)
    }
  }
}
