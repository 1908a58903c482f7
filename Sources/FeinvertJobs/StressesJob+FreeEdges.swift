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
    // --path alone chooses the user's paths only.
    if options.edges.isEmpty && !options.paths.isEmpty { return [] }
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
      // An open edge ends at a clamped or loaded face: its corners are the boundary
      // condition's, so the peak is sought two laminate thicknesses away from them.
      let summary = FreeEdgeSummary(
        profile: profile, field: field, characteristicDistance: d, decayFraction: options.decayFraction,
        endZone: 2 * field.stack.thickness)
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

extension StressesJob {
  /// The user's paths (`--path`), parsed: `circle:CX,CY,R` or `polyline:X1,Y1;X2,Y2;...`
  /// (model length unit, in the laminate plane).
  ///
  /// - Throws: `InputError` at `--path` naming the text and the form expected.
  static func parsePath(_ text: String) throws -> (vertices: [SIMD2<Double>], closed: Bool, circle: (SIMD2<Double>, Double)?) {
    let location = SourceLocation(file: "command line", key: "--path")
    let expected = "expected circle:CX,CY,R (R > 0) or polyline:X1,Y1;X2,Y2;... (at least two distinct points), finite numbers in the model's length unit"
    func numbers(_ s: Substring) throws -> [Double] {
      try s.split(separator: ",", omittingEmptySubsequences: false).map { part in
        guard let x = Double(part.trimmingCharacters(in: .whitespaces)), x.isFinite else {
          throw InputError("found \"\(text)\"; \(expected)", at: location)
        }
        return x
      }
    }
    if text.hasPrefix("circle:") {
      let v = try numbers(text.dropFirst("circle:".count))
      guard v.count == 3, v[2] > 0 else { throw InputError("found \"\(text)\"; \(expected)", at: location) }
      return ([], true, (SIMD2(v[0], v[1]), v[2]))
    }
    if text.hasPrefix("polyline:") {
      let points = try text.dropFirst("polyline:".count).split(separator: ";").map { part -> SIMD2<Double> in
        let v = try numbers(part)
        guard v.count == 2 else { throw InputError("found \"\(text)\"; \(expected)", at: location) }
        return SIMD2(v[0], v[1])
      }
      guard points.count >= 2, Set(points.map { [$0.x, $0.y] }).count >= 2 else {
        throw InputError("found \"\(text)\"; \(expected)", at: location)
      }
      return (points, false, nil)
    }
    throw InputError("found \"\(text)\"; \(expected)", at: location)
  }

  /// Profiles and summaries of the user's paths at every interface, named `path1`, `path2`, …
  /// in the order given; samples at most a quarter of the thinnest ply apart (a circle as
  /// at least 72 chords).
  static func userPathSummaries(_ options: Options, field: InterlaminarField) throws -> [FreeEdgeSummary] {
    let spacing = 0.25 * (field.stack.plies.map(\.thickness).min() ?? 1)
    var out = [FreeEdgeSummary]()
    for (i, text) in options.paths.enumerated() {
      let parsed = try parsePath(text)
      var vertices = parsed.vertices
      if let (centre, radius) = parsed.circle {
        let count = min(4000, max(72, Int((2 * Double.pi * radius / spacing).rounded(.up))))
        vertices = FreeEdgeProfile.circle(centre: centre, radius: radius, count: count)
      }
      for k in 1...field.stack.interfaceCount {
        let profile = FreeEdgeProfile(
          name: "path\(i + 1)", interface: k, vertices: vertices, closed: parsed.closed, spacing: spacing, field: field)
        guard !profile.samples.isEmpty else {
          throw InputError(
            "found \"\(text)\", which does not meet the laminate at interface \(k); expected a path over the part",
            at: SourceLocation(file: "command line", key: "--path"))
        }
        let d = options.characteristicDistance ?? min(field.stack.plies[k - 1].thickness, field.stack.plies[k].thickness)
        out.append(FreeEdgeSummary(profile: profile, field: field, characteristicDistance: d, decayFraction: options.decayFraction))
      }
    }
    return out
  }
}
