import CSuiteSparse

#if canImport(Glibc)
  import Glibc
#endif

/// The symbolic arrays of a `SupernodalCholesky` in raw memory, plus the numeric kernels
/// that work on one supernode.
///
/// The factor is right-looking supernodal: supernode `s` is factored in place (`dpotrf` on its
/// diagonal block, `dtrsm` below it), then its update `L₂₁ L₂₁ᵀ` is formed in panels of
/// `panelWidth` columns (`dsyrk` + `dgemm`) in a per-thread workspace and subtracted directly
/// from the ancestors' columns in the factor. No update matrix outlives its supernode, so
/// memory is the factor plus `maxUpdateRows x panelWidth` doubles per thread.
///
/// The result does not depend on thread timing: every entry of the factor receives its
/// updates in one fixed order. Within a subtree one worker applies them in postorder. The
/// updates a subtree sends into the top supernodes (columns `subtreeUpdateColumns[s] ..< m`
/// of supernode `s`'s update) are held back and applied afterwards: each worker owns one
/// contiguous range of target columns (`boundaryRanges`) and takes the sources in ascending
/// order.
///
/// The kernel is generic over the precision of the factor (`FactorScalar`: `Double`, or
/// `Float` for the mixed-precision factor); the matrix's entries are converted as they are
/// assembled, and the solves run in the factor's precision.
struct SupernodalKernel<T: FactorScalar>: @unchecked Sendable {
  /// Columns of an update formed per BLAS call (bounds the workspace).
  static var panelWidth: Int { 512 }

  let n: Int
  let superCount: Int
  let superStart: UnsafeMutablePointer<Int>
  let superOf: UnsafeMutablePointer<Int32>
  let rowStart: UnsafeMutablePointer<Int>
  let rows: UnsafeMutablePointer<Int32>
  let valueStart: UnsafeMutablePointer<Int>
  let subtreeFirst: UnsafeMutablePointer<Int>
  let assemblyStart: UnsafeMutablePointer<Int>
  let assemblySource: UnsafeMutablePointer<Int32>
  let assemblyDestination: UnsafeMutablePointer<Int32>
  /// For each supernode, how many leading columns of its update go to supernodes of its own
  /// subtree (all of them for a top supernode, or when there is no top part); the rest go to
  /// top supernodes and are applied in the boundary phase.
  let subtreeUpdateColumns: UnsafeMutablePointer<Int>
  /// The non-top supernodes that send updates into the top part, ascending.
  let boundarySources: [Int]
  /// One contiguous range of target columns per worker for the boundary phase, split so the
  /// ranges carry about equal flops.
  let boundaryRanges: [Range<Int>]
  /// The factor's values (`valueStart[superCount]` entries), allocated on first use.
  var values: UnsafeMutablePointer<T>? = nil

  init(_ s: SupernodalSymbolic, workers: Int) {
    func copy<E>(_ a: [E]) -> UnsafeMutablePointer<E> {
      let p = UnsafeMutablePointer<E>.allocate(capacity: max(1, a.count))
      _ = UnsafeMutableBufferPointer(start: p, count: a.count).initialize(from: a)
      return p
    }
    n = s.n
    superCount = s.superCount
    superStart = copy(s.superStart)
    superOf = copy(s.superOf)
    rowStart = copy(s.rowStart)
    rows = copy(s.rows)
    valueStart = copy(s.valueStart)
    subtreeFirst = copy(s.subtreeFirst)
    assemblyStart = copy(s.assemblyStart)
    assemblySource = copy(s.assemblySource)
    assemblyDestination = copy(s.assemblyDestination)
    // Update rows are sorted, and a supernode's ancestors inside its subtree precede the
    // top supernodes above the subtree root, so the top targets are a suffix of the rows.
    subtreeUpdateColumns = .allocate(capacity: max(1, s.superCount))
    var sources: [Int] = []
    for k in 0..<s.superCount {
      let ncol = s.superStart[k + 1] - s.superStart[k]
      let below = (s.rowStart[k] + ncol)..<s.rowStart[k + 1]
      var local = below.count
      if s.topIndex[k] < 0 {
        local = 0
        for p in below where s.topIndex[Int(s.superOf[Int(s.rows[p])])] < 0 {
          assert(p == below.lowerBound + local, "SupernodalKernel: top targets must be a suffix")
          local += 1
        }
        if local < below.count { sources.append(k) }
      }
      subtreeUpdateColumns[k] = local
    }
    boundarySources = sources
    // Flops of the held-back updates by target column: column c of source k's update costs
    // (m − c) · ncol multiply-adds. Cut the columns where the running sum crosses each
    // worker's share.
    var cost = [Double](repeating: 0, count: s.n + 1)
    var total = 0.0
    for k in sources {
      let ncol = s.superStart[k + 1] - s.superStart[k]
      let r0 = s.rowStart[k] + ncol
      let m = s.rowStart[k + 1] - r0
      for c in subtreeUpdateColumns[k]..<m {
        let f = Double(m - c) * Double(ncol)
        cost[Int(s.rows[r0 + c])] += f
        total += f
      }
    }
    var ranges: [Range<Int>] = []
    var start = 0, running = 0.0
    for j in 0..<s.n where ranges.count < workers - 1 {
      running += cost[j]
      if running >= total * Double(ranges.count + 1) / Double(workers) {
        ranges.append(start..<(j + 1))
        start = j + 1
      }
    }
    ranges.append(start..<s.n)
    boundaryRanges = ranges
  }

  /// The same structure (shared, not copied) with no values, in precision `U`: the double
  /// factor a mixed-precision factor falls back to. Only one of the two may call
  /// `deallocateStructure`.
  func sharingStructure<U: FactorScalar>(as: U.Type) -> SupernodalKernel<U> {
    SupernodalKernel<U>(sharing: self)
  }

  private init<V: FactorScalar>(sharing other: SupernodalKernel<V>) {
    n = other.n
    superCount = other.superCount
    superStart = other.superStart
    superOf = other.superOf
    rowStart = other.rowStart
    rows = other.rows
    valueStart = other.valueStart
    subtreeFirst = other.subtreeFirst
    assemblyStart = other.assemblyStart
    assemblySource = other.assemblySource
    assemblyDestination = other.assemblyDestination
    subtreeUpdateColumns = other.subtreeUpdateColumns
    boundarySources = other.boundarySources
    boundaryRanges = other.boundaryRanges
  }

  /// Frees the values, if allocated.
  mutating func deallocateValues() {
    values?.deallocate()
    values = nil
  }

  /// Frees everything `init` and `allocateValues` allocated.
  func deallocate() {
    superStart.deallocate()
    superOf.deallocate()
    rowStart.deallocate()
    rows.deallocate()
    valueStart.deallocate()
    subtreeFirst.deallocate()
    assemblyStart.deallocate()
    assemblySource.deallocate()
    assemblyDestination.deallocate()
    subtreeUpdateColumns.deallocate()
    values?.deallocate()
  }

  var storedEntries: Int { valueStart[superCount] }

  /// Zeroes supernode `s` and copies in its entries of `A` (`a` = `SymmetricCSCMatrix.values`).
  ///
  /// Only the lower trapezoid is zeroed: no kernel reads or writes the strict upper triangle
  /// of a diagonal block, so those entries stay untouched. In the large separator supernodes
  /// they span whole pages, which then never become resident: the process's peak memory is
  /// the factor's used entries (about `lnz`), not its stored block size (`storedEntries`).
  func assemble(_ s: Int, from a: UnsafePointer<Double>) {
    let ls = values! + valueStart[s]
    let ncol = superStart[s + 1] - superStart[s]
    let nrow = rowStart[s + 1] - rowStart[s]
    for j in 0..<ncol {
      (ls + j * nrow + j).update(repeating: 0, count: nrow - j)
    }
    for k in assemblyStart[s]..<assemblyStart[s + 1] {
      ls[Int(assemblyDestination[k])] = T(a[Int(assemblySource[k])])
    }
  }

  /// Factors supernode `s` of a subtree (all its descendants' updates must already be
  /// applied) and subtracts its update from its ancestors in the same subtree; the part for
  /// top supernodes waits for the boundary phase.
  ///
  /// - Parameters:
  ///   - workspace: at least `maxUpdateRows * panelWidth` doubles.
  ///   - relative: at least `2 * maxUpdateRows + 1` entries (relative rows, then runs).
  /// - Returns: the permuted column whose pivot was not positive, or `-1`.
  func factor(
    _ s: Int, workspace: UnsafeMutablePointer<T>, relative: UnsafeMutablePointer<Int32>
  ) -> Int {
    let failed = factorDiagonal(s)
    if failed >= 0 { return failed }
    updateInPanels(s, columns: 0..<subtreeUpdateColumns[s], workspace: workspace, relative: relative)
    return -1
  }

  /// Applies every held-back update into the target columns `targets`, from the boundary
  /// sources in ascending order, in panels of at most `panelWidth` columns. Different ranges
  /// write different columns.
  func applyBoundary(
    targets: Range<Int>, workspace: UnsafeMutablePointer<T>, relative: UnsafeMutablePointer<Int32>
  ) {
    for s in boundarySources {
      let ncol = superStart[s + 1] - superStart[s]
      let r0 = rowStart[s] + ncol
      let m = rowStart[s + 1] - r0
      let local = subtreeUpdateColumns[s]
      // The update columns c in local ..< m whose row below[c] lies in `targets`.
      let below = rows + r0
      func firstColumn(atLeast row: Int) -> Int {
        var lo = local, hi = m
        while lo < hi {
          let mid = (lo + hi) >> 1
          if Int(below[mid]) < row { lo = mid + 1 } else { hi = mid }
        }
        return lo
      }
      let first = firstColumn(atLeast: targets.lowerBound), end = firstColumn(atLeast: targets.upperBound)
      updateInPanels(s, columns: first..<end, workspace: workspace, relative: relative)
    }
  }

  /// Applies update columns `columns` of supernode `s`, in consecutive panels of at most
  /// `panelWidth` columns.
  func updateInPanels(
    _ s: Int, columns: Range<Int>, workspace: UnsafeMutablePointer<T>, relative: UnsafeMutablePointer<Int32>
  ) {
    var c0 = columns.lowerBound
    while c0 < columns.upperBound {
      let c1 = min(columns.upperBound, c0 + Self.panelWidth)
      update(s, columns: c0..<c1, workspace: workspace, relative: relative)
      c0 = c1
    }
  }

  /// The number of column panels of supernode `s`'s update.
  func panelCount(_ s: Int) -> Int {
    let m = (rowStart[s + 1] - rowStart[s]) - (superStart[s + 1] - superStart[s])
    return (m + Self.panelWidth - 1) / Self.panelWidth
  }

  /// `dpotrf` on the diagonal block of `s`, then `dtrsm` for the rows below it.
  /// - Returns: the permuted column whose pivot was not positive, or `-1`.
  func factorDiagonal(_ s: Int) -> Int {
    let first = superStart[s]
    let ncol = superStart[s + 1] - first
    let nrow = rowStart[s + 1] - rowStart[s]
    let ls = values! + valueStart[s]
    let lda = Int32(nrow)
    let info = T.potrfLower(Int32(ncol), ls, lda)
    precondition(info >= 0, "SupernodalCholesky: potrf argument error \(info)")
    if info > 0 { return first + Int(info) - 1 }
    let m = nrow - ncol
    if m > 0 {
      T.trsmRightLowerTrans(Int32(m), Int32(ncol), ls, lda, ls + ncol, lda)
    }
    return -1
  }

  /// Forms panel `panel` of the update `L₂₁ L₂₁ᵀ` of the factored top supernode `s` and
  /// subtracts it from the target columns. Different panels write different columns.
  func update(
    _ s: Int, panel: Int, workspace: UnsafeMutablePointer<T>, relative: UnsafeMutablePointer<Int32>
  ) {
    let m = (rowStart[s + 1] - rowStart[s]) - (superStart[s + 1] - superStart[s])
    let c0 = panel * Self.panelWidth
    update(s, columns: c0..<min(m, c0 + Self.panelWidth), workspace: workspace, relative: relative)
  }

  /// Forms columns `columns` (at most `panelWidth`) of the update `L₂₁ L₂₁ᵀ` of the factored
  /// supernode `s` and subtracts them from their target columns.
  func update(
    _ s: Int, columns: Range<Int>, workspace: UnsafeMutablePointer<T>,
    relative: UnsafeMutablePointer<Int32>
  ) {
    let ncol = superStart[s + 1] - superStart[s]
    let r0 = rowStart[s]
    let nrow = rowStart[s + 1] - r0
    let lda = Int32(nrow)
    let l21 = values! + valueStart[s] + ncol
    let m = nrow - ncol
    let below = rows + r0 + ncol  // global rows of the update, length m
    let c0 = columns.lowerBound
    let c1 = columns.upperBound
    let width = c1 - c0
    let ldw = m - c0
    // W = L₂₁[c0..<m, :] L₂₁[c0..<c1, :]ᵀ, lower part: dsyrk on the diagonal block, dgemm below.
    T.syrkLower(Int32(width), Int32(ncol), l21 + c0, lda, workspace, Int32(ldw))
    if c1 < m {
      T.gemm(
        transA: false, transB: true, Int32(m - c1), Int32(width), Int32(ncol), 1,
        l21 + c1, lda, l21 + c0, lda, 0, workspace + width, Int32(ldw))
    }
    scatter(below: below, m: m, c0: c0, c1: c1, workspace: workspace, ldw: ldw, relative: relative)
  }

  /// Subtracts columns `c0 ..< c1` of an update (rows `c0 ..< m`, in `workspace` with leading
  /// dimension `ldw`) from the target columns `below[c]`, grouped by target supernode.
  @inline(__always)
  private func scatter(
    below: UnsafeMutablePointer<Int32>, m: Int, c0: Int, c1: Int,
    workspace: UnsafeMutablePointer<T>, ldw: Int, relative: UnsafeMutablePointer<Int32>
  ) {
    let l = values!
    var c = c0
    while c < c1 {
      let t = Int(superOf[Int(below[c])])
      let tFirst = superStart[t]
      let tEnd = superStart[t + 1]
      var cEnd = c + 1
      while cEnd < c1 && Int(below[cEnd]) < tEnd { cEnd += 1 }
      // Position of each update row c ..< m within t's rows (a subset of them): the first
      // rows of t are its own columns, the rest are found by galloping search.
      let tRows = rows + rowStart[t]
      let tNrow = rowStart[t + 1] - rowStart[t]
      var position = tEnd - tFirst
      for cp in c..<m {
        let r = below[cp]
        if Int(r) < tEnd {
          relative[cp] = Int32(Int(r) - tFirst)
          continue
        }
        if tRows[position] != r {
          var low = position
          var step = 1
          while position + step < tNrow && tRows[position + step] < r {
            low = position + step
            step <<= 1
          }
          var high = min(position + step, tNrow - 1)
          while low + 1 < high {
            let mid = (low + high) >> 1
            if tRows[mid] < r { low = mid } else { high = mid }
          }
          position = high
        }
        relative[cp] = Int32(position)
      }
      // Runs of update rows whose target rows are consecutive (FE node blocks make them at
      // least 3 long): run k is runs[k] ..< runs[k + 1], so each run is a contiguous,
      // vectorizable subtraction.
      let runs = relative + m
      var runCount = 0
      var cp = c
      while cp < m {
        runs[runCount] = Int32(cp)
        runCount += 1
        cp += 1
        while cp < m && relative[cp] == relative[cp - 1] + 1 { cp += 1 }
      }
      runs[runCount] = Int32(m)
      let tl = l + valueStart[t]
      var run = 0
      for cc in c..<cEnd {
        let destination = tl + (Int(below[cc]) - tFirst) * tNrow
        let source = workspace + (cc - c0) * ldw - c0  // source[cp], cp in cc ..< m
        while Int(runs[run + 1]) <= cc { run += 1 }
        var start = cc
        for k in run..<runCount {
          let end = Int(runs[k + 1])
          let d = destination + Int(relative[start])
          let v = source + start
          for i in 0..<(end - start) { d[i] -= v[i] }
          start = end
        }
      }
      c = cEnd
    }
  }

  // MARK: solve

  /// Solves `L Y = B` in place for `count` right-hand sides (`x`: permuted, column-major,
  /// leading dimension `n`); `scratch` holds at least `maxUpdateRows * count` doubles.
  func forward(_ x: UnsafeMutablePointer<T>, count: Int, scratch: UnsafeMutablePointer<T>) {
    let l = values!
    for s in 0..<superCount {
      let first = superStart[s]
      let ncol = superStart[s + 1] - first
      let nrow = rowStart[s + 1] - rowStart[s]
      let m = nrow - ncol
      let ls = l + valueStart[s]
      let below = rows + rowStart[s] + ncol
      T.trsmLeftLower(transposed: false, Int32(ncol), Int32(count), ls, Int32(nrow), x + first, Int32(n))
      if m == 0 { continue }
      T.gemm(
        transA: false, transB: false, Int32(m), Int32(count), Int32(ncol), 1, ls + ncol,
        Int32(nrow), x + first, Int32(n), 0, scratch, Int32(m))
      for c in 0..<count {
        let xc = x + c * n
        let sc = scratch + c * m
        for k in 0..<m { xc[Int(below[k])] -= sc[k] }
      }
    }
  }

  /// Solves `Lᵀ X = Y` in place (same layout as `forward`).
  func backward(_ x: UnsafeMutablePointer<T>, count: Int, scratch: UnsafeMutablePointer<T>) {
    let l = values!
    for s in stride(from: superCount - 1, through: 0, by: -1) {
      let first = superStart[s]
      let ncol = superStart[s + 1] - first
      let nrow = rowStart[s + 1] - rowStart[s]
      let m = nrow - ncol
      let ls = l + valueStart[s]
      let below = rows + rowStart[s] + ncol
      if m > 0 {
        for c in 0..<count {
          let xc = x + c * n
          let sc = scratch + c * m
          for k in 0..<m { sc[k] = xc[Int(below[k])] }
        }
        T.gemm(
          transA: true, transB: false, Int32(ncol), Int32(count), Int32(m), -1, ls + ncol,
          Int32(nrow), scratch, Int32(m), 1, x + first, Int32(n))
      }
      T.trsmLeftLower(transposed: true, Int32(ncol), Int32(count), ls, Int32(nrow), x + first, Int32(n))
    }
  }
}
