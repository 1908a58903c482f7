/// The symbolic analysis behind `SupernodalCholesky`: elimination tree, postorder, column
/// counts, relaxed supernodes, their row structures, the storage layout, the map from the
/// entries of `A` into the factor, and the split of the supernodal tree between threads.
///
/// Everything is in the permuted ("new") numbering of `P A Pᵀ`, 0-based. The permutation is
/// the caller's, composed with a postorder of the elimination tree (which changes neither the
/// fill nor the flops).
struct SupernodalSymbolic: Sendable {
  /// The matrix dimension.
  var n = 0
  /// `perm[k]`: the original index of pivot `k` (caller's permutation, then postorder).
  var perm: [Int] = []
  /// Number of supernodes.
  var superCount = 0
  /// Columns of supernode `s`: `superStart[s] ..< superStart[s + 1]`.
  var superStart: [Int] = []
  /// The supernode holding each column.
  var superOf: [Int32] = []
  /// Row structure of supernode `s`: `rows[rowStart[s] ..< rowStart[s + 1]]`, sorted; its first
  /// entries are the supernode's own columns.
  var rowStart: [Int] = []
  var rows: [Int32] = []
  /// Values of supernode `s` start at `valueStart[s]`: a column-major `nrow x ncol` block
  /// (leading dimension `nrow`), the lower triangle of its diagonal block used.
  var valueStart: [Int] = []
  /// The parent supernode (`-1` for a root).
  var superParent: [Int] = []
  /// The first supernode of the subtree rooted at `s` (subtrees are contiguous in postorder).
  var subtreeFirst: [Int] = []
  /// Entries of `A` into the factor: for supernode `s`, the pairs
  /// `(assemblySource[k], assemblyDestination[k])` for `k` in `assemblyStart[s] ..< assemblyStart[s + 1]`;
  /// source is the index into `SymmetricCSCMatrix.values`, destination the offset within
  /// supernode `s`'s values (32 bits: the index map is 8 bytes per entry of `A`, not 12).
  var assemblyStart: [Int] = []
  var assemblySource: [Int32] = []
  var assemblyDestination: [Int32] = []
  /// Nonzeros and flops of the exact (unrelaxed) factor, as CHOLMOD counts them.
  var factorNonzeros = 0.0
  var flops = 0.0
  /// Largest number of rows below a diagonal block (the update size).
  var maxUpdateRows = 0
  /// Largest `nrow * ncol` of one supernode (must stay below 2^31 for the assembly map).
  var maxSupernodeEntries = 0
  /// Subtree roots handed to the workers, most expensive first.
  var subtreeRoots: [Int] = []
  /// Supernodes above the subtrees, in postorder (factored after them with threaded BLAS).
  var topSupernodes: [Int] = []
  /// Index of each top supernode in `topSupernodes`, or `-1`.
  var topIndex: [Int] = []
  /// Estimated flops of the subtree phase and of the top phase.
  var subtreeFlops = 0.0
  var topFlops = 0.0
}

extension SupernodalSymbolic {
  /// CHOLMOD's default relaxed amalgamation parameters (`Common->nrelax`, `Common->zrelax`).
  static let nrelax = (4, 16, 48)
  static let zrelax = (0.8, 0.1, 0.05)

  init(pattern: SymmetricCSCMatrix, permutation: [Int], threads: Int) {
    let n = pattern.dimension
    precondition(permutation.count == n, "SupernodalCholesky: permutation.count must equal dimension")
    var inverse = [Int](repeating: -1, count: n)
    for (k, old) in permutation.enumerated() {
      precondition(old >= 0 && old < n && inverse[old] == -1, "SupernodalCholesky: not a permutation")
      inverse[old] = k
    }
    // Elimination tree of the caller's ordering, then a postorder of it.
    let first = Self.permutedUpper(pattern, inverse: inverse)
    let parent0 = Self.eliminationTree(n: n, upperStart: first.start, upperRows: first.rows)
    let post = Self.postorder(parent: parent0)
    self.n = n
    self.perm = post.map { permutation[$0] }
    for (k, old) in perm.enumerated() { inverse[old] = k }
    var parent = [Int](repeating: -1, count: n)
    do {
      var newOf = [Int](repeating: 0, count: n)
      for (k, p) in post.enumerated() { newOf[p] = k }
      for k in 0..<n where parent0[post[k]] >= 0 { parent[k] = newOf[parent0[post[k]]] }
    }
    let lower = Self.permutedLower(pattern, inverse: inverse)
    let counts = Self.columnCounts(n: n, parent: parent, lowerStart: lower.start, lowerRows: lower.rows)
    for c in counts {
      factorNonzeros += Double(c)
      flops += Double(c) * Double(c)
    }
    buildSupernodes(parent: parent, counts: counts)
    buildStructure(lowerStart: lower.start, lowerRows: lower.rows, lowerSource: lower.source)
    splitTree(threads: threads)
  }

  // MARK: permuted patterns

  /// The strict upper triangle of `P A Pᵀ` by columns (rows `< column`), for the etree.
  static func permutedUpper(_ a: SymmetricCSCMatrix, inverse: [Int]) -> (start: [Int], rows: [Int32]) {
    let n = a.dimension
    var start = [Int](repeating: 0, count: n + 1)
    for j in 0..<n {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] where a.rowIndices[k] != j {
        start[max(inverse[a.rowIndices[k]], inverse[j]) + 1] += 1
      }
    }
    for j in 0..<n { start[j + 1] += start[j] }
    var fill = Array(start.dropLast())
    var rows = [Int32](repeating: 0, count: start[n])
    for j in 0..<n {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] where a.rowIndices[k] != j {
        let x = inverse[a.rowIndices[k]]
        let y = inverse[j]
        let column = max(x, y)
        rows[fill[column]] = Int32(min(x, y))
        fill[column] += 1
      }
    }
    return (start, rows)
  }

  /// The lower triangle of `P A Pᵀ` by columns (rows `>= column`, diagonal included), with the
  /// index of each entry in `a.values`.
  static func permutedLower(
    _ a: SymmetricCSCMatrix, inverse: [Int]
  ) -> (start: [Int], rows: [Int32], source: [Int32]) {
    let n = a.dimension
    precondition(a.storedCount < Int(Int32.max), "SupernodalCholesky: too many entries")
    var start = [Int](repeating: 0, count: n + 1)
    for j in 0..<n {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] {
        start[min(inverse[a.rowIndices[k]], inverse[j]) + 1] += 1
      }
    }
    for j in 0..<n { start[j + 1] += start[j] }
    var fill = Array(start.dropLast())
    var rows = [Int32](repeating: 0, count: start[n])
    var source = [Int32](repeating: 0, count: start[n])
    for j in 0..<n {
      for k in a.columnStarts[j]..<a.columnStarts[j + 1] {
        let x = inverse[a.rowIndices[k]]
        let y = inverse[j]
        let column = min(x, y)
        rows[fill[column]] = Int32(max(x, y))
        source[fill[column]] = Int32(k)
        fill[column] += 1
      }
    }
    return (start, rows, source)
  }

  // MARK: elimination tree, postorder, column counts

  /// Liu's algorithm with path compression (Davis, *Direct Methods for Sparse Linear
  /// Systems*, 2006, §4.1, `cs_etree`).
  static func eliminationTree(n: Int, upperStart: [Int], upperRows: [Int32]) -> [Int] {
    var parent = [Int](repeating: -1, count: n)
    var ancestor = [Int](repeating: -1, count: n)
    for k in 0..<n {
      for p in upperStart[k]..<upperStart[k + 1] {
        var i = Int(upperRows[p])
        while i != -1 && i < k {
          let next = ancestor[i]
          ancestor[i] = k
          if next == -1 { parent[i] = k }
          i = next
        }
      }
    }
    return parent
  }

  /// A depth-first postorder of a forest (Davis 2006, §4.3, `cs_post`): `post[k]` is the
  /// `k`-th node; children are visited in increasing order.
  static func postorder(parent: [Int]) -> [Int] {
    let n = parent.count
    var head = [Int](repeating: -1, count: n)
    var next = [Int](repeating: -1, count: n)
    for j in stride(from: n - 1, through: 0, by: -1) where parent[j] != -1 {
      next[j] = head[parent[j]]
      head[parent[j]] = j
    }
    var post = [Int]()
    post.reserveCapacity(n)
    var stack = [Int]()
    for root in 0..<n where parent[root] == -1 {
      stack.append(root)
      while let top = stack.last {
        let child = head[top]
        if child == -1 {
          stack.removeLast()
          post.append(top)
        } else {
          head[top] = next[child]
          stack.append(child)
        }
      }
    }
    return post
  }

  /// Column counts of `L` (diagonal included) for a postordered elimination tree, by the
  /// Gilbert–Ng–Peyton skeleton algorithm (Davis 2006, §4.5, `cs_counts` and `cs_leaf`).
  static func columnCounts(n: Int, parent: [Int], lowerStart: [Int], lowerRows: [Int32]) -> [Int] {
    var first = [Int](repeating: -1, count: n)
    var maxFirst = [Int](repeating: -1, count: n)
    var previousLeaf = [Int](repeating: -1, count: n)
    var ancestor = Array(0..<n)
    var delta = [Int](repeating: 0, count: n)
    for k in 0..<n {
      delta[k] = first[k] == -1 ? 1 : 0
      var j = k
      while j != -1 && first[j] == -1 {
        first[j] = k
        j = parent[j]
      }
    }
    for j in 0..<n {
      if parent[j] != -1 { delta[parent[j]] -= 1 }
      for p in lowerStart[j]..<lowerStart[j + 1] {
        let i = Int(lowerRows[p])
        if i <= j || first[j] <= maxFirst[i] { continue }
        maxFirst[i] = first[j]
        let jPrevious = previousLeaf[i]
        previousLeaf[i] = j
        delta[j] += 1
        if jPrevious == -1 { continue }  // first leaf of row subtree i
        var q = jPrevious
        while q != ancestor[q] { q = ancestor[q] }
        var s = jPrevious
        while s != q {
          let up = ancestor[s]
          ancestor[s] = q
          s = up
        }
        delta[q] -= 1  // q is the least common ancestor of jPrevious and j
      }
      if parent[j] != -1 { ancestor[j] = parent[j] }
    }
    for j in 0..<n where parent[j] != -1 { delta[parent[j]] += delta[j] }
    return delta
  }

  // MARK: supernodes

  /// Fundamental supernodes, then CHOLMOD's relaxed amalgamation (`cholmod_super_symbolic`):
  /// a child is merged into its parent when it is the parent's last child (contiguous) and the
  /// merged supernode is small or gains few explicit zeros.
  mutating func buildSupernodes(parent: [Int], counts: [Int]) {
    var childCount = [Int](repeating: 0, count: n)
    for j in 0..<n where parent[j] != -1 { childCount[parent[j]] += 1 }
    var fundamentalStart = [0]
    if n > 0 {
      for j in 1..<n where parent[j - 1] != j || counts[j - 1] != counts[j] + 1 || childCount[j] > 1 {
        fundamentalStart.append(j)
      }
    }
    fundamentalStart.append(n)
    let nf = fundamentalStart.count - 1
    var fundamentalOf = [Int](repeating: 0, count: n)
    for s in 0..<nf {
      for j in fundamentalStart[s]..<fundamentalStart[s + 1] { fundamentalOf[j] = s }
    }
    var sparent = [Int](repeating: -1, count: nf)
    for s in 0..<nf {
      let last = fundamentalStart[s + 1] - 1
      if parent[last] != -1 { sparent[s] = fundamentalOf[parent[last]] }
    }
    var merged = [Int](repeating: -1, count: nf)
    var nscol = (0..<nf).map { fundamentalStart[$0 + 1] - fundamentalStart[$0] }
    var zeros = [Double](repeating: 0, count: nf)
    var snz = (0..<nf).map { Double(counts[fundamentalStart[$0]]) }
    if nf >= 2 {
      for s in stride(from: nf - 2, through: 0, by: -1) {
        if sparent[s] == -1 { continue }
        var ss = sparent[s]
        while merged[ss] != -1 { ss = merged[ss] }
        let current = ss
        ss = sparent[s]
        while merged[ss] != -1 {
          let next = merged[ss]
          merged[ss] = current
          ss = next
        }
        if current != s + 1 { continue }
        let nscol0 = Double(nscol[s])
        let nscol1 = Double(nscol[s + 1])
        let ns = nscol0 + nscol1
        var totalZeros = zeros[s + 1]
        let lnz1 = snz[s + 1]
        var merge: Bool
        if ns <= Double(Self.nrelax.0) {
          merge = true
        } else {
          let newZeros = nscol0 * (lnz1 + nscol0 - snz[s])
          if newZeros == 0 {
            merge = true
          } else {
            totalZeros += newZeros
            let totalSize = ns * (ns + 1) / 2 + ns * (lnz1 - nscol1)
            let z = totalZeros / totalSize
            merge =
              (ns <= Double(Self.nrelax.1) && z < Self.zrelax.0)
              || (ns <= Double(Self.nrelax.2) && z < Self.zrelax.1) || z < Self.zrelax.2
          }
        }
        if merge {
          zeros[s] = totalZeros
          merged[s + 1] = s
          snz[s] = nscol0 + snz[s + 1]
          nscol[s] += nscol[s + 1]
        }
      }
    }
    superStart = []
    for s in 0..<nf where merged[s] == -1 { superStart.append(fundamentalStart[s]) }
    superStart.append(n)
    superCount = superStart.count - 1
    superOf = [Int32](repeating: 0, count: n)
    for s in 0..<superCount {
      for j in superStart[s]..<superStart[s + 1] { superOf[j] = Int32(s) }
    }
    superParent = [Int](repeating: -1, count: superCount)
    for s in 0..<superCount {
      let last = superStart[s + 1] - 1
      if parent[last] != -1 { superParent[s] = Int(superOf[parent[last]]) }
    }
  }

  /// Row structures (union of `A`'s columns and the children's structures), the value layout
  /// and the assembly map.
  mutating func buildStructure(lowerStart: [Int], lowerRows: [Int32], lowerSource: [Int32]) {
    var childHead = [Int](repeating: -1, count: superCount)
    var childNext = [Int](repeating: -1, count: superCount)
    for s in stride(from: superCount - 1, through: 0, by: -1) where superParent[s] != -1 {
      childNext[s] = childHead[superParent[s]]
      childHead[superParent[s]] = s
    }
    var mark = [Int](repeating: -1, count: n)
    var local = [Int](repeating: 0, count: n)
    rowStart = [0]
    rowStart.reserveCapacity(superCount + 1)
    valueStart = [0]
    valueStart.reserveCapacity(superCount + 1)
    rows = []
    assemblyStart = [0]
    assemblySource = [Int32](repeating: 0, count: lowerSource.count)
    assemblyDestination = [Int32](repeating: 0, count: lowerSource.count)
    subtreeFirst = Array(0..<superCount)
    var extra: [Int32] = []
    var assembled = 0
    for s in 0..<superCount {
      let firstColumn = superStart[s]
      let end = superStart[s + 1]
      extra.removeAll(keepingCapacity: true)
      for j in firstColumn..<end {
        mark[j] = s
        for p in lowerStart[j]..<lowerStart[j + 1] {
          let i = Int(lowerRows[p])
          if i >= end && mark[i] != s {
            mark[i] = s
            extra.append(Int32(i))
          }
        }
      }
      var child = childHead[s]
      while child != -1 {
        subtreeFirst[s] = min(subtreeFirst[s], subtreeFirst[child])
        let childColumns = superStart[child + 1] - superStart[child]
        for p in (rowStart[child] + childColumns)..<rowStart[child + 1] {
          let i = Int(rows[p])
          if i >= end && mark[i] != s {
            mark[i] = s
            extra.append(Int32(i))
          }
        }
        child = childNext[child]
      }
      extra.sort()
      for j in firstColumn..<end { rows.append(Int32(j)) }
      rows.append(contentsOf: extra)
      rowStart.append(rows.count)
      let nrow = end - firstColumn + extra.count
      let ncol = end - firstColumn
      maxUpdateRows = max(maxUpdateRows, nrow - ncol)
      valueStart.append(valueStart[s] + nrow * ncol)
      maxSupernodeEntries = max(maxSupernodeEntries, nrow * ncol)
      for (k, p) in (rowStart[s]..<rowStart[s + 1]).enumerated() { local[Int(rows[p])] = k }
      for j in firstColumn..<end {
        // Offsets within the supernode fit 32 bits unless it exceeds 2^31 entries (16 GiB);
        // `SupernodalCholesky.init` refuses such a factor before the kernel reads these.
        let columnBase = (j - firstColumn) * nrow
        for p in lowerStart[j]..<lowerStart[j + 1] {
          assemblySource[assembled] = lowerSource[p]
          assemblyDestination[assembled] = Int32(truncatingIfNeeded: columnBase + local[Int(lowerRows[p])])
          assembled += 1
        }
      }
      assemblyStart.append(assembled)
    }
  }

  /// Flops of factoring supernode `s` and forming its update, counted like `flops`.
  func ownFlops(_ s: Int) -> Double {
    let ncol = superStart[s + 1] - superStart[s]
    let nrow = rowStart[s + 1] - rowStart[s]
    var f = 0.0
    for k in 0..<ncol { f += Double(nrow - k) * Double(nrow - k) }
    return f
  }

  /// The sum of `ownFlops` over all supernodes (the progress reports' total).
  var supernodeFlopsTotal: Double { (0..<superCount).reduce(0) { $0 + ownFlops($1) } }

  /// Splits the supernodal tree into independent subtrees for the workers and a top part.
  ///
  /// Starting from the roots, the most expensive subtree is replaced by its children (its root
  /// joins the top part) until a greedy largest-first assignment of the subtrees to `threads`
  /// workers is within 2% of an even split and there are at least `4 * threads` subtrees, or
  /// the top part would hold more than half of the work.
  mutating func splitTree(threads: Int) {
    var subtreeCost = [Double](repeating: 0, count: superCount)
    var children = [[Int]](repeating: [], count: superCount)
    for s in 0..<superCount {
      subtreeCost[s] += ownFlops(s)
      if superParent[s] != -1 {
        subtreeCost[superParent[s]] += subtreeCost[s]
        children[superParent[s]].append(s)
      }
    }
    topIndex = [Int](repeating: -1, count: superCount)
    var candidates = (0..<superCount).filter { superParent[$0] == -1 }
    var top: [Int] = []
    let total = subtreeCost.enumerated().filter { superParent[$0.offset] == -1 }.reduce(0) { $0 + $1.element }
    var topCost = 0.0
    if threads > 1 {
      while true {
        candidates.sort { subtreeCost[$0] > subtreeCost[$1] }
        var load = [Double](repeating: 0, count: threads)
        for c in candidates {
          let w = load.indices.min { load[$0] < load[$1] }!
          load[w] += subtreeCost[c]
        }
        let subtreeTotal = load.reduce(0, +)
        let balanced = load.max()! <= 1.02 * subtreeTotal / Double(threads)
        if balanced && candidates.count >= 4 * threads { break }
        guard let biggest = candidates.first, !children[biggest].isEmpty else { break }
        let cost = ownFlops(biggest)
        if topCost + cost > 0.5 * total { break }
        topCost += cost
        candidates.removeFirst()
        top.append(biggest)
        candidates.append(contentsOf: children[biggest])
      }
    } else {
      candidates.sort { subtreeCost[$0] > subtreeCost[$1] }
    }
    top.sort()
    for (k, s) in top.enumerated() { topIndex[s] = k }
    topSupernodes = top
    subtreeRoots = candidates
    topFlops = topCost
    subtreeFlops = candidates.reduce(0) { $0 + subtreeCost[$1] }
  }
}

extension SupernodalSymbolic {
  /// The statistics of a factor just analysed with this structure (no numeric factorization
  /// yet), shared by the double and the mixed-precision factors.
  func statistics(analysisSeconds: Double) -> FactorStatistics {
    FactorStatistics(
      factorNonzeros: factorNonzeros,
      flops: flops,
      analysisSeconds: analysisSeconds,
      factorizationSeconds: 0,
      orderingName: "given permutation, postordered",
      isSupernodal: true,
      factorStoredEntries: Double(valueStart.last!),
      analysisCount: 1,
      factorizationCount: 0)
  }
}
