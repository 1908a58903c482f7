import FECommon
import FEBasis
import FEKernel

/// MSH 2.2 ASCII: `$Nodes` is `count` then `tag x y z` lines; `$Elements` is `count`
/// then `tag type ntags tag... node...` lines, the first tag physical (0 = none), the
/// second elementary.
extension MshReader {
  static func readNodes22(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let head = try s.requireLine(in: "Nodes")
    let count = try countLine(head, "the number of nodes", &s)
    b.nodeTags.reserveCapacity(s.plausible(count))
    b.coordinates.reserveCapacity(3 * s.plausible(count))
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

    // Elements in file order; element e's nodes are elementNodes[elementStart[e]...].
    var elementTags: [Int] = []
    var elementNodes: [Int] = []
    var elementStart: [Int] = []
    var elementKinds: [ElementKind] = []
    var elementary: [Int] = []
    var physicals: [[Int]] = []
    var elementLocations: [SourceLocation] = []
    elementTags.reserveCapacity(s.plausible(count))
    // Gmsh writes an element once per physical group it belongs to: the same
    // elementary tag, type and nodes. Those repeats are merged. Candidates are found
    // by a hash of (elementary, type, nodes) and confirmed by comparison.
    var byHash: [Int: [Int]] = [:]
    var nodes: [Int] = []

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
      let elementaryTag = tags.count >= 2 ? tags[1] : 0
      let nodeTokens = t[(3 + ntags)...]
      guard let kind = ElementKind(gmshType: type) else {
        if physical != 0 { throw .unknownElementType(type: type, element: tag, at: loc) }
        continue
      }
      guard nodeTokens.count == kind.nodeCount else {
        throw .nodeCount(element: tag, kind: kind, found: nodeTokens.count, at: loc)
      }
      nodes.removeAll(keepingCapacity: true)
      for r in nodeTokens {
        let nt = try s.int(r, "a node tag", at: loc)
        nodes.append(try b.nodeIndex(nt, element: tag, at: loc))
      }
      var hasher = Hasher()
      hasher.combine(elementaryTag)
      hasher.combine(type)
      for n in nodes { hasher.combine(n) }
      let hash = hasher.finalize()
      if elementaryTag != 0, let candidates = byHash[hash] {
        let n = kind.nodeCount
        if let j = candidates.first(where: { e in
          elementKinds[e] == kind && elementary[e] == elementaryTag
            && elementNodes[elementStart[e]..<(elementStart[e] + n)].elementsEqual(nodes)
        }) {
          if physical != 0 && !physicals[j].contains(physical) { physicals[j].append(physical) }
          continue
        }
      }
      byHash[hash, default: []].append(elementTags.count)
      elementTags.append(tag)
      elementLocations.append(loc)
      elementKinds.append(kind)
      elementary.append(elementaryTag)
      physicals.append(physical == 0 ? [] : [physical])
      elementStart.append(elementNodes.count)
      elementNodes.append(contentsOf: nodes)
    }
    try expectEnd("Elements", &s)

    // Gather into blocks, consecutive elements with the same key in one go.
    var e = 0
    while e < elementTags.count {
      let key = MshBuilder.BlockKey(
        dimension: elementKinds[e].dimension, entity: elementary[e], gmshType: elementKinds[e].gmshType,
        physicalTags: physicals[e].sortedUnique)
      let n = elementKinds[e].nodeCount
      var tags: [Int] = []
      var connectivity: [Int] = []
      var locations: [SourceLocation] = []
      var f = e
      while f < elementTags.count && elementKinds[f] == elementKinds[e] && elementary[f] == elementary[e]
        && physicals[f] == physicals[e]
      {
        tags.append(elementTags[f])
        locations.append(elementLocations[f])
        connectivity.append(contentsOf: elementNodes[elementStart[f]..<(elementStart[f] + n)])
        f += 1
      }
      b.append(key: key, elementTags: tags, connectivity: connectivity, locations: locations)
      e = f
    }
  }
}
