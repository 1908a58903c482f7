import SparseSolve

/// The sparsity pattern of a 3-DOF-per-node stiffness matrix, upper triangle,
/// computed once from the node graph of the volume elements.
///
/// Layout: DOF `3 * node + c`. Column `3n + c` holds, in ascending row order, the
/// three rows of every neighbour `m < n`, then rows `3n ... 3n + c` of the node
/// itself. The position of entry (3m + r, 3n + c), m ≤ n, is therefore
/// `columnStarts[3n + c] + 3 k + r`, where k is m's rank among the neighbours of n
/// that are ≤ n. Assembly never searches or sorts: each element stores k for
/// each of its node pairs once (`pairRanks`).
struct StiffnessPattern: Sendable {
  let nodeCount: Int
  /// Scalar CSC column starts (count 3 * nodeCount + 1).
  let columnStarts: [Int]
  /// Scalar row indices, sorted within each column.
  let rowIndices: [Int]

  /// Builds the pattern from element connectivity (node indices).
  ///
  /// - Parameter elements: for each volume block, its nodes per element and connectivity.
  /// - Complexity: O(Σ nodesPerElement² · elements) time, O(nnz) memory.
  init(nodeCount: Int, blocks: [(nodesPerElement: Int, connectivity: [Int])]) {
    self.nodeCount = nodeCount
    // Lower neighbours (m ≤ n) of each node n, by a counting pass then fill, then
    // sort and deduplicate each short list.
    var counts = [Int](repeating: 0, count: nodeCount + 1)
    for block in blocks {
      let npe = block.nodesPerElement
      block.connectivity.withUnsafeBufferPointer { conn in
        for e in 0..<(conn.count / npe) {
          let base = e * npe
          for a in 0..<npe {
            let na = conn[base + a]
            for b in 0..<npe where conn[base + b] <= na { counts[na + 1] += 1 }
          }
        }
      }
    }
    for i in 0..<nodeCount { counts[i + 1] += counts[i] }
    var raw = [Int](repeating: 0, count: counts[nodeCount])
    var fill = Array(counts[0..<nodeCount])
    for block in blocks {
      let npe = block.nodesPerElement
      block.connectivity.withUnsafeBufferPointer { conn in
        for e in 0..<(conn.count / npe) {
          let base = e * npe
          for a in 0..<npe {
            let na = conn[base + a]
            for b in 0..<npe {
              let nb = conn[base + b]
              if nb <= na {
                raw[fill[na]] = nb
                fill[na] += 1
              }
            }
          }
        }
      }
    }
    var nodeStarts = [Int](repeating: 0, count: nodeCount + 1)
    var neighbours = [Int]()
    neighbours.reserveCapacity(raw.count / 4)
    for n in 0..<nodeCount {
      var list = Array(raw[counts[n]..<counts[n + 1]])
      list.sort()
      var last = -1
      for m in list where m != last {
        neighbours.append(m)
        last = m
      }
      if last != n { neighbours.append(n) }  // a node in no element still gets its diagonal
      nodeStarts[n + 1] = neighbours.count
    }
    // Expand to scalar columns.
    var columnStarts = [Int](repeating: 0, count: 3 * nodeCount + 1)
    for n in 0..<nodeCount {
      let lower = nodeStarts[n + 1] - nodeStarts[n] - 1
      for c in 0..<3 {
        columnStarts[3 * n + c + 1] = columnStarts[3 * n + c] + 3 * lower + c + 1
      }
    }
    var rows = [Int](repeating: 0, count: columnStarts[3 * nodeCount])
    rows.withUnsafeMutableBufferPointer { rowp in
      for n in 0..<nodeCount {
        for c in 0..<3 {
          var p = columnStarts[3 * n + c]
          for j in nodeStarts[n]..<(nodeStarts[n + 1] - 1) {
            let m = neighbours[j]
            rowp[p] = 3 * m; rowp[p + 1] = 3 * m + 1; rowp[p + 2] = 3 * m + 2
            p += 3
          }
          for r in 0...c { rowp[p] = 3 * n + r; p += 1 }
        }
      }
    }
    self.columnStarts = columnStarts
    self.rowIndices = rows
    self.nodeNeighbourStarts = nodeStarts
    self.nodeNeighbours = neighbours
  }

  /// Lower neighbours (≤ n, sorted, n last) of each node, CSR.
  let nodeNeighbourStarts: [Int]
  let nodeNeighbours: [Int]

  /// Rank of node m among the lower neighbours of node n (m ≤ n), by binary search.
  func rank(of m: Int, inColumnOf n: Int) -> Int {
    var lo = nodeNeighbourStarts[n], hi = nodeNeighbourStarts[n + 1] - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if nodeNeighbours[mid] < m { lo = mid + 1 } else { hi = mid }
    }
    precondition(nodeNeighbours[lo] == m, "StiffnessPattern: node pair not in pattern")
    return lo - nodeNeighbourStarts[n]
  }

  var dofCount: Int { 3 * nodeCount }
  var nonzeroCount: Int { rowIndices.count }

  func emptyMatrix() -> SymmetricCSCMatrix {
    SymmetricCSCMatrix(
      dimension: dofCount, columnStarts: columnStarts, rowIndices: rowIndices,
      values: [Double](repeating: 0, count: rowIndices.count))
  }
}
