/// The cells a map of scattered points on a face is drawn in.
///
/// The face's two in-plane axes are the two global axes along which the points spread
/// most (the third, the smallest extent, is taken as the face normal). When the points lie
/// on a tensor grid of at most `maxCells` cells (their distinct coordinates along each axis,
/// to 1e-9 of the extent, multiply to at most 3 times the number of points), each grid
/// node is one cell: nothing is averaged. Grid lines missing altogether (a hole across the
/// face) are restored as empty cells when the others lie on a uniform lattice. Otherwise the face's bounding box is split into
/// uniform cells, about as many as there are points but at most `maxCells`, with the
/// cells' aspect following the box's; a cell shows the mean of the points in it. The
/// `description` says which.
package struct FaceGrid: Sendable {
  /// The global axes (0 = x, 1 = y, 2 = z) along the map's horizontal and vertical.
  package var axes: (Int, Int)
  /// Cell centres along each map axis.
  package var u: [Double]
  package var v: [Double]
  /// Per point: its cell, `row * u.count + column`.
  package var cell: [Int]
  /// Whether each point is its own cell.
  package var exact: Bool

  package var cellCount: Int { u.count * v.count }
  package static let axisNames = ["x", "y", "z"]

  package init(points: [SIMD3<Double>], maxCells: Int) {
    precondition(!points.isEmpty && maxCells >= 1, "a face grid needs points and at least one cell")
    var lo = points[0], hi = points[0]
    for p in points { lo = pointwiseMin(lo, p); hi = pointwiseMax(hi, p) }
    let extent = hi - lo
    let normal = (0..<3).min { extent[$0] < extent[$1] }!
    let a = (0..<3).filter { $0 != normal }
    axes = (a[0], a[1])
    let (ia, ib) = (a[0], a[1])

    // A tensor grid?
    func distinct(_ axis: Int) -> [Double] {
      let tol = 1e-9 * max(extent[axis], 1e-300)
      let sorted = points.map { $0[axis] }.sorted()
      var out = [Double]()
      for x in sorted where out.last.map({ x - $0 > tol }) ?? true { out.append(x) }
      return out
    }
    // Whole columns or rows of a grid may be missing (a masked hole across the face): when
    // the distinct values lie on the lattice of their smallest gap, the lattice is the axis,
    // so that the missing lines become empty cells instead of joining their neighbours.
    func lattice(_ values: [Double]) -> [Double] {
      guard values.count > 2 else { return values }
      let h = zip(values, values.dropFirst()).map { $1 - $0 }.min()!
      let span = values.last! - values.first!
      let n = Int((span / h).rounded()) + 1
      guard h > 0, n <= 4 * values.count,
        values.allSatisfy({ abs(($0 - values[0]) / h - (($0 - values[0]) / h).rounded()) < 1e-6 })
      else { return values }
      return (0..<n).map { values[0] + span * Double($0) / Double(n - 1) }
    }
    let du = lattice(distinct(ia)), dv = lattice(distinct(ib))
    if du.count * dv.count <= maxCells && Double(du.count * dv.count) <= 3 * Double(points.count) {
      func locate(_ x: Double, _ values: [Double]) -> Int {
        var l = 0, h = values.count - 1
        while l < h {
          let m = (l + h) / 2
          if values[m] < x - 1e-9 * max(abs(values[h] - values[0]), 1e-300) { l = m + 1 } else { h = m }
        }
        return l
      }
      u = du
      v = dv
      cell = points.map { locate($0[ib], dv) * du.count + locate($0[ia], du) }
      exact = true
      return
    }
    let target = Double(min(maxCells, max(points.count, 4)))
    let wa = max(extent[ia], 1e-12), wb = max(extent[ib], 1e-12)
    var nu = max(1, Int((target * wa / wb).squareRoot().rounded()))
    var nv = max(1, Int(target / Double(nu)))
    while nu * nv > maxCells { if nu > nv { nu -= 1 } else { nv -= 1 } }
    let hu = wa / Double(nu), hv = wb / Double(nv)
    u = (0..<nu).map { lo[ia] + (Double($0) + 0.5) * hu }
    v = (0..<nv).map { lo[ib] + (Double($0) + 0.5) * hv }
    cell = points.map { p in
      let i = min(nu - 1, max(0, Int((p[ia] - lo[ia]) / hu)))
      let j = min(nv - 1, max(0, Int((p[ib] - lo[ib]) / hv)))
      return j * nu + i
    }
    exact = false
  }

  /// In words: the axes, the cells, and what a cell shows.
  package func description(pointCount: Int) -> String {
    let names = "\(Self.axisNames[axes.0]) (horizontal) and \(Self.axisNames[axes.1]) (vertical)"
    if exact {
      return "\(pointCount) points on a \(u.count) × \(v.count) grid in \(names); every point is drawn (no decimation)"
    }
    return "\(pointCount) points averaged into \(u.count) × \(v.count) = \(cellCount) uniform cells in \(names) (decimated: each cell shows the mean of the points in it)"
  }

  /// Per cell, the mean of `values[k]` over the rows `k` whose point falls in it; NaN
  /// where none does.
  package func means(values: [Double], points: [Int]) -> [Double] {
    var sum = [Double](repeating: 0, count: cellCount), count = [Int](repeating: 0, count: cellCount)
    for (k, p) in points.enumerated() {
      sum[cell[p]] += values[k]
      count[cell[p]] += 1
    }
    return (0..<cellCount).map { count[$0] > 0 ? sum[$0] / Double(count[$0]) : .nan }
  }

  /// The cell grid as plotly's `z`: rows (v) of columns (u).
  package func rows(_ cells: [Double]) -> [[Double]] {
    (0..<v.count).map { j in Array(cells[(j * u.count)..<((j + 1) * u.count)]) }
  }
}
