import FECommon
import FEKernel
import Foundation
import StressPost

extension StressesJob {
  /// The free edges `stresses` reports: every interface along every free edge found
  /// from the mesh (`FreeEdges.find`), or those of the groups named by `--edge`.
  ///
  /// Excluded from the free boundary: the faces of the `[[boundary]]` and `[[load]]`
  /// groups, and of the `[observation]` group unless `--include-observed` is given or
  /// `--edge` names it.
  ///
  /// - Throws: `InputError` at `--edge` for a name that is no physical group of the mesh,
  ///   or a group with no free edge at a ply interface (the message lists the edges found).
  static func selectFreeEdges(
    field: InterlaminarField, model: ModelDefinition, mesh: Mesh, meshPath: String, options: Options
  ) throws -> [FreeEdgePath] {
    let commandLine = SourceLocation(file: "command line", key: "--edge")
    for name in options.edges where mesh.group(named: name) == nil {
      let surfaces = mesh.physicalGroups.filter { $0.dimension == 2 }.map(\.name)
      throw InputError(
        "found \(name), which is no physical group of \(meshPath); expected a surface group of a free side face (\(surfaces.isEmpty ? "the mesh has none" : surfaces.joined(separator: ", ")))",
        at: commandLine)
    }
    var excludedNames = model.boundary.map(\.group) + model.loads.map(\.group)
    if let observed = model.observation?.group, !options.includeObserved, !options.edges.contains(observed) {
      excludedNames.append(observed)
    }
    let excluded = excludedNames.compactMap { mesh.group(named: $0) }
    let all = FreeEdges.find(field: field, excluding: excluded)
    guard !options.edges.isEmpty else { return all }
    var chosen = [FreeEdgePath]()
    for name in options.edges {
      let matching = all.filter { $0.name == name || baseName($0.name) == name }
      guard !matching.isEmpty else {
        let found = Set(all.map(\.name)).sorted()
        throw InputError(
          "found group \(name) with no free edge at a ply interface (loaded, clamped and observed faces are not free; an edge runs where a side face meets an interface); expected one of the free edges found: \(found.isEmpty ? "none" : found.joined(separator: ", "))",
          at: commandLine)
      }
      chosen += matching
    }
    return chosen
  }

  /// A path name without the `_N` a second path of the same group gets.
  static func baseName(_ name: String) -> String {
    guard let i = name.lastIndex(of: "_"), Int(name[name.index(after: i)...]) != nil else { return name }
    return String(name[..<i])
  }

  /// Whether the contract's line across the width (along y at a station x) means
  /// something here: some free edge runs straight along x (a coupon whose length is x).
  /// A coupon along y, or turned in the plane, has none, and the line would run along
  /// its length through the clamp.
  static func widthLineApplies(_ profiles: [FreeEdgeProfile]) -> Bool {
    profiles.contains { p in !p.path.closed && p.samples.allSatisfy { abs($0.tangent.x) > 1 - 1e-9 } }
  }

  /// Profiles, summaries and quality warnings of the chosen free edges.
  static func analyseFreeEdges(
    _ paths: [FreeEdgePath], field: InterlaminarField, options: Options
  ) -> (summaries: [FreeEdgeSummary], warnings: [FreeEdgeQuality.Warning]) {
    var summaries = [FreeEdgeSummary]()
    var warnings = [FreeEdgeQuality.Warning]()
    for path in paths {
      let profile = FreeEdgeProfile(path: path, field: field)
      let k = path.interface
      let d = options.characteristicDistance ?? min(field.stack.plies[k - 1].thickness, field.stack.plies[k].thickness)
      let summary = FreeEdgeSummary(profile: profile, field: field, characteristicDistance: d, decayFraction: options.decayFraction)
      summaries.append(summary)
      warnings += FreeEdgeQuality.check(summary, field: field, sideFraction: options.sideFraction)
    }
    return (summaries, warnings)
  }

  /// One line per free edge for the terminal.
  static func printout(_ s: FreeEdgeSummary) -> String {
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    let p = s.profile.path
    let parts = s.components.map { c in
      "\(c.name) peak \(fmt(c.peak)) at s = \(fmt(c.peakS))" + (c.peakAngleDegrees.map { " (\(fmt($0)) deg)" } ?? "")
        + " avg \(fmt(c.average))"
    }
    return "edge \(p.name), interface \(p.interface) (z = \(fmt(p.z)), \(p.closed ? "closed, " : "")length \(fmt(s.profile.length))): "
      + parts.joined(separator: "; ")
  }
}

extension StressesJob {
  /// The share of ∫|σzz| dy that the resultants of the width line may leave unbalanced.
  static let resultantFraction = 0.05

  /// Warnings for the width line: across the whole width of a free-edge coupon the peel
  /// stress of an interface carries no net force and no net moment (the part above the
  /// interface has free top and sides, and the line lies where nothing varies along x),
  /// so ∫σzz dy and ∫σzz (y − y_c) dy must be small against ∫|σzz| dy and
  /// ∫|σzz| |y − y_c| dy. More than `resultantFraction` of either means the stresses at
  /// the edges are not resolved (or the station is not in a uniform region).
  static func resultantWarnings(_ summaries: [EdgeSummary]) -> [FreeEdgeQuality.Warning] {
    var out = [FreeEdgeQuality.Warning]()
    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    for s in summaries {
      let line = s.line
      let yc = line.yCentre
      var absolute = 0.0, absoluteMoment = 0.0
      for (a, b) in zip(line.samples, line.samples.dropFirst()) {
        let h = b.y - a.y
        absolute += 0.5 * h * (abs(a.traction.x) + abs(b.traction.x))
        absoluteMoment += 0.5 * h * (abs(a.traction.x * (a.y - yc)) + abs(b.traction.x * (b.y - yc)))
      }
      let force = s.fullWidth.force.x, moment = s.fullWidth.moment
      let forceShare = absolute > 0 ? abs(force) / absolute : 0
      let momentShare = absoluteMoment > 0 ? abs(moment) / absoluteMoment : 0
      guard max(forceShare, momentShare) > resultantFraction else { continue }
      out.append(FreeEdgeQuality.Warning(
        kind: "unbalanced_resultant", interface: line.interface, edge: "width line", s: nil,
        point: SIMD3(line.x, yc, line.z),
        message: "interface \(line.interface), width line at x = \(fmt(line.x)): the peel stress does not balance across the width, ∫sigma_zz dy = \(fmt(force)) (\(fmt(100 * forceShare))% of ∫|sigma_zz| dy) and ∫sigma_zz (y - y_c) dy = \(fmt(moment)) (\(fmt(100 * momentShare))%), limit \(fmt(100 * resultantFraction))%; refine toward both free edges and through the thickness at the interface (or take the line where the coupon is uniform along x)"))
    }
    return out
  }
}
