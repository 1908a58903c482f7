import GmshFiles
import FECommon
import FEBasis
import FEKernel
@testable import FeinvertFiles
import Foundation
import Testing

@testable import FeinvertIO

/// Issue 14, items 4, 8 and 9 at the reader level: every unit in a fringe CSV is converted
/// or refused; bad elements are refused at their line; SHA-256 against the NIST vectors.
@Suite("Honest inputs")
struct HonestInputTests {
  static let mm = 1e-3

  // MARK: fringe CSV units

  /// The same points and displacements written in µm (with `# length_unit = um`) and in mm
  /// read to the same values in a model in mm. Tolerance: one rounding of the ×1e-3 scale
  /// (1e-15 relative).
  @Test func micrometreDataAreConverted() throws {
    let mm = "x,y,z,ux,uz,sigma_ux,sigma_uz\n10.0,5.0,0.125,0.0101,-0.00012,0.0002,0.0002\n"
    let um = "# length_unit = um\nx,y,z,ux,uz,sigma_ux,sigma_uz\n10000,5000,125,10.1,-0.12,0.2,0.2\n"
    let a = try FringeCSVReader.parse(text: mm, path: "mm.csv", lengthUnitMetres: Self.mm)
    let (b, notes) = try FringeCSVReader.parseWithNotes(text: um, path: "um.csv", lengthUnitMetres: Self.mm)
    func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-15 * max(abs(x), abs(y)) }
    #expect(zip([a.points[0].x, a.points[0].y, a.points[0].z], [b.points[0].x, b.points[0].y, b.points[0].z]).allSatisfy(close))
    #expect(zip(a.values, b.values).allSatisfy(close), "\(a.values) \(b.values)")
    #expect(zip(a.sigma!, b.sigma!).allSatisfy(close))
    #expect(notes == ["um.csv:1: length_unit = um: coordinates and displacements converted to the model's mm (x 0.001)"], "\(notes)")
    // µ spelt as the micro sign, and `unit` for `length_unit`, read the same.
    let micro = try FringeCSVReader.parse(text: um.replacingOccurrences(of: "length_unit = um", with: "unit = µm"),
                                          path: "u.csv", lengthUnitMetres: Self.mm)
    #expect(micro.values == b.values)
    // A model in metres: the same file's x is 0.01 m.
    let metres = try FringeCSVReader.parse(text: um, path: "um.csv", lengthUnitMetres: 1)
    #expect(close(metres.points[0].x, 0.01))
  }

  /// Coordinates and displacements may state their own units.
  @Test func coordinateAndDisplacementUnitsSeparately() throws {
    let text = "# coordinate_unit = mm\n# displacement_unit = um\nx,y,z,ux\n10,5,0.125,10.1\n"
    let (d, notes) = try FringeCSVReader.parseWithNotes(text: text, path: "c.csv", lengthUnitMetres: Self.mm)
    #expect(d.points[0] == SIMD3(10, 5, 0.125))
    #expect(abs(d.values[0] - 0.0101) <= 1e-15)
    #expect(notes == ["c.csv:2: displacement_unit = um: displacements converted to the model's mm (x 0.001)"], "\(notes)")
  }

  /// Fringe orders: 2.4 lines/µm is 2400 lines/mm; the contract's remark in parentheses
  /// states lines per mm. N / F exactly, so the values agree to one rounding.
  @Test(arguments: ["2400", "2400 lines/mm", "2.4 lines/um", "2400 (lines per mm; needed only for fringe orders)",
                    "2400000 per m", "2400/mm", "60960 lines/in"])
  func gratingFrequencyUnits(value: String) throws {
    let d = try FringeCSVReader.parse(text: "# grating_frequency = \(value)\nx,y,z,Nx\n1,2,3,24\n", path: "f.csv",
                                      lengthUnitMetres: Self.mm)
    #expect(abs(d.values[0] - 0.01) <= 1e-15, "\(value): \(d.values[0])")
  }

  @Test(arguments: [
    ("# grating_frequency = 2400 furlongs\nx,y,z,Nx\n1,2,3,24\n",
     "f.csv:1: found grating_frequency = 2400 furlongs, whose unit 'furlongs' feinvert cannot read; expected a positive number of lines per mm, optionally followed by its unit (lines/mm, lines/um, lines/cm, lines/m, lines/in)"),
    ("# length_unit = furlong\nx,y,z,ux\n1,2,3,0.1\n",
     "f.csv:1: found length_unit = furlong; expected a length unit: m, cm, mm, um (or µm), in"),
    ("x,y,z,ux\n# temperature_unit = C\n1,2,3,0.1\n",
     "f.csv:2: found temperature_unit = C, a unit feinvert does not apply; expected only length_unit, unit, units, coordinate_unit, displacement_unit (length units of the data) and grating_frequency's own unit (remove the line, or convert the values)"),
    ("# length_unit = um\n# length_unit = mm\nx,y,z,ux\n1,2,3,0.1\n",
     "f.csv:2: found length_unit a second time (first on line 1); expected it once"),
    ("# units = um\n# length_unit = mm\nx,y,z,ux\n1,2,3,0.1\n",
     "f.csv:2: found length_unit after units (line 1); expected the length unit once"),
  ])
  func unitsThatCannotBeAppliedAreRefused(text: String, message: String) {
    do {
      _ = try FringeCSVReader.parse(text: text, path: "f.csv", lengthUnitMetres: Self.mm)
      Issue.record("read without an error: \(text)")
    } catch let e as InputError {
      #expect(e.description == message)
      #expect(e.exitCode == 2)
    } catch {
      Issue.record("\(error)")
    }
  }

  /// Keys feinvert does not read are kept and named, with their lines.
  @Test func unknownMetadataKeyIsNoted() throws {
    let (d, notes) = try FringeCSVReader.parseWithNotes(
      text: "# specimen = A-17\nx,y,z,ux\n# operator = Ada\n1,2,3,0.1\n", path: "k.csv", lengthUnitMetres: Self.mm)
    #expect(d.metadata["specimen"] == "A-17")
    #expect(notes.count == 2)
    #expect(notes[0].hasPrefix("k.csv:1: metadata key 'specimen' is not used (feinvert reads grating_frequency, length_unit"))
    #expect(notes[1].hasPrefix("k.csv:3: metadata key 'operator' is not used"))
  }

  /// The writer states the model's unit and drops a unit the source stated (its values
  /// are now in the model's unit); reading it back gives the same values.
  @Test func writerStatesItsLengthUnit() throws {
    let d = try FringeCSVReader.parse(text: "# length_unit = um\nx,y,z,ux\n1000,2000,3000,100\n", path: "a.csv",
                                      lengthUnitMetres: Self.mm)
    let text = FringeCSVWriter.encode(d, asFringeOrders: nil, lengthUnitMetres: Self.mm)
    #expect(text.hasPrefix("# length_unit = mm\nx,y,z,ux\n"), "\(text)")
    let back = try FringeCSVReader.parse(text: text, path: "b.csv", lengthUnitMetres: Self.mm)
    #expect(back.points == d.points && back.values == d.values)
  }

  @Test func forceUnitOfTheModelUnits() {
    #expect(UnitScale.forceUnit(stress: "MPa", length: "mm") == "N")
    #expect(UnitScale.forceUnit(stress: "Pa", length: "m") == "N")
    #expect(UnitScale.forceUnit(stress: "GPa", length: "mm") == "kN")
    #expect(UnitScale.forceUnit(stress: "kPa", length: "m") == "kN")
    #expect(UnitScale.forceUnit(stress: "psi", length: "in") == "lbf")
    #expect(UnitScale.forceUnit(stress: "ksi", length: "in") == "kip")
    #expect(UnitScale.forceUnit(stress: "MPa", length: "m") == "MN")
    #expect(UnitScale.forceUnit(stress: "MPa", length: "in") == "MPa·in² (= 645.16 N)")
  }

  // MARK: bad elements

  /// One hex8 of a unit cube in MSH 2.2, its element on line 14; `nodes` replaces the
  /// element's node tags, `extra` adds nodes.
  static func cube(nodes: [Int] = [1, 2, 3, 4, 5, 6, 7, 8], extra: [(Int, SIMD3<Double>)] = []) -> [UInt8] {
    let corners: [SIMD3<Double>] = [
      SIMD3(0, 0, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1), SIMD3(1, 0, 1), SIMD3(1, 1, 1), SIMD3(0, 1, 1),
    ]
    let all = corners.enumerated().map { ($0.offset + 1, $0.element) } + extra
    var s = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$PhysicalNames\n1\n3 1 \"solid\"\n$EndPhysicalNames\n$Nodes\n\(all.count)\n"
    for (tag, p) in all { s += "\(tag) \(p.x) \(p.y) \(p.z)\n" }
    s += "$EndNodes\n$Elements\n1\n"
    s += "7 5 2 1 1 " + nodes.map(String.init).joined(separator: " ") + "\n$EndElements\n"
    return Array(s.utf8)
  }

  func expectMeshError(_ bytes: [UInt8], _ fragments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    do {
      _ = try MshReader.read(data: bytes, path: "m.msh")
      Issue.record("read without an error", sourceLocation: sourceLocation)
    } catch let e as InputError {
      for f in fragments { #expect(e.description.contains(f), "\(e.description)", sourceLocation: sourceLocation) }
      #expect(e.exitCode == 2, sourceLocation: sourceLocation)
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
    }
  }

  @Test func soundCubeReads() throws {
    let mesh = try MshReader.read(data: Self.cube(), path: "m.msh")
    #expect(mesh.volumeElementCount == 1)
  }

  @Test func repeatedNodeIsRefusedAtItsLine() {
    // The line after the 8 nodes' section: 9 header lines + 8 nodes + $EndNodes, $Elements, count.
    let line = 9 + 8 + 3 + 1
    expectMeshError(Self.cube(nodes: [1, 2, 3, 4, 5, 6, 7, 5]),
                    ["m.msh:\(line): element 7 (hex8) lists node tag 5 twice (positions 5 and 8); expected 8 distinct nodes"])
  }

  @Test func invertedElementIsRefusedAtItsLine() {
    let line = 9 + 8 + 3 + 1
    // Top and bottom faces swapped: det J = -1/8 everywhere.
    expectMeshError(Self.cube(nodes: [5, 6, 7, 8, 1, 2, 3, 4]),
                    ["m.msh:\(line): element 7 (hex8) is inverted: Jacobian determinant -0.125 at integration point 1"])
  }

  /// The top face moved into the bottom plane (four new nodes at z = 0, x and y shifted so
  /// the nodes stay distinct): det J = 0 everywhere, to round-off.
  @Test func zeroVolumeElementIsRefusedAtItsLine() {
    let extra: [(Int, SIMD3<Double>)] = [
      (9, SIMD3(0.25, 0.25, 0)), (10, SIMD3(0.75, 0.25, 0)), (11, SIMD3(0.75, 0.75, 0)), (12, SIMD3(0.25, 0.75, 0)),
    ]
    let line = 9 + 12 + 3 + 1
    expectMeshError(Self.cube(nodes: [1, 2, 3, 4, 9, 10, 11, 12], extra: extra),
                    ["m.msh:\(line): element 7 (hex8) has no volume (all its nodes in one plane or on one line)"])
  }

  /// A hex whose one corner is pulled through the opposite face: det J is negative at that
  /// node (and nearby), whatever the integration points say.
  @Test func elementFoldedAtACornerIsRefused() {
    let extra: [(Int, SIMD3<Double>)] = [(9, SIMD3(0.9, 0.9, -0.8))]
    expectMeshError(Self.cube(nodes: [1, 2, 3, 4, 5, 6, 9, 8], extra: extra), ["element 7 (hex8) is inverted", "Jacobian determinant -"])
  }

  @Test func shapeCheckOfEveryVolumeKindAcceptsItsReferenceElement() {
    for kind in [ElementKind.hex8, .hex20, .tet4, .tet10, .prism6, .prism15] {
      var check = ElementShapeCheck(kind: kind)
      let coordinates = ReferenceElement.nodeCoordinates(kind)
      #expect(check.defect(nodes: Array(0..<kind.nodeCount), coordinates: coordinates) == nil, "\(kind)")
      // Mirror z: inverted.
      let mirrored = coordinates.enumerated().map { $0.offset % 3 == 2 ? -$0.element : $0.element }
      if case .jacobian(let det, _, _)? = check.defect(nodes: Array(0..<kind.nodeCount), coordinates: mirrored) {
        #expect(det < 0, "\(kind)")
      } else {
        Issue.record("\(kind): the mirrored element was accepted")
      }
    }
  }

  // MARK: SHA-256

  /// FIPS 180-2 appendix B examples (NIST "SHA256.pdf" example values), including a
  /// message fed in uneven pieces across block boundaries.
  @Test func nistVectors() {
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
    #expect(SHA256.hex(two) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    var pieces = SHA256()
    var offset = 0
    for size in [1, 63, 64, 65, 7, 127, 999_673] {
      pieces.update(million[offset..<(offset + size)])
      offset += size
    }
    #expect(offset == million.count)
    #expect(SHA256.hexString(pieces.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// A file's digest against the system's `sha256sum`, an independent implementation.
  @Test func fileDigestMatchesSha256sum() throws {
    let path = NSTemporaryDirectory() + "feinvert-sha-\(UUID().uuidString).bin"
    defer { try? FileManager.default.removeItem(atPath: path) }
    var rng = SplitMix64(seed: 7)
    let bytes = (0..<(3 << 20) + 17).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let expected = String(output.prefix(64))
    #expect(try SHA256.hex(file: path) == expected)
  }
}
