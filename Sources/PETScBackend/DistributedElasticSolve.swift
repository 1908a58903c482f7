#if FEINVERT_PETSC
import CPETSc
import FECommon
import FEKernel
import Foundation
import SparseSolve

/// What a distributed solve did, for the summary line.
public struct DistributedSolveReport: Sendable {
  public var method: DistributedSolveSettings.Method
  public var ranks: Int
  /// Conjugate-gradient iterations (0 for MUMPS).
  public var iterations: Int
  /// ‖f − K u‖₂ / ‖f‖₂ of the constrained system, computed after the solve.
  public var relativeResidual: Double
  /// PETSc's `KSPConvergedReason` (for CG; 0 for MUMPS).
  public var convergedReason: Int
  /// MUMPS's estimate of the factor's memory, largest over the ranks and in total (bytes).
  public var factorBytesPerRank = 0.0
  public var factorBytesTotal = 0.0
  public var assemblySeconds = 0.0
  public var solveSeconds = 0.0

  /// `PETSc cg-gamg on 2 ranks: 41 iterations, relative residual 8.1e-11; assembly 0.12 s, solve 0.80 s`.
  public var summary: String {
    var s = "PETSc \(method.rawValue) on \(ranks) rank\(ranks == 1 ? "" : "s"): "
    if method == .cgGAMG { s += "\(iterations) iterations, " }
    s += String(format: "relative residual %.2e", relativeResidual)
    if method == .mumps {
      s += "; factor memory (MUMPS estimate) \(MemoryGuard.format(bytes: factorBytesTotal)) in total, \(MemoryGuard.format(bytes: factorBytesPerRank)) on the largest rank"
    }
    s += String(format: "; assembly %.2f s, solve %.2f s", assemblySeconds, solveSeconds)
    return s
  }
}

/// The forward solve `K u = f` of an `ElasticSolver`'s problem on PETSc over MPI: the same
/// matrix, constraints and loads as the serial direct solve, distributed.
///
/// Every rank runs it with the same problem (each has read the mesh and the model):
///
/// 1. **Partition.** METIS k-way on the node graph (`GraphPartition`), the same on every rank
///    (deterministic); the nodes are renumbered part by part, so that rank r owns a
///    contiguous range of block rows (3 DOF per node).
/// 2. **Assembly.** Each rank computes the element stiffnesses of the elements whose first
///    node it owns and adds them into a parallel AIJ matrix with block size 3
///    (`MatSetValuesBlocked`; PETSc sends the entries of rows owned elsewhere), preallocated
///    exactly from the node graph.
/// 3. **Constraints.** `MatZeroRowsColumns` with the prescribed values: the columns move to
///    the right-hand side, rows and columns are zeroed, the diagonal set to the mean free
///    diagonal, as `DirichletConstraints.apply` does in the serial solve (the same system).
/// 4. **Solve.** `cg-gamg`: `KSPCG` with `PCGAMG` given the six rigid-body modes of the
///    nodal coordinates (`MatNullSpaceCreateRigidBody`) as near-null space, stopping on the
///    unpreconditioned residual; `mumps`: MUMPS's distributed Cholesky, after a memory guard on
///    its symbolic estimate (`MemoryGuard`, as before every factorization).
/// 5. **Gather.** The solution is gathered on rank 0 in the original node order.
public enum DistributedElasticSolve {
  /// Solves the solver's problem for the given per-block stiffnesses.
  ///
  /// - Returns: the displacement (3 per node, node-index order) on rank 0, nil on the others;
  ///   the report on every rank.
  /// - Throws: `NumericalError` (exit 3) when CG does not converge within `maxIterations`,
  ///   MUMPS fails or would not fit in memory, or a PETSc routine fails.
  public static func solve(
    _ solver: ElasticSolver, stiffness: [[Double]], settings: DistributedSolveSettings
  ) throws -> (displacement: [Double]?, report: DistributedSolveReport) {
    try PETScSession.start()
    let clock = ContinuousClock()
    let start = clock.now
    let rank = Int(feinvert_rank()), size = Int(feinvert_size())
    let assembler = solver.assembler
    let n = assembler.dofCount
    let nodes = n / 3
    let mesh = assembler.mesh

    // 1. Partition and renumbering.
    let graph = GraphPartition.blockGraph(assembler.patternMatrix(), blockSize: 3)
    let part: [Int]
    do throws(SolveError) {
      part = try GraphPartition.partition(starts: graph.starts, adjacency: graph.adjacency, parts: size)
    } catch { throw NumericalError("partitioning the mesh for \(size) ranks failed: \(error.description)") }
    var partStart = [Int](repeating: 0, count: size + 1)
    for p in part { partStart[p + 1] += 1 }
    for r in 0..<size { partStart[r + 1] += partStart[r] }
    var newIndex = [Int](repeating: 0, count: nodes)
    var owned: [Int] = []  // original node indices of this rank, in new order
    do {
      var next = Array(partStart.dropLast())
      for node in 0..<nodes {
        newIndex[node] = next[part[node]]
        next[part[node]] += 1
        if part[node] == rank { owned.append(node) }
      }
    }
    let firstRow = 3 * partStart[rank]
    let localRows = 3 * owned.count

    // 2. Matrix: AIJ with block size 3, preallocated per block row from the node graph.
    var diagonalBlocks = [PetscInt](repeating: 1, count: owned.count)
    var offDiagonalBlocks = [PetscInt](repeating: 0, count: owned.count)
    for (i, node) in owned.enumerated() {
      for k in graph.starts[node]..<graph.starts[node + 1] {
        if part[graph.adjacency[k]] == rank { diagonalBlocks[i] += 1 } else { offDiagonalBlocks[i] += 1 }
      }
    }
    var a: Mat? = nil
    try check(MatCreate(feinvert_comm_world(), &a), "MatCreate")
    defer { MatDestroy(&a) }
    try check(MatSetSizes(a, PetscInt(localRows), PetscInt(localRows), PetscInt(n), PetscInt(n)), "MatSetSizes")
    try check(MatSetType(a, "aij"), "MatSetType")
    try check(MatSetBlockSize(a, 3), "MatSetBlockSize")
    try check(MatXAIJSetPreallocation(a, 3, diagonalBlocks, offDiagonalBlocks, nil, nil), "MatXAIJSetPreallocation")
    // Every owned node's diagonal block exists, even a node no element of this rank touches
    // (the constraints set its diagonal).
    var zeroBlock = [PetscScalar](repeating: 0, count: 9)
    for node in owned {
      var row = PetscInt(newIndex[node])
      try check(MatSetValuesBlocked(a, 1, &row, 1, &row, &zeroBlock, ADD_VALUES), "MatSetValuesBlocked")
    }
    for (bi, block) in assembler.blocks.enumerated() {
      let m = block.kind.nodeCount
      var rows = [PetscInt](repeating: 0, count: m)
      for e in 0..<block.elementCount where part[block.connectivity[e * m]] == rank {
        for i in 0..<m { rows[i] = PetscInt(newIndex[block.connectivity[e * m + i]]) }
        let ke = assembler.elementStiffness(block: bi, element: e, stiffness: stiffness[bi])
        try check(MatSetValuesBlocked(a, PetscInt(m), rows, PetscInt(m), rows, ke, ADD_VALUES), "MatSetValuesBlocked")
      }
    }
    try check(MatAssemblyBegin(a, MAT_FINAL_ASSEMBLY), "MatAssemblyBegin")
    try check(MatAssemblyEnd(a, MAT_FINAL_ASSEMBLY), "MatAssemblyEnd")

    // Right-hand side (the loads), the prescribed values, the nodal coordinates.
    var x: Vec? = nil, b: Vec? = nil, coordinates: Vec? = nil, diagonal: Vec? = nil
    try check(MatCreateVecs(a, &x, &b), "MatCreateVecs")
    defer {
      VecDestroy(&x)
      VecDestroy(&b)
      VecDestroy(&coordinates)
      VecDestroy(&diagonal)
    }
    try check(VecDuplicate(x, &coordinates), "VecDuplicate")
    try check(VecDuplicate(x, &diagonal), "VecDuplicate")
    let constraints = solver.constraints
    let load = solver.loadVector
    var loads = [PetscScalar](repeating: 0, count: localRows)
    var values = [PetscScalar](repeating: 0, count: localRows)
    var coords = [PetscScalar](repeating: 0, count: localRows)
    var prescribedRows: [PetscInt] = []
    for (i, node) in owned.enumerated() {
      for c in 0..<3 {
        let dof = 3 * node + c
        loads[3 * i + c] = load[dof]
        values[3 * i + c] = constraints.values[dof]
        coords[3 * i + c] = mesh.coordinates[dof]
        if constraints.isPrescribed[dof] { prescribedRows.append(PetscInt(firstRow + 3 * i + c)) }
      }
    }
    try setOwned(b, loads, firstRow: firstRow)
    try setOwned(x, values, firstRow: firstRow)
    try setOwned(coordinates, coords, firstRow: firstRow)

    // 3. Constraints: the diagonal scale is the mean free diagonal, as in the serial solve.
    try check(MatGetDiagonal(a, diagonal), "MatGetDiagonal")
    var sums = [0.0, 0.0]
    do {
      var d: UnsafePointer<PetscScalar>? = nil
      try check(VecGetArrayRead(diagonal, &d), "VecGetArrayRead")
      for (i, node) in owned.enumerated() {
        for c in 0..<3 where !constraints.isPrescribed[3 * node + c] {
          sums[0] += d![3 * i + c]
          sums[1] += 1
        }
      }
      try check(VecRestoreArrayRead(diagonal, &d), "VecRestoreArrayRead")
    }
    _ = feinvert_allreduce_sum(&sums, 2)
    let scale = sums[1] > 0 ? sums[0] / sums[1] : 1
    try check(MatZeroRowsColumns(a, PetscInt(prescribedRows.count), prescribedRows, scale, x, b), "MatZeroRowsColumns")
    try check(MatSetOption(a, MAT_SYMMETRIC, PETSC_TRUE), "MatSetOption")
    try check(MatSetOption(a, MAT_SPD, PETSC_TRUE), "MatSetOption")
    try check(PetscOptionsInsertString(nil, settings.petscOptions), "PetscOptionsInsertString")
    let assembled = clock.now

    // 4. Solve.
    var report = DistributedSolveReport(
      method: settings.method, ranks: size, iterations: 0, relativeResidual: .nan, convergedReason: 0)
    switch settings.method {
    case .cgGAMG:
      try solveCG(a, b: b, x: x, coordinates: coordinates, settings: settings, report: &report)
    case .mumps:
      try solveMUMPS(a, b: b, x: x, report: &report)
    }
    // The residual of the constrained system, whatever the method.
    var r: Vec? = nil
    try check(VecDuplicate(b, &r), "VecDuplicate")
    defer { VecDestroy(&r) }
    try check(MatMult(a, x, r), "MatMult")
    try check(VecAYPX(r, -1, b), "VecAYPX")
    var rNorm: PetscReal = 0, bNorm: PetscReal = 0
    try check(VecNorm(r, NORM_2, &rNorm), "VecNorm")
    try check(VecNorm(b, NORM_2, &bNorm), "VecNorm")
    report.relativeResidual = bNorm > 0 ? rNorm / bNorm : rNorm
    report.assemblySeconds = (assembled - start).seconds
    report.solveSeconds = (clock.now - assembled).seconds
    if settings.method == .cgGAMG, report.convergedReason < 0 {
      throw NumericalError(
        "PETSc's conjugate gradients (GAMG) did not converge: \(convergedReasonName(report.convergedReason)) after \(report.iterations) iterations, relative residual \(String(format: "%.2e", report.relativeResidual)) (rtol = \(settings.relativeTolerance)); expected convergence within max_iterations = \(settings.maxIterations): raise max_iterations or rtol in [solver], or use method = \"mumps\"")
    }
    guard report.relativeResidual.isFinite else {
      throw NumericalError("PETSc's \(settings.method.rawValue) solve gave a solution that is not finite; expected a positive definite stiffness")
    }

    // 5. Gather on rank 0, in the original node order.
    var scatter: VecScatter? = nil, gathered: Vec? = nil
    try check(VecScatterCreateToZero(x, &scatter, &gathered), "VecScatterCreateToZero")
    defer {
      VecScatterDestroy(&scatter)
      VecDestroy(&gathered)
    }
    try check(VecScatterBegin(scatter, x, gathered, INSERT_VALUES, SCATTER_FORWARD), "VecScatterBegin")
    try check(VecScatterEnd(scatter, x, gathered, INSERT_VALUES, SCATTER_FORWARD), "VecScatterEnd")
    guard rank == 0 else { return (nil, report) }
    var u = [Double](repeating: 0, count: n)
    var g: UnsafePointer<PetscScalar>? = nil
    try check(VecGetArrayRead(gathered, &g), "VecGetArrayRead")
    for node in 0..<nodes {
      for c in 0..<3 { u[3 * node + c] = g![3 * newIndex[node] + c] }
    }
    try check(VecRestoreArrayRead(gathered, &g), "VecRestoreArrayRead")
    return (u, report)
  }

  /// Sets this rank's rows `firstRow ..< firstRow + values.count` of `v` and assembles it.
  static func setOwned(_ v: Vec?, _ values: [PetscScalar], firstRow: Int) throws {
    let rows = (0..<values.count).map { PetscInt(firstRow + $0) }
    try check(VecSetValues(v, PetscInt(values.count), rows, values, INSERT_VALUES), "VecSetValues")
    try check(VecAssemblyBegin(v), "VecAssemblyBegin")
    try check(VecAssemblyEnd(v), "VecAssemblyEnd")
  }

  /// `KSPCG` + `PCGAMG` with the rigid-body modes as near-null space; stops on the true
  /// (unpreconditioned) residual at `relativeTolerance`.
  static func solveCG(
    _ a: Mat?, b: Vec?, x: Vec?, coordinates: Vec?, settings: DistributedSolveSettings, report: inout DistributedSolveReport
  ) throws {
    var nullSpace: MatNullSpace? = nil
    try check(VecSetBlockSize(coordinates, 3), "VecSetBlockSize")
    try check(MatNullSpaceCreateRigidBody(coordinates, &nullSpace), "MatNullSpaceCreateRigidBody")
    defer { MatNullSpaceDestroy(&nullSpace) }
    try check(MatSetNearNullSpace(a, nullSpace), "MatSetNearNullSpace")
    var ksp: KSP? = nil
    try check(KSPCreate(feinvert_comm_world(), &ksp), "KSPCreate")
    defer { KSPDestroy(&ksp) }
    try check(KSPSetOperators(ksp, a, a), "KSPSetOperators")
    try check(KSPSetType(ksp, "cg"), "KSPSetType")
    var pc: PC? = nil
    try check(KSPGetPC(ksp, &pc), "KSPGetPC")
    try check(PCSetType(pc, "gamg"), "PCSetType")
    try check(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED), "KSPSetNormType")
    // rtol on ‖r‖/‖b‖; no absolute tolerance (PETSc's default 1e-50), no divergence test.
    try check(KSPSetTolerances(ksp, settings.relativeTolerance, 1e-300, 1e300, PetscInt(settings.maxIterations)), "KSPSetTolerances")
    try check(KSPSetFromOptions(ksp), "KSPSetFromOptions")
    try check(KSPSolve(ksp, b, x), "KSPSolve")
    var reason = KSP_CONVERGED_ITERATING
    try check(KSPGetConvergedReason(ksp, &reason), "KSPGetConvergedReason")
    var iterations: PetscInt = 0
    try check(KSPGetIterationNumber(ksp, &iterations), "KSPGetIterationNumber")
    report.iterations = Int(iterations)
    report.convergedReason = Int(reason.rawValue)
  }

  /// MUMPS's distributed Cholesky: the symbolic analysis, the memory guard on its estimate
  /// (INFOG(16), MB, the largest rank's, times the ranks sharing this machine, against this
  /// machine's room), the numeric factorization, the solve.
  static func solveMUMPS(_ a: Mat?, b: Vec?, x: Vec?, report: inout DistributedSolveReport) throws {
    var f: Mat? = nil
    try check(MatGetFactor(a, "mumps", MAT_FACTOR_CHOLESKY, &f), "MatGetFactor (MUMPS)")
    defer { MatDestroy(&f) }
    var info = MatFactorInfo()
    try check(MatFactorInfoInitialize(&info), "MatFactorInfoInitialize")
    try check(MatCholeskyFactorSymbolic(f, a, nil, &info), "MatCholeskyFactorSymbolic (MUMPS analysis)")
    var perRankMB: PetscInt = 0, totalMB: PetscInt = 0
    try check(MatMumpsGetInfog(f, 16, &perRankMB), "MatMumpsGetInfog")
    try check(MatMumpsGetInfog(f, 17, &totalMB), "MatMumpsGetInfog")
    report.factorBytesPerRank = Double(perRankMB) * 1e6
    report.factorBytesTotal = Double(totalMB) * 1e6
    // Every rank checks its own room (its machine's shared by the ranks on it); all refuse
    // together if one would not fit.
    let local = Double(feinvert_ranks_on_this_host())
    let rooms = MemoryGuard.rooms().map { room in
      room.source.hasPrefix("MemAvailable") || room.source.hasPrefix("the cgroup")
        ? MemoryGuard.Room(bytes: room.bytes / local, source: room.source + (local > 1 ? ", shared by \(Int(local)) ranks on this machine" : ""))
        : room
    }
    var refusal: SolveError?
    do throws(SolveError) {
      try MemoryGuard.check(predictedBytes: report.factorBytesPerRank, factorEntries: .nan, rooms: rooms)
    } catch { refusal = error }
    var refused = [refusal == nil ? 0.0 : 1.0]
    _ = feinvert_allreduce_max(&refused, 1)
    if let refusal {
      throw NumericalError(
        "MUMPS: " + refusal.description
          + " Use method = \"cg-gamg\" (no factor), more ranks on more machines (mpirun with a host file), or raise the limit.")
    }
    if refused[0] > 0 {
      throw NumericalError("MUMPS: another rank's factor would not fit in its memory (its message is on its standard error); it was not started")
    }
    try check(MatCholeskyFactorNumeric(f, a, &info), "MatCholeskyFactorNumeric (MUMPS)")
    try check(MatSolve(f, b, x), "MatSolve (MUMPS)")
  }

  static func convergedReasonName(_ reason: Int) -> String {
    switch reason {
    case -3: return "the iteration limit was reached (KSP_DIVERGED_ITS)"
    case -4: return "the residual grew past the divergence tolerance (KSP_DIVERGED_DTOL)"
    case -5: return "a breakdown (KSP_DIVERGED_BREAKDOWN)"
    case -8: return "the preconditioner is indefinite (KSP_DIVERGED_INDEFINITE_PC)"
    case -9: return "a NaN or infinity (KSP_DIVERGED_NANORINF)"
    case -10: return "the matrix is indefinite (KSP_DIVERGED_INDEFINITE_MAT)"
    case -11: return "the preconditioner's setup failed (KSP_DIVERGED_PC_FAILED)"
    default: return "KSPConvergedReason \(reason)"
    }
  }
}
#endif
