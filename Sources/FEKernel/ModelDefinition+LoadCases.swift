import FECommon

/// One `[[pressure]]` entry: a pressure on a surface group, acting along the face's
/// normal. A positive pressure pushes on the body: the traction is t = −p n, n the
/// outward unit normal (outward from the volume element the face bounds).
public struct PressureLoad: Sendable, Equatable {
  public var group: String
  /// The uniform pressure (model stress unit), or nil when `distribution` gives it.
  public var value: Double?
  /// The pressure as an expression of x, y, z (model stress unit, coordinates in the
  /// model length unit), or nil for a uniform one.
  public var distribution: ScalarExpression?
  /// Where the entry was defined (file and key path, e.g. `pressure[0]`).
  public var location: SourceLocation
  public init(group: String, value: Double?, distribution: ScalarExpression?, location: SourceLocation) {
    precondition((value == nil) != (distribution == nil), "PressureLoad: exactly one of value and distribution")
    self.group = group
    self.value = value
    self.distribution = distribution
    self.location = location
  }

  /// The pressure at a point, model stress unit.
  public func pressure(at p: SIMD3<Double>) -> Double { value ?? distribution!.evaluate(p) }
}

/// One `[[load_case]]` table: a test set-up of its own (loads, prescribed
/// displacements, observed faces and their data) on the model's mesh and materials.
///
/// The model's top-level `[[boundary]]`, `[[load]]` and `[[pressure]]` entries apply to
/// every case (the supports they share); a case adds its own. Its observations replace
/// the top-level ones when it lists any.
public struct LoadCase: Sendable, Equatable {
  public var name: String
  public var boundary: [PrescribedDisplacement]
  public var loads: [SurfaceLoad]
  public var pressures: [PressureLoad]
  public var observations: [ObservationSpec]
  public var location: SourceLocation
  public init(
    name: String, boundary: [PrescribedDisplacement], loads: [SurfaceLoad], pressures: [PressureLoad],
    observations: [ObservationSpec], location: SourceLocation
  ) {
    self.name = name
    self.boundary = boundary
    self.loads = loads
    self.pressures = pressures
    self.observations = observations
    self.location = location
  }
}

/// One observed face of one load case: what a data file is compared with.
public struct ObservedDataSet: Sendable, Equatable {
  /// `CASE` for a case with one observed face, else `CASE/FACE` (`FACE` alone without
  /// load cases; the face's name is its `name`, or its group's): the `NAME` of
  /// `--fringes NAME=FILE` and of the report's `data_sets`.
  public var name: String
  /// Other names that select it (`CASE/FACE` beside `CASE`, the face alone).
  public var aliases: [String]
  /// Index into `ModelDefinition.caseModels`.
  public var caseIndex: Int
  public var caseName: String?
  public var observation: ObservationSpec
}

extension ModelDefinition {
  /// The model of each load case: the top-level supports and loads plus the case's own,
  /// the case's observations (or the top level's), and no further cases. A model
  /// without `[[load_case]]` is its own single case.
  public var caseModels: [ModelDefinition] {
    guard !loadCases.isEmpty else { return [self] }
    return loadCases.map { c in
      var m = self
      m.loadCases = []
      m.boundary = boundary + c.boundary
      m.loads = loads + c.loads
      m.pressures = pressures + c.pressures
      m.observations = c.observations.isEmpty ? observations : c.observations
      m.observation = m.observations.first
      return m
    }
  }

  /// Every observed face of every case, in file order (cases, then faces).
  public var dataSets: [ObservedDataSet] {
    let cases = caseModels
    var out = [ObservedDataSet]()
    for (k, m) in cases.enumerated() {
      let caseName = loadCases.isEmpty ? nil : loadCases[k].name
      let faces = m.observations.isEmpty ? (m.observation.map { [$0] } ?? []) : m.observations
      for o in faces {
        let face = o.name ?? o.group
        var name = face, aliases = [String]()
        if let caseName {
          name = faces.count == 1 ? caseName : "\(caseName)/\(face)"
          aliases = faces.count == 1 ? ["\(caseName)/\(face)"] : []
        }
        out.append(ObservedDataSet(name: name, aliases: aliases, caseIndex: k, caseName: caseName, observation: o))
      }
    }
    return out
  }
}
