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
    /// The `[[load_case]]` to analyse (`--case`), required when the model has load cases.
    package var loadCase: String?
    package init(station: Double? = nil, characteristicDistance: Double? = nil, decayFraction: Double = 0.05) {
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
    let solver = try ElasticSolver(problem: problem, factorization: input.modelFile.factorization)
    let stiffness = problem.blockStiffnesses(model: definition)
    let u = try solver.solve(stiffness: stiffness)
    let field = InterlaminarField(
      stack: stack, elements: elements, elementPly: problem.elementPly, stiffness: stiffness, displacement: u)
    let station = field.elementCentreStation(near: requested)
    var lines = [InterfaceLine](), summaries = [EdgeSummary]()
    for k in 1...field.stack.interfaceCount {
      guard let line = InterfaceLine(field: field, interface: k, x: station) else {
        throw NumericalError("interface \(k): the line across the width at x = \(station) leaves the mesh; the plies do not span the full width there")
      }
      let d = options.characteristicDistance
        ?? min(field.stack.plies[k - 1].thickness, field.stack.plies[k].thickness)
      lines.append(line)
      summaries.append(EdgeSummary(line: line, characteristicDistance: d, decayFraction: options.decayFraction))
    }

    var warnings = fitted.map { read in read.cautions.map { "\(read.path): \($0)" } } ?? []
    if let strain = StrainCheck.warning(
      LargestStrain.of(u, assembler: solver.assembler),
      context: params == nil ? "with the model's constants" : "with the fitted values", model: definition) {
      warnings.append(strain)
    }
    var bands = [[SIMD3<Double>]]()
    if let fitted, let covariance = fitted.covariance {
      let du = try FitParameter.displacementSensitivities(of: parameters, solver: solver, model: definition, displacement: u)
      let dC = FitParameter.stiffnessDerivatives(of: parameters, problem: problem, model: definition)
      bands = field.bands95(
        lines: lines, stiffness: stiffness, displacement: u, stiffnessDerivatives: dC, displacementDerivatives: du,
        covariance: covariance)
    }

    try OutputDirectory.create(out)
    let csvPath = OutputDirectory.path(out, "interlaminar.csv")
    let jsonPath = OutputDirectory.path(out, "interlaminar_summary.json")
    try writeAtomically(InterlaminarOutput.csv(lines: lines, bands: bands), to: csvPath)
    let units = (length: definition.lengthUnit, stress: definition.stressUnit)
    try writeAtomically(
      InterlaminarOutput.summary(summaries: summaries, stack: field.stack, bands: bands, parameters: fitted,
                                 requestedStation: requested, units: units, mesh: mesh, model: input.modelPath,
                                 warnings: warnings)
        .withProvenance(try Provenance(inputs: [("mesh", mesh), ("model", input.modelPath)] + (params.map { [("params", $0)] } ?? [])))
        .encoded() + "\n",
      to: jsonPath)
    return Outcome(lines: lines, summaries: summaries, bands: bands, parameters: fitted, written: [csvPath, jsonPath],
                   warnings: warnings)
  }
}
