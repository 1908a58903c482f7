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
struct SupernodalKernel: @unchecked Sendable {
  /// Columns of an update formed per BLAS call (bounds the workspace).
  static let panelWidth = 512

  let n: Int
  let superCount: Int
  let superStart: UnsafeMutablePointer<Int>
  let superOf: UnsafeMutablePointer<Int32>
  let rowStart: UnsafeMutablePointer<Int>
  let rows: UnsafeMutablePointer<Int32>
  let valueStart: UnsafeMutablePointer<Int>
  let subtreeFirst: UnsafeMutablePointer<Int>
  let topIndex: UnsafeMutablePointer<Int>
  let assemblyStart: UnsafeMutablePointer<Int>
  let assemblySource: UnsafeMutablePointer<Int32>
  let assemblyDestination: UnsafeMutablePointer<Int>
  /// One mutex per top supernode: workers of different subtrees update them concurrently.
  let topLocks: UnsafeMutablePointer<pthread_mutex_t>
  let topCount: Int
  /// The factor's values (`valueStart[superCount]` doubles), allocated on first use.
  var values: UnsafeMutablePointer<Double>? = nil

  init(_ s: SupernodalSymbolic) {
    func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
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
    topIndex = copy(s.topIndex)
    assemblyStart = copy(s.assemblyStart)
    assemblySource = copy(s.assemblySource)
    assemblyDestination = copy(s.assemblyDestination)
    topCount = s.topSupernodes.count
    topLocks = .allocate(capacity: max(1, topCount))
    for k in 0..<topCount { pthread_mutex_init(topLocks + k, nil) }
  }

  /// Frees everything `init` and `allocateValues` allocated.
  func deallocate() {
    superStart.deallocate()
    superOf.deallocate()
    rowStart.deallocate()
    rows.deallocate()
    valueStart.deallocate()
    subtreeFirst.deallocate()
    topIndex.deallocate()
    assemblyStart.deallocate()
    assemblySource.deallocate()
    assemblyDestination.deallocate()
    for k in 0..<topCount { pthread_mutex_destroy(topLocks + k) }
    topLocks.deallocate()
    values?.deallocate()
  }

  var storedEntries: Int { valueStart[superCount] }

  /// Zeroes supernode `s` and copies in its entries of `A` (`a` = `SymmetricCSCMatrix.values`).
  func assemble(_ s: Int, from a: UnsafePointer<Double>) {
    let l = values!
    let start = valueStart[s]
    (l + start).update(repeating: 0, count: valueStart[s + 1] - start)
    for k in assemblyStart[s]..<assemblyStart[s + 1] {
      l[assemblyDestination[k]] = a[Int(assemblySource[k])]
    }
  }

  /// Factors supernode `s` (all its descendants' updates must already be applied) and
  /// subtracts its update from its ancestors.
  ///
  /// - Parameters:
  ///   - workspace: at least `maxUpdateRows * panelWidth` doubles.
  ///   - relative: at least `2 * maxUpdateRows + 1` entries (relative rows, then runs).
  ///   - locking: whether to lock top supernodes while updating them (subtree phase).
  /// - Returns: the permuted column whose pivot was not positive, or `-1`.
  func factor(
    _ s: Int, workspace: UnsafeMutablePointer<Double>, relative: UnsafeMutablePointer<Int32>,
    locking: Bool
  ) -> Int {
    let failed = factorDiagonal(s)
    if failed >= 0 { return failed }
    for panel in 0..<panelCount(s) {
      update(s, panel: panel, workspace: workspace, relative: relative, locking: locking)
    }
    return -1
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
    var uplo = CChar(UInt8(ascii: "L"))
    var order = Int32(ncol)
    var lda = Int32(nrow)
    var info: Int32 = 0
    dpotrf_(&uplo, &order, ls, &lda, &info)
    precondition(info >= 0, "SupernodalCholesky: dpotrf argument error \(info)")
    if info > 0 { return first + Int(info) - 1 }
    let m = nrow - ncol
    if m > 0 {
      cblas_dtrsm(
        CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
        Int32(m), Int32(ncol), 1, ls, lda, ls + ncol, lda)
    }
    return -1
  }

  /// Forms panel `panel` of the update `L₂₁ L₂₁ᵀ` of the factored supernode `s` and subtracts
  /// it from the target columns. Different panels write different columns.
  func update(
    _ s: Int, panel: Int, workspace: UnsafeMutablePointer<Double>,
    relative: UnsafeMutablePointer<Int32>, locking: Bool
  ) {
    let ncol = superStart[s + 1] - superStart[s]
    let r0 = rowStart[s]
    let nrow = rowStart[s + 1] - r0
    let lda = Int32(nrow)
    let l21 = values! + valueStart[s] + ncol
    let m = nrow - ncol
    let below = rows + r0 + ncol  // global rows of the update, length m
    let c0 = panel * Self.panelWidth
    let c1 = min(m, c0 + Self.panelWidth)
    let width = c1 - c0
    let ldw = m - c0
    // W = L₂₁[c0..<m, :] L₂₁[c0..<c1, :]ᵀ, lower part: dsyrk on the diagonal block, dgemm below.
    cblas_dsyrk(
      CblasColMajor, CblasLower, CblasNoTrans, Int32(width), Int32(ncol), 1, l21 + c0, lda, 0,
      workspace, Int32(ldw))
    if c1 < m {
      cblas_dgemm(
        CblasColMajor, CblasNoTrans, CblasTrans, Int32(m - c1), Int32(width), Int32(ncol), 1,
        l21 + c1, lda, l21 + c0, lda, 0, workspace + width, Int32(ldw))
    }
    scatter(
      below: below, m: m, c0: c0, c1: c1, workspace: workspace, ldw: ldw, relative: relative,
      locking: locking)
  }

  /// Subtracts columns `c0 ..< c1` of an update (rows `c0 ..< m`, in `workspace` with leading
  /// dimension `ldw`) from the target columns `below[c]`, grouped by target supernode.
  @inline(__always)
  private func scatter(
    below: UnsafeMutablePointer<Int32>, m: Int, c0: Int, c1: Int,
    workspace: UnsafeMutablePointer<Double>, ldw: Int, relative: UnsafeMutablePointer<Int32>,
    locking: Bool
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
      let top = locking ? topIndex[t] : -1
      if top >= 0 { pthread_mutex_lock(topLocks + top) }
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
      if top >= 0 { pthread_mutex_unlock(topLocks + top) }
      c = cEnd
    }
  }

  // MARK: solve

  /// Solves `L Y = B` in place for `count` right-hand sides (`x`: permuted, column-major,
  /// leading dimension `n`); `scratch` holds at least `maxUpdateRows * count` doubles.
  func forward(_ x: UnsafeMutablePointer<Double>, count: Int, scratch: UnsafeMutablePointer<Double>) {
    let l = values!
    for s in 0..<superCount {
      let first = superStart[s]
      let ncol = superStart[s + 1] - first
      let nrow = rowStart[s + 1] - rowStart[s]
      let m = nrow - ncol
      let ls = l + valueStart[s]
      let below = rows + rowStart[s] + ncol
      cblas_dtrsm(
        CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, Int32(ncol), Int32(count), 1,
        ls, Int32(nrow), x + first, Int32(n))
      if m == 0 { continue }
      cblas_dgemm(
        CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(count), Int32(ncol), 1, ls + ncol,
        Int32(nrow), x + first, Int32(n), 0, scratch, Int32(m))
      for c in 0..<count {
        let xc = x + c * n
        let sc = scratch + c * m
        for k in 0..<m { xc[Int(below[k])] -= sc[k] }
      }
    }
  }

  /// Solves `Lᵀ X = Y` in place (same layout as `forward`).
  func backward(_ x: UnsafeMutablePointer<Double>, count: Int, scratch: UnsafeMutablePointer<Double>) {
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
        cblas_dgemm(
          CblasColMajor, CblasTrans, CblasNoTrans, Int32(ncol), Int32(count), Int32(m), -1, ls + ncol,
          Int32(nrow), scratch, Int32(m), 1, x + first, Int32(n))
      }
      cblas_dtrsm(
        CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasNonUnit, Int32(ncol), Int32(count), 1,
        ls, Int32(nrow), x + first, Int32(n))
    }
  }
}
