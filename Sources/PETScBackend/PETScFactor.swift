#if FEINVERT_PETSC
import CPETSc
import FECommon
import Foundation
import SparseSolve
import Synchronization

/// A `SymmetricFactor` whose "factorization" hands the matrix to PETSc over MPI and whose
/// solves are distributed: CG + GAMG (the rigid-body modes of `nodalCoordinates` as GAMG's
/// near-null space) or MUMPS's Cholesky. It lets the fit's forward model, sensitivities and
/// adjoint run through PETSc unchanged: every rank runs the same fit on the same matrix (each
/// assembles it), the solves are shared, and every rank receives the whole solution, so the
/// ranks stay in step.
///
/// The rows are distributed by a METIS partition of the node graph (3 DOF per node), the
/// same on every rank. Each `factorize` rebuilds the distributed matrix from the given values
/// and sets the solver up again (GAMG's hierarchy, or MUMPS's factor); every `solve` column
/// uses that same operator and preconditioner.
///
/// Calls are serialized by an internal lock; every rank must make the same calls in the same
/// order (they are collective).
public final class PETScFactor: SymmetricFactor, NodalCoordinatesConsumer, @unchecked Sendable {
  public let dimension: Int
  let settings: DistributedSolveSettings
  private let lock = Mutex(())
  private var state: State
  private var currentStatistics: FactorStatistics

  struct State {
    var newDOF: [Int] = []  // original DOF -> PETSc global row
    var firstRow = 0
    var localRows = 0
    var ownedDOFs: [Int] = []  // original DOFs of this rank's rows, in row order
    var coordinates: [Double]?
    var matrix: Mat? = nil
    var ksp: KSP? = nil
    var mumps: Mat? = nil
    var lastIterations = 0
    var totalIterations = 0
    var solves = 0
  }

  /// Partitions the pattern's node graph over the ranks; no numeric work.
  public init(pattern: SymmetricCSCMatrix, settings: DistributedSolveSettings) throws {
    try PETScSession.start()
    dimension = pattern.dimension
    self.settings = settings
    var state = State()
    let rank = Int(feinvert_rank()), size = Int(feinvert_size())
    let block = pattern.dimension % 3 == 0 ? 3 : 1
    let graph = GraphPartition.blockGraph(pattern, blockSize: block)
    let part: [Int]
    do throws(SolveError) {
      part = try GraphPartition.partition(starts: graph.starts, adjacency: graph.adjacency, parts: size)
    } catch { throw NumericalError("partitioning the matrix for \(size) ranks failed: \(error.description)") }
    var partStart = [Int](repeating: 0, count: size + 1)
    for p in part { partStart[p + 1] += 1 }
    for r in 0..<size { partStart[r + 1] += partStart[r] }
    var next = Array(partStart.dropLast())
    state.newDOF = [Int](repeating: 0, count: dimension)
    for node in 0..<part.count {
      let newNode = next[part[node]]
      next[part[node]] += 1
      for c in 0..<block {
        state.newDOF[block * node + c] = block * newNode + c
        if part[node] == rank { state.ownedDOFs.append(block * node + c) }
      }
    }
    state.firstRow = block * partStart[rank]
    state.localRows = state.ownedDOFs.count
    self.state = state
    currentStatistics = FactorStatistics(
      factorNonzeros: 0, flops: 0, analysisSeconds: 0, factorizationSeconds: 0,
      orderingName: "METIS k-way partition over \(size) rank\(size == 1 ? "" : "s")", isSupernodal: false)
  }

  deinit {
    destroySolver(&state)
  }

  public func useNodalCoordinates(_ coordinates: [Double]) {
    lock.withLock { _ in state.coordinates = coordinates.count == dimension ? coordinates : nil }
  }

  public var statistics: FactorStatistics { lock.withLock { _ in currentStatistics } }

  /// CG iterations of the most recent solve and in total, and the number of solves.
  public var iterationCounts: (last: Int, total: Int, solves: Int) {
    lock.withLock { _ in (state.lastIterations, state.totalIterations, state.solves) }
  }

  public func factorize(_ matrix: SymmetricCSCMatrix) throws(SolveError) {
    try lock.withLock { _ throws(SolveError) in
      let clock = ContinuousClock()
      let start = clock.now
      currentStatistics.factorizationCount += 1
      do { try setUp(matrix) } catch let error as SolveError { throw error } catch {
        throw .external(message: "\(error)")
      }
      currentStatistics.factorizationSeconds = (clock.now - start).seconds
    }
  }

  private func destroySolver(_ s: inout State) {
    if s.ksp != nil { KSPDestroy(&s.ksp) }
    if s.mumps != nil { MatDestroy(&s.mumps) }
    if s.matrix != nil { MatDestroy(&s.matrix) }
  }

  /// The distributed matrix from the (redundant) upper triangle, then the solver's set-up.
  private func setUp(_ a: SymmetricCSCMatrix) throws {
    destroySolver(&state)
    let n = dimension
    // This rank's rows of the full symmetric matrix, in PETSc's numbering, as CSR.
    var isLocal = [Int](repeating: -1, count: n)
    for (i, dof) in state.ownedDOFs.enumerated() { isLocal[dof] = i }
    var rowColumns = [[PetscInt]](repeating: [], count: state.localRows)
    var rowValues = [[PetscScalar]](repeating: [], count: state.localRows)
    for j in 0..<n {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] {
        let i = a.rowIndices[k], v = a.values[k]
        if isLocal[i] >= 0 {
          rowColumns[isLocal[i]].append(PetscInt(state.newDOF[j]))
          rowValues[isLocal[i]].append(v)
        }
        if i != j, isLocal[j] >= 0 {
          rowColumns[isLocal[j]].append(PetscInt(state.newDOF[i]))
          rowValues[isLocal[j]].append(v)
        }
      }
    }
    var rowStarts = [PetscInt](repeating: 0, count: state.localRows + 1)
    var columns: [PetscInt] = []
    var values: [PetscScalar] = []
    for r in 0..<state.localRows {
      let order = rowColumns[r].indices.sorted { rowColumns[r][$0] < rowColumns[r][$1] }
      for o in order {
        columns.append(rowColumns[r][o])
        values.append(rowValues[r][o])
      }
      rowStarts[r + 1] = PetscInt(columns.count)
    }
    rowColumns = []
    rowValues = []
    try check(MatCreate(feinvert_comm_world(), &state.matrix), "MatCreate")
    try check(MatSetSizes(state.matrix, PetscInt(state.localRows), PetscInt(state.localRows), PetscInt(n), PetscInt(n)), "MatSetSizes")
    try check(MatSetType(state.matrix, "aij"), "MatSetType")
    if n % 3 == 0 { try check(MatSetBlockSize(state.matrix, 3), "MatSetBlockSize") }
    // One of the two applies (one rank: SeqAIJ; several: MPIAIJ); each sets the values and
    // assembles.
    try check(MatSeqAIJSetPreallocationCSR(state.matrix, rowStarts, columns, values), "MatSeqAIJSetPreallocationCSR")
    try check(MatMPIAIJSetPreallocationCSR(state.matrix, rowStarts, columns, values), "MatMPIAIJSetPreallocationCSR")
    try check(MatSetOption(state.matrix, MAT_SYMMETRIC, PETSC_TRUE), "MatSetOption")
    try check(MatSetOption(state.matrix, MAT_SPD, PETSC_TRUE), "MatSetOption")
    try check(PetscOptionsInsertString(nil, settings.petscOptions), "PetscOptionsInsertString")
    switch settings.method {
    case .cgGAMG:
      if let coordinates = state.coordinates, n % 3 == 0 {
        var x: Vec? = nil
        try check(MatCreateVecs(state.matrix, &x, nil), "MatCreateVecs")
        defer { VecDestroy(&x) }
        let local = state.ownedDOFs.map { coordinates[$0] }
        try setRows(x, local)
        try check(VecSetBlockSize(x, 3), "VecSetBlockSize")
        var nullSpace: MatNullSpace? = nil
        try check(MatNullSpaceCreateRigidBody(x, &nullSpace), "MatNullSpaceCreateRigidBody")
        defer { MatNullSpaceDestroy(&nullSpace) }
        try check(MatSetNearNullSpace(state.matrix, nullSpace), "MatSetNearNullSpace")
      }
      try check(KSPCreate(feinvert_comm_world(), &state.ksp), "KSPCreate")
      try check(KSPSetOperators(state.ksp, state.matrix, state.matrix), "KSPSetOperators")
      try check(KSPSetType(state.ksp, "cg"), "KSPSetType")
      var pc: PC? = nil
      try check(KSPGetPC(state.ksp, &pc), "KSPGetPC")
      try check(PCSetType(pc, "gamg"), "PCSetType")
      try check(KSPSetNormType(state.ksp, KSP_NORM_UNPRECONDITIONED), "KSPSetNormType")
      try check(KSPSetTolerances(state.ksp, settings.relativeTolerance, 1e-300, 1e300, PetscInt(settings.maxIterations)), "KSPSetTolerances")
      try check(KSPSetFromOptions(state.ksp), "KSPSetFromOptions")
      try check(KSPSetUp(state.ksp), "KSPSetUp")
    case .mumps:
      try check(MatGetFactor(state.matrix, "mumps", MAT_FACTOR_CHOLESKY, &state.mumps), "MatGetFactor (MUMPS)")
      var info = MatFactorInfo()
      try check(MatFactorInfoInitialize(&info), "MatFactorInfoInitialize")
      try check(MatCholeskyFactorSymbolic(state.mumps, state.matrix, nil, &info), "MatCholeskyFactorSymbolic (MUMPS)")
      var perRankMB: PetscInt = 0
      try check(MatMumpsGetInfog(state.mumps, 16, &perRankMB), "MatMumpsGetInfog")
      let local = Double(feinvert_ranks_on_this_host())
      let rooms = MemoryGuard.rooms().map { room in
        room.source.hasPrefix("MemAvailable") || room.source.hasPrefix("the cgroup")
          ? MemoryGuard.Room(bytes: room.bytes / local, source: room.source) : room
      }
      var refused = [0.0]
      var refusal: SolveError?
      do throws(SolveError) {
        try MemoryGuard.check(predictedBytes: Double(perRankMB) * 1e6, factorEntries: .nan, rooms: rooms)
      } catch { refusal = error; refused[0] = 1 }
      _ = feinvert_allreduce_max(&refused, 1)
      if let refusal { throw refusal }
      if refused[0] > 0 { throw SolveError.external(message: "MUMPS: another rank's factor would not fit in its memory (its message is on its standard error); it was not started") }
      try check(MatCholeskyFactorNumeric(state.mumps, state.matrix, &info), "MatCholeskyFactorNumeric (MUMPS)")
    }
  }

  /// Sets this rank's rows of `v` (values in row order) and assembles it.
  private func setRows(_ v: Vec?, _ local: [Double]) throws {
    let rows = (0..<local.count).map { PetscInt(state.firstRow + $0) }
    try check(VecSetValues(v, PetscInt(local.count), rows, local, INSERT_VALUES), "VecSetValues")
    try check(VecAssemblyBegin(v), "VecAssemblyBegin")
    try check(VecAssemblyEnd(v), "VecAssemblyEnd")
  }

  public func solve(_ rhs: [Double], count: Int) throws(SolveError) -> [Double] {
    precondition(rhs.count == dimension * count, "PETScFactor.solve: rhs.count must equal dimension * count")
    return try lock.withLock { _ throws(SolveError) -> [Double] in
      do { return try solveLocked(rhs, count: count) } catch let error as SolveError { throw error } catch {
        throw .external(message: "\(error)")
      }
    }
  }

  private func solveLocked(_ rhs: [Double], count: Int) throws -> [Double] {
    precondition(state.matrix != nil, "PETScFactor.solve before factorize")
    let n = dimension
    var b: Vec? = nil, x: Vec? = nil, all: Vec? = nil, scatter: VecScatter? = nil
    try check(MatCreateVecs(state.matrix, &x, &b), "MatCreateVecs")
    try check(VecScatterCreateToAll(x, &scatter, &all), "VecScatterCreateToAll")
    defer {
      VecDestroy(&b)
      VecDestroy(&x)
      VecDestroy(&all)
      VecScatterDestroy(&scatter)
    }
    var result = [Double](repeating: 0, count: n * count)
    for c in 0..<count {
      try setRows(b, state.ownedDOFs.map { rhs[c * n + $0] })
      if let ksp = state.ksp {
        try check(KSPSolve(ksp, b, x), "KSPSolve")
        var reason = KSP_CONVERGED_ITERATING
        try check(KSPGetConvergedReason(ksp, &reason), "KSPGetConvergedReason")
        var iterations: PetscInt = 0
        try check(KSPGetIterationNumber(ksp, &iterations), "KSPGetIterationNumber")
        state.lastIterations = Int(iterations)
        state.totalIterations += Int(iterations)
        if reason.rawValue < 0 {
          throw NumericalError(
            "PETSc's conjugate gradients (GAMG) did not converge: \(DistributedElasticSolve.convergedReasonName(Int(reason.rawValue))) after \(iterations) iterations (rtol = \(settings.relativeTolerance)); expected convergence within max_iterations = \(settings.maxIterations): raise max_iterations in [solver], or use method = \"mumps\"")
        }
      } else {
        try check(MatSolve(state.mumps, b, x), "MatSolve (MUMPS)")
      }
      state.solves += 1
      try check(VecScatterBegin(scatter, x, all, INSERT_VALUES, SCATTER_FORWARD), "VecScatterBegin")
      try check(VecScatterEnd(scatter, x, all, INSERT_VALUES, SCATTER_FORWARD), "VecScatterEnd")
      var g: UnsafePointer<PetscScalar>? = nil
      try check(VecGetArrayRead(all, &g), "VecGetArrayRead")
      for dof in 0..<n { result[c * n + dof] = g![state.newDOF[dof]] }
      try check(VecRestoreArrayRead(all, &g), "VecRestoreArrayRead")
    }
    return result
  }
}
#endif

#if FEINVERT_PETSC
extension PETScFactor {
  /// The factorization method that makes `PETScFactor`s with these settings (for the fit's
  /// forward model, sensitivities and adjoint).
  public static func factorization(_ settings: DistributedSolveSettings) -> FactorizationMethod {
    let ranks = PETScSession.size
    let name = "PETSc \(settings.method.rawValue) on \(ranks) rank\(ranks == 1 ? "" : "s")"
      + (settings.method == .cgGAMG ? String(format: ", rtol %.0e", settings.relativeTolerance) : "")
    return .external(
      ExternalFactorization(name: name) { pattern throws(SolveError) in
        do { return try PETScFactor(pattern: pattern, settings: settings) } catch let error as SolveError { throw error } catch {
          throw .external(message: "\(error)")
        }
      })
  }
}
#endif
