import FECommon
import FEKernel

/// The MSH variants feinvert reads and writes.
public enum MshFormat: Sendable, CaseIterable, Equatable {
  /// MSH 2.2, ASCII.
  case v22ASCII
  /// MSH 4.1, ASCII.
  case v41ASCII
  /// MSH 4.1, binary (little-endian, `size_t` of 8 bytes).
  case v41Binary
}

/// Writes a `Mesh` as a Gmsh MSH file.
///
/// Each element block becomes one elementary entity of its dimension (entity tags
/// 1, 2, ... per dimension, in block order) carrying the block's physical tags;
/// `$PhysicalNames` lists `mesh.physicalGroups`. Node tags and element tags are the
/// mesh's own. In MSH 4.1 all nodes form one node block, in the mesh's node order,
/// attached to the first entity of the highest dimension. In MSH 2.2 an element of
/// a block with several physical tags is written once per physical tag (as Gmsh
/// does), with the same element tag; `MshReader` merges those repeats.
///
/// Round trip: `MshReader.read(data: encode(m, format: f), ...) == MshWriter.canonical(m)`
/// for all three formats, and `canonical(m) == m` when the blocks are in ascending
/// dimension order, none is empty, each block's physical tags are sorted without
/// repeats and the physical groups are sorted by (dimension, tag).
public enum MshWriter {
  /// Encodes the mesh in the given format.
  ///
  /// - Complexity: O(nodes + connectivity).
  public static func encode(_ mesh: Mesh, format: MshFormat) -> [UInt8] {
    switch format {
    case .v22ASCII: return Array(encode22(mesh).utf8)
    case .v41ASCII: return encode41(mesh, binary: false)
    case .v41Binary: return encode41(mesh, binary: true)
    }
  }

  /// The mesh as `MshReader` returns it after a round trip through `encode`: blocks
  /// stably sorted by dimension, empty blocks dropped, physical tags of each block
  /// sorted without repeats, physical groups sorted by (dimension, tag).
  public static func canonical(_ mesh: Mesh) -> Mesh {
    var blocks: [ElementBlock] = []
    for dim in 0...3 {
      for b in mesh.blocks where b.kind.dimension == dim && b.elementCount > 0 {
        var c = b
        c.physicalTags = Array(Set(b.physicalTags)).sorted()
        blocks.append(c)
      }
    }
    let groups = mesh.physicalGroups.sorted { ($0.dimension, $0.tag) < ($1.dimension, $1.tag) }
    return Mesh(nodeTags: mesh.nodeTags, coordinates: mesh.coordinates, blocks: blocks, physicalGroups: groups)
  }

  // MARK: shared

  /// Element blocks in writing order with their entity tags.
  static func entities(_ mesh: Mesh) -> [(dim: Int, tag: Int, block: ElementBlock)] {
    var out: [(dim: Int, tag: Int, block: ElementBlock)] = []
    for dim in 0...3 {
      var next = 1
      for b in mesh.blocks where b.kind.dimension == dim && b.elementCount > 0 {
        var c = b
        c.physicalTags = Array(Set(b.physicalTags)).sorted()
        out.append((dim, next, c))
        next += 1
      }
    }
    return out
  }

  static func physicalNames(_ mesh: Mesh) -> String {
    let groups = mesh.physicalGroups.sorted { ($0.dimension, $0.tag) < ($1.dimension, $1.tag) }
    guard !groups.isEmpty else { return "" }
    var s = "$PhysicalNames\n\(groups.count)\n"
    for g in groups { s += "\(g.dimension) \(g.tag) \"\(g.name)\"\n" }
    s += "$EndPhysicalNames\n"
    return s
  }

  /// Shortest text that reads back to exactly the same `Double`.
  static func number(_ x: Double) -> String { "\(x)" }

  // MARK: MSH 2.2

  static func encode22(_ mesh: Mesh) -> String {
    var s = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n"
    s += physicalNames(mesh)
    s += "$Nodes\n\(mesh.nodeCount)\n"
    for i in 0..<mesh.nodeCount {
      let c = 3 * i
      s += "\(mesh.nodeTags[i].rawValue) \(number(mesh.coordinates[c])) \(number(mesh.coordinates[c + 1])) \(number(mesh.coordinates[c + 2]))\n"
    }
    s += "$EndNodes\n"
    var lines: [String] = []
    for (_, tag, b) in entities(mesh) {
      let physicals = b.physicalTags.isEmpty ? [0] : b.physicalTags
      for e in 0..<b.elementCount {
        let nodes = b.nodes(of: e).map { String(mesh.nodeTags[$0].rawValue) }.joined(separator: " ")
        for p in physicals {
          lines.append("\(b.elementTags[e]) \(b.kind.gmshType) 2 \(p) \(tag) \(nodes)\n")
        }
      }
    }
    s += "$Elements\n\(lines.count)\n"
    for l in lines { s += l }
    s += "$EndElements\n"
    return s
  }

  // MARK: MSH 4.1

  /// Little-endian binary or ASCII output of MSH 4.1 sections.
  struct Sink {
    var binary: Bool
    var bytes: [UInt8] = []

    mutating func text(_ s: String) { bytes.append(contentsOf: s.utf8) }
    /// An ASCII line of fields, or the fields as binary values.
    mutating func int32(_ v: Int) {
      if binary { append(UInt32(bitPattern: Int32(truncatingIfNeeded: v)).littleEndian) } else { field(String(v)) }
    }
    mutating func size(_ v: Int) {
      if binary { append(UInt64(v).littleEndian) } else { field(String(v)) }
    }
    mutating func double(_ v: Double) {
      if binary { append(v.bitPattern.littleEndian) } else { field(MshWriter.number(v)) }
    }
    /// Ends an ASCII line (no-op in binary).
    mutating func endLine() {
      if !binary {
        if bytes.last == 32 { bytes.removeLast() }
        bytes.append(10)
      }
    }
    private mutating func field(_ s: String) {
      bytes.append(contentsOf: s.utf8)
      bytes.append(32)
    }
    private mutating func append<T: FixedWidthInteger>(_ v: T) {
      withUnsafeBytes(of: v) { bytes.append(contentsOf: $0) }
    }
  }

  static func encode41(_ mesh: Mesh, binary: Bool) -> [UInt8] {
    var o = Sink(binary: binary)
    o.text("$MeshFormat\n4.1 \(binary ? 1 : 0) 8\n")
    if binary {
      o.int32(1)
      o.text("\n")
    }
    o.text("$EndMeshFormat\n")
    o.text(physicalNames(mesh))

    var ents = entities(mesh)
    // Nodes need an entity; a mesh without elements gets one point entity.
    var nodeEntity = (dim: 0, tag: 1)
    if let top = ents.last {
      nodeEntity = (top.dim, top.tag)
    }
    let extraPoint = ents.isEmpty
    if extraPoint { ents = [] }

    // $Entities
    o.text("$Entities\n")
    var counts = [0, 0, 0, 0]
    for e in ents { counts[e.dim] += 1 }
    if extraPoint { counts[0] = 1 }
    for c in counts { o.size(c) }
    o.endLine()
    if extraPoint {
      o.int32(1)
      let p = mesh.nodeCount > 0 ? mesh.point(0) : .zero
      o.double(p.x); o.double(p.y); o.double(p.z)
      o.size(0)
      o.endLine()
    }
    for e in ents {
      o.int32(e.tag)
      var lo = SIMD3<Double>(repeating: .infinity)
      var hi = SIMD3<Double>(repeating: -.infinity)
      for n in e.block.connectivity {
        let p = mesh.point(n)
        lo = pointwiseMin(lo, p)
        hi = pointwiseMax(hi, p)
      }
      if e.dim == 0 {
        o.double(lo.x); o.double(lo.y); o.double(lo.z)
      } else {
        o.double(lo.x); o.double(lo.y); o.double(lo.z)
        o.double(hi.x); o.double(hi.y); o.double(hi.z)
      }
      o.size(e.block.physicalTags.count)
      for p in e.block.physicalTags { o.int32(p) }
      if e.dim > 0 { o.size(0) }
      o.endLine()
    }
    if binary { o.text("\n") }
    o.text("$EndEntities\n")

    // $Nodes: one block holding every node, in mesh order.
    o.text("$Nodes\n")
    let tags = mesh.nodeTags.map(\.rawValue)
    let n = mesh.nodeCount
    o.size(n > 0 ? 1 : 0); o.size(n); o.size(tags.min() ?? 0); o.size(tags.max() ?? 0)
    o.endLine()
    if n > 0 {
      o.int32(nodeEntity.dim); o.int32(nodeEntity.tag); o.int32(0); o.size(n)
      o.endLine()
      for t in tags {
        o.size(t)
        o.endLine()
      }
      for i in 0..<n {
        o.double(mesh.coordinates[3 * i]); o.double(mesh.coordinates[3 * i + 1]); o.double(mesh.coordinates[3 * i + 2])
        o.endLine()
      }
    }
    if binary { o.text("\n") }
    o.text("$EndNodes\n")

    // $Elements: one block per entity.
    o.text("$Elements\n")
    let elementTags = ents.flatMap { $0.block.elementTags }
    o.size(ents.count); o.size(elementTags.count); o.size(elementTags.min() ?? 0); o.size(elementTags.max() ?? 0)
    o.endLine()
    for e in ents {
      o.int32(e.dim); o.int32(e.tag); o.int32(e.block.kind.gmshType); o.size(e.block.elementCount)
      o.endLine()
      for k in 0..<e.block.elementCount {
        o.size(e.block.elementTags[k])
        for node in e.block.nodes(of: k) { o.size(tags[node]) }
        o.endLine()
      }
    }
    if binary { o.text("\n") }
    o.text("$EndElements\n")
    return o.bytes
  }
}

extension MshFormat {
  /// The `--format` option's spellings: `msh41`, `msh41-binary`, `msh22`.
  public init(option: String) throws {
    switch option {
    case "msh41": self = .v41ASCII
    case "msh41-binary": self = .v41Binary
    case "msh22": self = .v22ASCII
    default:
      throw InputError("\"\(option)\" is not a mesh format; expected msh41, msh41-binary or msh22", at: SourceLocation(file: "--format"))
    }
  }
}
