import Dispatch
import FEBasis
import FEKernel
import Synchronization

/// One named array of point, cell or field data for `VTUWriter`.
///
/// `values` holds `components` numbers per point (or cell), interleaved:
/// `values[components * i + c]`. Integer fields (`isInteger`) are stored as
/// `Double`s holding whole numbers and written as VTK `Int64`. `componentNames`, when
/// given, names each component (`ComponentName0`, `ComponentName1`, … attributes, which
/// ParaView shows as the component labels instead of its own guess: without them a
/// 6-component array is labelled XX YY ZZ XY YZ XZ, which is not feinvert's Voigt order).
public struct VTUField: Sendable, Equatable {
  public var name: String
  public var components: Int
  public var values: [Double]
  public var isInteger: Bool
  public var componentNames: [String]?

  public init(name: String, components: Int, values: [Double], isInteger: Bool = false, componentNames: [String]? = nil) {
    precondition(components >= 1, "VTUField: components must be at least 1")
    precondition(componentNames == nil || componentNames!.count == components, "VTUField: one name per component")
    self.name = name
    self.components = components
    self.values = values
    self.isInteger = isInteger
    self.componentNames = componentNames
  }

  /// An integer field (for example `gmsh_node_tag` or `ply`).
  public init(name: String, components: Int = 1, integers: [Int], componentNames: [String]? = nil) {
    self.init(
      name: name, components: components, values: integers.map(Double.init), isInteger: true, componentNames: componentNames)
  }
}

/// How a `.vtu` file stores its arrays.
public enum VTUFormat: String, Sendable, CaseIterable {
  /// Base64-encoded little-endian binary inline in each `DataArray` (`format="binary"`),
  /// zlib-compressed (`compressor="vtkZLibDataCompressor"`) when that makes the arrays
  /// smaller.
  case binary
  /// Numbers as text (`format="ascii"`): larger and slower, readable by eye.
  case ascii
}

/// Writes a mesh and fields as a VTK XML UnstructuredGrid (`.vtu`), ASCII or binary
/// (`VTUFormat`).
///
/// **Points** are all the mesh's nodes in dense index order (point `i` is node `i`;
/// `mesh.nodeTags[i]` is its Gmsh tag, which callers write as `gmsh_node_tag`).
///
/// **Cells** are the volume elements only, in the order of `mesh.volumeBlocks`:
/// block by block, element by element within a block. Cell data must follow that
/// order. Surface, curve and point elements are not written.
///
/// Cell types: tet4 → VTK 10 (`VTK_TETRA`), hex8 → 12 (`VTK_HEXAHEDRON`),
/// tet10 → 24 (`VTK_QUADRATIC_TETRA`), hex20 → 25 (`VTK_QUADRATIC_HEXAHEDRON`),
/// prism6 → 13 (`VTK_WEDGE`), prism15 → 26 (`VTK_QUADRATIC_WEDGE`).
/// Nodes are reordered from Gmsh to VTK order: tet10 swaps Gmsh's nodes 8 and 9
/// (Gmsh edges 8 = (3,2), 9 = (3,1); VTK edges 8 = (1,3), 9 = (2,3)); hex20 maps
/// Gmsh's edge order (0,1)(0,3)(0,4)(1,2)(1,5)(2,3)(2,6)(3,7)(4,5)(4,7)(5,6)(6,7) to
/// VTK's (0,1)(1,2)(2,3)(3,0)(4,5)(5,6)(6,7)(7,4)(0,4)(1,5)(2,6)(3,7), i.e. VTK node
/// `k` is Gmsh node `hex20GmshForVTK[k]` (the permutation meshio uses).
///
/// The file is readable by ParaView and meshio.
public enum VTUWriter {
  /// VTK node `k` of a hex20 is Gmsh node `hex20GmshForVTK[k]`.
  public static let hex20GmshForVTK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 13, 9, 16, 18, 19, 17, 10, 12, 14, 15]
  /// VTK node `k` of a prism15 (`VTK_QUADRATIC_WEDGE`) is Gmsh node
  /// `prism15GmshForVTK[k]`: VTK lists the mid-edge nodes of the bottom triangle
  /// (0,1)(1,2)(2,0), the top one (3,4)(4,5)(5,3), then the verticals (0,3)(1,4)(2,5);
  /// Gmsh's edges are (0,1)(0,2)(0,3)(1,2)(1,4)(2,5)(3,4)(3,5)(4,5) (meshio's permutation).
  /// A prism6 (`VTK_WEDGE`) has the same corner order in both.
  public static let prism15GmshForVTK = [0, 1, 2, 3, 4, 5, 6, 9, 7, 12, 14, 13, 8, 10, 11]
  /// VTK node `k` of a tet10 is Gmsh node `tet10GmshForVTK[k]`.
  public static let tet10GmshForVTK = [0, 1, 2, 3, 4, 5, 6, 7, 9, 8]

  /// The VTK cell type of a volume element kind, or `nil` for other kinds.
  public static func vtkCellType(_ kind: ElementKind) -> Int? {
    switch kind {
    case .tet4: return 10
    case .hex8: return 12
    case .tet10: return 24
    case .hex20: return 25
    case .prism6: return 13
    case .prism15: return 26
    default: return nil
    }
  }

  /// Gmsh node index for each VTK node position of a kind.
  static func gmshForVTK(_ kind: ElementKind) -> [Int] {
    switch kind {
    case .hex20: return hex20GmshForVTK
    case .tet10: return tet10GmshForVTK
    case .prism15: return prism15GmshForVTK
    default: return Array(0..<kind.nodeCount)
    }
  }

  /// The `.vtu` text.
  ///
  /// - Parameters:
  ///   - mesh: the mesh; its volume blocks become the cells.
  ///   - pointData: fields with `components * mesh.nodeCount` values each.
  ///   - cellData: fields with `components * mesh.volumeElementCount` values each, in
  ///     `mesh.volumeBlocks` order.
  ///   - fieldData: fields of the whole data set (`<FieldData>`), any number of values.
  ///   - format: text or binary arrays; the binary form is compressed when smaller.
  /// - Returns: the VTK XML document.
  ///
  /// A field whose `values.count` does not match is a precondition failure.
  public static func encode(
    mesh: Mesh, pointData: [VTUField], cellData: [VTUField], fieldData: [VTUField] = [], format: VTUFormat = .ascii
  ) -> String {
    let nPoints = mesh.nodeCount
    let nCells = mesh.volumeElementCount
    for f in pointData {
      precondition(f.values.count == f.components * nPoints, "VTUWriter: point field \(f.name) needs components * nodeCount values")
    }
    for f in cellData {
      precondition(f.values.count == f.components * nCells, "VTUWriter: cell field \(f.name) needs components * volumeElementCount values")
    }
    for f in fieldData {
      precondition(f.values.count % f.components == 0, "VTUWriter: field data \(f.name) needs whole tuples")
    }
    var connectivity: [Int] = []
    var offsets: [Int] = []
    var types: [UInt8] = []
    offsets.reserveCapacity(nCells)
    var offset = 0
    for b in mesh.volumeBlocks {
      guard let type = vtkCellType(b.kind) else { continue }
      let perm = gmshForVTK(b.kind)
      connectivity.reserveCapacity(connectivity.count + b.elementCount * perm.count)
      for e in 0..<b.elementCount {
        let base = b.nodes(of: e).startIndex
        for p in perm { connectivity.append(b.connectivity[base + p]) }
        offset += perm.count
        offsets.append(offset)
        types.append(UInt8(type))
      }
    }
    let points = VTUField(name: "Points", components: 3, values: mesh.coordinates)
    let arrays: [VTUArray] =
      fieldData.map { VTUArray(field: $0) } + pointData.map { VTUArray(field: $0) } + cellData.map { VTUArray(field: $0) }
      + [
        VTUArray(field: points, named: false),
        VTUArray(name: "connectivity", components: 1, payload: .int64(connectivity)),
        VTUArray(name: "offsets", components: 1, payload: .int64(offsets)),
        VTUArray(name: "types", components: 1, payload: .uint8(types)),
      ]
    let bodies: [String]
    var compressor = ""
    switch format {
    case .ascii:
      bodies = arrays.map { $0.asciiBody() }
    case .binary:
      let encoded = VTUBinary.encode(arrays.map { $0.bytes() })
      bodies = encoded.bodies
      if encoded.compressed { compressor = " compressor=\"vtkZLibDataCompressor\"" }
    }
    var k = 0
    func next(_ s: inout String) {
      s += arrays[k].openingTag(format: format)
      s += bodies[k]
      s += "        </DataArray>\n"
      k += 1
    }
    var s = "<?xml version=\"1.0\"?>\n"
    s += "<VTKFile type=\"UnstructuredGrid\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\"\(compressor)>\n"
    s += "  <UnstructuredGrid>\n"
    if !fieldData.isEmpty {
      s += "    <FieldData>\n"
      for _ in fieldData { next(&s) }
      s += "    </FieldData>\n"
    }
    s += "    <Piece NumberOfPoints=\"\(nPoints)\" NumberOfCells=\"\(nCells)\">\n"
    s += "      <PointData>\n"
    for _ in pointData { next(&s) }
    s += "      </PointData>\n"
    s += "      <CellData>\n"
    for _ in cellData { next(&s) }
    s += "      </CellData>\n"
    s += "      <Points>\n"
    next(&s)
    s += "      </Points>\n"
    s += "      <Cells>\n"
    next(&s)
    next(&s)
    next(&s)
    s += "      </Cells>\n"
    s += "    </Piece>\n"
    s += "  </UnstructuredGrid>\n"
    s += "</VTKFile>\n"
    return s
  }

  /// The text of `count` rows, each indented and ended by a newline, `row(i, &line)`
  /// appending row `i`'s words. Rows are encoded in chunks on all cores (number-to-text
  /// conversion is most of the writer's time: about 1.2 s on one core for the 376k-DOF
  /// coupon) and joined in order, so the text is the same as a sequential encoding.
  static func rows(_ count: Int, _ row: @Sendable (Int, inout String) -> Void) -> String {
    let chunkRows = 4096
    let chunks = (count + chunkRows - 1) / chunkRows
    @Sendable func encode(_ chunk: Int) -> String {
      var text = ""
      text.reserveCapacity(chunkRows * 64)
      for i in (chunk * chunkRows)..<min(count, (chunk + 1) * chunkRows) {
        text += "          "
        row(i, &text)
        text += "\n"
      }
      return text
    }
    if chunks <= 1 { return encode(0) }
    let pieces = Mutex([String](repeating: "", count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      let text = encode(c)
      pieces.withLock { $0[c] = text }
    }
    return pieces.withLock { $0.joined() }
  }

  static func appendRows(_ words: [String], perRow: Int, to s: inout String) {
    var i = 0
    while i < words.count {
      let end = min(i + perRow, words.count)
      s += "          " + words[i..<end].joined(separator: " ") + "\n"
      i = end
    }
  }

  static func xmlEscaped(_ text: String) -> String {
    var out = ""
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }
}
