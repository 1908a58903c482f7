import FECommon
import FEKernel
import TOMLKit

/// The model file's extensions for several test set-ups in one fit: `[[load_case]]`
/// tables, `[[observation]]` arrays (several observed faces) and `[[pressure]]` loads.
extension ModelReader {
  /// `[observation]` (one face, the contract's) or `[[observation]]` (several) in table
  /// `t` at key path `prefix` (`""` or `load_case[1]`).
  static func observations(_ t: TOMLTable, at prefix: String, reader: TableReader) throws -> [ObservationSpec] {
    let key = reader.join(prefix, "observation")
    guard let value = t["observation"] else { return [] }
    var specs = [ObservationSpec]()
    if let table = value.table {
      specs = [try observationSpec(table, key: key, reader: reader)]
    } else if value.array != nil {
      let tables = try arrayOfTables(t, "observation", key: key, reader: reader)
      if tables.isEmpty { throw reader.error(key, "is an empty array; expected [[observation]] tables") }
      specs = try tables.enumerated().map { try observationSpec($1, key: "\(key)[\($0)]", reader: reader) }
    } else {
      throw reader.error(key, "is a \(value.type); expected an [observation] table or [[observation]] tables")
    }
    var seen = [String: Int]()
    for (i, spec) in specs.enumerated() {
      let name = spec.name ?? spec.group
      if let j = seen[name] {
        throw reader.error(spec.location.key ?? key, "observation \"\(name)\" is defined twice (also \(specs[j].location.key ?? key)); expected a distinct name for each observed face (name = \"...\")")
      }
      seen[name] = i
    }
    return specs
  }

  /// One observed face: the contract's keys and the extensions `name`, `data`, `sigma`.
  static func observationSpec(_ t: TOMLTable, key: String, reader: TableReader) throws -> ObservationSpec {
    try reader.allowOnly(["group", "components", "rigid_body", "name", "data", "sigma", "rotation_centre", "registration"], in: t, at: key)
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
      throw reader.error("\(key).rigid_body", "\"\(rb)\" is not a rigid-body treatment; expected \"fit\", \"fit_3d\" or \"none\"")
    }
    var spec = ObservationSpec(group: group, components: components, rigidBody: rigid, location: reader.location(key))
    if let name = try reader.optionalString(t, "name", at: key) {
      try checkName(name, key: "\(key).name", reader: reader)
      spec.name = name
    }
    spec.dataPath = try reader.optionalString(t, "data", at: key)
    if spec.dataPath?.isEmpty == true { throw reader.error("\(key).data", "is empty; expected the path of a data file") }
    if let sigma = try reader.optionalNumber(t, "sigma", at: key) {
      guard sigma > 0 else { throw reader.error("\(key).sigma", "= \(sigma); expected a positive standard deviation (length unit)") }
      spec.sigma = sigma
    }
    if t["rotation_centre"] != nil {
      let c = try reader.numberArray(t, "rotation_centre", count: 3, at: key)
      spec.rotationCentre = SIMD3(c[0], c[1], c[2])
    }
    spec.registration = try registration(t, key: key, reader: reader)  // ModelReader+Registration.swift
    return spec
  }

  /// `[[pressure]]` in table `t` at `prefix`: `group` and either `value` (uniform,
  /// stress unit) or `distribution` (an expression of x, y, z).
  static func pressures(_ t: TOMLTable, at prefix: String, reader: TableReader) throws -> [PressureLoad] {
    let arrayKey = reader.join(prefix, "pressure")
    return try arrayOfTables(t, "pressure", key: arrayKey, reader: reader).enumerated().map { i, p in
      let key = "\(arrayKey)[\(i)]"
      try reader.allowOnly(["group", "value", "distribution"], in: p, at: key)
      let group = try reader.string(p, "group", at: key)
      let value = try reader.optionalNumber(p, "value", at: key)
      let text = try reader.optionalString(p, "distribution", at: key)
      switch (value, text) {
      case (nil, nil):
        throw reader.error(key, "pressure on \"\(group)\" gives neither value nor distribution; expected value = <pressure> or distribution = \"<expression of x, y, z>\"")
      case (_?, _?):
        throw reader.error(key, "pressure on \"\(group)\" gives both value and distribution; expected one of them")
      case (let v?, nil):
        return PressureLoad(group: group, value: v, distribution: nil, location: reader.location(key))
      case (nil, let text?):
        let parsed: Result<ScalarExpression, ScalarExpression.ParseError>
        do throws(ScalarExpression.ParseError) { parsed = .success(try ScalarExpression(text)) } catch { parsed = .failure(error) }
        switch parsed {
        case .success(let e):
          return PressureLoad(group: group, value: nil, distribution: e, location: reader.location(key))
        case .failure(let error):
          throw reader.error("\(key).distribution", "in \"\(text)\" at \(error.description)")
        }
      }
    }
  }

  /// `[[load_case]]` tables: `name`, and the case's own `[[load_case.boundary]]`,
  /// `[[load_case.load]]`, `[[load_case.pressure]]`, observations, and `data` (the data
  /// file of a case with one observed face).
  static func loadCases(_ root: TOMLTable, topObservations: [ObservationSpec], reader: TableReader) throws -> [LoadCase] {
    var cases = [LoadCase]()
    for (i, t) in try arrayOfTables(root, "load_case", key: "load_case", reader: reader).enumerated() {
      let key = "load_case[\(i)]"
      try reader.allowOnly(["name", "boundary", "load", "pressure", "observation", "data"], in: t, at: key)
      let name = try reader.string(t, "name", at: key)
      try checkName(name, key: "\(key).name", reader: reader)
      if let previous = cases.firstIndex(where: { $0.name == name }) {
        throw reader.error("\(key).name", "\"\(name)\" is already the name of load_case[\(previous)]; expected a distinct name for each load case")
      }
      let boundary = try self.boundary(t, at: key, reader: reader)
      let loads = try self.loads(t, at: key, reader: reader)
      let pressures = try self.pressures(t, at: key, reader: reader)
      var observations = try self.observations(t, at: key, reader: reader)
      if let data = try reader.optionalString(t, "data", at: key) {
        var faces = observations.isEmpty ? topObservations : observations
        guard faces.count == 1 else {
          throw reader.error("\(key).data", "load case \"\(name)\" observes \(faces.count) faces; expected data = \"...\" in each of its [[load_case.observation]] tables instead")
        }
        guard faces[0].dataPath == nil || observations.isEmpty else {
          throw reader.error("\(key).data", "the case's observation names its own data; expected one of the two")
        }
        faces[0].dataPath = data
        observations = faces
      }
      if boundary.isEmpty && loads.isEmpty && pressures.isEmpty {
        throw reader.error(key, "load case \"\(name)\" has no [[load_case.boundary]], [[load_case.load]] or [[load_case.pressure]] entry; expected what makes it a test of its own")
      }
      cases.append(LoadCase(name: name, boundary: boundary, loads: loads, pressures: pressures,
                            observations: observations, location: reader.location(key)))
    }
    return cases
  }

  /// A case or face name: used in `--fringes NAME=FILE`, so free of `/`, `=` and blanks.
  static func checkName(_ name: String, key: String, reader: TableReader) throws {
    guard !name.isEmpty, !name.contains(where: { $0 == "/" || $0 == "=" || $0.isWhitespace || $0 == "," }) else {
      throw reader.error(key, "\"\(name)\" is not a usable name; expected a non-empty name without \"/\", \"=\", \",\" or blanks")
    }
  }

  /// `[[boundary]]` entries in table `t` at `prefix` (the top level's or a case's).
  static func boundary(_ t: TOMLTable, at prefix: String, reader: TableReader) throws -> [PrescribedDisplacement] {
    let arrayKey = reader.join(prefix, "boundary")
    var boundary = [PrescribedDisplacement]()
    for (i, b) in try arrayOfTables(t, "boundary", key: arrayKey, reader: reader).enumerated() {
      let key = "\(arrayKey)[\(i)]"
      try reader.allowOnly(["group", "ux", "uy", "uz"], in: b, at: key)
      let group = try reader.string(b, "group", at: key)
      let values = try ["ux", "uy", "uz"].map { try reader.optionalNumber(b, $0, at: key) }
      if values.allSatisfy({ $0 == nil }) {
        throw reader.error(key, "boundary on \"\(group)\" prescribes nothing; expected at least one of ux, uy, uz")
      }
      boundary.append(PrescribedDisplacement(group: group, values: values, location: reader.location(key)))
    }
    return boundary
  }

  /// `[[load]]` entries in table `t` at `prefix`.
  static func loads(_ t: TOMLTable, at prefix: String, reader: TableReader) throws -> [SurfaceLoad] {
    let arrayKey = reader.join(prefix, "load")
    return try arrayOfTables(t, "load", key: arrayKey, reader: reader).enumerated().map { i, l in
      let key = "\(arrayKey)[\(i)]"
      try reader.allowOnly(["group", "force"], in: l, at: key)
      let group = try reader.string(l, "group", at: key)
      let force = try reader.numberArray(l, "force", count: 3, at: key)
      return SurfaceLoad(group: group, force: SIMD3(force[0], force[1], force[2]), location: reader.location(key))
    }
  }

  /// An array of tables at `key` (a full key path for messages).
  static func arrayOfTables(_ t: TOMLTable, _ name: String, key: String, reader: TableReader) throws -> [TOMLTable] {
    guard let v = t[name] else { return [] }
    guard let array = v.array else { throw reader.error(key, "is a \(v.type); expected an array of tables [[\(key.replacingOccurrences(of: "[0]", with: ""))]]") }
    return try array.enumerated().map { i, item in
      guard let table = item.table else { throw reader.error("\(key)[\(i)]", "is a \(item.type); expected a table") }
      return table
    }
  }
}
