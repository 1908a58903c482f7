import ExperimentDesign
import FECommon
import FEKernel
import FeinvertFiles
import FeinvertIO
import FitReportHTML
import Foundation
import Inversion
import LaminateFit

/// `feinvert design`: what each candidate test set-up will resolve, before any data exist,
/// and the best set of k set-ups within a budget.
///
/// Read the candidate file (`DesignFileReader`), bind each candidate's mesh and model
/// (candidates sharing a mesh and model share one forward model: one factorization per
/// constraint set and nominal point, `DesignEvaluator`), compute each candidate's Fisher
/// information at the nominal values (and at the points of the nominal box), predict the
/// fit's uncertainty per candidate and per combination (`DesignPrediction`), select
/// (`DesignSelection` in `Inversion`), write `design.json` and one VTU sensitivity map per
/// candidate, all after the computation.
package enum DesignJob {
  package struct Options: Sendable {
    package var candidates: String
    package var out: String
    package var choose: Int?
    package var criterion: String?
    package var target: String?
    package var nominalBox: String?
    package var robust = false
    package var html: String?
    package init(candidates: String, out: String) {
      self.candidates = candidates
      self.out = out
    }
  }

  /// The predicted uncertainty of one candidate or combination.
  struct Prediction {
    var members: [Int]
    var uncertainty: UncertaintyAnalysis
    /// Relative standard errors at the nominal point, and their worst over the box.
    var relative: [Double]
    var worstRelative: [Double]
    var values: Int
  }

  package struct Outcome {
    package var summary: String
    package var written: [String]
  }

  package static func run(_ o: Options) throws -> Outcome {
    let file = try DesignFileReader.read(path: o.candidates)
    try checkOutputDirectory(o.out, option: "--out")
    let commandLine = SourceLocation(file: "command line")
    // Command-line options override the file's keys.
    var choose = file.choose
    if let k = o.choose {
      guard k >= 1 && k <= file.candidates.count else {
        throw InputError("\(k); expected a number of tests from 1 to the \(file.candidates.count) candidates", at: SourceLocation(file: "--choose"))
      }
      choose = k
    }
    var criterionName = file.criterion?.rawValue
    if let c = o.criterion {
      guard DesignFile.Criterion(rawValue: c) != nil else {
        throw InputError("\"\(c)\"; expected d, a or weighted", at: SourceLocation(file: "--criterion"))
      }
      criterionName = c
    }
    let targetsGiven = try o.target.map { try DesignFileReader.parseAssignments($0, option: "--target") }
    let boxGiven = try o.nominalBox.map { try DesignFileReader.parseAssignments($0, option: "--nominal-box") }
    let robust = o.robust || (file.robust ?? false)
    _ = commandLine

    // Bind every distinct (mesh, model) once.
    struct Group { var mesh: String; var modelPath: String; var input: ProblemInput; var members: [Int] }
    var groups = [Group]()
    for (i, c) in file.candidates.enumerated() {
      let modelPath = c.model ?? ProblemInput.defaultModelPath(forMesh: c.mesh)
      if let g = groups.firstIndex(where: { $0.mesh == c.mesh && $0.modelPath == modelPath }) {
        groups[g].members.append(i)
        continue
      }
      let input = try ProblemInput.load(mesh: c.mesh, model: modelPath)
      groups.append(Group(mesh: c.mesh, modelPath: modelPath, input: input, members: [i]))
    }

    // The parameters: the file's list, else the first model's [fit.parameters].
    let names: [String]
    if let p = file.parameters {
      names = p
    } else if let fit = groups[0].input.modelFile.fitSettings, !fit.parameters.isEmpty {
      names = fit.parameters.map(\.name)
    } else {
      throw InputError(
        "no parameters = [...] and \(groups[0].modelPath) has no [fit.parameters]; expected the parameters to design for",
        at: file.location("parameters"))
    }
    var parametersPerGroup = [[FitParameter]]()
    for g in groups {
      let model = g.input.modelFile.model
      parametersPerGroup.append(try names.map { name in
        if let p = g.input.modelFile.fitSettings?.parameters.first(where: { $0.name == name }) { return p }
        let target = try FitParameter.target(named: name, in: model, at: file.location("parameters"))
        var p = FitParameter(name: name, target: target, initial: 0, lower: -.infinity, upper: .infinity, location: file.location("parameters"))
        p.initial = p.value(in: model)
        return p
      })
    }
    let n = names.count
    func resolve(_ key: String, at location: SourceLocation) throws -> Int {
      if let j = names.firstIndex(of: key) { return j }
      let matches = names.indices.filter { names[$0].hasSuffix(".\(key)") }
      guard matches.count == 1 else {
        throw InputError(
          "\"\(key)\" \(matches.isEmpty ? "is not a designed parameter" : "names several parameters"); expected one of \(names.joined(separator: ", "))",
          at: location)
      }
      return matches[0]
    }
    // Angles are judged on an absolute scale (at least 10°), as the fit's resolution test does.
    let isAngle = parametersPerGroup[0].map { p -> Bool in
      if case .plyAngleDegrees = p.target { return true }
      return false
    }
    func scales(_ p: [Double]) -> [Double] { p.indices.map { isAngle[$0] ? max(abs(p[$0]), 10) : abs(p[$0]) } }
    var nominal = parametersPerGroup[0].map(\.initial)
    for (name, value) in file.nominal {
      let j = try resolve(name, at: file.location("nominal.\(name)"))
      guard value != 0 || isAngle[j] else {
        throw InputError("= 0; expected a nonzero nominal value (the scale of relative errors)", at: file.location("nominal.\(name)"))
      }
      nominal[j] = value
    }
    for (j, v) in nominal.enumerated() where !(v.isFinite && (v != 0 || isAngle[j])) {
      throw InputError("\(names[j]) has nominal value \(v); expected a finite nonzero value (state it in [nominal])", at: file.location("nominal"))
    }
    var targets = [Double](repeating: 0, count: n)
    if let t = targetsGiven {
      for (name, v) in t {
        guard v > 0 else { throw InputError("\(name) = \(v); expected a relative standard error > 0", at: SourceLocation(file: "--target")) }
        targets[try resolve(name, at: SourceLocation(file: "--target"))] = v
      }
    } else {
      for (name, v) in file.targets { targets[try resolve(name, at: file.location("target.\(name)"))] = v }
    }
    let hasTargets = targets.contains { $0 > 0 }
    var halfWidths = [Double](repeating: 0, count: n)
    if let b = boxGiven {
      for (name, v) in b {
        guard v >= 0 && v < 1 else { throw InputError("\(name) = \(v); expected a relative half-width from 0 to below 1 (10% or 0.1)", at: SourceLocation(file: "--nominal-box")) }
        halfWidths[try resolve(name, at: SourceLocation(file: "--nominal-box"))] = v
      }
    } else {
      for (name, v) in file.nominalBox { halfWidths[try resolve(name, at: file.location("nominal_box.\(name)"))] = v }
    }
    if robust && !halfWidths.contains(where: { $0 > 0 }) {
      throw InputError("robust selection without a box; expected --nominal-box NAME=P%,... or [nominal_box] in the candidate file", at: SourceLocation(file: "--robust"))
    }
    let criterion: DesignCriterion
    switch criterionName ?? (hasTargets ? "weighted" : "d") {
    case "a": criterion = .a
    case "weighted":
      guard hasTargets else {
        throw InputError("the weighted criterion needs targets; expected --target NAME=REL_SE,... or [target] in the candidate file", at: SourceLocation(file: "--criterion"))
      }
      criterion = .weighted(targets.map { $0 > 0 ? 1 / ($0 * $0) : 0 })
    default: criterion = .d
    }
    let box = DesignPrediction.boxPoints(
      centre: nominal, halfWidths: halfWidths, latinHypercubeSize: file.boxPoints ?? 32, seed: file.seed ?? 1)

    // Requests: every data set of every candidate, each group's cases in one forward model.
    var candidateSets = [[(group: Int, request: Int)]](repeating: [], count: file.candidates.count)
    var evaluators = [DesignEvaluator]()
    var requestPoints = [[Int]]()  // per group, per request: the kept points' count (filled later)
    for (gi, g) in groups.enumerated() {
      let model = g.input.modelFile.model
      let all = model.dataSets
      var used = [Int]()  // case indices of the model used by this group's requests
      var requests = [DesignEvaluator.Request]()
      for ci in g.members {
        let c = file.candidates[ci]
        let chosen: [ObservedDataSet]
        if let wanted = c.dataSets {
          chosen = try wanted.map { w -> ObservedDataSet in
            guard let s = all.first(where: { $0.name == w || $0.aliases.contains(w) }) else {
              throw InputError(
                "\"\(w)\" is not a data set of \(g.modelPath); expected some of \(all.map(\.name).joined(separator: ", "))",
                at: file.location("\(c.key).data_sets"))
            }
            return s
          }
        } else {
          chosen = all
        }
        guard !chosen.isEmpty else {
          throw InputError("\(g.modelPath) observes no face; expected an [observation] (or data_sets naming one)", at: file.location(c.key))
        }
        for s in chosen {
          if !used.contains(s.caseIndex) { used.append(s.caseIndex) }
          let spec = s.observation
          let mesh = g.input.problem.mesh
          let points: [SIMD3<Double>]
          do {
            if let count = c.points {
              points = try ObservationOperator.regularGrid(mesh: mesh, group: spec.group, count: count)
            } else {
              let spacing = try c.spacing ?? defaultSpacing(mesh: mesh, group: spec.group)
              points = try ObservationOperator.regularGrid(mesh: mesh, group: spec.group, spacing: spacing)
            }
          } catch let e as InputError {
            throw InputError("data set \(s.name), face \(spec.group): \(e.message)", at: file.location(c.key))
          }
          candidateSets[ci].append((gi, requests.count))
          requests.append(DesignEvaluator.Request(
            name: "\(c.name)/\(s.name)", caseIndex: used.firstIndex(of: s.caseIndex)!, group: spec.group,
            components: c.components ?? spec.components, points: points, sigma: c.sigma, rigidBody: spec.rigidBody,
            rotationCentre: spec.rotationCentre))
        }
      }
      let caseModels = model.caseModels
      let problems = try used.map { k in
        try g.input.modelFile.locatingKeys { try LinearElasticProblem(mesh: g.input.problem.mesh, model: caseModels[k], meshSource: g.mesh) }
      }
      let caseNames: [String?] = used.map { model.loadCases.isEmpty ? nil : model.loadCases[$0].name }
      evaluators.append(try DesignEvaluator(
        cases: problems, caseNames: caseNames, requests: requests, parameters: parametersPerGroup[gi],
        factorization: g.input.modelFile.factorization))
      requestPoints.append(evaluators.last!.points.map(\.count))
    }

    // The information of every candidate at every nominal point (the centre first).
    var information = [[[Double]]]()  // [point][candidate], parameter units
    var centreInformation = [DesignEvaluator.Information]()  // per group, at the centre
    for (k, p) in box.points.enumerated() {
      let perGroup = try evaluators.map { try $0.information(at: p) }
      if k == 0 { centreInformation = perGroup }
      information.append(candidateSets.map { sets in
        FisherInformation.sum(sets.map { perGroup[$0.group].fisher[$0.request] }, subset: Array(sets.indices), n: n)
      })
    }
    let factorizations = evaluators.reduce(0) { $0 + $1.factorizations }
    let solvers = evaluators.reduce(0) { $0 + $1.solverCount }
    let values = candidateSets.map { sets in
      sets.reduce(0) { $0 + evaluators[$1.group].forward.dataSets[$1.request].rowRange.count }
    }

    let parameters = parametersPerGroup[0]
    func predict(_ members: [Int]) -> Prediction {
      let centre = DesignPrediction.analyze(
        fisher: FisherInformation.sum(information[0], subset: members, n: n), parameters: parameters, nominal: nominal)
      let relative = (0..<n).map { relativeError(centre, $0, scales(nominal)) }
      var worst = relative
      for (k, p) in box.points.enumerated() where k > 0 {
        let u = DesignPrediction.analyze(fisher: FisherInformation.sum(information[k], subset: members, n: n), parameters: parameters, nominal: p)
        for j in 0..<n { worst[j] = max(worst[j], relativeError(u, j, scales(p))) }
      }
      return Prediction(members: members, uncertainty: centre, relative: relative, worstRelative: worst,
                        values: members.reduce(0) { $0 + values[$1] })
    }
    let single = file.candidates.indices.map { predict([$0]) }
    let combos = file.combinations.map { members in predict(members.map { member in file.candidates.firstIndex { $0.name == member }! }) }

    // Selection on the information about relative changes δp/p.
    var selection: DesignSelection?
    var selected: Prediction?
    var stepPredictions = [Prediction]()
    var ranked = [Prediction]()
    if let k = choose {
      let scaled = information.enumerated().map { i, perCandidate in
        perCandidate.map { FisherInformation.scaled($0, n: n, by: scales(box.points[i])) }
      }
      let total = FisherInformation.sum(scaled[0], subset: Array(scaled[0].indices), n: n)
      let ridge = 1e-9 * max((0..<n).map { total[$0 * n + $0] }.max() ?? 1, 1e-300)
      let s = DesignSelection.select(
        information: robust ? scaled : [scaled[0]], n: n, k: k, criterion: criterion, ridge: ridge, ranked: 10)
      selection = s
      selected = predict(s.chosen.sorted())
      stepPredictions = s.steps.indices.map { predict(Array(s.chosen.prefix($0 + 1)).sorted()) }
      ranked = s.ranking.map { predict($0.subset) }
    }

    // Outputs.
    let candidateNames = file.candidates.map(\.name)
    func label(_ members: [Int]) -> String { members.map { candidateNames[$0] }.joined(separator: " + ") }
    var lines = [String]()
    let shortNames = names
    lines.append("design: \(file.candidates.count) candidates, \(n) parameters at nominal \(zip(shortNames, nominal).map { "\($0) = \(format($1))" }.joined(separator: ", "))")
    lines.append("cost: \(factorizations) factorizations (\(solvers) constraint set\(solvers == 1 ? "" : "s") x \(box.points.count) nominal point\(box.points.count == 1 ? "" : "s")), one multi-right-hand-side sensitivity solve each")
    if box.points.count > 1 {
      lines.append("nominal box: \(zip(names, halfWidths).filter { $0.1 > 0 }.map { "\($0.0) ±\(format(100 * $0.1))%" }.joined(separator: ", ")); \(box.design) (worst case in [brackets])")
    }
    lines.append("predicted relative standard errors (SE / |nominal|\(isAngle.contains(true) ? "; angles SE / max(|nominal|, 10 deg)" : "")):")
    lines += table(single.map { (candidateNames[$0.members[0]], $0) }, names: names, box: box.points.count > 1)
    for p in single {
      for w in p.uncertainty.identifiabilityWarnings {
        lines.append("  \(candidateNames[p.members[0]]): \(w.message)")
      }
    }
    if !combos.isEmpty {
      lines.append("requested combinations:")
      lines += table(combos.map { (label($0.members), $0) }, names: names, box: box.points.count > 1)
    }
    if let s = selection, let best = selected {
      let criterionText: String
      switch criterion {
      case .d: criterionText = "D (log det of the relative information)"
      case .a: criterionText = "A (sum of relative variances)"
      case .weighted: criterionText = "weighted (sum of (rel SE / target)^2 over \(zip(names, targets).filter { $0.1 > 0 }.map { "\($0.0) \(format($0.1))" }.joined(separator: ", ")))"
      }
      let subsets = DesignSelection.subsetCount(file.candidates.count, s.chosen.count)
      lines.append("selection: \(s.chosen.count) of \(file.candidates.count) by criterion \(criterionText)\(robust ? ", worst case over the nominal box" : ""); "
        + (s.method == .exhaustive
          ? "exhaustive over \(Int(subsets)) subsets (exhaustive up to \(DesignSelection.defaultExhaustiveLimit))"
          : "greedy + exchange (\(format(subsets)) subsets exceed \(DesignSelection.defaultExhaustiveLimit)), \(s.exchanges) exchanges"))
      lines.append("ranking:")
      for (r, p) in ranked.enumerated() {
        lines.append("  \(r + 1). \(label(p.members))  criterion \(format(s.ranking[r].loss)); rel SE " + zip(names, p.relative).map { "\($0) \(format($1))" }.joined(separator: ", "))
      }
      lines.append("gain of each added test:")
      var previous: Prediction?
      for (i, step) in s.steps.enumerated() {
        let p = stepPredictions[i]
        let change = zip(names.indices, p.relative).map { j, v in
          previous.map { "\(names[j]) \(format($0.relative[j])) -> \(format(v))" } ?? "\(names[j]) \(format(v))"
        }.joined(separator: ", ")
        lines.append("  + \(candidateNames[step.candidate]): criterion \(format(step.loss)); rel SE \(change)")
        previous = p
      }
      lines.append("best: \(label(best.members))")
      if hasTargets {
        let missed = (0..<n).filter { targets[$0] > 0 && (robust ? best.worstRelative[$0] : best.relative[$0]) > targets[$0] }
        lines.append(missed.isEmpty
          ? "targets met: \(zip(names, targets).filter { $0.1 > 0 }.map { "\($0.0) <= \(format($0.1))" }.joined(separator: ", "))"
          : "WARNING: targets not met by the best set: \(missed.map { "\(names[$0]) \(format(robust ? best.worstRelative[$0] : best.relative[$0])) > \(format(targets[$0]))" }.joined(separator: ", "))")
      }
    }
    // Each target: which candidates cannot reach it alone.
    for (j, name) in names.enumerated() where targets[j] > 0 {
      for p in single where !(p.relative[j] <= targets[j]) {
        lines.append("\(candidateNames[p.members[0]]) alone: \(name) relative standard error \(format(p.relative[j])) > target \(format(targets[j])): it cannot resolve \(name) to the target")
      }
    }
    for (j, name) in names.enumerated() {
      let alone = single.map { $0.relative[j] }
      if alone.allSatisfy({ !($0 <= 0.1) }) {
        lines.append("note: no single candidate resolves \(name) below 0.1 relative standard error (best alone \(format(alone.min() ?? .nan))): it needs a combination")
      }
    }

    // Files: design.json and one sensitivity map per candidate.
    var files = [(name: String, text: String)]()
    var json: [(String, JSONValue)] = [
      ("parameters", .array(names.map { .string($0) })),
      ("nominal", .numbers(nominal)),
      ("factorizations", .integer(factorizations)),
      ("constraint_sets", .integer(solvers)),
      ("nominal_points", .array(box.points.map { .numbers($0) })),
      ("nominal_design", .string(box.design)),
      ("candidates", .array(single.map { p in predictionJSON(p, names: names, label: candidateNames[p.members[0]], candidateNames: candidateNames) })),
      ("combinations", .array(combos.map { predictionJSON($0, names: names, label: label($0.members), candidateNames: candidateNames) })),
    ]
    if let s = selection, let best = selected {
      json.append(("selection", .object([
        ("choose", .integer(s.chosen.count)),
        ("criterion", .string(criterionName ?? (hasTargets ? "weighted" : "d"))),
        ("targets", .object(zip(names, targets).filter { $0.1 > 0 }.map { ($0.0, JSONValue.number($0.1)) })),
        ("robust", .bool(robust)),
        ("method", .string(s.method.rawValue)),
        ("exhaustive_limit", .integer(DesignSelection.defaultExhaustiveLimit)),
        ("evaluations", .integer(s.evaluations)),
        ("best", predictionJSON(best, names: names, label: label(best.members), candidateNames: candidateNames)),
        ("steps", .array(s.steps.enumerated().map { i, step in
          .object([("added", .string(candidateNames[step.candidate])), ("criterion", .number(step.loss)),
                   ("relative_std_errors", .numbers(stepPredictions[i].relative))])
        })),
        ("ranking", .array(ranked.enumerated().map { r, p in
          .object([("candidates", .array(p.members.map { .string(candidateNames[$0]) })), ("criterion", .number(s.ranking[r].loss)),
                   ("relative_std_errors", .numbers(p.relative))])
        })),
      ])))
    }
    var inputs: [(role: String, path: String)] = [(role: "candidates", path: o.candidates)]
    for g in groups {
      inputs.append((role: "mesh", path: g.mesh))
      inputs.append((role: "model", path: g.modelPath))
    }
    let provenance = try Provenance(inputs: inputs)
    files.append(("design.json", JSONValue.object(json).withProvenance(provenance).encoded() + "\n"))
    var mapNames = [String]()
    for (ci, c) in file.candidates.enumerated() {
      var points = [SIMD3<Double>](), setIndex = [Int]()
      var fields = [[Double]](repeating: [], count: n)
      for (k, ref) in candidateSets[ci].enumerated() {
        let info = centreInformation[ref.group]
        points += evaluators[ref.group].points[ref.request]
        setIndex += [Int](repeating: k, count: evaluators[ref.group].points[ref.request].count)
        for j in 0..<n { fields[j] += info.pointInformation[ref.request][j].map { $0 * scales(nominal)[j] * scales(nominal)[j] } }
      }
      let pointData = [VTUField(name: "data_set", integers: setIndex)]
        + names.enumerated().map { j, name in VTUField(name: "information_\(name)", components: 1, values: fields[j]) }
      let name = "sensitivity_\(c.name).vtu"
      files.append((name, PointCloudVTU.encode(points: points, pointData: pointData)))
      mapNames.append(name)
    }
    var written = try OutputDirectory.write(files, into: o.out)
    if let html = o.html {
      let page = try DesignReportPage.html(
        title: "feinvert design: \(o.candidates)", summary: lines, names: names,
        maps: file.candidates.indices.map { ci in
          candidateSets[ci].map { ref in
            (name: evaluators[ref.group].forward.dataSets[ref.request].name,
             points: evaluators[ref.group].points[ref.request],
             information: (0..<n).map { j in centreInformation[ref.group].pointInformation[ref.request][j].map { $0 * scales(nominal)[j] * scales(nominal)[j] } })
          }
        })
      try OutputDirectory.writeFile(page, to: html)
      written.append(html)
    }
    lines.append("wrote \(written.joined(separator: ", "))")
    _ = requestPoints
    return Outcome(summary: lines.joined(separator: "\n"), written: written)
  }

  /// The default grid spacing, as `synth`'s: the face's larger extent / 60.
  static func defaultSpacing(mesh: Mesh, group: String) throws -> Double {
    guard let g = mesh.group(named: group) else {
      throw InputError("no group \(group) in the mesh; expected a surface group", at: SourceLocation(file: group))
    }
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    for node in mesh.nodes(in: g) { lo = pointwiseMin(lo, mesh.point(node)); hi = pointwiseMax(hi, mesh.point(node)) }
    let extent = (hi - lo).max()
    return extent > 0 ? extent / 60 : 1
  }

  /// SE_j / scale_j (|nominal|; angles max(|nominal|, 10°)); infinite when unresolved.
  static func relativeError(_ u: UncertaintyAnalysis, _ j: Int, _ scale: [Double]) -> Double {
    let unresolved = u.unresolved.indices.contains(j) && u.unresolved[j]
    return unresolved ? .infinity : u.standardErrors[j] / scale[j]
  }

  static func format(_ x: Double) -> String {
    if x.isInfinite { return "unresolved" }
    if x.isNaN { return "nan" }
    return String(format: "%.4g", x)
  }

  static func table(_ rows: [(String, Prediction)], names: [String], box: Bool) -> [String] {
    let width = max(12, rows.map(\.0.count).max() ?? 0)
    func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    let colWidth = box ? 24 : 12
    var out = ["  " + pad("set-up", width) + "  " + pad("values", 8) + names.map { pad($0, max(colWidth, $0.count + 2)) }.joined() + "condition"]
    for (label, p) in rows {
      let cells = names.indices.map { j -> String in
        let v = format(p.relative[j]) + (box ? " [\(format(p.worstRelative[j]))]" : "")
        return pad(v, max(colWidth, names[j].count + 2))
      }
      out.append("  " + pad(label, width) + "  " + pad("\(p.values)", 8) + cells.joined() + format(p.uncertainty.conditionNumber))
    }
    return out
  }

  static func predictionJSON(_ p: Prediction, names: [String], label: String, candidateNames: [String]) -> JSONValue {
    let u = p.uncertainty
    let n = names.count
    return .object([
      ("name", .string(label)),
      ("candidates", .array(p.members.map { .string(candidateNames[$0]) })),
      ("n_values", .integer(p.values)),
      ("parameters", .array(names.enumerated().map { j, name in
        .object([
          ("name", .string(name)),
          ("std_error", .number(u.unresolved.indices.contains(j) && u.unresolved[j] ? .infinity : u.standardErrors[j])),
          ("relative_std_error", .number(p.relative[j])),
          ("ci95_width", .number(u.confidenceIntervals95[j].1 - u.confidenceIntervals95[j].0)),
          ("worst_relative_std_error", .number(p.worstRelative[j])),
          ("unresolved", .bool(u.unresolved.indices.contains(j) && u.unresolved[j])),
        ])
      })),
      ("correlation", .array((0..<n).map { i in .numbers(Array(u.correlation[(i * n)..<((i + 1) * n)])) })),
      ("condition_number", .number(u.conditionNumber)),
      ("singular_values", .numbers(u.singularValues)),
      ("identifiability", .array(u.identifiabilityWarnings.map { .string($0.message) })),
    ])
  }
}
