import FECommon
import FEBasis
import FEKernel

/// MSH 4.1 binary: the same structure as 4.1 ASCII, with entity dimensions, entity
/// tags, types and physical tags as 4-byte ints, counts and node and element tags as
/// 8-byte `size_t`, coordinates as 8-byte doubles. `$MeshFormat` and `$PhysicalNames`
/// stay ASCII. Locations are byte offsets.
extension MshReader {
  static func readEntitiesBinary(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let sec = "Entities"
    var counts: [Int] = []
    for _ in 0..<4 { counts.append(try s.size(in: sec, "a number of entities")) }
    for dim in 0..<4 {
      for _ in 0..<counts[dim] {
        let tag = try s.int32(in: sec)
        for _ in 0..<(dim == 0 ? 3 : 6) { _ = try s.float64(in: sec, "a coordinate") }
        let nphys = try s.size(in: sec, "a number of physical tags")
        try s.need(4 * nphys, in: sec)
        var phys: [Int] = []
        for _ in 0..<nphys { phys.append(abs(try s.int32(in: sec))) }
        if dim > 0 {
          let nbound = try s.size(in: sec, "a number of bounding entities")
          try s.need(4 * nbound, in: sec)
          s.pos += 4 * nbound
        }
        b.entityPhysicals[dim][tag] = phys.sortedUnique
      }
    }
    try expectEnd(sec, &s)
  }

  static func readNodesBinary(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let sec = "Nodes"
    let headAt = s.here
    let numBlocks = try s.size(in: sec, "a number of node blocks")
    let numNodes = try s.size(in: sec, "a number of nodes")
    _ = try s.size(in: sec, "the minimum node tag")
    _ = try s.size(in: sec, "the maximum node tag")
    var read = 0
    for _ in 0..<numBlocks {
      let bloc = s.here
      let dim = try s.int32(in: sec)
      _ = try s.int32(in: sec)
      let parametric = try s.int32(in: sec)
      let n = try s.size(in: sec, "a number of nodes")
      guard (0...3).contains(dim) else { throw .badNumber(found: String(dim), expected: "an entity dimension 0-3", at: bloc) }
      guard parametric == 0 || parametric == 1 else {
        throw .badNumber(found: String(parametric), expected: "parametric flag 0 or 1", at: bloc)
      }
      let fields = 3 + (parametric == 1 ? dim : 0)
      let (bytes, overflow) = n.multipliedReportingOverflow(by: 8 + 8 * fields)
      guard !overflow else { throw .truncated(section: sec, at: s.endLocation) }
      try s.need(bytes, in: sec)
      let tagsAt = s.pos
      var tags: [Int] = []
      tags.reserveCapacity(n)
      for _ in 0..<n {
        let at = s.here
        let tag = try s.size(in: sec, "a node tag")
        guard tag > 0 else { throw .badNumber(found: String(tag), expected: "a positive node tag", at: at) }
        tags.append(tag)
      }
      for i in 0..<n {
        let x = try s.float64(in: sec, "a coordinate")
        let y = try s.float64(in: sec, "a coordinate")
        let z = try s.float64(in: sec, "a coordinate")
        for _ in 3..<fields { _ = try s.float64(in: sec, "a parametric coordinate") }
        try b.addNode(tag: tags[i], x: x, y: y, z: z, at: SourceLocation(file: s.path, key: "byte \(tagsAt + 8 * i)"))
      }
      read += n
    }
    guard read == numNodes else {
      throw .wrongCount(what: "nodes in the blocks of $Nodes", found: read, expected: numNodes, at: headAt)
    }
    try expectEnd(sec, &s)
  }

  static func readElementsBinary(_ s: inout MshScanner, _ b: inout MshBuilder) throws(MshError) {
    let sec = "Elements"
    let headAt = s.here
    let numBlocks = try s.size(in: sec, "a number of element blocks")
    let numElements = try s.size(in: sec, "a number of elements")
    _ = try s.size(in: sec, "the minimum element tag")
    _ = try s.size(in: sec, "the maximum element tag")
    var read = 0
    for _ in 0..<numBlocks {
      let bloc = s.here
      let dim = try s.int32(in: sec)
      let entity = try s.int32(in: sec)
      let type = try s.int32(in: sec)
      let n = try s.size(in: sec, "a number of elements")
      guard (0...3).contains(dim) else { throw .badNumber(found: String(dim), expected: "an entity dimension 0-3", at: bloc) }
      let physicals = b.entityPhysicals[dim][entity] ?? []
      read += n
      guard let kind = ElementKind(gmshType: type) else {
        guard physicals.isEmpty, let perElement = gmshNodesPerType[type] else {
          throw .unknownElementType(type: type, element: nil, at: bloc)
        }
        let (bytes, overflow) = n.multipliedReportingOverflow(by: 8 * (1 + perElement))
        guard !overflow else { throw .truncated(section: sec, at: s.endLocation) }
        try s.need(bytes, in: sec)
        s.pos += bytes
        continue
      }
      guard kind.dimension == dim else {
        throw .malformed(found: "element type \(type) (\(kind)) in an entity of dimension \(dim)",
                         expected: "an entity of dimension \(kind.dimension)", at: bloc)
      }
      let (bytes, overflow) = n.multipliedReportingOverflow(by: 8 * (1 + kind.nodeCount))
      guard !overflow else { throw .truncated(section: sec, at: s.endLocation) }
      try s.need(bytes, in: sec)
      let key = MshBuilder.BlockKey(dimension: dim, entity: entity, gmshType: type, physicalTags: physicals)
      var elementTags: [Int] = []
      var connectivity: [Int] = []
      var locations: [SourceLocation] = []
      elementTags.reserveCapacity(n)
      connectivity.reserveCapacity(n * kind.nodeCount)
      for _ in 0..<n {
        let at = s.here
        let tag = try s.size(in: sec, "an element tag")
        guard tag > 0 else { throw .badNumber(found: String(tag), expected: "a positive element tag", at: at) }
        for _ in 0..<kind.nodeCount {
          let nt = try s.size(in: sec, "a node tag")
          connectivity.append(try b.nodeIndex(nt, element: tag, at: at))
        }
        elementTags.append(tag)
        locations.append(at)
      }
      b.append(key: key, elementTags: elementTags, connectivity: connectivity, locations: locations)
    }
    guard read == numElements else {
      throw .wrongCount(what: "elements in the blocks of $Elements", found: read, expected: numElements, at: headAt)
    }
    try expectEnd(sec, &s)
  }
}
