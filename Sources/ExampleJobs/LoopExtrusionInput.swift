import FeinvertFiles
import FECommon
import CellBiologyExamples

/// The CSV of `feinvert app loops` (`shared/spec/apps.md` §5), one of two forms:
///
/// - `length_kb,censored`: one LEF lifetime per row, the length extruded (kb, ≥ 0) before
///   its first obstruction (`censored` = 1) or before unbinding (`censored` = 0);
///   `true`/`false` are accepted too.
/// - `snapshot,loop_kb[,left_kb]`: one loop per row; `snapshot` names the snapshot (for
///   example a cell), `loop_kb` its size (kb, ≥ 0), `left_kb` its left leg's site
///   (0 ≤ left < L; with it, each snapshot's coverage is known). Every snapshot must hold the
///   same number of loops N (every LEF is always bound).
///
/// Metadata (overridden by the options): `ring_kb` (L) and `separation_kb` (d = L/N).
/// Snapshots need one of them (then N is the loops per snapshot); lifetimes need d for the
/// predictions, and L defaults to 30000 kb.
package struct LoopExtrusionInput: Sendable {
  package var data: LoopExtrusionAnalysis.Data
  /// N for snapshot data.
  package var lefCountPerSnapshot: Int?
  package var snapshotCount: Int?
  package var ringSites: Int?
  package var separationKb: Double?
  /// Where L and d came from, for the report.
  package var ringSource: String

  /// The ring of the lifetime predictions when only d is known (the spec's 30 Mb).
  package static let defaultRingKb = 30000
  /// The largest ring simulated (10 Gb: 40 MB of occupancy, more than any chromosome).
  package static let maximumRingKb = 10_000_000

  /// Reads and checks the file.
  ///
  /// - Parameters:
  ///   - ringKb, separationKb: the options `--ring-kb`, `--separation-kb`.
  /// - Throws: `InputError` at `file:line`, or naming the option.
  package static func load(path: String, ringKb: Int? = nil, separationKb: Double? = nil) throws -> LoopExtrusionInput {
    let t = try CSVTable.read(path: path)
    if let r = ringKb, r < 12 || r > maximumRingKb {
      throw InputError("found \(r); expected a ring of 12 to \(maximumRingKb) kb", at: SourceLocation(file: "--ring-kb"))
    }
    if let d = separationKb, !(d.isFinite && d >= LoopExtrusionParameters.minimumSeparationKb) {
      throw InputError("found \(d); expected a separation >= \(LoopExtrusionParameters.minimumSeparationKb) kb", at: SourceLocation(file: "--separation-kb"))
    }
    var sources: [String] = []
    var ring = ringKb
    if ring != nil { sources.append("ring_kb from --ring-kb") } else if let v = try t.metadataNumber(
      "ring_kb", accept: { $0 >= 12 && $0 <= Double(maximumRingKb) && $0 == $0.rounded() },
      expected: "a whole number of kb from 12 to \(maximumRingKb)") {
      ring = Int(v)
      sources.append("ring_kb from the metadata")
    }
    var separation = separationKb
    if separation != nil { sources.append("separation_kb from --separation-kb") } else if let v = try t.metadataNumber(
      "separation_kb", accept: { $0 >= LoopExtrusionParameters.minimumSeparationKb && $0 <= 1e9 },
      expected: "a separation >= \(LoopExtrusionParameters.minimumSeparationKb) kb") {
      separation = v
      sources.append("separation_kb from the metadata")
    }

    if t.has("length_kb") {
      try t.checkColumns(required: ["length_kb", "censored"])
      let lengths = try t.numbers("length_kb", accept: { $0 >= 0 }, expected: "an extruded length >= 0 (kb)")
      let k = try t.index(of: "censored")
      var flags: [Bool] = []
      for i in t.rows.indices {
        switch t.rows[i][k].lowercased() {
        case "1", "true", "yes": flags.append(true)
        case "0", "false", "no": flags.append(false)
        default:
          throw InputError("found '\(t.rows[i][k])' in column censored; expected 1 (obstructed) or 0 (unbound)", at: t.location(row: i))
        }
      }
      guard lengths.contains(where: { $0 > 0 }) else {
        throw InputError("found every length_kb = 0; expected some extruded length > 0", at: t.location(row: t.rows.count - 1))
      }
      if separation != nil && ring == nil {
        ring = defaultRingKb
        sources.append("ring_kb = \(defaultRingKb) by default (the spec's 30 Mb)")
      }
      if let r = ring, let d = separation, Double(r) / d < 2 {
        throw InputError("found ring_kb = \(r) and separation_kb = \(d); expected a ring holding at least 2 LEFs (so that half the density leaves one)",
                         at: t.headerLocation)
      }
      return LoopExtrusionInput(data: .lifetimes(LoopLifetimeRecords(lengthsKb: lengths, censored: flags)),
                                lefCountPerSnapshot: nil, snapshotCount: nil, ringSites: ring, separationKb: separation,
                                ringSource: sources.isEmpty ? "none" : sources.joined(separator: ", "))
    }

    try t.checkColumns(required: ["snapshot", "loop_kb"], optional: ["left_kb"])
    let names = try t.strings("snapshot")
    let sizes = try t.numbers("loop_kb", accept: { $0 >= 0 }, expected: "a loop size >= 0 (kb)")
    var order: [String] = [], groups: [String: [Int]] = [:]
    for (i, name) in names.enumerated() {
      if groups[name] == nil { order.append(name) }
      groups[name, default: []].append(i)
    }
    let n = groups[order[0]]!.count
    for name in order where groups[name]!.count != n {
      throw InputError("found snapshot '\(name)' with \(groups[name]!.count) loops; expected \(n), as in snapshot '\(order[0])' "
                         + "(every LEF is always bound, so every snapshot shows N loops)", at: t.location(row: groups[name]![0]))
    }
    if ring == nil, let d = separation {
      ring = Int((Double(n) * d).rounded())
      sources.append("ring_kb = N·separation_kb = \(ring!)")
    }
    if let r = ring, r > maximumRingKb {
      throw InputError("found a ring of \(r) kb; expected at most \(maximumRingKb) kb", at: t.headerLocation)
    }
    guard let l = ring else {
      throw InputError("found no ring_kb or separation_kb (metadata or option); expected one: the simulation needs the ring",
                       at: t.headerLocation)
    }
    guard l >= 6 * n else {
      throw InputError("found ring_kb = \(l) for \(n) loops per snapshot; expected at least \(6 * n) kb (separation >= 6 kb)",
                       at: t.headerLocation)
    }
    var lefts: [[Int]]?
    if t.has("left_kb") {
      let left = try t.numbers("left_kb", accept: { $0 >= 0 && $0 < Double(l) && $0 == $0.rounded() },
                               expected: "a site 0 <= left_kb < \(l) (a whole number)")
      lefts = order.map { groups[$0]!.map { Int(left[$0]) } }
    }
    for i in sizes.indices where sizes[i] >= Double(l) {
      throw InputError("found loop_kb = \(sizes[i]); expected a loop smaller than the ring (\(l) kb)", at: t.location(row: i))
    }
    let stats = LoopSnapshotStatistics.observed(groups: order.map { groups[$0]!.map { sizes[$0] } }, lefts: lefts, ringSites: l)
    guard stats.meanLoopKb > 0 else {
      throw InputError("found every loop_kb = 0; expected some loop size > 0", at: t.location(row: sizes.count - 1))
    }
    return LoopExtrusionInput(data: .snapshots(stats), lefCountPerSnapshot: n, snapshotCount: order.count, ringSites: l,
                              separationKb: Double(l) / Double(n), ringSource: sources.joined(separator: ", "))
  }
}
