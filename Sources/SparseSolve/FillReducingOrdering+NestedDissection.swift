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
    // Upper node adjacency (I < J), deduplicated with a marker per node.
    var upperStarts = [Int](repeating: 0, count: nodes + 1)
    var upperNeighbours: [Int] = []
    upperNeighbours.reserveCapacity(pattern.storedCount / max(1, blockSize))
    var marker = [Int](repeating: -1, count: nodes)
    var degree = [Int](repeating: 0, count: nodes)
    for node in 0..<nodes {
      marker[node] = node  // no self loops
      for j in (node * blockSize)..<((node + 1) * blockSize) {
        for k in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
          let other = pattern.rowIndices[k] / blockSize
          if marker[other] != node {
            marker[other] = node
            upperNeighbours.append(other)
            degree[other] += 1
            degree[node] += 1
          }
        }
      }
      upperStarts[node + 1] = upperNeighbours.count
    }
    // Symmetrize into METIS's CSR graph (idx_t is 32-bit in Debian's METIS 5).
    var xadj = [idx_t](repeating: 0, count: nodes + 1)
    for node in 0..<nodes { xadj[node + 1] = xadj[node] + idx_t(degree[node]) }
    var fill = xadj.dropLast().map { Int($0) }
    var adjncy = [idx_t](repeating: 0, count: Int(xadj[nodes]))
    for node in 0..<nodes {
      for k in upperStarts[node]..<upperStarts[node + 1] {
        let other = upperNeighbours[k]
        adjncy[fill[node]] = idx_t(other)
        fill[node] += 1
        adjncy[fill[other]] = idx_t(node)
        fill[other] += 1
      }
    }
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
