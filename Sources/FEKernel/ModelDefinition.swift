import FECommon

/// The model a user hands feinvert beside the mesh: materials, ply assignments,
/// boundary conditions, loads and the observation surface.
///
/// This is the parsed contents of the model TOML (`shared/spec/interface.md`,
/// "Model: TOML"), with every value already checked for its own sake; checks
/// against the mesh (group names, coverage) happen in `LinearElasticProblem.init`.
/// Angles are in radians here; the TOML holds degrees.
public struct ModelDefinition: Sendable {
  public var source: String
  public var lengthUnit: String
  public var stressUnit: String
  /// Materials by name, in file order.
  public var materials: [OrthotropicMaterial]
  public var plies: [PlyAssignment]
  public var boundary: [PrescribedDisplacement]
  public var loads: [SurfaceLoad]
  public var observation: ObservationSpec?
  /// Strengths by material name, for the materials whose `[materials.NAME]` gives them
  /// (an extension: the failure index of `solution.vtu`).
  public var strengths: [String: PlyStrengths] = [:]
  /// `[[pressure]]` entries: pressures on surface groups (a feinvert extension).
  public var pressures: [PressureLoad] = []
  /// Every observed face of the model's top level (`[observation]` or `[[observation]]`),
  /// in file order; `observation` is the first of them.
  public var observations: [ObservationSpec] = []
  /// `[[load_case]]` tables (a feinvert extension); empty: the model is its own one case.
  /// See `ModelDefinition+LoadCases.swift`.
  public var loadCases: [LoadCase] = []

  public init(
    source: String, lengthUnit: String = "mm", stressUnit: String = "MPa",
    materials: [OrthotropicMaterial], plies: [PlyAssignment], boundary: [PrescribedDisplacement],
    loads: [SurfaceLoad], observation: ObservationSpec? = nil
  ) {
    self.source = source
    self.lengthUnit = lengthUnit
    self.stressUnit = stressUnit
    self.materials = materials
    self.plies = plies
    self.boundary = boundary
    self.loads = loads
    self.observation = observation
  }

  /// A key of the model file (`plies[2].group`), for messages about it.
  ///
  /// The kernel knows no lines: the model reader that made this definition adds the
  /// key's line to an error at such a location (`ModelFile.locatingKeys`).
  public func location(_ key: String) -> SourceLocation {
    SourceLocation(file: source, key: key)
  }

  public func material(named name: String) -> OrthotropicMaterial? {
    materials.first { $0.name == name }
  }
}

/// One `[[plies]]` entry: a physical volume group, its material and its angle.
public struct PlyAssignment: Sendable, Equatable {
  public var group: String
  public var material: String
  /// Fibre angle about +z from +x, radians (the TOML's `angle` is in degrees).
  public var angle: Double
  /// Where the entry was defined (file and key path, e.g. `plies[2]`).
  public var location: SourceLocation
  public init(group: String, material: String, angle: Double, location: SourceLocation) {
    self.group = group
    self.material = material
    self.angle = angle
    self.location = location
  }
}

/// One `[[boundary]]` entry: displacement components prescribed on a physical group.
public struct PrescribedDisplacement: Sendable, Equatable {
  public var group: String
  /// Prescribed value of each component (0 = x, 1 = y, 2 = z), nil where free.
  public var values: [Double?]
  public var location: SourceLocation
  public init(group: String, values: [Double?], location: SourceLocation) {
    precondition(values.count == 3, "PrescribedDisplacement needs 3 optional components")
    self.group = group
    self.values = values
    self.location = location
  }
}

/// One `[[load]]` entry: a total force spread as a uniform traction over the group's area.
public struct SurfaceLoad: Sendable, Equatable {
  public var group: String
  /// Total force, model force unit (stress unit × length unit²).
  public var force: SIMD3<Double>
  public var location: SourceLocation
  public init(group: String, force: SIMD3<Double>, location: SourceLocation) {
    self.group = group
    self.force = force
    self.location = location
  }
}

/// How the measured field's own rigid-body motion is treated.
public enum RigidBodyTreatment: String, Sendable {
  /// Estimate and remove the data's translation and in-plane rotation.
  case fit
  /// Compare the data as given.
  case none
  /// Estimate and remove the data's full small rigid motion: three translations and three
  /// rotations about the observed face's centre (`rigid_body = "fit_3d"`, an extension),
  /// for 3-D data whose frame may tilt. Rotations the observed components cannot see are
  /// left out.
  case fit3D = "fit_3d"
}

/// The `[observation]` table: where the moiré data lie and which components they hold.
public struct ObservationSpec: Sendable, Equatable {
  public var group: String
  /// Components observed (0 = ux, 1 = uy, 2 = uz), in file order.
  public var components: [Int]
  public var rigidBody: RigidBodyTreatment
  public var location: SourceLocation
  /// The face's name among a case's observations (`name`, default: the group's name).
  public var name: String?
  /// The data file named in the model (`data`, relative to the model file), if any.
  public var dataPath: String?
  /// The noise standard deviation of data without sigma columns (`sigma`, length unit).
  public var sigma: Double?
  /// The point the data's rigid rotations turn about (`rotation_centre`, length unit);
  /// nil: the centre of the face's nodes' bounding box.
  public var rotationCentre: SIMD3<Double>?
  /// The data's frame when it is a camera's, not the model's (`[observation.registration]`);
  /// nil: the data are in the model's frame.
  public var registration: DataRegistrationSpec?
  public init(group: String, components: [Int], rigidBody: RigidBodyTreatment, location: SourceLocation) {
    self.group = group
    self.components = components
    self.rigidBody = rigidBody
    self.location = location
  }
}
