import FeinvertIO
import FeinvertFiles
import FECommon
import FEKernel
import Foundation
import Inversion
import LaminateFit

/// `feinvert fit` and `feinvert synth` from files to files, so the commands stay thin.
package enum FitJob {
  package struct Paths: Sendable {
    package var mesh: String
    package var model: String?
    package var fringes: String
    package var report: String?
    package var out: String?
    /// The HTML report (`fit --html`); nil: none.
    package var html: String?
    /// `solution.vtu` with ASCII arrays instead of binary ones (`--ascii-vtu`).
    package var asciiVTU = false
    /// Every `--fringes` value, `NAME=FILE` forms included (`FitJob+LoadCases.swift`).
    package var fringeArguments: [String]
    /// `--columns "FILE=ROLE,..."`: the data file's column map.
    package var columns: String?
    package init(mesh: String, model: String?, fringes: String, report: String?, out: String?, columns: String? = nil) {
      self.columns = columns
      self.mesh = mesh
      self.model = model
      self.fringes = fringes
      self.report = report
      self.out = out
      self.fringeArguments = fringes.isEmpty ? [] : [fringes]
    }

    /// Paths with `--fringes` given any number of times (none when the model names its data).
    package init(mesh: String, model: String?, fringes: [String], report: String?, out: String?, columns: String? = nil) {
      self.init(mesh: mesh, model: model, fringes: fringes.first ?? "", report: report, out: out, columns: columns)
      self.fringeArguments = fringes
    }
  }

  /// What a fit run produced, for the command's printout and for tests.
  package struct Result: Sendable {
    /// The fit with its assessment (budget, restarts, profiles).
    package var assessed: AssessedFit
    package var outcome: LaminateFitRun.Outcome { assessed.outcome }
    /// Data points dropped as off the surface (`--drop-off-surface`).
    package var dropped: Int
    /// The files written, in order.
    package var written: [String]
    /// For the user: data columns the observation does not fit, units converted, metadata
    /// keys not used.
    package var notes: [String]
    /// For the user: a large strain at the initial values or at the estimate (`StrainCheck`).
    package var warnings: [String] = []
    /// Per data set (load case, observed face) residuals and χ², when the fit had several.
    package var dataSets: [DataSetSummary] = []
    /// The registration of data in a camera frame, for the terminal (`FitReport.registrationLines`).
    package var registration = ""

    /// The table printed at the end of a fit (`FitReport.table`).
    package var table: String { FitReport.table(assessed) + FitReport.dataSetLines(dataSets) + registration }
    package var converged: Bool { outcome.result.converged }
  }

  /// Reads everything, fits, and writes the report and outputs (each atomically,
  /// after the fit has finished, so a failed run writes nothing).
  package static func run(
    _ paths: Paths, dropOffSurface: Bool, progress: ((IterationRecord) -> Void)? = nil
  ) throws -> Result {
    let input = try ProblemInput.load(mesh: paths.mesh, model: paths.model, distributedSolve: true)
    // PETSc runs (ProblemInput+Distributed.swift): rank 0 alone writes the outputs.
    var paths = paths
    let rankScratch = try ProblemInput.scratchOutputsForOtherRanks(&paths)
    defer { if let rankScratch { try? FileManager.default.removeItem(at: rankScratch) } }
    // Output paths are checked now, not after a fit that may take minutes.
    if let report = paths.report {
      try checkOutputFile(report, option: "--report", inputs: [paths.mesh, input.modelPath, paths.fringes])
    }
    if let out = paths.out { try checkOutputDirectory(out, option: "--out") }
    if let html = paths.html { try ReportJob.checkOutput(html, inputs: [paths.mesh, input.modelPath, paths.fringes]) }
    return try input.modelFile.locatingKeys {
      // Load cases, several faces, NAME=FILE: one data set per observed face of a case.
      var sets = [DataSetSetup]()
      var setup: Setup
      if usesDataSets(input.modelFile.model, fringes: paths.fringeArguments) {
        let files: [String]
        (setup, sets, files) = try prepareDataSets(
          input, fringes: paths.fringeArguments, dropOffSurface: dropOffSurface, columns: paths.columns)
        if let report = paths.report {
          try checkOutputFile(report, option: "--report", inputs: [paths.mesh, input.modelPath] + files)
        }
      } else {
        try checkOneFringeFile(paths.fringeArguments)
        setup = try prepare(input, paths: paths, dropOffSurface: dropOffSurface)
      }
      var warnings = try checkStrainAtStart(setup)
      let log = IterationLog()
      var assessed = try LaminateFitRun.runAssessed(
        forward: setup.forward, data: setup.data, rigidBody: setup.observation.rigidBody, settings: setup.settings,
        factorization: input.modelFile.factorization, progress: { record in
          log.records.append(record)
          progress?(record)
        })
      // Several data sets without stated noise: each set's own σ̂ (FitJob+LoadCases.swift).
      var estimatedSigma: [Double]?
      if sets.count > 1 && !setup.forward.noiseKnown {
        (assessed, setup, estimatedSigma) = try refitWithNoisePerDataSet(assessed, setup: setup, sets: sets, input: input, progress: progress)
        setup.notes.append("no sigma columns: each data set's noise estimated from a first fit ("
          + zip(sets, estimatedSigma!).map { "\($0.set.name) \(String(format: "%.3g", $1))" }.joined(separator: ", ")
          + "), the fit repeated with the rows weighted by their set's estimate")
      }
      warnings += strainWarningAtEstimate(assessed.outcome, setup: setup)
      if setup.settings.factorReuse { setup.notes.append(factorReuseNote(assessed.outcome.counters, settings: setup.settings)) }
      let extensions = FitReport.extensions(history: log.records, assessed: assessed, warnings: warnings, notes: setup.notes)
      let written = sets.isEmpty
        ? try write(assessed, setup: setup, input: input, paths: paths, extensions: extensions)
        : try writeDataSets(
          assessed, setup: setup, input: input, paths: paths, sets: sets, estimatedSigma: estimatedSigma, extensions: extensions)
      let dropped = sets.isEmpty ? setup.operator.droppedCount : sets.reduce(0) { $0 + $1.operator.droppedCount }
      return Result(assessed: assessed, dropped: dropped, written: written, notes: setup.notes,
                    warnings: warnings, dataSets: sets.isEmpty ? [] : assessed.outcome.dataSetSummaries(forward: setup.forward),
                    registration: FitReport.registrationLines(assessed.outcome, lengthUnit: input.problem.model.lengthUnit))
    }
  }

  /// Everything the fit needs, read and checked.
  struct Setup {
    var settings: FitSettings
    var observation: ObservationSpec
    var data: FringeData
    var `operator`: ObservationOperator
    var forward: LaminateForwardModel
    var notes: [String]
  }

  /// Reads the data, builds the observation operator and the forward model at the
  /// stated initial values.
  static func prepare(_ input: ProblemInput, paths: Paths, dropOffSurface: Bool) throws -> Setup {
    let file = input.modelFile
    let model = file.model
    let settings = try file.requireFitSettings()
    guard let observation = model.observation else {
      throw InputError("no [observation] table; expected the surface the moiré data lie on", at: model.location("observation"))
    }
    let unit = UnitScale.lengthMetres[model.lengthUnit] ?? 1e-3
    var (data, notes) = try readMeasuredData(path: paths.fringes, columns: paths.columns, file: file, lengthUnitMetres: unit)
    let ignored = data.components.filter { !observation.components.contains($0) }.map { DOF.componentNames[$0] }
    data = try restrict(data, to: observation, path: paths.fringes)
    if !ignored.isEmpty {
      notes.append("\(paths.fringes): data column\(ignored.count > 1 ? "s" : "") \(ignored.joined(separator: ", ")) not fitted: observation.components lists \(observation.components.map { DOF.componentNames[$0] }.joined(separator: ", "))")
    }
    let op = try ObservationOperator(
      mesh: input.problem.mesh, group: observation.group, points: data.points, lines: data.lines,
      source: paths.fringes, dropOffSurface: dropOffSurface, groupLocation: model.location("observation.group"),
      projectionTolerance: file.dataOptions.projectionTolerance)
    notes += try surfaceNotes(op, group: observation.group, path: paths.fringes, unit: model.lengthUnit)
    let start = try startingModel(model, settings: settings)
    let problem = try LinearElasticProblem(mesh: input.problem.mesh, model: start, meshSource: paths.mesh)
    let forward = try LaminateForwardModel(
      problem: problem, observation: op, data: data, parameters: settings.parameters, factorization: file.factorization)
    return Setup(settings: settings, observation: observation, data: data, operator: op, forward: forward, notes: notes)
  }

  /// The model at the stated initial values, not the model file's constants. A starting
  /// point that makes a material impossible is the [fit.parameters] entries' fault, not
  /// the [materials] table's: the error names the first entry on that material.
  static func startingModel(_ model: ModelDefinition, settings: FitSettings) throws -> ModelDefinition {
    var start = model
    for p in settings.parameters { p.set(p.initial, in: &start) }
    for material in start.materials {
      let entries = settings.parameters.filter {
        if case .materialConstant(let name, _) = $0.target { return name == material.name } else { return false }
      }
      guard let first = entries.first else { continue }
      do { try material.validate(at: first.location) } catch let error as InputError {
        throw InputError(
          "with the initial values of \(entries.map(\.name).joined(separator: ", ")): \(error.message)", at: first.location)
      }
    }
    return start
  }

  /// Encodes the report and the outputs, then writes each atomically.
  static func write(
    _ assessed: AssessedFit, setup: Setup, input: ProblemInput, paths: Paths, extensions: [(String, JSONValue)] = []
  ) throws -> [String] {
    let outcome = assessed.outcome
    let model = input.problem.model
    var files = [(String, String)]()
    var reportText: String?
    if paths.report != nil || paths.html != nil {
      let json = withSurfaceProjection(
        FitReport.json(assessed, droppedPoints: setup.operator.droppedCount, units: (model.lengthUnit, model.stressUnit)),
        setup.operator)
        .appending(extensions)
      let provenance = try Provenance(inputs: [("mesh", paths.mesh), ("model", input.modelPath), ("fringes", paths.fringes)])
      reportText = json.withProvenance(provenance).encoded() + "\n"
    }
    if let report = paths.report, let reportText { files.append((report, reportText)) }
    if let out = paths.out {
      try OutputDirectory.create(out)
      let solver = setup.forward.solver
      let solution = ForwardSolution.recovered(solver: solver, model: outcome.fittedModel, displacement: outcome.displacement)
      files.append((OutputDirectory.path(out, "solution.vtu"), SolutionWriter.vtu(
        solution, problem: input.problem, model: outcome.fittedModel, format: paths.asciiVTU ? .ascii : .binary)))
      let points = setup.operator.keptIndices.map { setup.data.points[$0] }
      files.append((OutputDirectory.path(out, "residuals.csv"), FitReport.residualsCSV(outcome, points: points)))
    }
    if let html = paths.html, let reportText {
      let points = setup.operator.keptIndices.map { setup.data.points[$0] }
      let unit = UnitScale.lengthMetres[model.lengthUnit] ?? 1e-3
      let frequency = try FringeCSVReader.gratingFrequency(path: paths.fringes, lengthUnitMetres: unit)
      files.append((html, try ReportJob.html(
        fitJSON: reportText, residualsCSV: FitReport.residualsCSV(outcome, points: points), source: paths.report ?? "fit",
        gratingFrequency: frequency)))
    }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return files.map(\.0)
  }

  /// Keeps only the data components the observation lists; a data set with none of them is bad input.
  static func restrict(_ data: FringeData, to observation: ObservationSpec, path: String) throws -> FringeData {
    let keep = data.components.enumerated().filter { observation.components.contains($0.element) }
    guard !keep.isEmpty else {
      throw InputError(
        "the data columns (\(data.components.map { DOF.componentNames[$0] }.joined(separator: ", "))) hold none of the observed components (\(observation.components.map { DOF.componentNames[$0] }.joined(separator: ", "))); expected at least one",
        at: SourceLocation(file: path))
    }
    // With sigma columns, every observed component needs one: a component without would
    // be weighted by an arbitrary unit sigma beside the stated ones. (Empty sigma cells
    // beside a value are refused when reading, so a column absent is a column all NaN.)
    if let sigma = data.sigma {
      let m = data.components.count
      /// Whether column k of `a` holds a number somewhere.
      func present(_ a: [Double], _ k: Int) -> Bool { data.points.indices.contains { !a[$0 * m + k].isNaN } }
      if let example = keep.first(where: { present(sigma, $0.offset) }),
         let missing = keep.first(where: { !present(sigma, $0.offset) && present(data.values, $0.offset) }) {
        throw InputError(
          "found a sigma column for \(DOF.componentNames[example.element]) but none for \(DOF.componentNames[missing.element]), an observed component; expected a sigma_<column> for every observed data column, or none",
          at: SourceLocation(file: path))
      }
    }
    if keep.count == data.components.count { return data }
    let m = data.components.count
    var out = data
    out.components = keep.map(\.element)
    out.values = data.points.indices.flatMap { i in keep.map { data.values[i * m + $0.offset] } }
    out.sigma = data.sigma.map { s in data.points.indices.flatMap { i in keep.map { s[i * m + $0.offset] } } }
    return out
  }

  /// `feinvert synth`: data from the model's own constants; exit 2 when the model's
  /// solution strains beyond 20 % (`StrainCheck`), a warning above 2 %.
  package static func synthesize(
    mesh: String, model: String?, output: String, spec: SyntheticDataSpec, fringeFrequency: Double?,
    dataSet: String? = nil
  ) throws -> (data: FringeData, warnings: [String]) {
    var input = try ProblemInput.load(mesh: mesh, model: model)
    input = try input.selectingDataSet(dataSet)  // FitJob+LoadCases.swift
    try checkOutputFile(output, option: "-o", inputs: [mesh, input.modelPath])
    var warnings = [String]()
    let data = try input.modelFile.locatingKeys {
      try SyntheticData.generate(problem: input.problem, spec: spec, source: output, factorization: input.modelFile.factorization) {
        solution in
        // Data from a strain no linear elastic model can mean would fit back to the same slip.
        if let warning = try StrainCheck.refuseAbsurd(
          solution.largestStrain, context: "with the model's constants", model: input.problem.model) {
          warnings.append(warning)
        }
      }
    }
    let unit = UnitScale.lengthMetres[input.problem.model.lengthUnit] ?? 1e-3
    var text = FringeCSVWriter.encode(data, asFringeOrders: fringeFrequency, lengthUnitMetres: unit)
    text = "# synthetic data: feinvert synth from \(mesh) with the constants of \(input.modelPath); noise sigma = \(spec.noise), seed = \(spec.seed)\n" + text
    try OutputDirectory.writeFile(text, to: output)
    return (data, warnings)
  }
}

/// The attempts of a fit as the progress callback reports them (for `fit.json`'s `history`).
final class IterationLog {
  var records = [IterationRecord]()
}
