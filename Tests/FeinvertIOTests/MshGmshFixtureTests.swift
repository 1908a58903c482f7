import FEBasis
import GmshFiles
import FECommon
import FEKernel
import Foundation
import Testing

@testable import FeinvertIO

/// Meshes written by Gmsh 4.15 itself (`Fixtures/msh/make_fixtures.py`) in MSH 2.2
/// ASCII, 4.1 ASCII and 4.1 binary read into identical `Mesh` values, as deal.II's
/// `grid_in_gmsh_01_v41` checks.
@Suite("Gmsh-written fixtures")
struct MshGmshFixtureTests {
  @Test(arguments: ["gmsh_hex8", "gmsh_hex20", "gmsh_tet10", "gmsh_prism6", "gmsh_prism15"])
  func threeFormatsAgree(model: String) throws {
    let v22 = try MshReader.read(data: fixtureBytes("\(model)_v22.msh"), path: "\(model)_v22.msh")
    let v41 = try MshReader.read(data: fixtureBytes("\(model)_v41.msh"), path: "\(model)_v41.msh")
    let v41b = try MshReader.read(data: fixtureBytes("\(model)_v41b.msh"), path: "\(model)_v41b.msh")
    // The two ASCII files hold the same digits: identical meshes. (The gmsh command line
    // numbers the face elements of an extruded mesh differently in MSH 2.2 and 4.1: for the
    // prism files the element tags alone may differ.)
    if model.hasPrefix("gmsh_prism") {
      var retagged = v22
      retagged.blocks = zip(v22.blocks, v41.blocks).map { a, b in
        var c = a
        c.elementTags = b.elementTags
        return c
      }
      #expect(v22.blocks.count == v41.blocks.count && retagged == v41)
    } else {
      #expect(v22 == v41)
    }
    // Gmsh writes ASCII coordinates with %.16g, one digit short of a round trip, so
    // the binary file's coordinates may differ from the ASCII ones by about an ulp
    // (0.49999999999999994 vs 0.4999999999999999). Everything else is identical.
    var v41bRounded = v41b
    v41bRounded.coordinates = v41b.coordinates.map { Double(String(format: "%.16g", $0))! }
    #expect(v41bRounded == v41)
    for (a, b) in zip(v41.coordinates, v41b.coordinates) {
      #expect(abs(a - b) <= 4 * Double.ulpOfOne * max(1, abs(a)))  // 16 significant digits
    }
    // And the writer round-trips each of them.
    for f in [MshFormat.v22ASCII, .v41ASCII, .v41Binary] {
      #expect(try MshReader.read(data: MshWriter.encode(v41, format: f), path: "w.msh") == v41)
    }
  }

  @Test func hex8Content() throws {
    let m = try MshReader.read(data: fixtureBytes("gmsh_hex8_v41b.msh"), path: "gmsh_hex8_v41b.msh")
    #expect(m.nodeCount == 18)
    #expect(m.volumeElementCount == 4)
    #expect(m.volumeBlocks.map(\.kind) == [.hex8, .hex8])
    #expect(m.physicalGroups.map(\.name) == ["corner0", "edge_y0z0", "end_x0", "end_xL", "ply1", "ply2"])
    let ply1 = try #require(m.group(named: "ply1"))
    #expect(m.blocks(in: ply1).reduce(0) { $0 + $1.elementCount } == 2)
    let end = try #require(m.group(named: "end_x0"))
    #expect(m.blocks(in: end).allSatisfy { $0.kind == .quad4 })
    #expect(m.nodes(in: end).allSatisfy { m.point($0).x == 0 })
    #expect(m.nodes(in: end).count == 6)
    let corner = try #require(m.group(named: "corner0"))
    #expect(m.nodes(in: corner).map { m.point($0) } == [SIMD3(0, 0, 0)])
  }

  @Test func hex20Content() throws {
    let m = try MshReader.read(data: fixtureBytes("gmsh_hex20_v41.msh"), path: "gmsh_hex20_v41.msh")
    #expect(m.volumeBlocks.allSatisfy { $0.kind == .hex20 })
    #expect(m.volumeElementCount == 4)
    let end = try #require(m.group(named: "end_xL"))
    #expect(m.blocks(in: end).allSatisfy { $0.kind == .quad8 })
    // Each hex20 mid-edge node lies at the midpoint of its Gmsh edge.
    let edges = [(0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7)]
    for b in m.volumeBlocks {
      for e in 0..<b.elementCount {
        let n = Array(b.nodes(of: e))
        for (k, (i, j)) in edges.enumerated() {
          let mid = (m.point(n[i]) + m.point(n[j])) / 2
          let d = m.point(n[8 + k]) - mid
          #expect(max(abs(d.x), abs(d.y), abs(d.z)) < 1e-12)  // Gmsh writes midpoints to 16 digits
        }
      }
    }
  }

  /// Gmsh's extruded triangulation (`gmsh_prism.geo`): prisms with triangle ends and
  /// quadrangle sides, read in Gmsh's node order.
  @Test(arguments: [("gmsh_prism6_v41.msh", ElementKind.prism6), ("gmsh_prism15_v22.msh", .prism15)])
  func prismContent(file: String, kind: ElementKind) throws {
    let m = try MshReader.read(data: fixtureBytes(file), path: file)
    #expect(m.volumeBlocks.allSatisfy { $0.kind == kind })
    #expect(m.volumeElementCount == 28)  // 14 triangles of the 2 x 1 rectangle, two layers
    let quadratic = kind == .prism15
    for (name, faceKind) in [("bottom", quadratic ? ElementKind.tri6 : .tri3), ("top", quadratic ? .tri6 : .tri3),
                             ("end_x0", quadratic ? .quad8 : .quad4)] {
      let g = try #require(m.group(named: name))
      #expect(m.blocks(in: g).allSatisfy { $0.kind == faceKind }, "\(name)")
    }
    let top = try #require(m.group(named: "top"))
    #expect(m.blocks(in: top).reduce(0) { $0 + $1.elementCount } == 14)
    #expect(m.nodes(in: top).allSatisfy { m.point($0).z == 1 })
    for b in m.volumeBlocks {
      for e in 0..<b.elementCount {
        let n = Array(b.nodes(of: e))
        // Corners 0-2 at the bottom of the layer, 3-5 straight above them (extrusion in z).
        for a in 0..<3 {
          let d = m.point(n[a + 3]) - m.point(n[a])
          #expect(abs(d.x) < 1e-12 && abs(d.y) < 1e-12 && abs(d.z - 0.5) < 1e-12)
        }
        // Gmsh's (0,1,2) turns counter-clockwise seen from +z: positive volume in its order.
        let p = (0..<3).map { m.point(n[$0]) }
        #expect(((p[1] - p[0]).x * (p[2] - p[0]).y - (p[1] - p[0]).y * (p[2] - p[0]).x) > 0)
        guard quadratic else { continue }
        // Mid-edge nodes 6-14 on Gmsh's edges (manual, "Node ordering"), written independently here.
        let edges = [(0, 1), (0, 2), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (3, 5), (4, 5)]
        for (k, (i, j)) in edges.enumerated() {
          let d = m.point(n[6 + k]) - (m.point(n[i]) + m.point(n[j])) / 2
          #expect(max(abs(d.x), abs(d.y), abs(d.z)) < 1e-12)
        }
      }
    }
  }

  @Test func tet10Content() throws {
    let m = try MshReader.read(data: fixtureBytes("gmsh_tet10_v22.msh"), path: "gmsh_tet10_v22.msh")
    #expect(m.volumeBlocks.allSatisfy { $0.kind == .tet10 })
    #expect(m.volumeElementCount > 0)
    let edges = [(0, 1), (1, 2), (2, 0), (3, 0), (3, 2), (3, 1)]
    for b in m.volumeBlocks {
      for e in 0..<b.elementCount {
        let n = Array(b.nodes(of: e))
        for (k, (i, j)) in edges.enumerated() {
          let mid = (m.point(n[i]) + m.point(n[j])) / 2
          let d = m.point(n[4 + k]) - mid
          #expect(max(abs(d.x), abs(d.y), abs(d.z)) < 1e-12)  // Gmsh writes midpoints to 16 digits
        }
      }
    }
    let end = try #require(m.group(named: "end_x0"))
    #expect(m.blocks(in: end).allSatisfy { $0.kind == .tri6 })
  }
}
