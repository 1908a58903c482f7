import FECommon
import FEBasis
import FEKernel

/// MSH 4.1 ASCII: `$Entities` (points: tag x y z nphys phys...; curves, surfaces,
/// volumes: tag minX minY minZ maxX maxY maxZ nphys phys... nbound bound...),
/// `$Nodes` and `$Elements` in entity blocks.
extension MshReader {
  static func readEntities41(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Entities")
    let hloc = s.location(of: head)
    let ht = s.tokens(head)
    guard ht.count == 4 else {
      throw .wrongCount(what: "fields in the $Entities header", found: ht.count, expected: 4, at: hloc)
    }
    var counts: [Int] = []
    for r in ht {
      let n = try s.int(r, "a number of entities", at: hloc)
      guard n >= 0 else { throw .badNumber(found: s.text(r), expected: "a number of entities", at: hloc) }
      counts.append(n)
    }
    for dim in 0..<4 {
      for _ in 0..<counts[dim] {
        let l = try dataLine(in: "Entities", &s) { "\(counts[dim]) entities of dimension \(dim) as the header says" }
        let loc = s.location(of: l)
        let t = s.tokens(l)
        let physIndex = dim == 0 ? 4 : 7
        guard t.count > physIndex else {
          throw .wrongCount(what: "fields in an entity line", found: t.count, expected: physIndex + 1, at: loc)
        }
        let tag = try s.int(t[0], "an entity tag", at: loc)
        for k in 1..<physIndex { _ = try s.double(t[k], "a coordinate", at: loc) }
        let nphys = try s.int(t[physIndex], "the number of physical tags", at: loc)
        guard nphys >= 0, t.count >= physIndex + 1 + nphys else {
          throw .badNumber(found: s.text(t[physIndex]), expected: "a number of physical tags that the line holds", at: loc)
        }
        var phys: [Int] = []
        for k in 0..<nphys { phys.append(try s.int(t[physIndex + 1 + k], "a physical tag", at: loc)) }
        b.entityPhysicals[dim][tag] = phys.map { abs($0) }.sortedUnique
      }
    }
    try expectEnd("Entities", &s)
  }

  /// Reads a 4-field section header of non-negative integers.
  static func header4(_ l: MshScanner.Line, _ what: String, _ s: inout MshScanner) throws(MshError) -> [Int] {
    let loc = s.location(of: l)
    let t = s.tokens(l)
    guard t.count == 4 else { throw .wrongCount(what: "fields in the \(what)", found: t.count, expected: 4, at: loc) }
    var v: [Int] = []
    for r in t { v.append(try s.int(r, "an integer in the \(what)", at: loc)) }
    return v
  }

  static func readNodes41(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Nodes")
    let h = try header4(head, "$Nodes header (blocks, nodes, min tag, max tag)", &s)
    let (numBlocks, numNodes) = (h[0], h[1])
    guard numBlocks >= 0, numNodes >= 0 else {
      throw .malformed(found: "negative counts", expected: "non-negative block and node counts", at: s.location(of: head))
    }
    b.nodeTags.reserveCapacity(s.plausible(numNodes))
    b.coordinates.reserveCapacity(3 * s.plausible(numNodes))
    var read = 0
    for blockIndex in 0..<numBlocks {
      let bl = try dataLine(in: "Nodes", &s) { "\(numBlocks) node blocks as the $Nodes header says (found \(blockIndex))" }
      let bh = try header4(bl, "node block header (dim, entity, parametric, count)", &s)
      let (dim, parametric, n) = (bh[0], bh[2], bh[3])
      let bloc = s.location(of: bl)
      guard (0...3).contains(dim) else { throw .badNumber(found: String(dim), expected: "an entity dimension 0-3", at: bloc) }
      guard parametric == 0 || parametric == 1 else {
        throw .badNumber(found: String(parametric), expected: "parametric flag 0 or 1", at: bloc)
      }
      guard n >= 0 else { throw .badNumber(found: String(n), expected: "a number of nodes", at: bloc) }
      var tags: [(Int, SourceLocation)] = []
      tags.reserveCapacity(s.plausible(n))
      for i in 0..<n {
        let l = try dataLine(in: "Nodes", &s) { "\(n) node tags in the block at \(bloc) (found \(i))" }
        let loc = s.location(of: l)
        let t = s.tokens(l)
        guard t.count == 1 else { throw .wrongCount(what: "fields in a node tag line", found: t.count, expected: 1, at: loc) }
        let tag = try s.int(t[0], "a node tag", at: loc)
        guard tag > 0 else { throw .badNumber(found: s.text(t[0]), expected: "a positive node tag", at: loc) }
        tags.append((tag, loc))
      }
      let fields = 3 + (parametric == 1 ? dim : 0)
      for i in 0..<n {
        let l = try dataLine(in: "Nodes", &s) { "\(n) coordinate lines in the block at \(bloc) (found \(i))" }
        let loc = s.location(of: l)
        let t = s.tokens(l)
        guard t.count == fields else {
          throw .wrongCount(what: "fields in a coordinate line", found: t.count, expected: fields, at: loc)
        }
        let x = try s.double(t[0], "a coordinate", at: loc)
        let y = try s.double(t[1], "a coordinate", at: loc)
        let z = try s.double(t[2], "a coordinate", at: loc)
        try b.addNode(tag: tags[i].0, x: x, y: y, z: z, at: tags[i].1)
      }
      read += n
    }
    guard read == numNodes else {
      throw .wrongCount(what: "nodes in the blocks of $Nodes", found: read, expected: numNodes, at: s.location(of: head))
    }
    try expectEnd("Nodes", &s)
  }

  static func readElements41(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Elements")
    let h = try header4(head, "$Elements header (blocks, elements, min tag, max tag)", &s)
    let (numBlocks, numElements) = (h[0], h[1])
    guard numBlocks >= 0, numElements >= 0 else {
      throw .malformed(found: "negative counts", expected: "non-negative block and element counts", at: s.location(of: head))
    }
    var read = 0
    for blockIndex in 0..<numBlocks {
      let bl = try dataLine(in: "Elements", &s) { "\(numBlocks) element blocks as the $Elements header says (found \(blockIndex))" }
      let bh = try header4(bl, "element block header (dim, entity, type, count)", &s)
      let (dim, entity, type, n) = (bh[0], bh[1], bh[2], bh[3])
      let bloc = s.location(of: bl)
      guard (0...3).contains(dim) else { throw .badNumber(found: String(dim), expected: "an entity dimension 0-3", at: bloc) }
      guard n >= 0 else { throw .badNumber(found: String(n), expected: "a number of elements", at: bloc) }
      let physicals = b.entityPhysicals[dim][entity] ?? []
      read += n
      guard let kind = ElementKind(gmshType: type) else {
        if !physicals.isEmpty { throw .unknownElementType(type: type, element: nil, at: bloc) }
        for i in 0..<n {
          _ = try dataLine(in: "Elements", &s) { "\(n) elements in the block at \(bloc) (found \(i))" }
        }
        continue
      }
      guard kind.dimension == dim else {
        throw .malformed(found: "element type \(type) (\(kind)) in an entity of dimension \(dim)",
                         expected: "an entity of dimension \(kind.dimension)", at: bloc)
      }
      let key = MshBuilder.BlockKey(dimension: dim, entity: entity, gmshType: type, physicalTags: physicals)
      var elementTags: [Int] = []
      var connectivity: [Int] = []
      var locations: [SourceLocation] = []
      elementTags.reserveCapacity(s.plausible(n))
      connectivity.reserveCapacity(s.plausible(n) * kind.nodeCount)
      for i in 0..<n {
        let l = try dataLine(in: "Elements", &s) { "\(n) elements in the block at \(bloc) (found \(i))" }
        let loc = s.location(of: l)
        let t = s.tokens(l)
        guard let first = t.first else {
          throw .malformed(found: "an empty line", expected: "an element tag and its node tags", at: loc)
        }
        let tag = try s.int(first, "an element tag", at: loc)
        guard tag > 0 else { throw .badNumber(found: s.text(first), expected: "a positive element tag", at: loc) }
        guard t.count - 1 == kind.nodeCount else {
          throw .nodeCount(element: tag, kind: kind, found: t.count - 1, at: loc)
        }
        for r in t.dropFirst() {
          let nt = try s.int(r, "a node tag", at: loc)
          connectivity.append(try b.nodeIndex(nt, element: tag, at: loc))
        }
        elementTags.append(tag)
        locations.append(loc)
      }
      b.append(key: key, elementTags: elementTags, connectivity: connectivity, locations: locations)
    }
    guard read == numElements else {
      throw .wrongCount(what: "elements in the blocks of $Elements", found: read, expected: numElements, at: s.location(of: head))
    }
    try expectEnd("Elements", &s)
  }
}
