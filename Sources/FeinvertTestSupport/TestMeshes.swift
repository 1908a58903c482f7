import FECommon
import FEBasis
import FEKernel

/// Small meshes for tests, built in code so their geometry is known exactly.
public enum TestMeshes {
  /// A box [0, size.x] × [0, size.y] × [0, size.z] split into n.x × n.y × n.z cells,
  /// each a hex (hex8, hex20), six tets (tet4, tet10, Kuhn's split, conforming) or two
  /// prisms (prism6, prism15: the cell's bottom quadrangle cut along its (0,0)–(1,1)
  /// diagonal and extruded in z, as Gmsh extrudes a triangulated ply).
  ///
  /// Interior grid vertices are moved by up to `distortion` times the cell size in
  /// each direction (seeded, deterministic), so the elements are not parallelepipeds;
  /// quadratic kinds get mid-edge nodes at the midpoint of their straight edges.
  /// Node tags are sparse and shuffled (tag = 7·index + 3, in a permuted order) to
  /// exercise the tag/index distinction.
  ///
  /// Physical groups: volume `solid` (tag 1); surfaces `xmin`, `xmax`, `ymin`,
  /// `ymax`, `zmin`, `zmax` (tags 1...6) with faces of the matching kind, outward;
  /// point group `outer` (tag 1) holding every boundary node; point groups `origin`
  /// (0,0,0), `x_axis` (size.x, 0, 0) and `xy_plane` (0, size.y, 0) for 3-2-1 restraint.
  public static func box(
    _ kind: ElementKind, n: (Int, Int, Int), size: SIMD3<Double> = SIMD3(1, 1, 1),
    distortion: Double = 0, seed: UInt64 = 1
  ) -> Mesh {
    precondition([.hex8, .hex20, .tet4, .tet10, .prism6, .prism15].contains(kind), "TestMeshes.box: volume kinds only")
    let (nx, ny, nz) = n
    var rng = SplitMix64(seed: seed)
    func vid(_ i: Int, _ j: Int, _ k: Int) -> Int { (k * (ny + 1) + j) * (nx + 1) + i }
    var coords = [Double]()
    let h = SIMD3(size.x / Double(nx), size.y / Double(ny), size.z / Double(nz))
    for k in 0...nz { for j in 0...ny { for i in 0...nx {
      var p = SIMD3(Double(i), Double(j), Double(k)) * h
      let interior = i > 0 && i < nx && j > 0 && j < ny && k > 0 && k < nz
      if interior && distortion > 0 {
        for c in 0..<3 { p[c] += distortion * h[c] * (2 * rng.nextUnit() - 1) }
      }
      coords += [p.x, p.y, p.z]
    } } }
    // Linear cells.
    var cells = [[Int]]()
    let linearKind: ElementKind = (kind == .hex8 || kind == .hex20) ? .hex8 : (kind == .prism6 || kind == .prism15) ? .prism6 : .tet4
    for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
      let c = [vid(i, j, k), vid(i + 1, j, k), vid(i + 1, j + 1, k), vid(i, j + 1, k),
               vid(i, j, k + 1), vid(i + 1, j, k + 1), vid(i + 1, j + 1, k + 1), vid(i, j + 1, k + 1)]
      if linearKind == .hex8 {
        cells.append(c)
      } else if linearKind == .prism6 {
        // Bottom triangles (0,1,2) and (0,2,3), counter-clockwise seen from +z, extruded.
        cells.append([c[0], c[1], c[2], c[4], c[5], c[6]])
        cells.append([c[0], c[2], c[3], c[4], c[6], c[7]])
      } else {
        // Kuhn: six tets around the diagonal 0-6, each positively oriented.
        let paths = [[1, 2], [2, 3], [3, 7], [7, 4], [4, 5], [5, 1]]
        for p in paths {
          var t = [c[0], c[p[0]], c[p[1]], c[6]]
          if signedVolume(t, coords) < 0 { t.swapAt(1, 2) }
          cells.append(t)
        }
      }
    } } }
    // Mid-edge nodes.
    if kind.isQuadratic {
      var midOf = [Int: Int]()
      let edges = ReferenceElement.edges(of: kind)
      for e in cells.indices {
        for (a, b) in edges {
          let na = cells[e][a], nb = cells[e][b]
          let key = min(na, nb) * 1_000_003 + max(na, nb)
          if let m = midOf[key] {
            cells[e].append(m)
          } else {
            let m = coords.count / 3
            for c in 0..<3 { coords.append(0.5 * (coords[3 * na + c] + coords[3 * nb + c])) }
            midOf[key] = m
            cells[e].append(m)
          }
        }
      }
    }
    let nodeCount = coords.count / 3
    // Faces on the six planes (a prism's ends are triangles, its sides quadrangles).
    var faceKinds = [ElementKind](repeating: ReferenceElement.faceKind(of: kind), count: 6)
    var faceConn = [[Int]](repeating: [], count: 6)
    let lo = SIMD3<Double>(0, 0, 0), hi = size
    for cell in cells {
      for face in ReferenceElement.faces(of: kind) {
        let nodes = face.localNodes.map { cell[$0] }
        for axis in 0..<3 {
          for (side, plane) in [lo[axis], hi[axis]].enumerated() {
            if nodes.allSatisfy({ abs(coords[3 * $0 + axis] - plane) < 1e-12 }) {
              faceConn[2 * axis + side] += nodes
              faceKinds[2 * axis + side] = face.kind
            }
          }
        }
      }
    }
    var onBoundary = [Bool](repeating: false, count: nodeCount)
    for conn in faceConn { for node in conn { onBoundary[node] = true } }
    let outer = (0..<nodeCount).filter { onBoundary[$0] }
    func nodeAt(_ p: SIMD3<Double>) -> Int {
      (0..<nodeCount).first { abs(coords[3 * $0] - p.x) + abs(coords[3 * $0 + 1] - p.y) + abs(coords[3 * $0 + 2] - p.z) < 1e-12 }!
    }
    var elementTag = 1
    func tags(_ count: Int) -> [Int] {
      defer { elementTag += count }
      return Array(elementTag..<(elementTag + count))
    }
    var blocks = [ElementBlock]()
    blocks.append(ElementBlock(kind: kind, elementTags: tags(cells.count), connectivity: cells.flatMap { $0 }, physicalTags: [1]))
    let faceNames = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    for f in 0..<6 {
      let count = faceConn[f].count / faceKinds[f].nodeCount
      blocks.append(ElementBlock(kind: faceKinds[f], elementTags: tags(count), connectivity: faceConn[f], physicalTags: [f + 1]))
    }
    blocks.append(ElementBlock(kind: .point1, elementTags: tags(outer.count), connectivity: outer, physicalTags: [1]))
    blocks.append(ElementBlock(kind: .point1, elementTags: tags(1), connectivity: [nodeAt(.zero)], physicalTags: [2]))
    blocks.append(ElementBlock(kind: .point1, elementTags: tags(1), connectivity: [nodeAt(SIMD3(size.x, 0, 0))], physicalTags: [3]))
    blocks.append(ElementBlock(kind: .point1, elementTags: tags(1), connectivity: [nodeAt(SIMD3(0, size.y, 0))], physicalTags: [4]))
    var groups = [PhysicalGroup(dimension: 3, tag: 1, name: "solid")]
    for f in 0..<6 { groups.append(PhysicalGroup(dimension: 2, tag: f + 1, name: faceNames[f])) }
    groups.append(PhysicalGroup(dimension: 0, tag: 1, name: "outer"))
    groups.append(PhysicalGroup(dimension: 0, tag: 2, name: "origin"))
    groups.append(PhysicalGroup(dimension: 0, tag: 3, name: "x_axis"))
    groups.append(PhysicalGroup(dimension: 0, tag: 4, name: "xy_plane"))
    // Sparse, shuffled tags: node index i gets tag 7·π(i) + 3 for a fixed permutation π.
    var perm = Array(0..<nodeCount)
    for i in stride(from: nodeCount - 1, to: 0, by: -1) { perm.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    let nodeTags = perm.map { NodeTag(7 * $0 + 3) }
    return Mesh(nodeTags: nodeTags, coordinates: coords, blocks: blocks, physicalGroups: groups)
  }

  static func signedVolume(_ t: [Int], _ x: [Double]) -> Double {
    func p(_ i: Int) -> SIMD3<Double> { SIMD3(x[3 * t[i]], x[3 * t[i] + 1], x[3 * t[i] + 2]) }
    let a = p(1) - p(0), b = p(2) - p(0), c = p(3) - p(0)
    return (a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)) / 6
  }
}

