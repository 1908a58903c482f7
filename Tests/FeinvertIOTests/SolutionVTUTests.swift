import CZlib
import FeinvertFiles
import FECommon
import FEKernel
import Foundation
import LaminateCoupons
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import FeinvertIO

/// `solution.vtu` as an engineer reads it: named components, strains, ply-axis
/// stresses, plies from the bottom, binary by default and ASCII on request.
@Suite("solution.vtu")
struct SolutionVTUTests {
  /// A small [30/0/90] coupon clamped at x = 0 and pulled at x = L: every stress component
  /// is non-zero somewhere, and the plies are listed out of stacking order in the model so
  /// that "from the bottom" and "entry" differ.
  static func solved(material: OrthotropicMaterial? = nil) throws -> (problem: LinearElasticProblem, solution: ForwardSolution) {
    let spec = CouponSpec(
      layup: Layup(anglesDegrees: [30, 0, 90]), plyThickness: 0.25, length: 4, width: 2, elementKind: .hex8,
      elementsAlongLength: 6, elementsAcrossWidth: 4, elementsPerPly: 1)
    let mesh = try CouponMesher.mesh(spec)
    let here = SourceLocation(file: "test.toml")
    let m =
      material
      ?? OrthotropicMaterial(
        name: "IM7", E1: 161000, E2: 11380, E3: 11380, G12: 5170, G13: 5170, G23: 3980, nu12: 0.32, nu13: 0.32, nu23: 0.436)
    let model = ModelDefinition(
      source: "test.toml", materials: [.isotropic(name: "unused", E: 1, nu: 0), m],
      plies: [
        PlyAssignment(group: "ply3", material: m.name, angle: .pi / 2, location: here),
        PlyAssignment(group: "ply1", material: m.name, angle: .pi / 6, location: here),
        PlyAssignment(group: "ply2", material: m.name, angle: 0, location: here),
      ],
      boundary: [PrescribedDisplacement(group: "end_x0", values: [0, 0, 0], location: here)],
      loads: [SurfaceLoad(group: "end_xL", force: SIMD3(100, 10, 1), location: here)])
    let problem = try LinearElasticProblem(mesh: mesh, model: model, meshSource: "coupon.msh")
    return (problem, try ForwardSolution.run(problem))
  }

  /// The ply-axis stresses by the textbook transformation (Jones, *Mechanics of Composite
  /// Materials*, eq. 2.84), written out here rather than through the Bond matrix; the
  /// ply number from the bottom and the ply entry.
  @Test func plyAxesAndPlyNumbers() throws {
    let (problem, solution) = try Self.solved()
    let f = ElementFields.derive(problem: problem, elementStress: solution.elementStress)
    #expect(f.plyOrder == [1, 2, 0])  // ply1 (entry 2) at the bottom, ply3 (entry 1) on top
    var seen = Set<Int>()
    for e in 0..<problem.mesh.volumeElementCount {
      let entry = solution.elementPly[e] - 1
      #expect(f.plyOrder[f.plyFromBottom[e] - 1] == entry)
      seen.insert(f.plyFromBottom[e])
      let theta = problem.model.plies[entry].angle
      let c = cos(theta), s = sin(theta)
      let g = Array(solution.elementStress[(6 * e)..<(6 * e + 6)])
      let (xx, yy, zz, yz, xz, xy) = (g[0], g[1], g[2], g[3], g[4], g[5])
      let expected = [
        c * c * xx + s * s * yy + 2 * c * s * xy,
        s * s * xx + c * c * yy - 2 * c * s * xy,
        zz,
        c * yz - s * xz,
        c * xz + s * yz,
        -c * s * xx + c * s * yy + (c * c - s * s) * xy,
      ]
      let scale = g.map(abs).max()!
      for i in 0..<6 {
        // Round-off of a 6×6 product: 1e-12 of the largest component.
        #expect(abs(f.stressPlyAxes[6 * e + i] - expected[i]) <= 1e-12 * scale, "element \(e) component \(i)")
      }
    }
    #expect(seen == [1, 2, 3])
  }

  /// Strains against Hooke's law for an isotropic material written out: ε_xx = (σ_xx −
  /// ν(σ_yy + σ_zz))/E, γ = τ/G with G = E/(2(1 + ν)).
  @Test func strainIsHookesLaw() throws {
    let (e, nu) = (70000.0, 0.33)
    let (problem, solution) = try Self.solved(material: .isotropic(name: "Al", E: e, nu: nu))
    let f = ElementFields.derive(problem: problem, elementStress: solution.elementStress)
    let g = e / (2 * (1 + nu))
    for k in 0..<problem.mesh.volumeElementCount {
      let s = Array(solution.elementStress[(6 * k)..<(6 * k + 6)])
      let expected = [
        (s[0] - nu * (s[1] + s[2])) / e, (s[1] - nu * (s[0] + s[2])) / e, (s[2] - nu * (s[0] + s[1])) / e,
        s[3] / g, s[4] / g, s[5] / g,
      ]
      let scale = expected.map(abs).max()!
      for i in 0..<6 {
        // A 6×6 inverse's round-off: 1e-10 of the largest strain.
        #expect(abs(f.strain[6 * k + i] - expected[i]) <= 1e-10 * scale, "element \(k) component \(i)")
      }
    }
  }

  /// Each DataArray: its attributes and its text.
  static func dataArrays(_ text: String) throws -> [(attributes: [String: String], text: String, parent: String)] {
    let doc = try XMLDocument(data: Data(text.utf8), options: [])
    let root = try #require(doc.rootElement())
    var out: [(attributes: [String: String], text: String, parent: String)] = []
    for node in try root.nodes(forXPath: "//DataArray") {
      let e = try #require(node as? XMLElement)
      var attrs: [String: String] = [:]
      for a in e.attributes ?? [] { attrs[a.name ?? ""] = a.stringValue }
      out.append((attrs, e.stringValue ?? "", e.parent?.name ?? ""))
    }
    return out
  }

  /// ParaView labels a component "<array>_<ComponentName_i>" when the names are given (and
  /// guesses XX YY ZZ XY YZ XZ for six unnamed ones, which is not our Voigt order). Every
  /// label built from the file names the value it sits on: "stress_tau_yz" is σ_yz.
  @Test func paraViewLabelsNameTheRightValues() throws {
    let (problem, solution) = try Self.solved()
    let text = SolutionWriter.vtu(solution, problem: problem, format: .ascii)
    let arrays = try Self.dataArrays(text)
    let f = ElementFields.derive(problem: problem, elementStress: solution.elementStress)
    let expected: [String: (values: [Double], components: Int)] = [
      "stress": (solution.elementStress, 6), "strain": (f.strain, 6), "stress_ply_axes": (f.stressPlyAxes, 6),
      "displacement": (solution.displacement, 3),
    ]
    /// The tensor component each label must stand for, from the label's own text.
    let meaning: [String: Int] = [
      "xx": 0, "yy": 1, "zz": 2, "yz": 3, "xz": 4, "xy": 5, "11": 0, "22": 1, "33": 2, "23": 3, "13": 4, "12": 5,
      "ux": 0, "uy": 1, "uz": 2,
    ]
    var labels = Set<String>()
    for a in arrays where a.parent == "CellData" || a.parent == "PointData" {
      let name = try #require(a.attributes["Name"])
      let n = Int(a.attributes["NumberOfComponents"] ?? "1")!
      guard n > 1 else { continue }
      let values = a.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { Double($0)! }
      for i in 0..<n {
        let component = try #require(a.attributes["ComponentName\(i)"], "\(name) component \(i) has no name")
        let label = "\(name)_\(component)"
        labels.insert(label)
        let suffix = String(component.split(separator: "_").last ?? Substring(component))
        let k = try #require(meaning[suffix], "label \(label)")
        let truth = try #require(expected[name])
        #expect(truth.components == n)
        for r in 0..<(values.count / n) { #expect(values[r * n + i] == truth.values[r * n + k], "\(label) row \(r)") }
      }
    }
    #expect(labels.contains("stress_tau_yz") && labels.contains("stress_ply_axes_tau_12") && labels.contains("strain_gamma_xy"))
    #expect(labels.count == 6 + 6 + 6 + 3)
  }

  /// The same solution in binary (the default) and ASCII: meshio reads both, with every
  /// array equal to the values written, to the last bit; the binary file is smaller.
  @Test func meshioReadsBinaryAndASCIIAlike() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
      (try? Self.run("/usr/bin/python3", ["-c", "import meshio"])) != nil
    else {
      print("SolutionVTUTests: skipped, /usr/bin/python3 with meshio is not available")
      return
    }
    let (problem, solution) = try Self.solved()
    let dir = NSTemporaryDirectory() + "feinvert-vtu-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let binary = SolutionWriter.vtu(solution, problem: problem)
    let ascii = SolutionWriter.vtu(solution, problem: problem, format: .ascii)
    #expect(binary.contains("format=\"binary\"") && !binary.contains("format=\"ascii\""))
    #expect(binary.utf8.count < ascii.utf8.count / 2)
    try writeAtomically(binary, to: dir + "/b.vtu")
    try writeAtomically(ascii, to: dir + "/a.vtu")
    let script = """
      import meshio, sys, json
      # Numbers as repr text: Foundation's JSON parser on Linux does not round to nearest.
      def text(a): return [repr(float(x)) for x in a]
      def dump(path):
          m = meshio.read(path)
          out = {"points": text(m.points.ravel()), "cells": [[c.type, c.data.ravel().tolist()] for c in m.cells]}
          for k, v in m.point_data.items(): out["point:" + k] = text(v.ravel())
          for k, v in m.cell_data.items(): out["cell:" + k] = text([x for b in v for x in b.ravel()])
          for k, v in m.field_data.items(): out["field:" + k] = text(v.ravel())
          return out
      print(json.dumps([dump(sys.argv[1]), dump(sys.argv[2])]))
      """
    let out = try Self.run("/usr/bin/python3", ["-c", script, dir + "/b.vtu", dir + "/a.vtu"])
    let both = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
    #expect(both.count == 2)
    let f = ElementFields.derive(problem: problem, elementStress: solution.elementStress)
    let numbers: [String: [Double]] = [
      "points": problem.mesh.coordinates,
      "point:displacement": solution.displacement,
      "point:gmsh_node_tag": problem.mesh.nodeTags.map { Double($0.rawValue) },
      "cell:stress": solution.elementStress,
      "cell:strain": f.strain,
      "cell:stress_ply_axes": f.stressPlyAxes,
      "cell:ply": f.plyFromBottom.map(Double.init),
      "cell:ply_entry": solution.elementPly.map(Double.init),
      "field:ply_angle_degrees": [30, 0, 90],
      "field:ply_entry": [2, 3, 1],
      "field:ply_material": [2, 2, 2],
    ]
    for (which, d) in zip(["binary", "ascii"], both) {
      #expect(Set(d.keys) == Set(numbers.keys).union(["cells"]), "\(which): \(d.keys.sorted())")
      for (key, truth) in numbers {
        let got = (d[key] as? [String])?.compactMap { Double($0) } ?? []
        if key == "field:ply_angle_degrees" {
          #expect(zip(got, truth).allSatisfy { abs($0 - $1) < 1e-12 } && got.count == 3, "\(which) \(key): \(got)")
        } else {
          #expect(got == truth, "\(which) \(key): \(got.count) values, first differing at \(zip(got, truth).enumerated().first { $0.element.0 != $0.element.1 }.map { "\($0.offset)" } ?? "-")")
        }
      }
    }
    #expect(String(describing: both[0]["cells"]!) == String(describing: both[1]["cells"]!))
  }

  /// The binary body round-trips through an independent decoder (base64, then zlib's
  /// `uncompress` block by block): compressed when smaller, raw when not, at block
  /// boundaries and for an empty array.
  @Test(arguments: [0, 1, 32767, 32768, 32769, 100_000])
  func binaryBodiesRoundTrip(count: Int) throws {
    var rng = SplitMix64(seed: UInt64(count) + 7)
    let noise = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    let ramp = (0..<count).map { UInt8(truncatingIfNeeded: $0 / 1000) }
    for (bytes, shouldCompress) in [(noise, false), (ramp, count > 100)] {
      let (bodies, compressed) = VTUBinary.encode([bytes])
      if count > 100 { #expect(compressed == shouldCompress) }
      let body = bodies[0].trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(try Self.decode(body, compressed: compressed) == bytes)
    }
  }

  static func decode(_ body: String, compressed: Bool) throws -> [UInt8] {
    func uint64s(_ b: [UInt8]) -> [UInt64] {
      stride(from: 0, to: b.count - 7, by: 8).map { i in (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * $1) } }
    }
    if !compressed {
      let all = [UInt8](try #require(Data(base64Encoded: body)))
      let n = Int(uint64s(Array(all[0..<8]))[0])
      #expect(all.count == 8 + n)
      return Array(all[8...])
    }
    // The header is its own base64 run: 3 + nblocks UInt64s.
    let first = [UInt8](try #require(Data(base64Encoded: String(body.prefix(12)))))
    let blocks = Int(uint64s(Array(first[0..<8]))[0])
    let headerChars = ((8 * (3 + blocks) + 2) / 3) * 4
    let header = uint64s([UInt8](try #require(Data(base64Encoded: String(body.prefix(headerChars))))))
    let payload = [UInt8](try #require(Data(base64Encoded: String(body.dropFirst(headerChars)))))
    var out = [UInt8]()
    var offset = 0
    for b in 0..<blocks {
      let size = Int(header[3 + b])
      let expectedLength = b == blocks - 1 ? Int(header[2]) : Int(header[1])
      var length = uLong(expectedLength)
      var block = [UInt8](repeating: 0, count: expectedLength)
      let status = payload[offset..<(offset + size)].withUnsafeBufferPointer { src in
        block.withUnsafeMutableBufferPointer { dst in uncompress(dst.baseAddress, &length, src.baseAddress, uLong(size)) }
      }
      #expect(status == Z_OK && Int(length) == expectedLength)
      out += block
      offset += size
    }
    #expect(offset == payload.count)
    return out
  }

  struct ProcessFailed: Error { var status: Int32; var stderr: String }

  static func run(_ executable: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe(), err = Pipe()
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
