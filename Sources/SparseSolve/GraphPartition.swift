import CSuiteSparse

/// A partition of the node graph of a symmetric pattern into parts of about equal size with
/// few cut edges (METIS's multilevel k-way partitioning), for distributing a matrix over
/// processes: each part's rows go to one process.
public enum GraphPartition {
  /// The graph of `blockSize x blockSize` blocks of `pattern` (upper triangle) as METIS's
  /// symmetric CSR adjacency without self loops: the neighbours of block `i` are
  /// `adjacency[starts[i] ..< starts[i + 1]]`.
  ///
  /// `pattern.dimension` must be a multiple of `blockSize`, or a precondition failure occurs.
  public static func blockGraph(_ pattern: SymmetricCSCMatrix, blockSize: Int) -> (starts: [Int], adjacency: [Int]) {
    let n = pattern.dimension
    precondition(blockSize >= 1 && n % blockSize == 0, "GraphPartition.blockGraph: bad blockSize")
    let nodes = n / blockSize
    var upperStarts = [Int](repeating: 0, count: nodes + 1)
    var upper: [Int] = []
    upper.reserveCapacity(pattern.storedCount / blockSize)
    var marker = [Int](repeating: -1, count: nodes)
    var degree = [Int](repeating: 0, count: nodes)
    for node in 0..<nodes {
      marker[node] = node  // no self loops
      for j in (node * blockSize)..<((node + 1) * blockSize) {
        for k in pattern.columnStarts[j]..<pattern.columnStarts[j + 1] {
          let other = pattern.rowIndices[k] / blockSize
          if marker[other] != node {
            marker[other] = node
            upper.append(other)
            degree[other] += 1
            degree[node] += 1
          }
        }
      }
      upperStarts[node + 1] = upper.count
    }
    var starts = [Int](repeating: 0, count: nodes + 1)
    for node in 0..<nodes { starts[node + 1] = starts[node] + degree[node] }
    var fill = Array(starts.dropLast())
    var adjacency = [Int](repeating: 0, count: starts[nodes])
    for node in 0..<nodes {
      for k in upperStarts[node]..<upperStarts[node + 1] {
        let other = upper[k]
        adjacency[fill[node]] = other
        fill[node] += 1
        adjacency[fill[other]] = node
        fill[other] += 1
      }
    }
    return (starts, adjacency)
  }

  /// The part (0 ..< `parts`) of each vertex of a graph, by `METIS_PartGraphKway` (edge cut
  /// minimized, default options, so the same graph gives the same partition on every process).
  ///
  /// - Parameters:
  ///   - starts, adjacency: a symmetric CSR graph without self loops (`blockGraph`).
  ///   - parts: at least 1; with 1 every vertex is in part 0.
  /// - Throws: `SolveError.outOfMemory` or `SolveError.library` if METIS fails.
  ///
  /// The corresponding C function is `METIS_PartGraphKway`.
  public static func partition(starts: [Int], adjacency: [Int], parts: Int) throws(SolveError) -> [Int] {
    precondition(parts >= 1, "GraphPartition.partition: parts must be at least 1")
    let vertices = starts.count - 1
    if parts == 1 || vertices <= 1 { return [Int](repeating: 0, count: max(0, vertices)) }
    var nvtxs = idx_t(vertices), ncon = idx_t(1), nparts = idx_t(parts), objval = idx_t(0)
    var xadj = starts.map { idx_t($0) }
    var adjncy = adjacency.map { idx_t($0) }
    var part = [idx_t](repeating: 0, count: vertices)
    var options = [idx_t](repeating: 0, count: Int(METIS_NOPTIONS))
    METIS_SetDefaultOptions(&options)
    let status = METIS_PartGraphKway(&nvtxs, &ncon, &xadj, &adjncy, nil, nil, nil, &nparts, nil, nil, &options, &objval, &part)
    guard status == METIS_OK.rawValue else {
      throw status == METIS_ERROR_MEMORY.rawValue ? .outOfMemory : .library(status: Int(status), routine: "METIS_PartGraphKway")
    }
    return part.map { Int($0) }
  }
}
