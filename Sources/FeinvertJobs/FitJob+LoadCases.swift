import FeinvertIO
import FeinvertFiles
import Inversion
import FECommon
import FEKernel
import Foundation
import LaminateFit

/// The fit over several data sets: `[[load_case]]` tables and `[[observation]]` arrays,
/// each observed face of each case with its own data file.
extension FitJob {
  /// One data set as the fit reads it.
  struct DataSetSetup {
    var set: ObservedDataSet
    var path: String
    var data: FringeData
    var `operator`: ObservationOperator
    /// The data's camera frame (`[observation.registration]`), aligned initially.
    var registration: DataFrameRegistration?
  }

  /// Whether the model and the command line ask for more than the contract's one data
  /// file against one `[observation]`: load cases, several faces, a data file or noise
  /// named in the model, or `--fringes NAME=FILE`.
  static func usesDataSets(_ model: ModelDefinition, fringes: [String]) -> Bool {
    if !model.loadCases.isEmpty || model.observations.count > 1 { return true }
    if let o = model.observation,
       o.dataPath != nil || o.sigma != nil || o.rigidBody == .fit3D || o.rotationCentre != nil || o.registration != nil {
      return true
    }
    let names = Set(model.dataSets.flatMap { [$0.name] + $0.aliases })
    return fringes.contains { f in f.firstIndex(of: "=").map { names.contains(String(f[..<$0])) } ?? false }
  }

  /// Which file holds each data set: `--fringes NAME=FILE`, else the observation's `data`
  /// (relative to the model file's directory), else a lone `--fringes FILE` when exactly
  /// one data set has no file otherwise.
  static func dataFiles(for sets: [ObservedDataSet], fringes: [String], modelPath: String) throws -> [String] {
    let commandLine = SourceLocation(file: "command line", key: "--fringes")
    var named = [Int: String](), plain = [String]()
    let allNames = sets.map(\.name)
    for value in fringes {
      if let eq = value.firstIndex(of: "=") {
        let name = String(value[..<eq]), file = String(value[value.index(after: eq)...])
        if let k = sets.firstIndex(where: { $0.name == name || $0.aliases.contains(name) }) {
          guard named[k] == nil else {
            throw InputError("found \(name) twice (\(named[k]!), then \(file)); expected one file per data set", at: commandLine)
          }
          guard !file.isEmpty else { throw InputError("found \(name)= with no file; expected NAME=FILE", at: commandLine) }
          named[k] = file
          continue
        }
        if !FileManager.default.fileExists(atPath: value) {
          throw InputError(
            "\"\(name)\" in \(value) is not a data set of the model; expected NAME=FILE with NAME one of \(allNames.joined(separator: ", "))",
            at: commandLine)
        }
      }
      plain.append(value)
    }
    if plain.count > 1 {
      throw InputError(
        "found --fringes twice (\(plain[0]), then \(plain[1])); expected it once, or each as NAME=FILE with NAME one of \(allNames.joined(separator: ", "))",
        at: commandLine)
    }
    let directory = (modelPath as NSString).deletingLastPathComponent
    var files = [String?](repeating: nil, count: sets.count)
    for (k, set) in sets.enumerated() {
      if let f = named[k] {
        files[k] = f
      } else if let d = set.observation.dataPath {
        files[k] = d.hasPrefix("/") || directory.isEmpty ? d : (directory as NSString).appendingPathComponent(d)
      }
    }
    let missing = sets.indices.filter { files[$0] == nil }
    if let lone = plain.first {
      guard missing.count == 1 else {
        throw InputError(
          missing.isEmpty
            ? "found --fringes \(lone) but every data set already has its file; expected NAME=FILE with NAME one of \(allNames.joined(separator: ", "))"
            : "found --fringes \(lone) for \(missing.count) data sets without a file (\(missing.map { sets[$0].name }.joined(separator: ", "))); expected --fringes NAME=FILE for each",
          at: commandLine)
      }
      files[missing[0]] = lone
    } else if let first = missing.first {
      throw InputError(
        "no data file for data set \"\(sets[first].name)\"\(missing.count > 1 ? " (and \(missing.count - 1) more)" : ""); expected --fringes \(sets[first].name)=FILE or data = \"FILE\" in its observation",
        at: commandLine)
    }
    return files.map { $0! }
  }

  /// Reads every data set, binds every load case at the initial values, and builds the
  /// forward model over all of them.
  static func prepareDataSets(
    _ input: ProblemInput, fringes: [String], dropOffSurface: Bool, columns: String? = nil
  ) throws -> (setup: Setup, sets: [DataSetSetup], files: [String]) {
    let file = input.modelFile
    let model = file.model
    let settings = try file.requireFitSettings()
    let sets = model.dataSets
    guard !sets.isEmpty else {
      throw InputError("no [observation] table; expected the surface the moiré data lie on", at: model.location("observation"))
    }
    let files = try dataFiles(for: sets, fringes: fringes, modelPath: input.modelPath)
    let unit = UnitScale.lengthMetres[model.lengthUnit] ?? 1e-3
    var notes = [String](), setups = [DataSetSetup]()
    for (set, path) in zip(sets, files) {
      // The same reader as a single file's: export layouts, column map, header units.
      var (data, readNotes) = try readMeasuredData(path: path, columns: columns, file: file, lengthUnitMetres: unit)
      notes += readNotes
      let spec = set.observation
      let ignored = data.components.filter { !spec.components.contains($0) }.map { DOF.componentNames[$0] }
      data = try restrict(data, to: spec, path: path)
      if !ignored.isEmpty {
        notes.append("\(path): data column\(ignored.count > 1 ? "s" : "") \(ignored.joined(separator: ", ")) not fitted: \(set.name) observes \(spec.components.map { DOF.componentNames[$0] }.joined(separator: ", "))")
      }
      let key = spec.location.key ?? "observation"
      if let sigma = spec.sigma {
        guard data.sigma == nil else {
          throw InputError(
            "\(path) has sigma columns and the observation states sigma = \(sigma); expected one of the two",
            at: model.location("\(key).sigma"))
        }
        data.sigma = data.values.map { $0.isNaN ? .nan : sigma }
      }
      var frame: DataFrameRegistration?
      let op: ObservationOperator
      if let registration = spec.registration {  // FitJob+Registration.swift
        let registered = try registeredOperator(
          &data, spec: spec, registration: registration, input: input, path: path, dropOffSurface: dropOffSurface) {
            let start = try startingModel(model.caseModels[set.caseIndex], settings: settings)
            let problem = try LinearElasticProblem(mesh: input.problem.mesh, model: start, meshSource: input.meshPath)
            return try ForwardSolution.run(problem, factorization: file.factorization).displacement
          }
        (op, frame) = (registered.0, registered.1)
        notes += registered.2
      } else {
        op = try ObservationOperator(
          mesh: input.problem.mesh, group: spec.group, points: data.points, lines: data.lines,
          source: path, dropOffSurface: dropOffSurface, groupLocation: model.location("\(key).group"),
          projectionTolerance: file.dataOptions.projectionTolerance)
      }
      notes += try surfaceNotes(op, group: spec.group, path: path, unit: model.lengthUnit)
      setups.append(DataSetSetup(set: set, path: path, data: data, operator: op, registration: frame))
    }
    // One noise model for all: each set's sigma, or the residuals' for all.
    if let known = setups.first(where: { $0.data.sigma != nil }), let unknown = setups.first(where: { $0.data.sigma == nil }) {
      throw InputError(
        "data set \"\(unknown.set.name)\" has no sigma columns while \"\(known.set.name)\" (\(known.path)) has; expected sigma for every data set (columns, or sigma = ... in its observation) or for none",
        at: SourceLocation(file: unknown.path))
    }
    let forward = try forwardModel(input, sets: setups, settings: settings)
    var observation = setups[0].set.observation
    // The fit's rigid-body switch: on when some data set fits its motion (each set's own
    // treatment then decides its columns).
    observation.rigidBody = setups.contains { $0.set.observation.rigidBody != RigidBodyTreatment.none } ? .fit : .none
    let setup = Setup(settings: settings, observation: observation, data: setups[0].data, operator: setups[0].operator,
                      forward: forward, notes: notes)
    return (setup, setups, files)
  }

  /// The forward model over the data sets, at the settings' initial values.
  static func forwardModel(_ input: ProblemInput, sets: [DataSetSetup], settings: FitSettings) throws -> LaminateForwardModel {
    let model = input.modelFile.model
    let start = try startingModel(model, settings: settings)
    let problems = try start.caseModels.map { try LinearElasticProblem(mesh: input.problem.mesh, model: $0, meshSource: input.meshPath) }
    return try LaminateForwardModel(
      cases: problems, caseNames: model.loadCases.isEmpty ? [nil] : model.loadCases.map(\.name),
      dataSets: sets.map {
        var input = LaminateForwardModel.DataSetInput(
          name: $0.set.name, caseIndex: $0.set.caseIndex, observation: $0.operator, group: $0.set.observation.group,
          data: $0.data, rigidBody: $0.set.observation.rigidBody)
        input.rotationCentre = $0.set.observation.rotationCentre
        input.registration = $0.registration
        return input
      },
      parameters: settings.parameters, factorization: input.modelFile.factorization)
  }

  /// Each data set's own noise when none is stated: the first fit's residuals give each
  /// set its σ̂ (`DataSetSummary.noiseEstimate`), and the fit is repeated from that
  /// estimate with the rows weighted by 1/σ̂ of their set, the noise still treated as
  /// estimated (the weights are relative; the χ² test has nothing to test). One pass: the
  /// σ̂ of the second fit are reported beside the first's.
  ///
  /// - Returns: the refit, its setup, and each set's σ̂ from the first fit.
  static func refitWithNoisePerDataSet(
    _ first: AssessedFit, setup: Setup, sets: [DataSetSetup], input: ProblemInput,
    progress: ((IterationRecord) -> Void)?
  ) throws -> (AssessedFit, Setup, [Double]) {
    let sigma = first.outcome.dataSetSummaries(forward: setup.forward).map(\.noiseEstimate)
    guard sigma.allSatisfy({ $0.isFinite && $0 > 0 }) else { return (first, setup, sigma) }
    var weighted = sets
    for k in weighted.indices {
      weighted[k].data.sigma = weighted[k].data.values.map { $0.isNaN ? .nan : sigma[k] }
    }
    var settings = setup.settings
    for j in settings.parameters.indices { settings.parameters[j].initial = first.outcome.result.estimate[j] }
    var next = setup
    next.forward = try forwardModel(input, sets: weighted, settings: settings)
    next.forward.treatNoiseAsEstimated()
    var assessed = try LaminateFitRun.runAssessed(
      forward: next.forward, data: weighted[0].data, rigidBody: setup.observation.rigidBody, settings: settings,
      factorization: input.modelFile.factorization, progress: progress)
    assessed.outcome.parameters = setup.settings.parameters  // the stated initial values in the report
    return (assessed, next, sigma)
  }

  /// The contract's case: exactly one `--fringes FILE`.
  static func checkOneFringeFile(_ fringes: [String]) throws {
    let commandLine = SourceLocation(file: "command line", key: "--fringes")
    guard let first = fringes.first else {
      throw InputError("no data file; expected --fringes data.csv (or data = \"FILE\" in the model's [observation])", at: commandLine)
    }
    if fringes.count > 1 {
      throw InputError(
        "found --fringes twice (\(first), then \(fringes[1])); expected it once: the model has one observed face in one load case",
        at: commandLine)
    }
  }

  /// The outputs of a fit over several data sets: the report with `data_sets` and every
  /// data file in its provenance; `solution.vtu` (the first load case) and, with load
  /// cases, `solution_<case>.vtu` for each; `residuals.csv` with a `data_set` column.
  static func writeDataSets(
    _ assessed: AssessedFit, setup: Setup, input: ProblemInput, paths: Paths, sets: [DataSetSetup],
    estimatedSigma: [Double]? = nil, extensions: [(String, JSONValue)] = []
  ) throws -> [String] {
    let outcome = assessed.outcome
    let model = input.problem.model
    let forward = setup.forward
    var files = [(String, String)]()
    var reportText: String?
    if paths.report != nil || paths.html != nil {
      var json = FitReport.json(
        assessed, droppedPoints: sets.reduce(0) { $0 + $1.operator.droppedCount }, units: (model.lengthUnit, model.stressUnit))
      json = FitReport.addingDataSets(
        json, outcome.dataSetSummaries(forward: forward), lengthUnit: model.lengthUnit, estimatedSigma: estimatedSigma)
      json = FitReport.addingRegistrations(json, outcome, lengthUnit: model.lengthUnit).appending(extensions)
      let provenance = try Provenance(
        inputs: [("mesh", paths.mesh), ("model", input.modelPath)] + sets.map { ("fringes \($0.set.name)", $0.path) })
      reportText = json.withProvenance(provenance).encoded() + "\n"
    }
    if let report = paths.report, let reportText { files.append((report, reportText)) }
    if let out = paths.out {
      try OutputDirectory.create(out)
      // The forward model may have been left at a restart's or a profile's point.
      _ = try forward.predict(outcome.result.estimate)
      for (k, c) in forward.cases.enumerated() {
        let solver = forward.solvers[c.solverIndex]
        let solution = ForwardSolution.recovered(solver: solver, model: outcome.fittedModel, displacement: forward.lastDisplacements[k])
        if k == 0 {
          files.append((OutputDirectory.path(out, "solution.vtu"), SolutionWriter.vtu(
            solution, problem: input.problem, model: outcome.fittedModel, format: paths.asciiVTU ? .ascii : .binary)))
        }
        if let name = c.name {
          files.append((OutputDirectory.path(out, "solution_\(name).vtu"), SolutionWriter.vtu(
            solution, problem: input.problem, model: outcome.fittedModel, format: paths.asciiVTU ? .ascii : .binary)))
        }
      }
      let named = forward.cases.compactMap(\.name)
      if !named.isEmpty {
        // ParaView opens the cases as one collection, stepping through them as "time" 0, 1, ...
        files.append((OutputDirectory.path(out, "solution.pvd"), SolutionWriter.pvd(named.map { ($0, "solution_\($0).vtu") })))
      }
      files.append((OutputDirectory.path(out, "residuals.csv"), FitReport.residualsCSV(outcome, forward: forward)))
    }
    if let html = paths.html, let reportText {
      files.append((html, try ReportJob.html(
        fitJSON: reportText, residualsCSV: FitReport.residualsCSV(outcome, forward: forward), source: paths.report ?? "fit",
        gratingFrequency: nil)))
    }
    for (path, text) in files { try OutputDirectory.writeFile(text, to: path) }
    return files.map(\.0)
  }
}

extension ProblemInput {
  /// The input for one data set (`synth --case NAME`, `solve --case NAME`): its load
  /// case's model, observing its face only. nil `name`: the input as it is when the
  /// model has one data set, else bad input listing the names.
  /// The input for one load case (`stresses --case NAME`): nil `name` is the input as it
  /// is without `[[load_case]]` tables, else bad input listing the cases.
  package func selectingLoadCase(_ name: String?) throws -> ProblemInput {
    let cases = modelFile.model.loadCases
    if name == nil && cases.isEmpty { return self }
    guard let name, let k = cases.firstIndex(where: { $0.name == name }) else {
      throw InputError(
        "\(name.map { "\"\($0)\" is not a load case of \(modelPath)" } ?? "\(modelPath) has \(cases.count) load cases")"
          + "; expected --case NAME with NAME one of \(cases.isEmpty ? "(none)" : cases.map(\.name).joined(separator: ", "))",
        at: SourceLocation(file: "command line", key: "--case"))
    }
    var copy = self
    copy.problem = try modelFile.locatingKeys {
      try LinearElasticProblem(mesh: problem.mesh, model: modelFile.model.caseModels[k], meshSource: meshPath)
    }
    return copy
  }

  package func selectingDataSet(_ name: String?) throws -> ProblemInput {
    let model = modelFile.model
    let sets = model.dataSets
    let commandLine = SourceLocation(file: "command line", key: "--case")
    let names = sets.map(\.name).joined(separator: ", ")
    let chosen: ObservedDataSet?
    if let name {
      if let set = sets.first(where: { $0.name == name || $0.aliases.contains(name) }) {
        chosen = set
      } else if let k = model.loadCases.firstIndex(where: { $0.name == name }) {
        // A case observing several faces (or none): its loads, its first face.
        chosen = sets.first { $0.caseIndex == k }
        if chosen == nil {
          var copy = self
          copy.problem = try modelFile.locatingKeys {
            try LinearElasticProblem(mesh: problem.mesh, model: model.caseModels[k], meshSource: meshPath)
          }
          return copy
        }
      } else {
        throw InputError("\"\(name)\" is not a load case or data set of \(modelPath); expected one of \(names.isEmpty ? "(none)" : names)", at: commandLine)
      }
    } else if model.loadCases.isEmpty && sets.count <= 1 {
      return self
    } else {
      throw InputError("\(modelPath) has \(sets.count) data sets (load cases or observed faces); expected --case NAME with NAME one of \(names)", at: commandLine)
    }
    guard let set = chosen else { return self }
    var caseModel = model.caseModels[set.caseIndex]
    caseModel.observation = set.observation
    caseModel.observations = [set.observation]
    var copy = self
    copy.problem = try modelFile.locatingKeys {
      try LinearElasticProblem(mesh: problem.mesh, model: caseModel, meshSource: meshPath)
    }
    return copy
  }
}
