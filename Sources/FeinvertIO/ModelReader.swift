import FECommon
import FEKernel
import SparseSolve
import Foundation
import TOMLKit

/// Reads the model TOML of `shared/spec/interface.md` into a `ModelDefinition`.
///
/// Every value is checked here for its own sake (type, sign, finiteness, known
/// names); checks against the mesh come when the problem is bound. Unknown keys
/// are errors, so a misspelt `nu_12` is not silently ignored. Messages name the
/// file, the line (found by `TOMLLineIndex`) and the key path.
public enum ModelReader {
  /// Tables other modules read from the same file (the fit settings); skipped here.
  static let deferredTables: Set<String> = ["fit"]

  public static func read(path: String) throws -> ModelDefinition {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw InputError("cannot read the model file; expected a readable TOML file (write one beside the mesh or pass --model)", at: SourceLocation(file: path))
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError("the file is not UTF-8 text; expected a TOML model", at: SourceLocation(file: path))
    }
    return try parse(text: text, path: path)
  }

  public static func parse(text: String, path: String) throws -> ModelDefinition {
    let root: TOMLTable
    do {
      root = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw InputError("\(error.description); expected valid TOML", at: SourceLocation(file: path, line: error.source.begin.line))
    }
    let reader = TableReader(path: path, lines: TOMLLineIndex(text: text))
    try reader.allowOnly(["units", "materials", "plies", "boundary", "load", "observation", "fit", "solver"], in: root, at: "")

    var lengthUnit = "mm", stressUnit = "MPa"
    if let units = try reader.optionalTable(root, "units", at: "") {
      try reader.allowOnly(["length", "stress"], in: units, at: "units")
      lengthUnit = try reader.optionalString(units, "length", at: "units") ?? lengthUnit
      stressUnit = try reader.optionalString(units, "stress", at: "units") ?? stressUnit
      guard UnitScale.lengthMetres[lengthUnit] != nil else {
        throw reader.error("units.length", "\"\(lengthUnit)\" is not a known length unit; expected one of \(UnitScale.lengthMetres.keys.sorted().joined(separator: ", "))")
      }
      guard UnitScale.stressPascal[stressUnit] != nil else {
        throw reader.error("units.stress", "\"\(stressUnit)\" is not a known stress unit; expected one of \(UnitScale.stressPascal.keys.sorted().joined(separator: ", "))")
      }
    }

    var materials = [OrthotropicMaterial]()
    guard let materialTable = try reader.optionalTable(root, "materials", at: "") else {
      throw reader.error("materials", "no [materials.NAME] table; expected at least one material")
    }
    for name in materialTable.keys.sorted(by: { reader.order("materials.\($0)") < reader.order("materials.\($1)") }) {
      let key = "materials.\(name)"
      guard let t = materialTable[name]?.table else {
        throw reader.error(key, "is not a table; expected [materials.\(name)] with E1 ... nu23")
      }
      try reader.allowOnly(Set(OrthotropicMaterial.propertyNames), in: t, at: key)
      var values = [Double]()
      for p in OrthotropicMaterial.propertyNames {
        values.append(try reader.number(t, p, at: key))
      }
      var m = OrthotropicMaterial.isotropic(name: name, E: 1, nu: 0)
      m.constants = values
      try m.validate { reader.location($0.map { "\(key).\($0)" } ?? key) }
      materials.append(m)
    }

    var plies = [PlyAssignment]()
    let plyTables = try reader.arrayOfTables(root, "plies")
    if plyTables.isEmpty { throw reader.error("plies", "no [[plies]] entry; expected one per physical volume") }
    for (i, t) in plyTables.enumerated() {
      let key = "plies[\(i)]"
      try reader.allowOnly(["group", "material", "angle"], in: t, at: key)
      let group = try reader.string(t, "group", at: key)
      let material = try reader.string(t, "material", at: key)
      guard materials.contains(where: { $0.name == material }) else {
        throw reader.error("\(key).material", "\"\(material)\" is not a defined material; expected one of \(materials.map { "\"\($0.name)\"" }.joined(separator: ", "))")
      }
      let angleDegrees = try reader.optionalNumber(t, "angle", at: key) ?? 0
      plies.append(PlyAssignment(group: group, material: material, angle: angleDegrees * .pi / 180, location: reader.location(key)))
    }

    var boundary = [PrescribedDisplacement]()
    for (i, t) in try reader.arrayOfTables(root, "boundary").enumerated() {
      let key = "boundary[\(i)]"
      try reader.allowOnly(["group", "ux", "uy", "uz"], in: t, at: key)
      let group = try reader.string(t, "group", at: key)
      let values = try ["ux", "uy", "uz"].map { try reader.optionalNumber(t, $0, at: key) }
      if values.allSatisfy({ $0 == nil }) {
        throw reader.error(key, "boundary on \"\(group)\" prescribes nothing; expected at least one of ux, uy, uz")
      }
      boundary.append(PrescribedDisplacement(group: group, values: values, location: reader.location(key)))
    }

    var loads = [SurfaceLoad]()
    for (i, t) in try reader.arrayOfTables(root, "load").enumerated() {
      let key = "load[\(i)]"
      try reader.allowOnly(["group", "force"], in: t, at: key)
      let group = try reader.string(t, "group", at: key)
      let force = try reader.numberArray(t, "force", count: 3, at: key)
      loads.append(SurfaceLoad(group: group, force: SIMD3(force[0], force[1], force[2]), location: reader.location(key)))
    }

    var observation: ObservationSpec?
    if let t = try reader.optionalTable(root, "observation", at: "") {
      let key = "observation"
      try reader.allowOnly(["group", "components", "rigid_body"], in: t, at: key)
      let group = try reader.string(t, "group", at: key)
      let names = try reader.stringArray(t, "components", at: key)
      var components = [Int]()
      for name in names {
        guard let c = DOF.componentNames.firstIndex(of: name) else {
          throw reader.error("\(key).components", "\"\(name)\" is not a displacement component; expected ux, uy or uz")
        }
        guard !components.contains(c) else {
          throw reader.error("\(key).components", "\"\(name)\" is listed twice; expected each component once")
        }
        components.append(c)
      }
      if components.isEmpty { throw reader.error("\(key).components", "is empty; expected at least one of ux, uy, uz") }
      let rb = try reader.optionalString(t, "rigid_body", at: key) ?? "none"
      guard let rigid = RigidBodyTreatment(rawValue: rb) else {
        throw reader.error("\(key).rigid_body", "\"\(rb)\" is not a rigid-body treatment; expected \"fit\" or \"none\"")
      }
      observation = ObservationSpec(group: group, components: components, rigidBody: rigid, location: reader.location(key))
    }

    var model = ModelDefinition(
      source: path, lengthUnit: lengthUnit, stressUnit: stressUnit, materials: materials, plies: plies,
      boundary: boundary, loads: loads, observation: observation)
    if let t = try reader.optionalTable(root, "solver", at: "") {
      model.factorization = try solverMethod(t, reader: reader)
    }
    model.keyLines = reader.lines.lineOfKey
    return model
  }
}

extension ModelReader {
  /// The `[solver]` table (a feinvert extension): `factorization = "supernodal"` (the
  /// default, the project's own parallel supernodal Cholesky) or `"cholmod"`, and for the
  /// former `threads` (default: the cores this process may use).
  static func solverMethod(_ t: TOMLTable, reader: TableReader) throws -> FactorizationMethod {
    let key = "solver"
    try reader.allowOnly(["factorization", "threads"], in: t, at: key)
    let name = try reader.optionalString(t, "factorization", at: key) ?? "supernodal"
    let threads = try reader.optionalNumber(t, "threads", at: key)
    switch name {
    case "supernodal":
      var count = FactorizationMethod.defaultThreadCount
      if let threads {
        guard threads >= 1, threads <= 1024, threads.rounded() == threads else {
          throw reader.error("\(key).threads", "\(threads) is not a thread count; expected a whole number from 1 to 1024")
        }
        count = Int(threads)
      }
      return .supernodal(threads: count, blockSize: 3)
    case "cholmod":
      if threads != nil {
        throw reader.error("\(key).threads", "applies to factorization = \"supernodal\" only; CHOLMOD's threads are OpenBLAS's (OPENBLAS_NUM_THREADS)")
      }
      return .cholmod(.nestedDissectionOfBlocks(blockSize: 3))
    default:
      throw reader.error("\(key).factorization", "\"\(name)\" is not a factorization; expected \"supernodal\" or \"cholmod\"")
    }
  }
}

/// Conversions of the units the model may name to SI, for documentation and for
/// converting fringe orders (lines per mm) to the model's length unit.
public enum UnitScale {
  public static let lengthMetres: [String: Double] = ["m": 1, "mm": 1e-3, "um": 1e-6, "in": 0.0254, "cm": 1e-2]
  public static let stressPascal: [String: Double] = ["Pa": 1, "kPa": 1e3, "MPa": 1e6, "GPa": 1e9, "psi": 6894.757293168, "ksi": 6894757.293168, "Msi": 6894757293.168]
}

/// Typed access to TOMLKit tables with messages that name file, line and key.
struct TableReader {
  let path: String
  let lines: TOMLLineIndex

  func location(_ key: String) -> SourceLocation {
    SourceLocation(file: path, line: lines.line(of: key), key: key)
  }

  func error(_ key: String, _ message: String) -> InputError {
    InputError(message, at: location(key))
  }

  /// File order of a key (its line), for stable iteration over TOMLKit's unordered keys.
  func order(_ key: String) -> Int { lines.line(of: key) ?? Int.max }

  func join(_ prefix: String, _ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

  func allowOnly(_ allowed: Set<String>, in table: TOMLTable, at prefix: String) throws {
    for key in table.keys where !allowed.contains(key) {
      throw error(join(prefix, key), "unknown key \"\(key)\"; expected one of \(allowed.sorted().joined(separator: ", "))")
    }
  }

  func optionalTable(_ t: TOMLTable, _ key: String, at prefix: String) throws -> TOMLTable? {
    guard let v = t[key] else { return nil }
    guard let table = v.table else { throw error(join(prefix, key), "is a \(v.type); expected a table") }
    return table
  }

  func arrayOfTables(_ t: TOMLTable, _ key: String) throws -> [TOMLTable] {
    guard let v = t[key] else { return [] }
    guard let array = v.array else { throw error(key, "is a \(v.type); expected an array of tables [[\(key)]]") }
    return try array.enumerated().map { i, item in
      guard let table = item.table else { throw error("\(key)[\(i)]", "is a \(item.type); expected a table") }
      return table
    }
  }

  func number(_ t: TOMLTable, _ key: String, at prefix: String) throws -> Double {
    guard let v = try optionalNumber(t, key, at: prefix) else {
      throw error(join(prefix, key), "is missing; expected a number")
    }
    return v
  }

  func optionalNumber(_ t: TOMLTable, _ key: String, at prefix: String) throws -> Double? {
    guard let v = t[key] else { return nil }
    let x: Double
    if let d = v.double { x = d } else if let i = v.int { x = Double(i) } else {
      throw error(join(prefix, key), "is a \(v.type); expected a number")
    }
    guard x.isFinite else { throw error(join(prefix, key), "= \(x); expected a finite number") }
    return x
  }

  func string(_ t: TOMLTable, _ key: String, at prefix: String) throws -> String {
    guard let s = try optionalString(t, key, at: prefix) else {
      throw error(join(prefix, key), "is missing; expected a string")
    }
    return s
  }

  func optionalString(_ t: TOMLTable, _ key: String, at prefix: String) throws -> String? {
    guard let v = t[key] else { return nil }
    guard let s = v.string else { throw error(join(prefix, key), "is a \(v.type); expected a string") }
    return s
  }

  func numberArray(_ t: TOMLTable, _ key: String, count: Int, at prefix: String) throws -> [Double] {
    guard let v = t[key] else { throw error(join(prefix, key), "is missing; expected an array of \(count) numbers") }
    guard let a = v.array, a.count == count else {
      throw error(join(prefix, key), "is not an array of \(count) numbers; expected [\((1...max(count, 1)).map { "x\($0)" }.joined(separator: ", "))]")
    }
    return try a.map { item in
      let x: Double
      if let d = item.double { x = d } else if let i = item.int { x = Double(i) } else {
        throw error(join(prefix, key), "holds a \(item.type); expected numbers")
      }
      guard x.isFinite else { throw error(join(prefix, key), "holds \(x); expected finite numbers") }
      return x
    }
  }

  func stringArray(_ t: TOMLTable, _ key: String, at prefix: String) throws -> [String] {
    guard let v = t[key] else { throw error(join(prefix, key), "is missing; expected an array of strings") }
    guard let a = v.array else { throw error(join(prefix, key), "is a \(v.type); expected an array of strings") }
    return try a.map { item in
      guard let s = item.string else { throw error(join(prefix, key), "holds a \(item.type); expected strings") }
      return s
    }
  }
}
