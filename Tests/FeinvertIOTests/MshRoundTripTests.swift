import GmshFiles
@testable import FeinvertFiles
import FECommon
import FEKernel
import Foundation
import Testing

@testable import FeinvertIO

/// A tiny mesh with every kind feinvert reads, sparse unordered node tags, named
/// physical groups of all four dimensions, a block in two physical groups and a
/// block in none.
///
/// - hex8: 2 elements on [0,2]x[0,1]x[0,1] ("ply1", tag 10)
/// - hex20: 1 element on [3,4]x[0,1]x[0,1] ("ply2" 11 and "both" 13)
/// - tet10 and tet4: 1 element each ("ply3", 12), two blocks
/// - quad4 "end_x0" (21) and "end_xL" (22) on the hex8 block's x = 0 and x = 2 faces
/// - tri3 on the tet4's z = 0 face, in no physical group
/// - line2 x2 "edge_y0z0" (31), point1 "corner0" (41)
enum SampleMesh {
  /// Gmsh tag of dense node `i`: a permutation of 10, 13, ..., spread and unordered.
  static func tag(_ i: Int, count: Int) -> NodeTag { NodeTag(10 + ((i * 53) % count) * 3) }

  static func make() -> Mesh {
    var xyz: [SIMD3<Double>] = []
    // hex8 grid: node (i, j, k) = i + 3 j + 6 k, x = i, y = j, z = k
    for k in 0...1 { for j in 0...1 { for i in 0...2 { xyz.append(SIMD3(Double(i), Double(j), Double(k))) } } }
    func g(_ i: Int, _ j: Int, _ k: Int) -> Int { i + 3 * j + 6 * k }
    let hex8 = [
      g(0, 0, 0), g(1, 0, 0), g(1, 1, 0), g(0, 1, 0), g(0, 0, 1), g(1, 0, 1), g(1, 1, 1), g(0, 1, 1),
      g(1, 0, 0), g(2, 0, 0), g(2, 1, 0), g(1, 1, 0), g(1, 0, 1), g(2, 0, 1), g(2, 1, 1), g(1, 1, 1),
    ]
    // hex20 on [3,4]x[0,1]x[0,1], Gmsh order: corners then edges
    // (0,1)(0,3)(0,4)(1,2)(1,5)(2,3)(2,6)(3,7)(4,5)(4,7)(5,6)(6,7).
    let corners: [SIMD3<Double>] = [
      [0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1], [0, 1, 1],
    ].map { $0 + SIMD3(3, 0, 0) }
    let hexEdges = [(0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7)]
    let hex20Start = xyz.count
    xyz += corners
    xyz += hexEdges.map { (corners[$0.0] + corners[$0.1]) / 2 }
    let hex20 = Array(hex20Start..<(hex20Start + 20))
    // tet10 on x in [5,6], Gmsh edges (0,1)(1,2)(2,0)(3,0)(3,2)(3,1).
    let tc: [SIMD3<Double>] = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]].map { $0 + SIMD3(5, 0, 0) }
    let tetEdges = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    let tet10Start = xyz.count
    xyz += tc
    xyz += tetEdges.map { (tc[$0.0] + tc[$0.1]) / 2 }
    let tet10 = Array(tet10Start..<(tet10Start + 10))
    // tet4 on x in [7,8]
    let tet4Start = xyz.count
    xyz += [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1.5]].map { $0 + SIMD3(7, 0, 0) }
    let tet4 = Array(tet4Start..<(tet4Start + 4))

    let n = xyz.count
    let tags = (0..<n).map { tag($0, count: n) }
    let coords = xyz.flatMap { [$0.x, $0.y, $0.z] }
    let blocks = [
      ElementBlock(kind: .point1, elementTags: [900], connectivity: [g(0, 0, 0)], physicalTags: [41]),
      ElementBlock(kind: .line2, elementTags: [801, 805], connectivity: [g(0, 0, 0), g(1, 0, 0), g(1, 0, 0), g(2, 0, 0)],
                   physicalTags: [31]),
      ElementBlock(kind: .quad4, elementTags: [700], connectivity: [g(0, 0, 0), g(0, 0, 1), g(0, 1, 1), g(0, 1, 0)],
                   physicalTags: [21]),
      ElementBlock(kind: .quad4, elementTags: [702], connectivity: [g(2, 0, 0), g(2, 1, 0), g(2, 1, 1), g(2, 0, 1)],
                   physicalTags: [22]),
      ElementBlock(kind: .tri3, elementTags: [650], connectivity: [tet4[0], tet4[2], tet4[1]], physicalTags: []),
      ElementBlock(kind: .hex8, elementTags: [17, 3], connectivity: hex8, physicalTags: [10]),
      ElementBlock(kind: .hex20, elementTags: [40], connectivity: hex20, physicalTags: [11, 13]),
      ElementBlock(kind: .tet10, elementTags: [55], connectivity: tet10, physicalTags: [12]),
      ElementBlock(kind: .tet4, elementTags: [56], connectivity: tet4, physicalTags: [12]),
    ]
    let groups = [
      PhysicalGroup(dimension: 0, tag: 41, name: "corner0"),
      PhysicalGroup(dimension: 1, tag: 31, name: "edge_y0z0"),
      PhysicalGroup(dimension: 2, tag: 21, name: "end_x0"),
      PhysicalGroup(dimension: 2, tag: 22, name: "end_xL"),
      PhysicalGroup(dimension: 3, tag: 10, name: "ply1"),
      PhysicalGroup(dimension: 3, tag: 11, name: "ply2"),
      PhysicalGroup(dimension: 3, tag: 12, name: "ply3"),
      PhysicalGroup(dimension: 3, tag: 13, name: "both plies"),
    ]
    return Mesh(nodeTags: tags, coordinates: coords, blocks: blocks, physicalGroups: groups)
  }
}

/// The fixture directory in the source tree (for regenerating fixtures).
func sourceFixtureDirectory(_ file: String = #filePath) -> String {
  (file as NSString).deletingLastPathComponent + "/Fixtures/msh"
}

/// Bytes of a fixture in `Fixtures/msh`.
func fixtureBytes(_ name: String) throws -> [UInt8] {
  let base = (name as NSString).deletingPathExtension
  let ext = (name as NSString).pathExtension
  let url = try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/msh"))
  return [UInt8](try Data(contentsOf: url))
}

func fixtureURL(_ name: String) throws -> URL {
  let base = (name as NSString).deletingPathExtension
  let ext = (name as NSString).pathExtension
  return try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/msh"))
}

@Suite("MSH writer round trip")
struct MshRoundTripTests {
  static let formats: [(MshFormat, String)] = [(.v22ASCII, "v22"), (.v41ASCII, "v41"), (.v41Binary, "v41b")]

  @Test func sampleIsCanonical() {
    let m = SampleMesh.make()
    #expect(MshWriter.canonical(m) == m)
    #expect(Set(m.nodeTags).count == m.nodeCount)
    #expect(m.nodeTags != m.nodeTags.sorted())
  }

  @Test(arguments: [MshFormat.v22ASCII, .v41ASCII, .v41Binary])
  func roundTrip(format: MshFormat) throws {
    let m = SampleMesh.make()
    let bytes = MshWriter.encode(m, format: format)
    let back = try MshReader.read(data: bytes, path: "sample.msh")
    #expect(back == m)
    #expect(back.indexOfTag == m.indexOfTag)
  }

  /// Blocks out of dimension order, unsorted physical tags and an empty block come
  /// back in canonical form.
  @Test(arguments: [MshFormat.v22ASCII, .v41ASCII, .v41Binary])
  func roundTripToCanonical(format: MshFormat) throws {
    var m = SampleMesh.make()
    m.blocks.reverse()
    m.blocks[0].physicalTags = [13, 11, 13]
    m.blocks.append(ElementBlock(kind: .tri3, elementTags: [], connectivity: [], physicalTags: [5]))
    m.physicalGroups.reverse()
    let back = try MshReader.read(data: MshWriter.encode(m, format: format), path: "sample.msh")
    #expect(back == MshWriter.canonical(m))
    #expect(back.volumeBlocks.map(\.kind) == [.tet4, .tet10, .hex20, .hex8])
  }

  /// The committed `tiny_*.msh` fixtures (written by `MshWriter` from `SampleMesh`) read
  /// into the sample mesh; set FEINVERT_REGENERATE_FIXTURES=1 to rewrite them.
  @Test(arguments: formats.map(\.1))
  func tinyFixtures(suffix: String) throws {
    let m = SampleMesh.make()
    if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE_FIXTURES"] != nil {
      let format = Self.formats.first { $0.1 == suffix }!.0
      try writeAtomically(MshWriter.encode(m, format: format), to: sourceFixtureDirectory() + "/tiny_\(suffix).msh")
      return
    }
    let mesh = try MshReader.read(data: fixtureBytes("tiny_\(suffix).msh"), path: "tiny_\(suffix).msh")
    #expect(mesh == m)
  }

  /// Files edited on Windows (CRLF line ends) read the same.
  @Test(arguments: ["tiny_v22.msh", "tiny_v41.msh"])
  func crlfLineEnds(file: String) throws {
    let text = String(decoding: try fixtureBytes(file), as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n")
    #expect(try MshReader.read(data: Array(text.utf8), path: file) == SampleMesh.make())
  }

  @Test func readFromPath() throws {
    let url = try fixtureURL("tiny_v41.msh")
    let mesh = try MshReader.read(path: url.path)
    #expect(mesh == SampleMesh.make())
  }

  @Test func missingFileIsInputError() {
    do {
      _ = try MshReader.read(path: "/nonexistent/dir/coupon.msh")
      Issue.record("expected an error")
    } catch let e as InputError {
      #expect(e.exitCode == 2)
      #expect(e.description.hasPrefix("/nonexistent/dir/coupon.msh: cannot open the file"))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// MSH 2.2 as Gmsh writes an element in two physical groups: the element twice,
  /// with different element numbers. The reader keeps it once, in both groups.
  @Test func v22RepeatedElementPerPhysical() throws {
    let text = """
      $MeshFormat
      2.2 0 8
      $EndMeshFormat
      $Nodes
      3
      5 0 0 0
      9 1 0 0
      2 0 1 0
      $EndNodes
      $Elements
      3
      1 2 2 7 4 5 9 2
      2 2 2 8 4 5 9 2
      3 1 2 0 3 5 9
      $EndElements

      """
    let m = try MshReader.read(data: Array(text.utf8), path: "dup.msh")
    #expect(m.blocks.count == 2)
    #expect(m.blocks[0].kind == .line2 && m.blocks[0].physicalTags == [])
    #expect(m.blocks[1].kind == .tri3 && m.blocks[1].physicalTags == [7, 8] && m.blocks[1].elementTags == [1])
    #expect(m.nodeTags == [NodeTag(5), NodeTag(9), NodeTag(2)])
  }

  /// Unknown sections are skipped; unknown element types outside physical groups too.
  @Test func skipsUnknownSectionsAndTypes() throws {
    let text = """
      $MeshFormat
      4.1 0 8
      $EndMeshFormat
      $Comments
      anything $Nodes
      $EndComments
      $Entities
      0 0 0 1
      1 0 0 0 1 1 1 1 10 0
      $EndEntities
      $Nodes
      1 6 1 6
      3 1 0 6
      1
      2
      3
      4
      5
      6
      0 0 0
      1 0 0
      0 1 0
      0 0 1
      1 0 1
      0 1 1
      $EndNodes
      $Elements
      2 2 1 2
      3 2 7 1
      1 1 2 3 4 5
      3 1 4 1
      2 1 2 3 4
      $EndElements
      $NodeData
      1
      "x"
      $EndNodeData

      """
    let m = try MshReader.read(data: Array(text.utf8), path: "skip.msh")
    #expect(m.blocks.count == 1)
    #expect(m.blocks[0].kind == .tet4 && m.blocks[0].physicalTags == [10] && m.blocks[0].elementTags == [2])
  }
}
