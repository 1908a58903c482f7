import FECommon
import FeinvertFiles

/// How the columns of a measured-data file map onto feinvert's fringe columns: the
/// contract's own names, a known export layout (DICe, VIC-3D, MatchID), or a column map
/// given by the user (`[data.columns]`, `--columns "X=x,U=ux"`).
///
/// A role is what a file column means to feinvert: one of the fringe CSV's names
/// (`x`, `ux`, `Nx`, `sigma_ux`, `weight`), `mask` (a column whose negative value marks
/// a point the software did not measure: the row is dropped and counted), or `ignore`.
public enum MeasuredDataLayout: String, Sendable, CaseIterable {
  /// The fringe CSV of the contract (`x,y,z,ux,...`), under any separator, quoted
  /// headers and bracketed units allowed.
  case feinvert
  /// DICe's `DICe_solution_*.txt`: `SUBSET_ID,COORDINATE_X,COORDINATE_Y,DISPLACEMENT_X,
  /// DISPLACEMENT_Y,SIGMA,GAMMA,BETA,STATUS_FLAG,UNCERTAINTY,VSG_STRAIN_XX,...`, image
  /// coordinates and displacements in pixels, `SIGMA = -1` for a failed subset; stereo
  /// runs add `MODEL_COORDINATES_X/Y/Z` and `MODEL_DISPLACEMENT_X/Y/Z` in the
  /// calibration's length unit, which are used instead of the pixel columns.
  case dice
  /// VIC-3D's CSV export: `"X","Y","Z"` and `"U","V","W"` (the metric surface and its
  /// displacement, in the calibration's unit, mm unless the header states one), `"sigma"`
  /// (the match's confidence in pixels; negative for a point not correlated), and the
  /// image columns `x, y, u, v` (pixels), strains and others, which are not used.
  case vic3d
  /// MatchID's CSV export: `coor.X [mm]`, `coor.Y [mm]`, `coor.Z [mm]`,
  /// `disp.Horizontal Displacement U [mm]`, `disp.Vertical Displacement V [mm]`,
  /// `disp.Out-Of-Plane: W [mm]` (2024 names), or `x, y, z, u, v, w` beside `x_pic,
  /// y_pic` (2023 names); image coordinates, strains and others are not used.
  case matchid

  /// The name shown to the user.
  public var displayName: String {
    switch self {
    case .feinvert: return "feinvert fringe CSV"
    case .dice: return "DICe"
    case .vic3d: return "VIC-3D"
    case .matchid: return "MatchID"
    }
  }

  /// Parses `[data] layout` or `--layout`.
  public init?(name: String) {
    switch name.lowercased() {
    case "feinvert", "fringe", "native": self = .feinvert
    case "dice": self = .dice
    case "vic3d", "vic-3d", "vic": self = .vic3d
    case "matchid": self = .matchid
    default: return nil
    }
  }

  /// The layout a header's column names reveal, or nil when none fits.
  static func detect(_ cells: [HeaderCell]) -> MeasuredDataLayout? {
    let names = Set(cells.map(\.name))
    if names.isSubset(of: Set(MeasuredDataRole.fringeNames)) { return .feinvert }
    if names.contains("COORDINATE_X") && (names.contains("DISPLACEMENT_X") || names.contains("MODEL_DISPLACEMENT_X")) {
      return .dice
    }
    if names.contains(where: { $0.hasPrefix("coor.") || $0.hasPrefix("disp.") }) || names.contains("x_pic") {
      return .matchid
    }
    if names.isSuperset(of: ["X", "Y"]) && !names.isDisjoint(with: ["U", "V", "W"]) { return .vic3d }
    return nil
  }

  /// The role of each header cell under this layout, and the unit a cell without a
  /// bracketed unit is in (`.pixel` for DICe's image columns, nil: the file's stated
  /// length unit or the model's).
  func roles(for cells: [HeaderCell]) -> [(role: MeasuredDataRole, defaultUnit: ColumnUnit?)] {
    let names = Set(cells.map(\.name))
    switch self {
    case .feinvert:
      return cells.map { (MeasuredDataRole(name: $0.name) ?? .ignore, nil) }
    case .dice:
      let stereo = names.contains("MODEL_COORDINATES_X")
      let map: [String: MeasuredDataRole] = stereo
        ? ["MODEL_COORDINATES_X": .fringe("x"), "MODEL_COORDINATES_Y": .fringe("y"), "MODEL_COORDINATES_Z": .fringe("z"),
           "MODEL_DISPLACEMENT_X": .fringe("ux"), "MODEL_DISPLACEMENT_Y": .fringe("uy"),
           "MODEL_DISPLACEMENT_Z": .fringe("uz"), "SIGMA": .mask]
        : ["COORDINATE_X": .fringe("x"), "COORDINATE_Y": .fringe("y"), "DISPLACEMENT_X": .fringe("ux"),
           "DISPLACEMENT_Y": .fringe("uy"), "SIGMA": .mask]
      return cells.map { cell in
        let role = map[cell.name] ?? .ignore
        let pixel = !stereo && ["COORDINATE_X", "COORDINATE_Y", "DISPLACEMENT_X", "DISPLACEMENT_Y"].contains(cell.name)
        return (role, pixel ? .pixel : nil)
      }
    case .vic3d:
      let map: [String: MeasuredDataRole] = [
        "X": .fringe("x"), "Y": .fringe("y"), "Z": .fringe("z"), "U": .fringe("ux"), "V": .fringe("uy"),
        "W": .fringe("uz"), "sigma": .mask,
      ]
      return cells.map { (map[$0.name] ?? .ignore, nil) }
    case .matchid:
      let map: [String: MeasuredDataRole] = names.contains("x_pic")
        ? ["x": .fringe("x"), "y": .fringe("y"), "z": .fringe("z"), "u": .fringe("ux"), "v": .fringe("uy"),
           "w": .fringe("uz")]
        : ["coor.X": .fringe("x"), "coor.Y": .fringe("y"), "coor.Z": .fringe("z"),
           "disp.Horizontal Displacement U": .fringe("ux"), "disp.Vertical Displacement V": .fringe("uy"),
           "disp.Out-Of-Plane: W": .fringe("uz")]
      return cells.map { (map[$0.name] ?? .ignore, nil) }
    }
  }

  /// What a negative value in this layout's mask column means, for the on-screen count.
  var maskReason: String {
    switch self {
    case .dice: return "SIGMA < 0, DICe's mark of a failed subset"
    case .vic3d: return "sigma < 0, VIC-3D's mark of a point not correlated"
    default: return "a negative value in the mask column"
    }
  }
}

/// What a file column means to feinvert.
public enum MeasuredDataRole: Sendable, Equatable {
  /// A column of the fringe CSV (`x`, `ux`, `Nx`, `sigma_ux`, `weight`).
  case fringe(String)
  /// A column whose negative value marks a row not measured (dropped, counted).
  case mask
  /// Not used.
  case ignore

  /// The fringe CSV's column names.
  static let fringeNames = ["x", "y", "z", "ux", "uy", "uz", "Nx", "Ny", "Nz", "sigma_ux", "sigma_uy", "sigma_uz",
                            "sigma_Nx", "sigma_Ny", "sigma_Nz", "weight"]

  /// A role by name: a fringe column name, `mask` or `ignore`.
  public init?(name: String) {
    if Self.fringeNames.contains(name) { self = .fringe(name); return }
    if name == "mask" { self = .mask; return }
    if name == "ignore" { self = .ignore; return }
    return nil
  }

  /// Every role name, for messages.
  static let allNames = fringeNames + ["mask", "ignore"]
}

/// A header cell: its name and the unit in trailing brackets or parentheses
/// (`"x [mm]"` → x, mm; `u (um)` → u, um; `coor.X [mm]` → coor.X, mm; `Exx [ ]` → Exx,
/// dimensionless).
struct HeaderCell: Equatable {
  /// The cell as written (quotes removed).
  var text: String
  /// The name without the unit.
  var name: String
  /// The unit's text, "" for an empty bracket, nil when none is written.
  var unit: String?

  init(_ text: String) {
    self.text = text
    var name = text
    var unit: String?
    for (open, close) in [("[", "]"), ("(", ")")] where name.hasSuffix(close) {
      if let start = name.lastIndex(of: Character(open)) {
        unit = String(name[name.index(after: start)..<name.index(before: name.endIndex)])
          .trimmingCharacters(in: .whitespaces)
        name = String(name[..<start]).trimmingCharacters(in: .whitespaces)
        break
      }
    }
    // A name that was all unit ("[mm]") keeps its text as the name.
    if name.isEmpty { name = text; unit = nil }
    self.name = name
    self.unit = unit
  }
}

/// The unit of a coordinate or displacement column.
enum ColumnUnit: Equatable {
  /// A length unit, in metres.
  case length(name: String, metres: Double)
  /// Image pixels: needs `pixel_size`.
  case pixel
  /// No dimension (`[ ]`, `[-]`): fringe orders and weights only.
  case none

  /// The unit a bracket names, or nil when feinvert does not know it.
  init?(text: String) {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t.isEmpty || t == "-" || t == "1" { self = .none; return }
    if ["px", "pix", "pixel", "pixels"].contains(t.lowercased()) { self = .pixel; return }
    if let unit = UnitScale.lengthUnit(named: t), let m = UnitScale.lengthMetres[unit] {
      self = .length(name: unit, metres: m)
      return
    }
    return nil
  }
}
