import FEBasis

/// A finite-element mesh as a value: nodes, element blocks and named physical groups.
///
/// Nodes are stored densely (index 0..<nodeCount) with their Gmsh tags kept, so
/// outputs can report the input's tags. Coordinates are flat, 3 per node, in the
/// model's length unit. Elements of every dimension are kept in blocks of one kind
/// that share their physical-group membership (one MSH 4 entity block, or the
/// elements of MSH 2.2 that share a physical tag and kind). Connectivity is in node
/// indices, in Gmsh's node order.
public struct Mesh: Sendable, Equatable {
  /// Gmsh node tag of each dense node index.
  public var nodeTags: [NodeTag]
  /// Coordinates, `3 * node + axis`.
  public var coordinates: [Double]
  /// Element blocks of every dimension.
  public var blocks: [ElementBlock]
  /// Named physical groups.
  public var physicalGroups: [PhysicalGroup]

  /// Dense index of every node tag.
  public private(set) var indexOfTag: [NodeTag: Int]

  public init(
    nodeTags: [NodeTag], coordinates: [Double], blocks: [ElementBlock],
    physicalGroups: [PhysicalGroup]
  ) {
    precondition(coordinates.count == 3 * nodeTags.count, "Mesh: coordinates.count must be 3 * nodeTags.count")
    self.nodeTags = nodeTags
    self.coordinates = coordinates
    self.blocks = blocks
    self.physicalGroups = physicalGroups
    var map = [NodeTag: Int](minimumCapacity: nodeTags.count)
    for (i, t) in nodeTags.enumerated() { map[t] = i }
    self.indexOfTag = map
  }

  public var nodeCount: Int { nodeTags.count }

  /// The dense index of a node tag, or `nil` when the mesh has no such node.
  public func nodeIndex(for tag: NodeTag) -> Int? { indexOfTag[tag] }

  /// The physical group with this name, if any (names are unique per dimension in Gmsh;
  /// when a name occurs in several dimensions the highest dimension wins).
  public func group(named name: String) -> PhysicalGroup? {
    physicalGroups.filter { $0.name == name }.max { $0.dimension < $1.dimension }
  }

  /// The blocks belonging to a physical group.
  public func blocks(in group: PhysicalGroup) -> [ElementBlock] {
    blocks.filter { $0.kind.dimension == group.dimension && $0.physicalTags.contains(group.tag) }
  }

  /// The blocks of volume elements (the ones that carry stiffness).
  public var volumeBlocks: [ElementBlock] { blocks.filter { $0.kind.dimension == 3 } }

  /// Number of volume elements.
  public var volumeElementCount: Int { volumeBlocks.reduce(0) { $0 + $1.elementCount } }

  /// Dense node indices (sorted, unique) touched by the elements of a group.
  public func nodes(in group: PhysicalGroup) -> [Int] {
    var seen = Set<Int>()
    for b in blocks(in: group) { seen.formUnion(b.connectivity) }
    return seen.sorted()
  }

  /// Coordinates of one node.
  @inlinable
  public func point(_ node: Int) -> SIMD3<Double> {
    SIMD3(coordinates[3 * node], coordinates[3 * node + 1], coordinates[3 * node + 2])
  }

  public static func == (a: Mesh, b: Mesh) -> Bool {
    a.nodeTags == b.nodeTags && a.coordinates == b.coordinates && a.blocks == b.blocks
      && a.physicalGroups == b.physicalGroups
  }
}

/// Elements of one kind sharing their physical-group membership.
public struct ElementBlock: Sendable, Equatable {
  public var kind: ElementKind
  /// Gmsh element tags, one per element.
  public var elementTags: [Int]
  /// Node indices (dense), `kind.nodeCount` per element, Gmsh order.
  public var connectivity: [Int]
  /// Tags of the physical groups (of this block's dimension) the elements belong to.
  public var physicalTags: [Int]

  public init(kind: ElementKind, elementTags: [Int], connectivity: [Int], physicalTags: [Int]) {
    precondition(connectivity.count == kind.nodeCount * elementTags.count,
                 "ElementBlock: connectivity.count must be nodeCount * elementTags.count")
    self.kind = kind
    self.elementTags = elementTags
    self.connectivity = connectivity
    self.physicalTags = physicalTags
  }

  public var elementCount: Int { elementTags.count }

  /// Node indices of element `e` (0-based within the block).
  @inlinable
  public func nodes(of e: Int) -> ArraySlice<Int> {
    let n = kind.nodeCount
    return connectivity[(e * n)..<((e + 1) * n)]
  }
}

/// A Gmsh physical group: a dimension, a tag unique within it, and a name.
public struct PhysicalGroup: Sendable, Hashable {
  public var dimension: Int
  public var tag: Int
  public var name: String
  public init(dimension: Int, tag: Int, name: String) {
    self.dimension = dimension
    self.tag = tag
    self.name = name
  }
}
