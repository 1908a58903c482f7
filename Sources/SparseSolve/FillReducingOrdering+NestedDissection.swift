import CSuiteSparse

extension FillReducingOrdering {
  /// A fill-reducing permutation of a symmetric pattern from `METIS_NodeND` on its graph of
  /// `blockSize x blockSize` blocks, expanded to the unknowns.
  ///
  /// Node `J` (unknowns `blockSize*J ..< blockSize*(J+1)`) is adjacent to node `I != J` when
  /// any entry of block `(I, J)` is stored. The returned `perm` follows the CHOLMOD
  /// convention: `perm[k]` is the original (0-based) index of the `k`-th pivot.
  ///
  /// `pattern.dimension` must be a multiple of `blockSize`, or a precondition failure occurs.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library` if METIS reports an error.
  ///
  /// The corresponding C function is `METIS_NodeND`.
  static func blockNestedDissection(
    _ pattern: SymmetricCSCMatrix, blockSize: Int
  ) throws(SolveError) -> [Int] {
    let n = pattern.dimension
    precondition(blockSize >= 1 && n % blockSize == 0, "blockNestedDissection: bad blockSize")
    let nodes = n / blockSize
    if nodes == 0 { return [] }
    // The node graph (GraphPartition.blockGraph), in METIS's CSR form (idx_t is 32-bit in
    // Debian's METIS 5).
    let graph = GraphPartition.blockGraph(pattern, blockSize: blockSize)
    var xadj = graph.starts.map { idx_t($0) }
    var adjncy = graph.adjacency.map { idx_t($0) }
    var nvtxs = idx_t(nodes)
    var options = [idx_t](repeating: 0, count: Int(METIS_NOPTIONS))
    METIS_SetDefaultOptions(&options)
    var metisPerm = [idx_t](repeating: 0, count: nodes)
    var metisIperm = [idx_t](repeating: 0, count: nodes)
    let status = METIS_NodeND(&nvtxs, &xadj, &adjncy, nil, &options, &metisPerm, &metisIperm)
    guard status == METIS_OK.rawValue else {
      throw status == METIS_ERROR_MEMORY.rawValue
        ? .outOfMemory : .library(status: Int(status), routine: "METIS_NodeND")
    }
    // METIS 5 manual: row i of the permuted matrix is row perm[i] of the original, the same
    // convention as CHOLMOD's Perm.
    var perm = [Int](repeating: 0, count: n)
    for k in 0..<nodes {
      let node = Int(metisPerm[k])
      for c in 0..<blockSize { perm[k * blockSize + c] = node * blockSize + c }
    }
    return perm
  }
}
