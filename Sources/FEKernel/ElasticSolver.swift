import FEBasis
import Dispatch
import FECommon
import Foundation
import SparseSolve
import Synchronization

/// The forward solve of a bound problem: assemble K, impose the prescribed
/// displacements, factorize by the model's `FactorizationMethod` and solve, keeping
/// everything that can be reused.
///
/// The pipeline, in the order `solve(stiffness:)` runs it:
///
/// 1. **Set-up, once** (`init`): the assembler (pattern, colouring, Jacobian check),
///    the constraint map, the consistent load vector, and the rigid-body check,
///    which refuses a problem whose constraints leave a rigid motion free before a
///    factorization could return garbage.
/// 2. **Assembly** into the fixed pattern with the current ply stiffnesses.
/// 3. **Constraints** by symmetric elimination in place (pattern unchanged).
/// 4. **Factorization** by the `FactorizationMethod` it was given (the project's own
///    supernodal Cholesky unless the model file's `[solver]` table picks CHOLMOD): the
///    ordering and symbolic analysis are done on the first call only; later calls (a
///    fit's iterations) refactorize numerically on the same analysis.
/// 5. **Solve and check**: one triangular solve pair, then the relative residual
///    ‖K u − f‖ / ‖f‖, which must be small or the solve is reported as failed.
///
/// The factor stays alive after `solve` so that sensitivities and adjoints can
/// reuse it (`solveAgain`). One owner drives a solver (it is not `Sendable`): its
/// factor and timings change from call to call; the parallelism is inside each call.
public final class ElasticSolver {
  public let problem: LinearElasticProblem
  public let assembler: StiffnessAssembler
  public let constraints: DirichletConstraints
  /// External nodal forces (surface loads), before constraints.
  public let loadVector: [Double]
  /// The sparse Cholesky code and its ordering.
  public let factorization: FactorizationMethod
  private(set) var factor: (any SymmetricFactor)?
  /// The constrained matrix of the last assembly (for residual checks and products).
  public private(set) var constrainedMatrix: SymmetricCSCMatrix?
  public internal(set) var timings = SolveTimings()
  /// Factor reuse across calls (`update(stiffness:)`, `ElasticSolver+FactorReuse.swift`);
  /// nil: every `update` factorizes.
  public var reuse: FactorReusePolicy?
  /// What factor reuse did so far.
  public internal(set) var reuseCounters = FactorReuseCounters()
  /// Whether the factor is of an earlier stiffness than `constrainedMatrix`.
  public internal(set) var factorIsStale = false
  /// Whether the last numeric factorization succeeded (a failed one leaves nothing to reuse).
  var factorIsUsable = false

  /// - Parameter factorization: which sparse Cholesky factors K (the model file's
  ///   `[solver]` table, read by the IO layer; tests compare the two).
  public init(problem: LinearElasticProblem, factorization: FactorizationMethod = .standard) throws {
    let clock = ContinuousClock()
    let start = clock.now
    self.problem = problem
    self.factorization = factorization
    let assembler = try StiffnessAssembler(mesh: problem.mesh, source: problem.meshSource)
    self.assembler = assembler
    let constraints = DirichletConstraints(
      dofCount: assembler.dofCount, prescribed: problem.prescribed, inactiveNodes: problem.inactiveNodes)
    self.constraints = constraints
    self.loadVector = try Self.loadVector(of: problem)
    let free = RigidBodyCheck.freeMotions(
      mesh: problem.mesh, volumeBlocks: assembler.blocks, isPrescribed: constraints.isPrescribed)
    if let first = free.first {
      let node = problem.mesh.nodeTags[first.exampleNode]
      let list = free.map(\.description).joined(separator: "; ")
      throw NumericalError(
        "the stiffness matrix is singular: \(list) (node \(node) moves freely); add [[boundary]] entries in \(problem.model.source) that hold this motion")
    }
    timings.setupSeconds = (clock.now - start).seconds
  }

  /// Solves K(stiffness) u = f for the model's loads and prescribed displacements.
  ///
  /// - Parameter stiffness: per volume block, the 6×6 global stiffness (row-major);
  ///   defaults to the model's own.
  /// - Returns: displacement, 3 per node (model length unit), node-index order.
  /// - Throws: `NumericalError` (exit 3) naming the node and component where the
  ///   factorization failed, or a residual that shows the solve is not to be trusted.
  public func solve(stiffness: [[Double]]? = nil, extraForce: [Double]? = nil) throws -> [Double] {
    try factorize(stiffness: stiffness ?? problem.blockStiffnesses())
    var f = loadVector
    if let extra = extraForce { for i in f.indices { f[i] += extra[i] } }
    return try solveConstrained(rhs: f)
  }

  /// Assembles, constrains and factorizes (analysis reused after the first call).
  ///
  /// On the first call the ordering and symbolic analysis run on another thread while the
  /// matrix is assembled: both need only the pattern, which the constraints keep. (On the
  /// 376k-DOF coupon this hides most of the 0.7 s assembly behind the 2.5 s analysis, so
  /// the phase times then add up to more than the wall time.)
  public func factorize(stiffness: [[Double]]) throws {
    let clock = ContinuousClock()
    let analysis = factor == nil ? BackgroundAnalysis(factorization, pattern: assembler.patternMatrix()) : nil
    assembleConstrained(stiffness: stiffness)
    let k = constrainedMatrix!
    do throws(SolveError) {
      if let analysis {
        factor = try analysis.wait()
        timings.analysisSeconds = factor!.statistics.analysisSeconds
        // The factor's storage is allocated by the first factorization: refuse one that
        // would not fit before allocating it (`MemoryGuard`).
        try MemoryGuard.check(factor!.statistics)
        (factor as? NodalCoordinatesConsumer)?.useNodalCoordinates(problem.mesh.coordinates)
      }
      // The first factorization's resident growth (peak less the resident memory before it),
      // which the guard's prediction is checked against.
      let before = analysis != nil && MemoryGuard.resetPeakResident() ? MemoryGuard.residentBytes() : nil
      let t0 = clock.now
      factorIsUsable = false
      try factor!.factorize(k)
      factorIsUsable = true
      factorIsStale = false
      timings.factorizationSeconds = (clock.now - t0).seconds
      if let before, let peak = MemoryGuard.peakResidentBytes() { timings.factorizationMemoryGrowthBytes = peak - before }
      timings.factorizations += 1
    } catch {
      throw describe(error)
    }
  }

  /// Assembles K and imposes the constraints (kept as `constrainedMatrix`, with their lift
  /// of the right-hand side), without factorizing.
  func assembleConstrained(stiffness: [[Double]]) {
    let clock = ContinuousClock()
    let t0 = clock.now
    var k = assembler.assemble(stiffness: stiffness)
    timings.assemblySeconds = (clock.now - t0).seconds
    // Other load cases' prescribed values on the same DOFs: their lifts −K_fp ū_p need
    // the columns the constraints are about to zero.
    additionalLifts = additionalPrescribedValues.map { constraints.lift(of: k, values: $0) }
    var lift = [Double](repeating: 0, count: k.dimension)
    constraints.apply(to: &k, rhs: &lift)
    liftVector = lift
    constrainedMatrix = k
  }

  /// Solves with the current factor for right-hand sides of external forces, with
  /// the prescribed values imposed (lifting applied to every column).
  ///
  /// - Parameter lifts: per column, whose prescribed values it carries: 0 this problem's,
  ///   i > 0 `additionalPrescribedValues[i - 1]` (nil: all this problem's).
  public func solveConstrained(rhs f: [Double], columns: Int = 1, homogeneous: Bool = false, lifts: [Int]? = nil) throws -> [Double] {
    guard factor != nil, let k = constrainedMatrix else {
      preconditionFailure("ElasticSolver.solveConstrained before factorize")
    }
    let clock = ContinuousClock()
    let t0 = clock.now
    var rhs = f
    liftPrescribed(&rhs, columns: columns, homogeneous: homogeneous, lifts: lifts)
    let u: [Double]
    u = try solveWithFactor(rhs, columns: columns)
    timings.solveSeconds = (clock.now - t0).seconds
    guard u.allSatisfy(\.isFinite) else {
      throw NumericalError(
        "the displacements overflowed double precision (not finite); expected prescribed displacements and loads of a physical size")
    }
    // Residual check on the constrained system.
    let n = k.dimension
    for c in 0..<columns {
      let uc = Array(u[(c * n)..<((c + 1) * n)])
      let r = k.multiply(uc)
      var num = 0.0, den = 0.0
      for i in 0..<n {
        let d = r[i] - rhs[c * n + i]
        num += d * d
        den += rhs[c * n + i] * rhs[c * n + i]
      }
      if den > 0, !(num.squareRoot() <= 1e-6 * den.squareRoot()) {
        throw NumericalError(
          "the solve is not accurate: relative residual \(String(format: "%.2e", (num / den).squareRoot())) (expected below 1e-6); the stiffness is nearly singular (a mechanism, or elements of vastly different stiffness)")
      }
    }
    return u
  }

  /// f_free −= K_fp ū_p and f_p = s ū_p, from the lift saved at constraint time.
  func liftPrescribed(_ rhs: inout [Double], columns: Int, homogeneous: Bool, lifts: [Int]? = nil) {
    let n = assembler.dofCount
    for c in 0..<columns {
      let which = lifts?[c] ?? 0
      let liftVector = which == 0 ? self.liftVector : additionalLifts[which - 1]
      for j in 0..<n {
        if constraints.isPrescribed[j] {
          rhs[c * n + j] = homogeneous ? 0 : liftVector[j]
        } else if !homogeneous {
          rhs[c * n + j] += liftVector[j]
        }
      }
    }
  }

  /// −K_fp ū_p on free DOFs and s ū_p on prescribed ones, for the last assembled stiffness.
  private(set) var liftVector: [Double] = []

  /// Prescribed values (one per DOF) of further load cases that prescribe the same DOFs
  /// as this problem, other values: set before `factorize`, they share its factor
  /// (`solveConstrained(rhs:columns:homogeneous:lifts:)`).
  public var additionalPrescribedValues: [[Double]] = []
  private var additionalLifts: [[Double]] = []

  /// The external nodal forces of a problem: its `[[load]]` forces spread as uniform
  /// tractions and its `[[pressure]]` entries, integrated with the faces' own shape
  /// functions (a distribution with a rule four degrees above the stiffness rule).
  ///
  /// - Throws: `InputError` at the pressure's key when its group has a face that bounds
  ///   no volume element, or its distribution is not finite somewhere on the group.
  public static func loadVector(of problem: LinearElasticProblem) throws -> [Double] {
    let mesh = problem.mesh
    var f = [Double](repeating: 0, count: 3 * mesh.nodeCount)
    for load in problem.model.loads {
      if let group = mesh.group(named: load.group) {
        SurfaceLoads.addUniformTraction(totalForce: load.force, on: group, mesh: mesh, into: &f)
      }
    }
    for (i, pressure) in problem.model.pressures.enumerated() {
      guard let group = mesh.group(named: pressure.group) else { continue }
      let key = pressure.location.key ?? "pressure[\(i)]"
      let signs: [Double]
      switch SurfaceLoads.outwardSigns(of: group, in: mesh) {
      case .success(let s): signs = s
      case .failure(let face):
        throw InputError(
          "face \(face.elementTag) of group \"\(pressure.group)\" bounds no volume element; expected a pressure on the body's surface",
          at: problem.model.location("\(key).group"))
      }
      let stiffnessDegree = mesh.blocks(in: group).filter { $0.kind.dimension == 2 }
        .map { Quadrature.stiffnessRule(for: $0.kind).degree }.max() ?? 2
      let degree = pressure.distribution == nil ? stiffnessDegree : stiffnessDegree + 4
      guard SurfaceLoads.addPressure(pressure.pressure(at:), on: group, signs: signs, mesh: mesh, degree: degree, into: &f) else {
        throw InputError(
          "distribution = \"\(pressure.distribution?.text ?? "")\" is not finite at some point of group \"\(pressure.group)\"; expected a finite pressure over the whole face",
          at: problem.model.location("\(key).distribution"))
      }
    }
    return f
  }

  func describe(_ error: SolveError) -> NumericalError {
    switch error {
    case .notPositiveDefinite(let column):
      let node = DOF.node(of: column), c = DOF.component(of: column)
      let tag = problem.mesh.nodeTags[node]
      let p = problem.mesh.point(node)
      return NumericalError(
        "the stiffness matrix is not positive definite at node \(tag) (\(DOF.componentNames[c])) at (\(p.x), \(p.y), \(p.z)): that displacement is not held by the elements or the constraints (a mechanism, a loose part, or a material that is not positive definite)")
    case .insufficientMemory:
      return NumericalError(
        error.description
          + " Use the iterative solve, which needs no factor: backend = \"petsc\" with method = \"cg-gamg\" in the [solver] table of \(problem.model.source) (feinvert built with `make petsc`; run it with mpirun on several machines for larger models); or raise the limit, or coarsen the mesh.")
    default:
      return NumericalError(error.description)
    }
  }

  public var factorStatistics: FactorStatistics? { factor?.statistics }
}

/// A factor's ordering and symbolic analysis running on a global dispatch queue.
private final class BackgroundAnalysis: Sendable {
  private let group = DispatchGroup()
  private let result = Mutex<Result<any SymmetricFactor, SolveError>?>(nil)

  init(_ method: FactorizationMethod, pattern: SymmetricCSCMatrix) {
    DispatchQueue.global().async(group: group) {
      let outcome: Result<any SymmetricFactor, SolveError>
      do throws(SolveError) { outcome = .success(try method.makeFactor(pattern: pattern)) } catch { outcome = .failure(error) }
      self.result.withLock { $0 = outcome }
    }
  }

  /// Blocks until the analysis is done; its factor, or its error.
  func wait() throws(SolveError) -> any SymmetricFactor {
    group.wait()
    return try result.withLock { $0! }.get()
  }
}

/// Wall-clock seconds of each phase of the last solve.
public struct SolveTimings: Sendable {
  public var setupSeconds = 0.0
  public var assemblySeconds = 0.0
  public var analysisSeconds = 0.0
  public var factorizationSeconds = 0.0
  public var solveSeconds = 0.0
  public var factorizations = 0
  /// Peak resident memory during the first factorization less the resident memory before it
  /// (bytes; 0 where the operating system does not tell).
  public var factorizationMemoryGrowthBytes = 0.0
}

extension Duration {
  /// The duration in seconds as a Double.
  public var seconds: Double {
    let c = components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }
}
