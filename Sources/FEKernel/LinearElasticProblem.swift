import FECommon

/// A mesh and a model bound together and checked against each other: which
/// material and angle each volume block has, which DOFs are prescribed, and
/// which surfaces carry loads.
///
/// Binding is where names meet: every `[[plies]]` group, boundary group, load
/// group and the observation group must exist in the mesh's physical names, and
/// every volume element must belong to exactly one ply. Each failure is an
/// `InputError` naming the model file and the key (`plies[3].group`).
public struct LinearElasticProblem: Sendable {
  public let mesh: Mesh
  public let model: ModelDefinition
  /// The mesh file as the user named it.
  public let meshSource: String
  /// For each volume block (in `mesh.volumeBlocks` order), the index into `model.plies`.
  public let blockPly: [Int]
  /// Prescribed DOFs, ascending, with their values (model length unit).
  public internal(set) var prescribed: [(dof: Int, value: Double)]
  /// Nodes that belong to no volume element; their DOFs are held at zero and excluded from outputs' meaning.
  public let inactiveNodes: [Int]

  public init(mesh: Mesh, model: ModelDefinition, meshSource: String) throws {
    self.mesh = mesh
    self.model = model
    self.meshSource = meshSource
    let volumeBlocks = mesh.volumeBlocks

    // Materials: each valid on its own.
    for material in model.materials {
      let table = "materials.\(material.name)"
      try material.validate { model.location($0.map { "\(table).\($0)" } ?? table) }
    }

    // Plies: group exists as a volume group, material exists.
    var plyOfGroupTag = [Int: Int]()
    for (i, ply) in model.plies.enumerated() {
      guard let group = mesh.physicalGroups.first(where: { $0.name == ply.group && $0.dimension == 3 }) else {
        throw InputError(
          "group \"\(ply.group)\" is not a physical volume of \(meshSource); expected one of \(Self.names(mesh, dimension: 3))",
          at: model.location("plies[\(i)].group"))
      }
      guard model.material(named: ply.material) != nil else {
        throw InputError(
          "material \"\(ply.material)\" is not defined; expected one of \(model.materials.map { "\"\($0.name)\"" }.joined(separator: ", "))",
          at: model.location("plies[\(i)].material"))
      }
      if let previous = plyOfGroupTag[group.tag] {
        throw InputError(
          "group \"\(ply.group)\" already has a ply entry (plies[\(previous)]); expected one entry per volume group",
          at: model.location("plies[\(i)].group"))
      }
      plyOfGroupTag[group.tag] = i
    }
    var blockPly = [Int]()
    for block in volumeBlocks {
      let matches = block.physicalTags.compactMap { plyOfGroupTag[$0] }
      guard let ply = matches.first else {
        let groupNames = block.physicalTags.compactMap { tag in
          mesh.physicalGroups.first { $0.dimension == 3 && $0.tag == tag }?.name
        }
        let what = groupNames.isEmpty ? "belong to no physical volume" : "belong to \(groupNames.map { "\"\($0)\"" }.joined(separator: ", "))"
        throw InputError(
          "\(block.elementCount) \(block.kind) elements (first tag \(block.elementTags.first ?? 0)) \(what), which no [[plies]] entry names; expected every volume element in a ply group",
          at: model.location("plies"))
      }
      if matches.count > 1 {
        throw InputError(
          "\(block.kind) elements (first tag \(block.elementTags.first ?? 0)) belong to two ply groups (\(model.plies[matches[0]].group), \(model.plies[matches[1]].group)); expected exactly one",
          at: model.location("plies"))
      }
      blockPly.append(ply)
    }
    self.blockPly = blockPly

    // Active nodes.
    var active = [Bool](repeating: false, count: mesh.nodeCount)
    for block in volumeBlocks { for node in block.connectivity { active[node] = true } }
    self.inactiveNodes = active.indices.filter { !active[$0] }

    // Prescribed displacements.
    var value = [Int: (Double, Int)]()  // dof -> (value, boundary entry)
    for (i, bc) in model.boundary.enumerated() {
      let bcKey = bc.location.key ?? "boundary[\(i)]"  // a load case's own: load_case[k].boundary[j]
      let group = try Self.group(named: bc.group, in: mesh, meshSource: meshSource, at: model.location("\(bcKey).group"))
      let nodes = mesh.nodes(in: group)
      if bc.values.allSatisfy({ $0 == nil }) {
        throw InputError("no component given; expected at least one of ux, uy, uz", at: bc.location)
      }
      // Beyond 1e100 the stiffness times the value overflows; it is no displacement anyway.
      for (c, v) in bc.values.enumerated() {
        guard let v, !(abs(v) <= 1e100) else { continue }
        throw InputError("found \(DOF.componentNames[c]) = \(v); expected a finite displacement with magnitude <= 1e100",
                         at: model.location("\(bcKey).\(DOF.componentNames[c])"))
      }
      for node in nodes where active[node] {
        for c in 0..<3 {
          guard let v = bc.values[c] else { continue }
          let dof = DOF.index(node: node, component: c)
          if let (old, j) = value[dof], abs(old - v) > 1e-12 * max(abs(old), abs(v)) {
            throw InputError(
              "\(DOF.componentNames[c]) = \(v) at node \(mesh.nodeTags[node]) contradicts \(DOF.componentNames[c]) = \(old) from boundary[\(j)] (group \"\(model.boundary[j].group)\"); expected one value per node and component",
              at: bc.location)
          }
          value[dof] = (v, i)
        }
      }
    }
    self.prescribed = value.keys.sorted().map { ($0, value[$0]!.0) }

    // Loads: surface groups.
    for (i, load) in model.loads.enumerated() {
      let key = load.location.key ?? "load[\(i)]"
      let group = try Self.group(named: load.group, in: mesh, meshSource: meshSource, at: model.location("\(key).group"))
      guard group.dimension == 2 else {
        throw InputError(
          "group \"\(load.group)\" has dimension \(group.dimension); expected a physical surface (a force is spread over an area)",
          at: model.location("\(key).group"))
      }
      guard [load.force.x, load.force.y, load.force.z].allSatisfy({ abs($0) <= 1e100 }) else {
        throw InputError("force has a non-finite component or one above 1e100; expected three finite numbers of magnitude <= 1e100",
                         at: model.location("\(key).force"))
      }
    }
    for (i, pressure) in model.pressures.enumerated() {
      let key = pressure.location.key ?? "pressure[\(i)]"
      let group = try Self.group(named: pressure.group, in: mesh, meshSource: meshSource, at: model.location("\(key).group"))
      guard group.dimension == 2 else {
        throw InputError(
          "group \"\(pressure.group)\" has dimension \(group.dimension); expected a physical surface (a pressure acts on faces)",
          at: model.location("\(key).group"))
      }
    }
    for obs in model.observation.map({ [$0] + model.observations.dropFirst() }) ?? model.observations {
      let key = obs.location.key ?? "observation"
      let group = try Self.group(named: obs.group, in: mesh, meshSource: meshSource, at: model.location("\(key).group"))
      guard group.dimension == 2 else {
        throw InputError(
          "group \"\(obs.group)\" has dimension \(group.dimension); expected a physical surface",
          at: model.location("\(key).group"))
      }
    }
  }

  static func names(_ mesh: Mesh, dimension: Int? = nil) -> String {
    let names = mesh.physicalGroups.filter { dimension == nil || $0.dimension == dimension }.map { "\"\($0.name)\"" }
    return names.isEmpty ? "(none)" : names.joined(separator: ", ")
  }

  static func group(named name: String, in mesh: Mesh, meshSource: String, at location: SourceLocation) throws -> PhysicalGroup {
    guard let group = mesh.group(named: name) else {
      throw InputError(
        "group \"\(name)\" is not a physical group of \(meshSource); expected one of \(names(mesh))",
        at: location)
    }
    // A name in $PhysicalNames with no elements would silently hold, load or observe nothing.
    guard mesh.blocks(in: group).contains(where: { !$0.elementTags.isEmpty }) else {
      throw InputError(
        "group \"\(name)\" is named in \(meshSource) but has no elements; expected a group with elements of dimension \(group.dimension)",
        at: location)
    }
    return group
  }

  /// The global 6×6 stiffness of each volume block for the model's materials and angles.
  public func blockStiffnesses(model: ModelDefinition? = nil) -> [[Double]] {
    let model = model ?? self.model
    return blockPly.map { p in
      let ply = model.plies[p]
      let material = model.material(named: ply.material)!
      return PlyRotation.rotatedStiffness(material.stiffness, angle: ply.angle).values
    }
  }

  /// The 1-based ply number of each volume element, in assembly order.
  public var elementPly: [Int] {
    var out = [Int]()
    for (b, block) in mesh.volumeBlocks.enumerated() {
      out.append(contentsOf: repeatElement(blockPly[b] + 1, count: block.elementCount))
    }
    return out
  }
}

extension SourceLocation {
  /// The same location with `.component` appended to its key path.
  public func appendingKey(_ component: String) -> SourceLocation {
    var loc = self
    loc.key = (key.map { $0 + "." } ?? "") + component
    return loc
  }
}

extension LinearElasticProblem {
  /// The same problem with a different list of prescribed DOFs (ascending, unique),
  /// for callers that prescribe values node by node (tests, manufactured solutions).
  public func replacingPrescribed(_ prescribed: [(dof: Int, value: Double)]) -> LinearElasticProblem {
    var copy = self
    copy.prescribed = prescribed
    return copy
  }
}
