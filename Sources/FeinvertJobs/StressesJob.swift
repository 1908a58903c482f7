import FeinvertIO
import FeinvertFiles
import FECommon
import FEKernel
import Foundation
import LaminateFit
import StressPost

/// `feinvert stresses`: solve the model (with fitted constants when given), take the
/// interlaminar tractions along the width of every ply interface at one station, and
/// write `interlaminar.csv` and `interlaminar_summary.json`.
package enum StressesJob {
  package struct Options: Sendable {
    /// The station x; nil = mid-length of the laminate. It is moved to the centre of
    /// the element column containing it (see `InterlaminarField.elementCentreStation`).
    package var station: Double?
    /// The strip next to each edge over which the average is taken; nil = the
    /// thickness of the thinner ply at the interface.
    package var characteristicDistance: Double?
    /// The decay distance is where |σ − σ_far| falls below this share of the peak's.
    package var decayFraction: Double = 0.05
    /// The HTML report of the tractions (with the fit's tables when `params` is given); nil: none.
    package var html: String?
    /// `--edge`: the physical groups whose free edges are reported (all when empty).
    package var edges: [String] = []
    /// `--path`: paths of the user's, `circle:CX,CY,R` or `polyline:X1,Y1;X2,Y2;...`.
    package var paths: [String] = []
    /// `--include-observed`: the observation face's edges count as free edges too.
    package var includeObserved = false
    /// The two sides' averages may differ by this share of the edge's largest before a warning.
    package var sideFraction = FreeEdgeQuality.defaultSideFraction
    /// The `[[load_case]]` to analyse (`--case`), required when the model has load cases.
    package var loadCase: String?
    package init(station: Double? = nil, characteristicDistance: Double? = nil, decayFraction: Double = 0.05, html: String? = nil) {
      self.html = html
      self.station = station
      self.characteristicDistance = characteristicDistance
      self.decayFraction = decayFraction
    }
  }

  /// What a run found, for the command's printout and for tests.
  package struct Outcome: Sendable {
    package var lines: [InterfaceLine]
    package var summaries: [EdgeSummary]
    /// Per line, per sample: the 95% half-width of (σzz, τxz, τyz); empty without covariance.
    package var bands: [[SIMD3<Double>]]
    package var parameters: FittedParameters?
    package var written: [String]
    /// Cautions from the fit report (`FittedParameters.cautions`) and a large strain
    /// (`StrainCheck`); printed and recorded in the summary's `warnings`.
    package var warnings: [String] = []
    /// Every chosen free edge at every interface (`FreeEdgeSummary`), and the mesh-quality
    /// warnings about them (also in `warnings`).
    package var freeEdges: [FreeEdgeSummary] = []
    package var qualityWarnings: [FreeEdgeQuality.Warning] = []
    /// Why there is no line across the width, when there is none.
    package var notes: [String] = []

    /// The terminal summary: one line per interface (peaks and edge averages of each
    /// traction at both edges), the reason for absent bands, and the files written.
    package var printout: [String] {
      func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
      var out = summaries.map { s in
        let parts = s.components.map { c in
          "\(c.component.name) peak \(fmt(c.edgeYMinus.peak))/\(fmt(c.edgeYPlus.peak)) avg \(fmt(c.edgeYMinus.average))/\(fmt(c.edgeYPlus.average))"
        }
        return "interface \(s.line.interface) (z = \(fmt(s.line.z)), x = \(fmt(s.line.x))): " + parts.joined(separator: "; ")
      }
      out += freeEdges.map(StressesJob.printout)
      out += notes.map { "note: \($0)" }
      if let absence = parameters?.covarianceAbsence { out.append("note: no 95% bands: \(absence)") }
      out += warnings.map { "warning: \($0)" }
      out.append("wrote \(written.joined(separator: ", "))")
      return out
    }
  }

  package static func run(mesh: String, model: String?, params: String?, out: String, options: Options = Options()) throws -> Outcome {
    let input = try ProblemInput.load(mesh: mesh, model: model).selectingLoadCase(options.loadCase)
    // The output directory is checked now, not after the solve.
    try checkOutputDirectory(out, option: "--out")
    if let html = options.html { try ReportJob.checkOutput(html, inputs: [mesh, input.modelPath] + (params.map { [$0] } ?? [])) }
    let problem = input.problem
    var definition = problem.model
    var fitted: FittedParameters?
    var parameters = [FitParameter]()
    if let params {
      let read = try FittedParameters.read(path: params)
      for (i, name) in read.names.enumerated() {
        let location = SourceLocation(file: params, key: "parameters[\(i)].name")
        let target = try FitParameter.target(named: name, in: definition, at: location)
        let p = FitParameter(name: name, target: target, initial: read.estimates[i], lower: -.infinity, upper: .infinity,
                             location: location)
        p.set(read.estimates[i], in: &definition)
        parameters.append(p)
      }
      for material in definition.materials {
        try material.validate(at: SourceLocation(file: params, key: "parameters (material \(material.name) with the fitted values)"))
      }
      fitted = read
    }
    if let d = options.characteristicDistance, !(d > 0 && d.isFinite) {
      throw InputError("found \(d); expected a characteristic distance > 0 (model length unit)",
                       at: SourceLocation(file: "command line", key: "--characteristic-distance"))
    }
    if let x = options.station, !x.isFinite {
      throw InputError("found \(x); expected a finite station x", at: SourceLocation(file: "command line", key: "--station"))
    }
    guard options.decayFraction > 0 && options.decayFraction < 1 else {
      throw InputError("found \(options.decayFraction); expected a fraction between 0 and 1",
                       at: SourceLocation(file: "command line", key: "--decay-fraction"))
    }
    // The plies are checked before the solve, which is the expensive part.
    let elements = VolumeElements(mesh: problem.mesh)
    let stack = try PlyStack(elements: elements, elementPly: problem.elementPly, plyNames: definition.plies.map(\.group),
                             source: mesh)
    guard stack.interfaceCount > 0 else {
      throw InputError("found \(stack.plies.count) ply; expected at least two plies for interlaminar stresses",
                       at: SourceLocation(file: input.modelPath, key: "plies"))
    }
    let requested = options.station ?? 0.5 * (stack.lower.x + stack.upper.x)
    guard requested >= stack.lower.x, requested <= stack.upper.x else {
      throw InputError("found station x = \(requested); expected a value within the laminate, \(stack.lower.x)...\(stack.upper.x)",
                       at: SourceLocation(file: "command line", key: "--station"))
    }
    guard options.sideFraction > 0 else {
      throw InputError("found \(options.sideFraction); expected a fraction > 0", at: SourceLocation(file: "command line", key: "--side-fraction"))
    }
    // The free edges are found (and --edge checked) before the solve.
    let geometry = InterlaminarField(stack: stack, elements: elements, elementPly: problem.elementPly, stiffness: [], displacement: [])
    let paths = try selectFreeEdges(field: geometry, model: definition, mesh: problem.mesh, meshPath: mesh, options: options)
    for p in options.paths { _ = try parsePath(p) }
    let solver = try ElasticSolver(problem: problem, factorization: input.modelFile.factorization)
    let stiffness = problem.blockStiffnesses(model: definition)
    let u = try solver.solve(stiffness: stiffness)
    let field = geometry.linearized(stiffness: stiffness, displacement: u)
    var edges = analyseFreeEdges(paths, field: field, options: options)
    let userPaths = try userPathSummaries(options, field: field)
    edges.summaries += userPaths
    var notes = [String]()
    let station = field.elementCentreStation(near: requested)
    var lines = [InterfaceLine](), summaries = [EdgeSummary]()
    if !paths.isEmpty && !widthLineApplies(edges.summaries.map(\.profile).filter { !$0.path.segments.isEmpty }) {
      notes.append("no line across the width in interlaminar.csv: no free edge runs straight along x (the line is the contract's, for a coupon whose length is x); the free edges are in free_edges.csv")
    }
    for k in 1...field.stack.interfaceCount where notes.isEmpty {
      guard let line = InterfaceLine(field: field, interface: k, x: station) else {
        if paths.isEmpty && options.paths.isEmpty {
          throw NumericalError("interface \(k): the line across the width at x = \(station) leaves the mesh; the plies do not span the full width there, and no free edge was found")
        }
        notes.append("no line across the width in interlaminar.csv: at x = \(station) it leaves the mesh (a hole or a cut-out); the free edges are in free_edges.csv")
        lines = []
        summaries = []
        break
      }
      let d = options.characteristicDistance
        ?? min(field.stack.plies[k - 1].thickness, field.stack.plies[k].thickness)
      lines.append(line)
      summaries.append(EdgeSummary(line: line, characteristicDistance: d, decayFraction: options.decayFraction))
    }

    var warnings = fitted.map { read in read.cautions.map { "\(read.path): \($0)" } } ?? []
    let quality = edges.warnings + resultantWarnings(summaries)
    warnings += quality.map(\.message)
    if let strain = StrainCheck.warning(
      LargestStrain.of(u, assembler: solver.assembler),
      context: params == nil ? "with the model's constants" : "with the fitted values", model: definition) {
      warnings.append(strain)
    }
    var bands = [[SIMD3<Double>]]()
    var edgeBands = [[SIMD3<Double>]?]()
    if let fitted, let covariance = fitted.covariance {
      let du = try FitParameter.displacementSensitivities(of: parameters, solver: solver, model: definition, displacement: u)
      let dC = FitParameter.stiffnessDerivatives(of: parameters, problem: problem, model: definition)
      bands = field.bands95(
        lines: lines, stiffness: stiffness, displacement: u, stiffnessDerivatives: dC, displacementDerivatives: du,
        covariance: covariance)
      edgeBands = field.freeEdgeBands95(
        profiles: edges.summaries.map(\.profile), stiffness: stiffness, displacement: u, stiffnessDerivatives: dC,
        displacementDerivatives: du, covariance: covariance)
    }

    try OutputDirectory.create(out)
    let csvPath = OutputDirectory.path(out, "interlaminar.csv")
    let jsonPath = OutputDirectory.path(out, "interlaminar_summary.json")
    let edgesPath = OutputDirectory.path(out, "free_edges.csv")
    try writeAtomically(InterlaminarOutput.csv(lines: lines, bands: bands), to: csvPath)
    try writeAtomically(FreeEdgeOutput.csv(edges.summaries.map(\.profile), bands: edgeBands), to: edgesPath)
    let units = (length: definition.lengthUnit, stress: definition.stressUnit)
    var summaryJSON = InterlaminarOutput.summary(
      summaries: summaries, stack: field.stack, bands: bands, parameters: fitted, requestedStation: requested, units: units,
      mesh: mesh, model: input.modelPath, warnings: warnings)
    if case .object(var fields) = summaryJSON {
      fields += [
        ("free_edges", FreeEdgeOutput.json(edges.summaries)),
        ("quality_warnings", FreeEdgeOutput.json(quality)),
        ("notes", .array(notes.map { .string($0) })),
      ]
      summaryJSON = .object(fields)
    }
    try writeAtomically(
      summaryJSON
        .withProvenance(try Provenance(inputs: [("mesh", mesh), ("model", input.modelPath)] + (params.map { [("params", $0)] } ?? [])))
        .encoded() + "\n",
      to: jsonPath)
    var written = [csvPath, jsonPath, edgesPath]
    if let html = options.html {
      try ReportJob.run(.init(fit: params, residuals: nil, stresses: out, output: html))
      written.append(html)
    }
    return Outcome(lines: lines, summaries: summaries, bands: bands, parameters: fitted,
                   written: written, warnings: warnings, freeEdges: edges.summaries,
                   qualityWarnings: quality, notes: notes)
  }
}
