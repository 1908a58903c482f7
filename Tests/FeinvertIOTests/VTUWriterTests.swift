@testable import FeinvertFiles
import FECommon
import FEBasis
import FEKernel
import FeinvertTestSupport
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import FeinvertIO

/// The contract's `solution.vtu` fields on the sample mesh.
func sampleSolutionVTU(_ m: Mesh) -> String {
  let displacement = (0..<(3 * m.nodeCount)).map { 0.001 * Double($0) - 0.05 }
  let stress = (0..<(6 * m.volumeElementCount)).map { Double($0) * 1.5 - 7 }
  var ply: [Int] = []
  for (k, b) in m.volumeBlocks.enumerated() { ply += Array(repeating: k + 1, count: b.elementCount) }
  return VTUWriter.encode(
    mesh: m,
    pointData: [
      VTUField(name: "displacement", components: 3, values: displacement),
      VTUField(name: "gmsh_node_tag", integers: m.nodeTags.map(\.rawValue)),
    ],
    cellData: [
      VTUField(name: "stress", components: 6, values: stress),
      VTUField(name: "ply", integers: ply),
    ])
}

@Suite("VTU writer")
struct VTUWriterTests {
  /// Parses the XML and returns each DataArray's Name and numbers.
  func arrays(_ text: String) throws -> (piece: [String: String], arrays: [String: [Double]]) {
    let doc = try XMLDocument(data: Data(text.utf8), options: [])
    let root = try #require(doc.rootElement())
    #expect(root.name == "VTKFile")
    #expect(root.attribute(forName: "type")?.stringValue == "UnstructuredGrid")
    let piece = try #require(try root.nodes(forXPath: "//Piece").first as? XMLElement)
    var attrs: [String: String] = [:]
    for a in piece.attributes ?? [] { attrs[a.name ?? ""] = a.stringValue }
    var out: [String: [Double]] = [:]
    for node in try root.nodes(forXPath: "//DataArray") {
      let e = try #require(node as? XMLElement)
      let parent = e.parent?.name ?? ""
      let name = e.attribute(forName: "Name")?.stringValue ?? parent
      let numbers = (e.stringValue ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
      out[name] = numbers
    }
    return (attrs, out)
  }

  @Test func parsesAsXMLWithContractFields() throws {
    let m = SampleMesh.make()
    let (piece, a) = try arrays(sampleSolutionVTU(m))
    #expect(piece["NumberOfPoints"] == "46")
    #expect(piece["NumberOfCells"] == "5")
    #expect(a["displacement"]?.count == 3 * m.nodeCount)
    #expect(a["gmsh_node_tag"] == m.nodeTags.map { Double($0.rawValue) })
    #expect(a["stress"]?.count == 6 * 5)
    #expect(a["ply"] == [1, 1, 2, 3, 4])
    #expect(a["Points"] == m.coordinates)
    // Cells in mesh.volumeBlocks order: hex8, hex8, hex20, tet10, tet4.
    #expect(a["types"] == [12, 12, 25, 24, 10])
    #expect(a["offsets"] == [8, 16, 36, 46, 50])
    #expect(a["connectivity"]?.count == 50)
  }

  /// The written node order is VTK's: every quadratic mid-edge node lies at the
  /// midpoint of the VTK edge it stands for.
  @Test func quadraticNodeOrderIsVTKs() throws {
    let m = SampleMesh.make()
    let (_, a) = try arrays(sampleSolutionVTU(m))
    let conn = try #require(a["connectivity"]).map { Int($0) }
    let vtkHex20Edges = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
    let vtkTet10Edges = [(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)]
    func check(_ nodes: ArraySlice<Int>, _ edges: [(Int, Int)], corners: Int) {
      let n = Array(nodes)
      for (k, (i, j)) in edges.enumerated() {
        let mid = (m.point(n[i]) + m.point(n[j])) / 2
        #expect(m.point(n[corners + k]) == mid, "VTK edge \(k) (\(i),\(j))")
      }
    }
    check(conn[16..<36], vtkHex20Edges, corners: 8)
    check(conn[36..<46], vtkTet10Edges, corners: 4)
    // Linear cells keep Gmsh's order (the same as VTK's).
    #expect(Array(conn[0..<8]) == Array(m.volumeBlocks[0].nodes(of: 0)))
  }

  /// The chunked parallel row encoder gives the text a plain sequential loop gives, for
  /// counts below, at and across its 4096-row chunks.
  @Test(arguments: [0, 1, 4095, 4096, 4097, 10_000])
  func parallelRowsEqualSequentialRows(count: Int) {
    var expected = ""
    for i in 0..<count { expected += "          \(i) \(Double(i) / 7)\n" }
    #expect(VTUWriter.rows(count) { i, line in line += "\(i) \(Double(i) / 7)" } == expected)
  }

  /// The permutation tables against the Gmsh edge lists: VTK node k of a hex20 is the
  /// Gmsh node on the same edge.
  @Test func permutationTables() {
    let gmshHex20 = [(0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7)]
    let vtkHex20 = [(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (5, 6), (6, 7), (7, 4), (0, 4), (1, 5), (2, 6), (3, 7)]
    for (k, e) in vtkHex20.enumerated() {
      let g = VTUWriter.hex20GmshForVTK[8 + k] - 8
      #expect(Set([gmshHex20[g].0, gmshHex20[g].1]) == Set([e.0, e.1]))
    }
    let gmshTet10 = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    let vtkTet10 = [(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)]
    for (k, e) in vtkTet10.enumerated() {
      let g = VTUWriter.tet10GmshForVTK[4 + k] - 4
      #expect(Set([gmshTet10[g].0, gmshTet10[g].1]) == Set([e.0, e.1]))
    }
  }

  /// Prisms: VTK_WEDGE (13) keeps Gmsh's corner order; VTK_QUADRATIC_WEDGE (26) lists the
  /// mid-edge nodes on VTK's edges (0,1)(1,2)(2,0)(3,4)(4,5)(5,3)(0,3)(1,4)(2,5) (VTK's
  /// vtkQuadraticWedge), checked here by midpoints on a box of Gmsh-ordered prisms.
  @Test func prismCellsAreVTKWedges() throws {
    let vtkWedge15Edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (0, 3), (1, 4), (2, 5)]
    for (kind, type) in [(ElementKind.prism6, 13.0), (.prism15, 26.0)] {
      let m = TestMeshes.box(kind, n: (2, 1, 1), size: SIMD3(2, 1, 0.5))
      let (_, a) = try arrays(VTUWriter.encode(mesh: m, pointData: [], cellData: []))
      #expect(a["types"] == [Double](repeating: type, count: 4))
      let conn = try #require(a["connectivity"]).map { Int($0) }
      let n = kind.nodeCount
      for c in 0..<4 {
        let cell = Array(conn[(c * n)..<((c + 1) * n)])
        #expect(Array(cell[0..<6]) == Array(m.volumeBlocks[0].nodes(of: c).prefix(6)))
        // VTK's base (0,1,2) and top (3,4,5) with the verticals (0,3), (1,4), (2,5).
        for a in 0..<3 { #expect(m.point(cell[a + 3]).z - m.point(cell[a]).z == 0.5) }
        guard kind == .prism15 else { continue }
        for (k, (i, j)) in vtkWedge15Edges.enumerated() {
          #expect(m.point(cell[6 + k]) == (m.point(cell[i]) + m.point(cell[j])) / 2, "VTK edge \(k)")
        }
      }
    }
  }

  @Test func namesAreEscaped() throws {
    let m = SampleMesh.make()
    let text = VTUWriter.encode(
      mesh: m, pointData: [VTUField(name: "a<b&\"c\"", components: 1, values: Array(repeating: 0, count: m.nodeCount))],
      cellData: [])
    let (_, a) = try arrays(text)
    #expect(a["a<b&\"c\""]?.count == m.nodeCount)
  }

  /// meshio (the contract names it) reads the file back with the right counts and
  /// values. Runs only where `python3 -c "import meshio"` works.
  @Test func meshioReadsIt() throws {
    guard let python = pythonWithMeshio() else {
      print("VTUWriterTests.meshioReadsIt: skipped, python3 with meshio is not available")
      return
    }
    let m = SampleMesh.make()
    let dir = NSTemporaryDirectory() + "feinvert-vtu-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/solution.vtu"
    try writeAtomically(sampleSolutionVTU(m), to: path)
    let script = """
      import meshio, sys
      m = meshio.read(sys.argv[1])
      print(len(m.points))
      print(" ".join(f"{c.type}:{len(c.data)}" for c in m.cells))
      print(int(m.point_data["gmsh_node_tag"].sum()))
      print(m.point_data["displacement"].shape[1])
      print(sum(int(s.shape[0]) for s in m.cell_data["stress"]), m.cell_data["stress"][0].shape[1])
      print(" ".join(str(int(v)) for b in m.cell_data["ply"] for v in b.ravel()))
      print(" ".join(str(int(v)) for v in m.cells[1].data[0]))
      """
    let out = try run(python, ["-c", script, path])
    let lines = out.split(separator: "\n").map(String.init)
    #expect(lines.count == 7)
    guard lines.count == 7 else { return }
    #expect(lines[0] == "46")
    #expect(lines[1] == "hexahedron:2 hexahedron20:1 tetra10:1 tetra:1")
    #expect(lines[2] == String(m.nodeTags.reduce(0) { $0 + $1.rawValue }))
    #expect(lines[3] == "3")
    #expect(lines[4] == "5 6")
    #expect(lines[5] == "1 1 2 3 4")
    let vtkHex20 = VTUWriter.hex20GmshForVTK.map { m.volumeBlocks[1].nodes(of: 0)[$0] }
    #expect(lines[6] == vtkHex20.map(String.init).joined(separator: " "))
  }

  /// Debian's `/usr/bin/python3` (python3-meshio is a Debian package; a `python3` earlier
  /// on PATH may be another installation) when `import meshio` works there, else `nil`.
  func pythonWithMeshio() -> String? {
    (try? run("/usr/bin/python3", ["-c", "import meshio"])) != nil ? "/usr/bin/python3" : nil
  }

  struct ProcessFailed: Error, CustomStringConvertible {
    var status: Int32
    var stderr: String
    var description: String { "exit \(status): \(stderr)" }
  }

  /// Runs a process; returns its stdout, or throws (with its stderr) when the exit status is not 0.
  func run(_ executable: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
      throw ProcessFailed(status: p.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
    }
    return String(decoding: data, as: UTF8.self)
  }
}
