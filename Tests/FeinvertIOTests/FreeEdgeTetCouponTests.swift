import FECommon
import Foundation
import StressPost
import Testing

@testable import FeinvertJobs

/// The straight [0/90]s tet10 coupon of `Validation/free_edge_tet`: the coarse mesh (Gmsh's
/// unstructured triangles extruded, one layer per ply) warns of each under-resolution the
/// quality check knows, naming the interface, the edge and what to refine; the refined one
/// (graded toward both free edges and toward the interfaces) prints no warning, and its two
/// free edges, mirror images of each other, give the same edge averages within the stated
/// fraction.
@Suite("Free-edge tet coupon")
struct FreeEdgeTetCouponTests {
  static func directory(_ file: String = #filePath) -> String {
    ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../Validation/free_edge_tet")
  }

  static func run(mesh: String) throws -> StressesJob.Outcome {
    let out = NSTemporaryDirectory() + "feinvert-tet-coupon-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: out) }
    return try StressesJob.run(mesh: mesh, model: directory() + "/coupon_tet.toml", params: nil, out: out)
  }

  /// The width line's two edges (the averages over d at y = 0 and y = W, one station x):
  /// the largest difference over σzz, τxz and τyz (whose sign flips between mirror-image
  /// edges) as a fraction of the largest of those averages at that interface.
  static func widthLineDisagreement(_ s: EdgeSummary) -> Double {
    var difference = 0.0, scale = 0.0
    for c in s.components {
      let mirror = c.component.name == "tau_yz" ? -1.0 : 1.0
      difference = max(difference, abs(c.edgeYMinus.average - mirror * c.edgeYPlus.average))
      scale = max(scale, abs(c.edgeYMinus.average), abs(c.edgeYPlus.average))
    }
    return scale > 0 ? difference / scale : 0
  }

  static func report(_ label: String, _ outcome: StressesJob.Outcome) {
    for s in outcome.summaries {
      let parts = s.components.map { "\($0.component.name) \(String(format: "%.4g", $0.edgeYMinus.average))/\(String(format: "%.4g", $0.edgeYPlus.average))" }
      print("tet coupon \(label), interface \(s.line.interface), width line at x = \(String(format: "%.4g", s.line.x)), averages over d at y = 0 / y = W: \(parts.joined(separator: ", ")); disagreement \(String(format: "%.3g", 100 * widthLineDisagreement(s)))%")
    }
    for w in outcome.qualityWarnings { print("tet coupon \(label): warning: \(w.message)") }
  }

  /// The coarse mesh (committed): every kind of check fires, each warning naming an
  /// interface, an edge and what to refine; and the two edges of the width line disagree
  /// as in the issue (observed σzz averages 0.165 against 0.077 at the 0/90 interface).
  @Test func coarseMeshWarns() throws {
    let outcome = try Self.run(mesh: Self.directory() + "/coupon_tet_coarse.msh")
    Self.report("coarse", outcome)
    let kinds = Set(outcome.qualityWarnings.map(\.kind))
    #expect(kinds == ["sides_disagree", "edge_element_too_large", "too_few_elements_through_ply", "unbalanced_resultant"], "\(kinds)")
    for w in outcome.qualityWarnings {
      #expect(w.message.hasPrefix("interface \(w.interface), \(w.edge == "width line" ? "width line" : "edge \(w.edge)")"), "\(w.message)")
      #expect(["edge_yminus", "edge_yplus", "width line"].contains(w.edge))
      #expect(w.message.contains("refine") || w.message.contains("use at least"), "\(w.message)")
      #expect(outcome.warnings.contains(w.message))
    }
    for k in 1...3 {
      #expect(outcome.qualityWarnings.contains { $0.interface == k && $0.kind == "too_few_elements_through_ply" })
    }
    #expect(outcome.summaries.contains { Self.widthLineDisagreement($0) > FreeEdgeQuality.defaultSideFraction })
  }

  /// Opt-in (`FREE_EDGE_TET_FINE=1`, needs gmsh; about 60 000 tet10, a minute): the
  /// refined mesh of the README (`structured 1`, 20 along x, 20 across graded by Bump 0.01
  /// toward both edges, 6 layers per ply graded 12:1 toward the interfaces) prints no
  /// warning, and at every interface the width line's two edges agree within the side
  /// fraction (10 % of the largest average; observed 1.34 %, 0.017 %, 1.53 %).
  @Test(.enabled(if: ProcessInfo.processInfo.environment["FREE_EDGE_TET_FINE"] != nil))
  func refinedMeshIsQuietAndItsEdgesAgree() throws {
    let dir = NSTemporaryDirectory() + "feinvert-tet-coupon-mesh-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let mesh = dir + "/coupon_tet_refined.msh"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["gmsh", "-3"] + Self.refined.flatMap { ["-setnumber", $0.0, $0.1] } + [Self.directory() + "/coupon_tet.geo", "-o", mesh]
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0)
    let outcome = try Self.run(mesh: mesh)
    Self.report("refined", outcome)
    #expect(outcome.qualityWarnings.isEmpty, "\(outcome.qualityWarnings.map(\.message))")
    #expect(outcome.warnings.isEmpty, "\(outcome.warnings)")
    #expect(outcome.summaries.count == 3)
    for s in outcome.summaries {
      #expect(Self.widthLineDisagreement(s) < FreeEdgeQuality.defaultSideFraction, "interface \(s.line.interface)")
    }
  }

  /// The refined mesh's `coupon_tet.geo` parameters (the README's last row).
  static let refined = [
    ("structured", "1"), ("nx", "20"), ("ny", "20"), ("bump", "0.01"), ("layers", "6"), ("zratio", "12"),
  ]
}
