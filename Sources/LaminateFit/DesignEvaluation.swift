import ExperimentDesign
import FECommon
import FEKernel
import Foundation
import Inversion
import SparseSolve

/// What a laminate test set-up will resolve, before any data exist (`feinvert design`).
///
/// Each requested data set (an observed face of a load case, its components, its points,
/// its noise σ) enters one `LaminateForwardModel` over all load cases of the model, exactly
/// as the fit would see it: rows weighted by 1/σ, the Jacobian by forward sensitivities.
/// Per data set, its rigid-body motion (by its own `rigid_body`, the fit's columns of
/// `LaminateFitRun.rigidBasis`) is projected out of its Jacobian rows J_s:
/// F_s = J_sᵀ(I − P_s)J_s with P_s the orthogonal projector onto the set's rigid columns.
/// The fit eliminates the same columns by variable projection, and its covariance is
/// (J_projᵀJ_proj)⁻¹ with the same projected Jacobian; the data sets' rigid columns do not
/// overlap, so the information of several sets adds: Σ F_s is exactly the fit's JᵀJ.
///
/// Cost: one factorization per distinct constraint set (solver) and nominal point, one
/// multi-right-hand-side solve for the displacements of all cases of a solver and one for
/// all their sensitivities — whatever the number of data sets and candidates.
public final class DesignEvaluator {
  /// One candidate data set: an observed face of load case `caseIndex` (into the problems
  /// the evaluator was built with).
  public struct Request: Sendable {
    public var name: String
    public var caseIndex: Int
    public var group: String
    public var components: [Int]
    /// The points on the face (model length unit); points off the face are dropped.
    public var points: [SIMD3<Double>]
    /// The noise standard deviation of every value, model length unit (> 0).
    public var sigma: Double
    public var rigidBody: RigidBodyTreatment
    public var rotationCentre: SIMD3<Double>?

    public init(name: String, caseIndex: Int, group: String, components: [Int], points: [SIMD3<Double>], sigma: Double,
                rigidBody: RigidBodyTreatment, rotationCentre: SIMD3<Double>? = nil) {
      self.name = name
      self.caseIndex = caseIndex
      self.group = group
      self.components = components
      self.points = points
      self.sigma = sigma
      self.rigidBody = rigidBody
      self.rotationCentre = rotationCentre
    }
  }

  /// The information of every data set at one parameter point.
  public struct Information: Sendable {
    public var parameters: [Double]
    /// Per data set: the n × n row-major Fisher information (parameter units⁻²), rigid
    /// motion projected out.
    public var fisher: [[Double]]
    /// Per data set, per parameter, per kept point: the point's share of the Fisher
    /// information's diagonal, Σ over its components of (∂r/∂p_j)² (projected Jacobian).
    /// Summed over the points it is `fisher[s][j * n + j]`.
    public var pointInformation: [[[Double]]]
  }

  public let forward: LaminateForwardModel
  /// Per data set, the points kept on its face.
  public var points: [[SIMD3<Double>]] { forward.dataSets.map(\.points) }
  public var dataSetNames: [String] { forward.dataSets.map(\.name) }
  /// Factorizations so far (one per solver and parameter point).
  public var factorizations: Int { forward.counters.factorizations }
  public var solverCount: Int { forward.solvers.count }

  /// Builds the forward model over all requests.
  ///
  /// - Throws: `InputError` when a request has no point on its face (naming it),
  ///   the observation operator's errors (a group that is not a surface), the solver's.
  public init(
    cases problems: [LinearElasticProblem], caseNames: [String?], requests: [Request], parameters: [FitParameter],
    factorization: FactorizationMethod = .standard
  ) throws {
    var inputs = [LaminateForwardModel.DataSetInput]()
    for r in requests {
      let mesh = problems[r.caseIndex].mesh
      let op = try ObservationOperator(
        mesh: mesh, group: r.group, points: r.points, lines: r.points.indices.map { $0 + 1 }, source: r.name,
        dropOffSurface: true)
      let kept = op.keptIndices.map { r.points[$0] }
      guard !kept.isEmpty else {
        throw InputError("no point lies on face \(r.group); expected points on the observed surface", at: SourceLocation(file: r.name))
      }
      let m = r.components.count
      // The data values do not enter the information; σ does.
      let data = FringeData(
        source: r.name, points: r.points, lines: r.points.indices.map { $0 + 1 }, components: r.components,
        values: [Double](repeating: 0, count: r.points.count * m),
        sigma: [Double](repeating: r.sigma, count: r.points.count * m))
      var input = LaminateForwardModel.DataSetInput(
        name: r.name, caseIndex: r.caseIndex, observation: op, group: r.group, data: data, rigidBody: r.rigidBody)
      input.rotationCentre = r.rotationCentre
      inputs.append(input)
    }
    forward = try LaminateForwardModel(
      cases: problems, caseNames: caseNames, dataSets: inputs, parameters: parameters, factorization: factorization)
  }

  /// The information of every data set at parameter values p: one solve of the forward
  /// model (a factorization per solver) and one multi-right-hand-side sensitivity solve.
  public func information(at p: [Double]) throws -> Information {
    guard forward.isAdmissible(p) else {
      throw InputError(
        "the nominal values \(zip(forward.parameters, p).map { "\($0.name) = \($1)" }.joined(separator: ", ")) give a material that is not admissible (a compliance that is not positive definite); expected valid constants",
        at: SourceLocation(file: forward.problem.model.source))
    }
    _ = try forward.predict(p)
    let jacobian = try forward.jacobian()
    let m = forward.observationCount, n = p.count
    let basis = LaminateFitRun.rigidBasis(forward: forward, data: FringeData(
      source: "", points: [], lines: [], components: [], values: []))
    let k = basis.columns.count
    var fisher = [[Double]](), pointInformation = [[[Double]]]()
    for set in forward.dataSets {
      let rows = set.rowRange
      let mr = rows.count
      // The set's rigid columns (nonzero only on its rows), orthonormalized.
      var q = [[Double]]()
      for c in 0..<k {
        let column = (0..<m).map { basis.matrix[c * m + $0] }
        guard rows.contains(where: { column[$0] != 0 }) else { continue }
        var v = rows.map { column[$0] }
        let norm0 = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<2 {
          for b in q {
            let d = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
            for i in v.indices { v[i] -= d * b[i] }
          }
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 1e-10 * norm0 { q.append(v.map { $0 / norm }) }
      }
      // (I − P) J_s, column by column.
      var projected = [Double](repeating: 0, count: mr * n)
      for j in 0..<n {
        var v = rows.map { jacobian[j * m + $0] }
        for _ in 0..<2 {
          for b in q {
            let d = zip(v, b).reduce(0) { $0 + $1.0 * $1.1 }
            for i in v.indices { v[i] -= d * b[i] }
          }
        }
        for i in 0..<mr { projected[j * mr + i] = v[i] }
      }
      fisher.append(FisherInformation.gram(projected, rows: mr, columns: n))
      var perPoint = [[Double]](repeating: [Double](repeating: 0, count: set.points.count), count: n)
      for j in 0..<n {
        for (i, row) in rows.enumerated() {
          let value = projected[j * mr + i]
          perPoint[j][forward.rows[row].point] += value * value
        }
      }
      pointInformation.append(perPoint)
    }
    return Information(parameters: p, fisher: fisher, pointInformation: pointInformation)
  }
}

/// The predicted outcome of a fit whose Gauss–Newton Hessian is a given information.
public enum DesignPrediction {
  /// The uncertainty analysis a fit at `nominal` with information `fisher` (n × n) would
  /// report: covariance, standard errors, 95 % intervals (normal quantile: the noise is
  /// stated), correlation, condition number, singular values and the identifiability
  /// warnings — directions the data cannot see, and (as the fit adds them) directions
  /// lost in the noise, with the fit's scales (|value|; angles at least 10°).
  public static func analyze(fisher: [Double], parameters: [FitParameter], nominal p: [Double]) -> UncertaintyAnalysis {
    let n = p.count
    let names = parameters.map(\.name)
    let scales = p.map { max(abs($0), 1e-12) }
    var uncertainty = UncertaintyAnalysis.analyze(
      jacobian: FisherInformation.squareRoot(fisher, n: n), residuals: [Double](repeating: 0, count: n),
      parameterCount: n, parameterNames: names, noiseKnown: true, scales: scales, estimate: p)
    let exact = Set(uncertainty.identifiabilityWarnings.flatMap { $0.combination.map(\.name) })
    let resolutionScales = parameters.enumerated().map { j, parameter -> Double in
      if case .plyAngleDegrees = parameter.target { return max(abs(p[j]), 10) }
      return p[j] == 0 || !p[j].isFinite ? 1 : abs(p[j])
    }
    for w in uncertainty.poorlyResolvedDirections(estimate: p, names: names, scales: resolutionScales)
    where !Set(w.combination.map(\.name)).isSubset(of: exact) {
      uncertainty.identifiabilityWarnings.append(w)
    }
    return uncertainty
  }

  /// Nominal points for a box of relative half-widths around `centre` (0: not varied):
  /// its 2^q corners (q varied parameters) when 2^q ≤ `maxCorners`, else a Latin hypercube
  /// of `latinHypercubeSize` points with `seed` (each varied parameter's range cut in that
  /// many equal strata, one point per stratum, strata paired at random). The centre comes
  /// first in both.
  public static func boxPoints(
    centre: [Double], halfWidths: [Double], maxCorners: Int = 64, latinHypercubeSize: Int = 32, seed: UInt64 = 1
  ) -> (points: [[Double]], design: String) {
    let varied = halfWidths.indices.filter { halfWidths[$0] != 0 }
    guard !varied.isEmpty else { return ([centre], "centre only") }
    var points = [centre]
    if varied.count < 62 && (1 << varied.count) <= maxCorners {
      for mask in 0..<(1 << varied.count) {
        var q = centre
        for (b, j) in varied.enumerated() { q[j] = centre[j] * (1 + (mask & (1 << b) != 0 ? 1 : -1) * halfWidths[j]) }
        points.append(q)
      }
      return (points, "\(1 << varied.count) corners")
    }
    var rng = SplitMix64(seed: seed)
    let size = latinHypercubeSize
    var strata = [[Int]]()
    for _ in varied {
      var s = Array(0..<size)
      for i in stride(from: size - 1, to: 0, by: -1) { s.swapAt(i, Int(rng.nextUnit() * Double(i + 1)) % (i + 1)) }
      strata.append(s)
    }
    for i in 0..<size {
      var q = centre
      for (b, j) in varied.enumerated() {
        let u = (Double(strata[b][i]) + rng.nextUnit()) / Double(size)  // in [0, 1)
        q[j] = centre[j] * (1 + (2 * u - 1) * halfWidths[j])
      }
      points.append(q)
    }
    return (points, "Latin hypercube of \(size) points, seed \(seed)")
  }
}
