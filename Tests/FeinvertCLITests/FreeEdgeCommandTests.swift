import Foundation
import Testing

/// `feinvert stresses` on free edges found from the mesh (issue 16), end to end.
@Suite struct FreeEdgeCommandTests {
  static func openHole(_ file: String = #filePath) -> String {
    ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent("../../Validation/open_hole")
  }

  func rows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
    guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
    return lines.dropFirst().map { line in
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      return Dictionary(uniqueKeysWithValues: zip(header, cells))
    }
  }

  /// An open-hole plate (the mid-length line crosses the hole: exit 3 before): exit 0, the
  /// bore at every interface in free_edges.csv with its angle, the width line left out
  /// with a note, and the quality warnings printed and recorded.
  @Test func openHolePlateReportsTheBore() throws {
    let h = try CLIHarness()
    let dir = Self.openHole()
    let r = try h.run(["stresses", "--mesh", dir + "/open_hole_hex20.msh", "--model", dir + "/open_hole.toml", "--out", "edge"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("note: no line across the width"), "\(r.stdout)")
    #expect(r.stdout.contains("edge hole, interface 1"), "\(r.stdout)")
    #expect(r.stdout.contains("warning: interface 1, edge hole"), "\(r.stdout)")
    let table = rows(try h.read("edge/free_edges.csv"))
    let bore = table.filter { $0["edge"] == "hole" }
    #expect(Set(bore.compactMap { $0["interface"] }) == ["1", "2", "3"])
    #expect(bore.allSatisfy { Double($0["angle_deg"] ?? "") != nil })
    #expect(Set(table.compactMap { $0["edge"] }) == ["hole", "edge_yminus", "edge_yplus"])
    let summary = try #require(
      try JSONSerialization.jsonObject(with: Data(try h.read("edge/interlaminar_summary.json").utf8)) as? [String: Any])
    let edges = try #require(summary["free_edges"] as? [[String: Any]])
    #expect(edges.count == 9)
    let quality = try #require(summary["quality_warnings"] as? [[String: Any]])
    #expect(quality.contains { $0["kind"] as? String == "too_few_elements_through_ply" && $0["edge"] as? String == "hole" })
    #expect((summary["notes"] as? [String])?.isEmpty == false)
    #expect(h.temporaryLeftovers().isEmpty)
  }

  /// `--edge` keeps one group's edges; a name that is no group, or a group without a free
  /// edge at an interface, is exit 2 at --edge, with nothing written.
  @Test func edgeOptionChoosesAndRefuses() throws {
    let h = try CLIHarness()
    let dir = Self.openHole()
    let base = ["stresses", "--mesh", dir + "/open_hole_hex20.msh", "--model", dir + "/open_hole.toml"]
    let r = try h.run(base + ["--out", "hole", "--edge", "hole"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(Set(rows(try h.read("hole/free_edges.csv")).compactMap { $0["edge"] }) == ["hole"])
    for (name, fragment) in [("nosuch", "no physical group"), ("top", "no free edge at a ply interface")] {
      let bad = try h.run(base + ["--out", "bad", "--edge", name])
      #expect(bad.status == 2, "\(name): \(bad.stderr)")
      #expect(bad.stderr.contains("--edge") && bad.stderr.contains(fragment), "\(bad.stderr)")
      #expect(!h.exists("bad/free_edges.csv"))
    }
  }
}

/// `--path` end to end: a circle round the bore at 1.5 R, and refused paths.
@Suite struct UserPathCommandTests {
  @Test func circleAroundTheHoleAndRefusals() throws {
    let h = try CLIHarness()
    let dir = FreeEdgeCommandTests.openHole()
    let base = ["stresses", "--mesh", dir + "/open_hole_hex20.msh", "--model", dir + "/open_hole.toml"]
    let r = try h.run(base + ["--out", "ring", "--path", "circle:16,8,1.5"])
    #expect(r.status == 0, "\(r.stderr)")
    let text = try h.read("ring/free_edges.csv")
    let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.dropFirst()
    #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("path1,") }, "\(text.prefix(400))")
    #expect(Set(lines.map { $0.split(separator: ",")[1] }) == ["1", "2", "3"])
    for bad in ["circle:16,8", "circle:16,8,-1", "polyline:0,8", "square:1,2,3", "polyline:-9,-9;-8,-8"] {
      let b = try h.run(base + ["--out", "bad", "--path", bad])
      #expect(b.status == 2, "\(bad): \(b.stderr)")
      #expect(b.stderr.contains("--path"), "\(bad): \(b.stderr)")
      #expect(!h.exists("bad/free_edges.csv"))
    }
  }
}
