import FECommon
import FEKernel
import Foundation
import LaminateFit
import SparseSolve
import TOMLKit

/// Reads the model TOML of `shared/spec/interface.md` into a `ModelFile`: the model,
/// the fit settings and the solver choice, in one pass over one parsed document.
///
/// Every value is checked here for its own sake (type, sign, finiteness, known
/// names); checks against the mesh come when the problem is bound. Unknown keys
/// are errors, so a misspelt `nu_12` is not silently ignored. Messages name the
/// file, the line (found by `TOMLLineIndex`) and the key path.
public enum ModelReader {
  public static func read(path: String) throws -> ModelFile {
    let text = try TOMLDocument.text(of: path, unreadable: "cannot read the model file; expected a readable TOML file (write one beside the mesh or pass --model)", notText: "the file is not UTF-8 text; expected a TOML model")
    return try parse(text: text, path: path)
  }

  public static func parse(text: String, path: String) throws -> ModelFile {
    let document = try TOMLDocument(text: text, path: path)
    let (root, reader, lines) = (document.root, document.reader, document.reader.lines)
    try reader.allowOnly(["units", "materials", "plies", "boundary", "load", "observation", "fit", "solver", "pressure", "load_case", "data"], in: root, at: "")
    let (lengthUnit, stressUnit) = try units(root, reader: reader)
    let materials = try materials(root, reader: reader)
    let observations = try observations(root, at: "", reader: reader)
    var model = ModelDefinition(
      source: path, lengthUnit: lengthUnit, stressUnit: stressUnit, materials: materials,
      plies: try plies(root, materials: materials, reader: reader),
      boundary: try boundary(root, reader: reader), loads: try loads(root, reader: reader),
      observation: observations.first)
    model.strengths = try strengths(root, reader: reader)
    // Extensions (ModelReader+LoadCases.swift): several faces, pressures, load cases.
    model.observations = observations
    model.pressures = try pressures(root, at: "", reader: reader)
    model.loadCases = try loadCases(root, topObservations: observations, reader: reader)
    var factorization = FactorizationMethod.standard
    var solverOptions = SolverOptions()
    if let t = try reader.optionalTable(root, "solver", at: "") {
      factorization = try solverMethod(t, reader: reader)
      solverOptions = try self.solverOptions(t, reader: reader)  // ModelReader+Solver.swift
    }
    var fitSettings: FitSettings?
    if let t = try reader.optionalTable(root, "fit", at: "") {
      fitSettings = try fit(t, model: model, reader: reader)
    }
    var file = ModelFile(path: path, model: model, fitSettings: fitSettings, factorization: factorization, lines: lines)
    file.dataOptions = try dataOptions(root, lengthUnit: lengthUnit, reader: reader)
    file.solverOptions = solverOptions
    return file
  }

  /// `[units]`: the length and stress units, MPa and mm by default.
  static func units(_ root: TOMLTable, reader: TableReader) throws -> (length: String, stress: String) {
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
    return (lengthUnit, stressUnit)
  }

  /// `[materials.NAME]`: the nine constants of each, in file order, each material checked.
  static func materials(_ root: TOMLTable, reader: TableReader) throws -> [OrthotropicMaterial] {
    guard let materialTable = try reader.optionalTable(root, "materials", at: "") else {
      throw reader.error("materials", "no [materials.NAME] table; expected at least one material")
    }
    var materials = [OrthotropicMaterial]()
    for name in materialTable.keys.sorted(by: { reader.order("materials.\($0)") < reader.order("materials.\($1)") }) {
      let key = "materials.\(name)"
      guard let t = materialTable[name]?.table else {
        throw reader.error(key, "is not a table; expected [materials.\(name)] with E1 ... nu23")
      }
      try reader.allowOnly(Set(OrthotropicConstant.allCases.map(\.key) + PlyStrengths.keys), in: t, at: key)
      var m = OrthotropicMaterial.isotropic(name: name, E: 1, nu: 0)
      for constant in OrthotropicConstant.allCases {
        m[constant] = try reader.number(t, constant.key, at: key)
      }
      try m.validate { reader.location($0.map { "\(key).\($0)" } ?? key) }
      materials.append(m)
    }
    return materials
  }

  /// `[[plies]]`: group, material and angle (degrees in the file, radians in the model;
  /// an omitted angle is 0°).
  static func plies(_ root: TOMLTable, materials: [OrthotropicMaterial], reader: TableReader) throws -> [PlyAssignment] {
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
    return plies
  }

  /// `[[boundary]]`: prescribed displacement components on a group.
  static func boundary(_ root: TOMLTable, reader: TableReader) throws -> [PrescribedDisplacement] {
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
    return boundary
  }

  /// `[[load]]`: a total force on a group.
  static func loads(_ root: TOMLTable, reader: TableReader) throws -> [SurfaceLoad] {
    var loads = [SurfaceLoad]()
    for (i, t) in try reader.arrayOfTables(root, "load").enumerated() {
      let key = "load[\(i)]"
      try reader.allowOnly(["group", "force"], in: t, at: key)
      let group = try reader.string(t, "group", at: key)
      let force = try reader.numberArray(t, "force", count: 3, at: key)
      loads.append(SurfaceLoad(group: group, force: SIMD3(force[0], force[1], force[2]), location: reader.location(key)))
    }
    return loads
  }

  /// The `[solver]` table (a feinvert extension): `factorization = "supernodal"` (the
  /// default, the project's own parallel supernodal Cholesky) or `"cholmod"`, and for the
  /// former `threads` (default: the cores this process may use).
  static func solverMethod(_ t: TOMLTable, reader: TableReader) throws -> FactorizationMethod {
    let key = "solver"
    try reader.allowOnly(Set(["factorization", "threads", "precision"]).union(solverOptionKeys), in: t, at: key)
    let name = try reader.optionalString(t, "factorization", at: key) ?? "supernodal"
    let threads = try reader.optionalNumber(t, "threads", at: key)
    let mixed = try mixedPrecision(t, factorization: name, reader: reader)
    switch name {
    case "supernodal":
      var count = FactorizationMethod.defaultThreadCount
      if let threads {
        guard threads >= 1, threads <= 1024, threads.rounded() == threads else {
          throw reader.error("\(key).threads", "\(threads) is not a thread count; expected a whole number from 1 to 1024")
        }
        count = Int(threads)
      }
      return mixed ? .mixedPrecision(threads: count, blockSize: 3) : .supernodal(threads: count, blockSize: 3)
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
