import FECommon
import FEBasis
import FEKernel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads Gmsh MSH files (2.2 ASCII, 4.1 ASCII, 4.1 binary) into a `Mesh`.
///
/// The format is detected from `$MeshFormat`. Sections the reader does not need
/// (`$Periodic`, `$NodeData`, `$ElementData`, ...) are skipped; `$PartitionedEntities`
/// is refused (partitioned meshes are not supported).
///
/// **What the `Mesh` holds.**
/// - Nodes in the order of the file, with their Gmsh tags (sparse, any order).
/// - Element blocks: elements of one kind, one elementary entity and one set of
///   physical tags. In MSH 4.1 a block is an `$Elements` entity block and its
///   physical tags are those of its entity in `$Entities`. In MSH 2.2 a block
///   gathers the elements with the same elementary tag (second tag), kind and
///   physical tags (first tag; 0 means none); an element Gmsh repeats once per
///   physical group (same elementary tag, kind and nodes) is kept once, with all
///   its physical tags. Blocks are sorted by (dimension, entity tag, Gmsh type,
///   physical tags); within a block, elements keep the file's order. So the same
///   Gmsh model written as 2.2 and as 4.1 reads into the same blocks.
/// - Physical groups: the named ones from `$PhysicalNames`, sorted by (dimension, tag).
///   Unnamed physical groups appear only as tags in `ElementBlock.physicalTags`.
///
/// Elements of a type feinvert does not know (`ElementKind`) are skipped when they
/// belong to no physical group and are an error when they do.
///
/// Errors are `InputError`s (exit code 2) located at `file:line` (or at
/// `file: byte N` inside the binary sections of MSH 4.1 binary).
public enum MshReader {
  /// Reads a MSH file from disk.
  ///
  /// - Parameter path: the file; used verbatim in error messages.
  /// - Returns: the mesh.
  /// - Throws: `InputError` when the file cannot be read or is not a valid MSH file.
  public static func read(path: String) throws -> Mesh {
    let bytes = try readFileBytes(path)
    return try read(data: bytes, path: path)
  }

  /// Reads a MSH file already in memory.
  ///
  /// - Parameters:
  ///   - data: the file's bytes.
  ///   - path: the name used in error messages.
  /// - Throws: `InputError` (from `MshError`) naming the line or byte of the problem.
  public static func read(data: [UInt8], path: String) throws -> Mesh {
    do {
      return try parse(data: data, path: path)
    } catch {
      throw error.inputError
    }
  }

  /// Reads a MSH file already in memory, with the typed error.
  public static func parse(data: [UInt8], path: String) throws(MshError) -> Mesh {
    var s = MshScanner(bytes: data, path: path)
    var b = MshBuilder()
    let version = try readMeshFormat(&s)
    var sawNodes = false
    var sawElements = false
    while let l = s.readNonBlankLine() {
      let name = s.trimmed(l)
      guard name.hasPrefix("$") else {
        throw .malformed(found: "'\(s.text(l))'", expected: "a section header such as $Nodes", at: s.location(of: l))
      }
      let section = String(name.dropFirst())
      switch section {
      case "PhysicalNames":
        try readPhysicalNames(&s, &b)
      case "Entities" where version != .v22ASCII:
        if s.binary { try readEntitiesBinary(&s, &b) } else { try readEntities41(&s, &b) }
      case "PartitionedEntities":
        throw .malformed(found: "$PartitionedEntities (a partitioned mesh)", expected: "an unpartitioned mesh", at: s.location(of: l))
      case "Nodes":
        guard !sawNodes else {
          throw .malformed(found: "a second $Nodes section", expected: "one $Nodes section", at: s.location(of: l))
        }
        sawNodes = true
        switch version {
        case .v22ASCII: try readNodes22(&s, &b)
        case .v41ASCII: try readNodes41(&s, &b)
        case .v41Binary: try readNodesBinary(&s, &b)
        }
      case "Elements":
        guard sawNodes else {
          throw .malformed(found: "$Elements before $Nodes", expected: "$Nodes first", at: s.location(of: l))
        }
        guard !sawElements else {
          throw .malformed(found: "a second $Elements section", expected: "one $Elements section", at: s.location(of: l))
        }
        sawElements = true
        switch version {
        case .v22ASCII: try readElements22(&s, &b)
        case .v41ASCII: try readElements41(&s, &b)
        case .v41Binary: try readElementsBinary(&s, &b)
        }
      default:
        try skipSection(section, &s)
      }
    }
    guard sawNodes else {
      throw .malformed(found: "no $Nodes section", expected: "$Nodes and $Elements", at: SourceLocation(file: path))
    }
    guard sawElements else {
      throw .malformed(found: "no $Elements section", expected: "$Nodes and $Elements", at: SourceLocation(file: path))
    }
    try b.checkShapes()
    return b.mesh()
  }

  // MARK: sections shared by all versions

  /// Reads `$MeshFormat` (the first section) and returns the format; in binary files
  /// it also reads the endianness word and switches the scanner to byte offsets.
  static func readMeshFormat(_ s: inout MshScanner) throws(MshError) -> MshFormat {
    guard let first = s.readNonBlankLine() else {
      throw .malformed(found: "an empty file", expected: "$MeshFormat", at: SourceLocation(file: s.path, line: 1))
    }
    guard s.trimmed(first) == "$MeshFormat" else {
      throw .malformed(found: "'\(s.text(first))'", expected: "$MeshFormat (a Gmsh MSH file)", at: s.location(of: first))
    }
    let l = try s.requireLine(in: "MeshFormat")
    let loc = s.location(of: l)
    let t = s.tokens(l)
    guard t.count == 3 else {
      throw .wrongCount(what: "fields in the $MeshFormat line", found: t.count, expected: 3, at: loc)
    }
    let version = s.text(t[0])
    let fileType = try s.int(t[1], "file type 0 (ASCII) or 1 (binary)", at: loc)
    let dataSize = try s.int(t[2], "data size 8", at: loc)
    guard fileType == 0 || fileType == 1 else {
      throw .badNumber(found: s.text(t[1]), expected: "file type 0 (ASCII) or 1 (binary)", at: loc)
    }
    guard dataSize == 8 else {
      throw .badNumber(found: s.text(t[2]), expected: "data size 8", at: loc)
    }
    let format: MshFormat
    switch (version, fileType) {
    case ("2.2", 0), ("2.1", 0), ("2", 0), ("2.0", 0): format = .v22ASCII
    case ("4.1", 0): format = .v41ASCII
    case ("4.1", 1): format = .v41Binary
    default:
      throw .unsupportedVersion(found: version + (fileType == 1 ? " binary" : " ASCII"), at: loc)
    }
    if format == .v41Binary {
      s.binary = true
      let at = s.here
      let one = try s.int32(in: "MeshFormat")
      if one != 1 {
        guard Int32(truncatingIfNeeded: one).byteSwapped == 1 else {
          throw .badNumber(found: String(one), expected: "the endianness word 1", at: at)
        }
        s.swapBytes = true
      }
    }
    try expectEnd("MeshFormat", &s)
    return format
  }

  /// Reads `$PhysicalNames` (ASCII in every version): `dim tag "name"` per line.
  static func readPhysicalNames(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "PhysicalNames")
    let count = try countLine(head, "the number of physical names", &s)
    for _ in 0..<count {
      let l = try dataLine(in: "PhysicalNames", &s) { "\(count) physical names as the header says" }
      let loc = s.location(of: l)
      let t = s.tokens(l)
      guard t.count >= 3 else {
        throw .malformed(found: "'\(s.text(l))'", expected: "dimension, tag and \"name\"", at: loc)
      }
      let dim = try s.int(t[0], "a dimension 0-3", at: loc)
      guard (0...3).contains(dim) else { throw .badNumber(found: s.text(t[0]), expected: "a dimension 0-3", at: loc) }
      let tag = try s.int(t[1], "a physical tag", at: loc)
      let quoted = s.text(t[2].lowerBound..<t[t.count - 1].upperBound)
      guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
        throw .malformed(found: "'\(quoted)'", expected: "a name in double quotes", at: loc)
      }
      b.physicalGroups.append(PhysicalGroup(dimension: dim, tag: tag, name: String(quoted.dropFirst().dropLast())))
    }
    try expectEnd("PhysicalNames", &s)
  }

  /// Skips a section the reader does not use, up to its `$End` line.
  static func skipSection(_ section: String, _ s: inout MshScanner) throws(MshError) {
    let end = "$End" + section
    if s.binary {
      // Binary data may contain anything; look for the end marker at a line start.
      let marker = Array(("\n" + end).utf8)
      var i = max(s.pos - 1, 0)
      while i + marker.count <= s.count {
        if s.bytes[i] == 10 && s.bytes[i..<(i + marker.count)].elementsEqual(marker) {
          s.pos = i + 1
          _ = s.readLine()
          return
        }
        i += 1
      }
      throw .truncated(section: section, at: s.endLocation)
    }
    while let l = s.readLine() {
      if s.trimmed(l) == end { return }
    }
    throw .truncated(section: section, at: s.endLocation)
  }

  /// Reads the `$End<section>` line.
  static func expectEnd(_ section: String, _ s: inout MshScanner) throws(MshError) {
    guard let l = s.readNonBlankLine() else { throw .truncated(section: section, at: s.endLocation) }
    guard s.trimmed(l) == "$End" + section else {
      throw .malformed(found: "'\(printable(s.text(l)))'", expected: "$End\(section)", at: s.location(of: l))
    }
  }

  /// The next line of a section's data; a `$` line here means the section ended early.
  static func dataLine(in section: String, _ s: inout MshScanner, _ expected: () -> String) throws(MshError) -> MshScanner.Line {
    let l = try s.requireLine(in: section)
    if l.start < l.end && s.bytes[l.start] == 36 {  // "$"
      throw .malformed(found: "'\(s.text(l))'", expected: expected(), at: s.location(of: l))
    }
    return l
  }

  /// A line holding a single non-negative count.
  static func countLine(_ l: MshScanner.Line, _ what: String, _ s: inout MshScanner) throws(MshError) -> Int {
    let loc = s.location(of: l)
    let t = s.tokens(l)
    guard t.count == 1 else { throw .wrongCount(what: "fields where \(what) belongs", found: t.count, expected: 1, at: loc) }
    let n = try s.int(t[0], what, at: loc)
    guard n >= 0 else { throw .badNumber(found: s.text(t[0]), expected: what, at: loc) }
    return n
  }

  static func printable(_ text: String) -> String {
    String(text.unicodeScalars.map { $0.value >= 32 && $0.value < 127 ? Character($0) : "?" })
  }

  static func readFileBytes(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else {
      throw InputError("cannot open the file (\(String(cString: strerror(errno)))); expected a readable Gmsh MSH file",
                       at: SourceLocation(file: path))
    }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
      if n < chunk.count {
        if ferror(f) != 0 {
          throw InputError("cannot read the file; expected a readable Gmsh MSH file", at: SourceLocation(file: path))
        }
        break
      }
    }
    return bytes
  }
}

/// Element types of Gmsh and their node counts, for skipping unknown types in binary files.
let gmshNodesPerType: [Int: Int] = [
  1: 2, 2: 3, 3: 4, 4: 4, 5: 8, 6: 6, 7: 5, 8: 3, 9: 6, 10: 9, 11: 10, 12: 27, 13: 18, 14: 14,
  15: 1, 16: 8, 17: 20, 18: 15, 19: 13, 20: 9, 21: 10, 22: 12, 23: 15, 24: 15, 25: 21, 26: 4,
  27: 5, 28: 6, 29: 20, 30: 35, 31: 56, 92: 64, 93: 125,
]

/// What the reader has gathered so far.
struct MshBuilder {
  var nodeTags: [NodeTag] = []
  var coordinates: [Double] = []
  var indexOfTag: [Int: Int] = [:]
  /// Physical tags of each entity, per dimension (MSH 4.1 `$Entities`).
  var entityPhysicals: [[Int: [Int]]] = [[:], [:], [:], [:]]
  var physicalGroups: [PhysicalGroup] = []

  struct BlockKey: Hashable {
    var dimension: Int
    var entity: Int
    var gmshType: Int
    var physicalTags: [Int]
  }

  var blockOrder: [BlockKey] = []
  /// Per block: element tags, connectivity (node indices) and where each element was read
  /// (its line, or its byte offset in a binary file), for the shape checks' messages.
  var blocks: [BlockKey: (tags: [Int], connectivity: [Int], locations: [SourceLocation])] = [:]

  mutating func addNode(tag: Int, x: Double, y: Double, z: Double, at loc: @autoclosure () -> SourceLocation) throws(MshError) {
    let index = nodeTags.count
    guard indexOfTag.updateValue(index, forKey: tag) == nil else { throw .duplicateNode(tag: tag, at: loc()) }
    nodeTags.append(NodeTag(tag))
    coordinates.append(x)
    coordinates.append(y)
    coordinates.append(z)
  }

  func nodeIndex(_ tag: Int, element: Int, at loc: @autoclosure () -> SourceLocation) throws(MshError) -> Int {
    guard let i = indexOfTag[tag] else { throw .unknownNode(element: element, tag: tag, at: loc()) }
    return i
  }

  /// Adds elements to the block with this key (created on first use).
  mutating func append(key: BlockKey, elementTags: [Int], connectivity: [Int], locations: [SourceLocation]) {
    if blocks[key] == nil {
      blockOrder.append(key)
      blocks[key] = (elementTags, connectivity, locations)
    } else {
      blocks[key]!.tags.append(contentsOf: elementTags)
      blocks[key]!.connectivity.append(contentsOf: connectivity)
      blocks[key]!.locations.append(contentsOf: locations)
    }
  }

  /// Refuses, at its line, an element that repeats a node (any dimension) or a volume
  /// element that is inverted or has no volume (`ElementShapeCheck`: det J not positive at
  /// an integration point or a node).
  func checkShapes() throws(MshError) {
    for key in blockOrder {
      guard let kind = ElementKind(gmshType: key.gmshType), let v = blocks[key] else { continue }
      let n = kind.nodeCount
      var check = kind.dimension == 3 ? ElementShapeCheck(kind: kind) : nil
      for e in 0..<v.tags.count {
        let nodes = v.connectivity[(e * n)..<((e + 1) * n)]
        if check == nil {
          for a in 0..<n {
            for b in (a + 1)..<n where nodes[nodes.startIndex + a] == nodes[nodes.startIndex + b] {
              throw .repeatedNode(element: v.tags[e], kind: kind, tag: nodeTags[nodes[nodes.startIndex + a]].rawValue,
                                  first: a + 1, second: b + 1, at: v.locations[e])
            }
          }
          continue
        }
        switch check!.defect(nodes: nodes, coordinates: coordinates) {
        case nil: continue
        case .repeatedNode(let a, let b):
          throw .repeatedNode(element: v.tags[e], kind: kind, tag: nodeTags[nodes[nodes.startIndex + a]].rawValue,
                              first: a + 1, second: b + 1, at: v.locations[e])
        case .jacobian(let det, let scaled, let place):
          var whereText = place.description
          if case .node(let a) = place { whereText += " (node tag \(nodeTags[nodes[nodes.startIndex + a]].rawValue))" }
          throw .invertedElement(element: v.tags[e], kind: kind, determinant: det, scaled: scaled, place: whereText,
                                 at: v.locations[e])
        }
      }
    }
  }

  func mesh() -> Mesh {
    let keys = blockOrder.sorted { a, b in
      if a.dimension != b.dimension { return a.dimension < b.dimension }
      if a.entity != b.entity { return a.entity < b.entity }
      if a.gmshType != b.gmshType { return a.gmshType < b.gmshType }
      return a.physicalTags.lexicographicallyPrecedes(b.physicalTags)
    }
    var out: [ElementBlock] = []
    for k in keys {
      guard let kind = ElementKind(gmshType: k.gmshType), let v = blocks[k], !v.tags.isEmpty else { continue }
      out.append(ElementBlock(kind: kind, elementTags: v.tags, connectivity: v.connectivity, physicalTags: k.physicalTags))
    }
    let groups = physicalGroups.sorted { ($0.dimension, $0.tag) < ($1.dimension, $1.tag) }
    return Mesh(nodeTags: nodeTags, coordinates: coordinates, blocks: out, physicalGroups: groups)
  }
}

extension Array where Element == Int {
  /// Sorted, without repeats.
  var sortedUnique: [Int] { Array(Set(self)).sorted() }
}
