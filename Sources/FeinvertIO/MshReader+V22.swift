import FECommon
import FEKernel

/// MSH 2.2 ASCII: `$Nodes` is `count` then `tag x y z` lines; `$Elements` is `count`
/// then `tag type ntags tag... node...` lines, the first tag physical (0 = none), the
/// second elementary.
extension MshReader {
  static func readNodes22(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Nodes")
    let count = try countLine(head, "the number of nodes", &s)
    b.nodeTags.reserveCapacity(count)
    b.coordinates.reserveCapacity(3 * count)
    for i in 0..<count {
      let l = try s.requireLine(in: "Nodes")
      let loc = s.location(of: l)
      let t = s.tokens(l)
      if t.count == 1 && s.bytes[t[0].lowerBound] == 36 {
        throw .wrongCount(what: "nodes before \(s.text(t[0]))", found: i, expected: count, at: loc)
      }
      guard t.count == 4 else {
        throw .wrongCount(what: "fields in a node line", found: t.count, expected: 4, at: loc)
      }
      let tag = try s.int(t[0], "a node tag", at: loc)
      guard tag > 0 else { throw .badNumber(found: s.text(t[0]), expected: "a positive node tag", at: loc) }
      let x = try s.double(t[1], "a coordinate", at: loc)
      let y = try s.double(t[2], "a coordinate", at: loc)
      let z = try s.double(t[3], "a coordinate", at: loc)
      try b.addNode(tag: tag, x: x, y: y, z: z, at: loc)
    }
    try expectEnd("Nodes", &s)
  }

  static func readElements22(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Elements")
    let count = try countLine(head, "the number of elements", &s)

    struct Raw {
      var tag: Int
      var kind: ElementKind
      var elementary: Int
      var physicals: [Int]
      var nodes: [Int]
    }
    var raws: [Raw] = []
    raws.reserveCapacity(count)
    // Gmsh writes an element once per physical group it belongs to: the same
    // elementary tag, type and nodes. Those repeats are merged.
    var seen: [[Int]: Int] = [:]

    for i in 0..<count {
      let l = try s.requireLine(in: "Elements")
      let loc = s.location(of: l)
      let t = s.tokens(l)
      if t.count == 1 && s.bytes[t[0].lowerBound] == 36 {
        throw .wrongCount(what: "elements before \(s.text(t[0]))", found: i, expected: count, at: loc)
      }
      guard t.count >= 3 else {
        throw .malformed(found: "'\(s.text(l))'", expected: "element tag, type, number of tags, tags and node tags", at: loc)
      }
      let tag = try s.int(t[0], "an element tag", at: loc)
      guard tag > 0 else { throw .badNumber(found: s.text(t[0]), expected: "a positive element tag", at: loc) }
      let type = try s.int(t[1], "an element type", at: loc)
      let ntags = try s.int(t[2], "the number of tags", at: loc)
      guard ntags >= 0, t.count >= 3 + ntags else {
        throw .badNumber(found: s.text(t[2]), expected: "a number of tags that the line holds (at most \(t.count - 3))", at: loc)
      }
      var tags: [Int] = []
      for k in 0..<ntags { tags.append(try s.int(t[3 + k], "an integer tag", at: loc)) }
      let physical = tags.first ?? 0
      let elementary = tags.count >= 2 ? tags[1] : 0
      let nodeTokens = t[(3 + ntags)...]
      guard let kind = ElementKind(gmshType: type) else {
        if physical != 0 { throw .unknownElementType(type: type, element: tag, at: loc) }
        continue
      }
      guard nodeTokens.count == kind.nodeCount else {
        throw .nodeCount(element: tag, kind: kind, found: nodeTokens.count, at: loc)
      }
      var nodes: [Int] = []
      nodes.reserveCapacity(kind.nodeCount)
      for r in nodeTokens {
        let nt = try s.int(r, "a node tag", at: loc)
        nodes.append(try b.nodeIndex(nt, element: tag, at: loc))
      }
      let key = [elementary, type] + nodes
      if let j = seen[key], elementary != 0 {
        if physical != 0 && !raws[j].physicals.contains(physical) { raws[j].physicals.append(physical) }
        continue
      }
      seen[key] = raws.count
      raws.append(Raw(tag: tag, kind: kind, elementary: elementary, physicals: physical == 0 ? [] : [physical], nodes: nodes))
    }
    try expectEnd("Elements", &s)

    for r in raws {
      let key = MshBuilder.BlockKey(
        dimension: r.kind.dimension, entity: r.elementary, gmshType: r.kind.gmshType,
        physicalTags: r.physicals.sortedUnique)
      b.append(key: key, elementTag: r.tag, nodes: r.nodes)
    }
  }
}
