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
/// - Fringe orders need `# grating_frequency = F` (lines per mm; the first token of
///   the value is read, so a trailing remark is allowed). N fringes are a
///   displacement of N / F mm, i.e. (N / F)·(10⁻³ / lengthUnitMetres) model units;
///   `sigma_N<c>` converts the same way.
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
    try parse(text: TextFile.read(path: path, expected: "a readable fringe CSV"), path: path, lengthUnitMetres: lengthUnitMetres)
  }

  /// Parses fringe CSV text; see the type's discussion for the format.
  ///
  /// `lengthUnitMetres` must be positive and finite, or a precondition failure occurs.
  public static func parse(text: String, path: String, lengthUnitMetres: Double) throws -> FringeData {
    precondition(lengthUnitMetres > 0 && lengthUnitMetres.isFinite, "FringeCSVReader: lengthUnitMetres must be > 0")
    var metadata = [String: String]()
    var frequencyLine: Int?
    var table: Table?
    let rows = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    for (offset, bytes) in rows.enumerated() {
      let lineNumber = offset + 1
      var line = Substring(bytes)
      if offset == 0 && line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
      let trimmed = CSVText.trim(line)
      if trimmed.isEmpty { continue }
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
          metadata[key] = value
        }
        continue
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
                       at: SourceLocation(file: path, line: max(1, rows.count - (rows.last?.isEmpty == true ? 1 : 0))))
    }
    let headerLocation = SourceLocation(file: path, line: table.headerLine)
    guard !table.points.isEmpty else {
      throw InputError("found no data rows after the header; expected at least one point", at: headerLocation)
    }
    var frequency: Double?
    if let line = frequencyLine, let value = metadata["grating_frequency"] {
      let token = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
      guard let f = DecimalNumber.parse(token), f > 0 else {
        throw InputError("found grating_frequency = \(value); expected a positive number of lines per mm",
                         at: SourceLocation(file: path, line: line))
      }
      frequency = f
    }
    try table.convertFringeOrders(frequency: frequency, lengthUnitMetres: lengthUnitMetres, at: headerLocation)
    return FringeData(
      source: path, points: table.points, lines: table.lines,
      components: table.dataColumns.compactMap { table.columns[$0].dataComponent },
      values: table.values, sigma: table.sigmaColumns.contains { $0 != nil } ? table.sigma : nil,
      weight: table.weightColumn == nil ? nil : table.weights, metadata: metadata)
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

    /// Fringe orders → displacement in the model's length unit: N fringes are N / F mm.
    mutating func convertFringeOrders(frequency: Double?, lengthUnitMetres: Double, at headerLocation: SourceLocation) throws {
      let fringeColumns = dataColumns.filter { columns[$0].isFringeOrder }
      guard !fringeColumns.isEmpty else { return }
      guard let f = frequency else {
        let names = fringeColumns.map { columns[$0].name }.joined(separator: ", ")
        throw InputError(
          "found fringe-order column\(fringeColumns.count > 1 ? "s" : "") \(names) but no '# grating_frequency = F' line; expected the grating frequency in lines per mm",
          at: headerLocation)
      }
      let m = dataColumns.count
      let ratio = 1e-3 / lengthUnitMetres
      let toLength = { (n: Double) in (n / f) * ratio }
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
