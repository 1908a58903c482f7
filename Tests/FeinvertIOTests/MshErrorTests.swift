import GmshFiles
import FECommon
import FEKernel
import Foundation
import Testing

@testable import FeinvertIO

/// One malformed fixture per error message; each asserts the error case and its
/// exact `file:line` text.
@Suite("MSH reader errors")
struct MshErrorTests {
  static let known = "2-node line (line2) = 1, 3-node triangle (tri3) = 2, 4-node quadrangle (quad4) = 3, 4-node tetrahedron (tet4) = 4, 8-node hexahedron (hex8) = 5, 6-node prism (prism6, a wedge) = 6, 3-node line (line3) = 8, 6-node triangle (tri6) = 9, 10-node tetrahedron (tet10) = 11, point (point1) = 15, 8-node quadrangle (quad8) = 16, 20-node hexahedron (hex20) = 17, 15-node prism (prism15, a wedge) = 18"

  static let cases: [(file: String, text: String)] = [
    ("bad_version.msh",
     "bad_version.msh:2: found MSH format 4.0 ASCII; expected 2.2 (ASCII) or 4.1 (ASCII or binary)"),
    ("bad_node_count.msh",
     "bad_node_count.msh:18: found 8 nodes before $EndNodes; expected 9"),
    ("bad_element_count.msh",
     "bad_element_count.msh:22: found 1 elements before $EndElements; expected 2"),
    ("bad_element_nodes.msh",
     "bad_element_nodes.msh:21: element 7 (hex8) lists 6 node tags; hex8 needs 8"),
    ("bad_unknown_node.msh",
     "bad_unknown_node.msh:21: element 7 lists node tag 999; expected a node tag defined in $Nodes"),
    ("bad_unknown_type.msh",
     "bad_unknown_type.msh:21: element 7 has element type 12 (27-node hexahedron, second-order complete) in a physical group; expected one of the kinds feinvert knows: \(known); mesh with Mesh.SecondOrderIncomplete = 1 (gmsh -order 2 -setnumber Mesh.SecondOrderIncomplete 1) for 8-node quadrangles, 20-node hexahedra and 15-node prisms"),
    ("bad_number.msh",
     "bad_number.msh:14: found '1.0.5'; expected a coordinate"),
    ("bad_truncated.msh",
     "bad_truncated.msh:16: found the end of the file inside $Nodes; expected $EndNodes"),
    ("bad_missing_end.msh",
     "bad_missing_end.msh:18: found '$EndNodez'; expected $EndNodes"),
  ]

  @Test(arguments: cases)
  func malformedFixture(file: String, text: String) throws {
    let bytes = try fixtureBytes(file)
    do {
      _ = try MshReader.read(data: bytes, path: file)
      Issue.record("\(file) was read without an error")
    } catch let e as InputError {
      #expect(e.description == text)
      #expect(e.exitCode == 2)
    }
  }

  @Test func typedCases() throws {
    func typed(_ file: String) throws -> MshError? {
      do {
        _ = try MshReader.parse(data: fixtureBytes(file), path: file)
        return nil
      } catch let e as MshError {
        return e
      }
    }
    let loc = { (f: String, l: Int) in SourceLocation(file: f, line: l) }
    #expect(try typed("bad_version.msh") == .unsupportedVersion(found: "4.0 ASCII", at: loc("bad_version.msh", 2)))
    #expect(try typed("bad_element_nodes.msh")
            == .nodeCount(element: 7, kind: .hex8, found: 6, at: loc("bad_element_nodes.msh", 21)))
    #expect(try typed("bad_unknown_node.msh") == .unknownNode(element: 7, tag: 999, at: loc("bad_unknown_node.msh", 21)))
    #expect(try typed("bad_unknown_type.msh")
            == .unknownElementType(type: 12, element: 7, at: loc("bad_unknown_type.msh", 21)))
    #expect(try typed("bad_truncated.msh") == .truncated(section: "Nodes", at: loc("bad_truncated.msh", 16)))
    #expect(try typed("bad_number.msh")
            == .badNumber(found: "1.0.5", expected: "a coordinate", at: loc("bad_number.msh", 14)))
  }

  /// In the binary sections of MSH 4.1 binary the location is a byte offset.
  @Test func truncatedBinary() throws {
    let bytes = try fixtureBytes("bad_truncated_v41b.msh")
    do {
      _ = try MshReader.read(data: bytes, path: "coupon.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == "coupon.msh: byte \(bytes.count): found the end of the file inside $Elements; expected $EndElements")
    }
  }

  /// Errors found in MSH 4.1 ASCII (block structure) name the line too.
  @Test func v41Errors() throws {
    let good = String(decoding: try fixtureBytes("tiny_v41.msh"), as: UTF8.self)
    var lines = good.components(separatedBy: "\n")
    // The first hex8 element line: "17 <8 node tags>"; drop two node tags.
    let i = try #require(lines.firstIndex { $0.hasPrefix("17 ") })
    lines[i] = lines[i].split(separator: " ").dropLast(2).joined(separator: " ")
    do {
      _ = try MshReader.read(data: Array(lines.joined(separator: "\n").utf8), path: "c.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == "c.msh:\(i + 1): element 17 (hex8) lists 6 node tags; hex8 needs 8")
    }
    // A volume entity with physical tags holding an unknown element type (pyramid, 7).
    lines = good.components(separatedBy: "\n")
    let h = try #require(lines.firstIndex { $0.hasPrefix("3 1 5 2") })
    lines[h] = "3 1 7 2"
    do {
      _ = try MshReader.read(data: Array(lines.joined(separator: "\n").utf8), path: "c.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == "c.msh:\(h + 1): found element type 7 (5-node pyramid) in a physical group; expected one of the kinds feinvert knows: \(Self.known); pyramids are not supported: mesh with hexahedra, prisms or tetrahedra only")
    }
  }

  @Test(arguments: [
    ("", "e.msh:1: found an empty file; expected $MeshFormat"),
    ("hello\n", "e.msh:1: found 'hello'; expected $MeshFormat (a Gmsh MSH file)"),
    ("$MeshFormat\n3.0 0 8\n$EndMeshFormat\n", "e.msh:2: found MSH format 3.0 ASCII; expected 2.2 (ASCII) or 4.1 (ASCII or binary)"),
    ("$MeshFormat\n2.2 1 8\n$EndMeshFormat\n", "e.msh:2: found MSH format 2.2 binary; expected 2.2 (ASCII) or 4.1 (ASCII or binary)"),
    ("$MeshFormat\n4.1 0 8\n$EndMeshFormat\n", "e.msh: found no $Nodes section; expected $Nodes and $Elements"),
    ("$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n1\n1 0 0 0\n1 0 0 0\n$EndNodes\n",
     "e.msh:7: found '1 0 0 0'; expected $EndNodes"),
    ("$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n2\n1 0 0 0\n1 0 0 nan\n$EndNodes\n",
     "e.msh:7: found 'nan'; expected a coordinate"),
    ("$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n2\n1 0 0 0\n1 0 0 1\n$EndNodes\n",
     "e.msh:7: found node tag 1 a second time; expected each node tag once"),
    ("$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\nx\n", "e.msh:5: found 'x'; expected the number of nodes"),
  ])
  func inlineErrors(text: String, message: String) {
    do {
      _ = try MshReader.read(data: Array(text.utf8), path: "e.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == message)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  /// A binary element that lists an unknown node tag is located by its byte offset.
  @Test func binaryUnknownNode() throws {
    var bytes = MshWriter.encode(SampleMesh.make(), format: .v41Binary)
    let marker = Array("$Elements\n".utf8)
    let start = try #require((0..<(bytes.count - marker.count)).first { Array(bytes[$0..<($0 + marker.count)]) == marker })
    // 4 size_t of header, then dim, entity, type (int) and count (size_t): the first
    // element (the point1, tag 900) starts 52 bytes into the section.
    let element = start + marker.count + 52
    withUnsafeBytes(of: UInt64(999_999).littleEndian) { raw in
      for k in 0..<8 { bytes[element + 8 + k] = raw[k] }
    }
    do {
      _ = try MshReader.read(data: bytes, path: "w.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == "w.msh: byte \(element): element 900 lists node tag 999999; expected a node tag defined in $Nodes")
    }
  }

  /// MSH 4.1 ASCII: the header's node count disagrees with the blocks.
  @Test func v41NodeCountMismatch() throws {
    var lines = String(decoding: try fixtureBytes("tiny_v41.msh"), as: UTF8.self).components(separatedBy: "\n")
    let h = try #require(lines.firstIndex(of: "$Nodes")) + 1
    lines[h] = "1 47 10 145"
    do {
      _ = try MshReader.read(data: Array(lines.joined(separator: "\n").utf8), path: "c.msh")
      Issue.record("read without an error")
    } catch let e as InputError {
      #expect(e.description == "c.msh:\(h + 1): found 46 nodes in the blocks of $Nodes; expected 47")
    }
  }
}
