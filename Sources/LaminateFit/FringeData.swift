import FECommon

/// Measured displacement data at points (model length unit), as read from a fringe CSV.
///
/// One row per measured point. Displacements are in the model's length unit whatever
/// the file held (fringe orders are converted on reading, see `FringeCSVReader` in
/// `FeinvertIO`). A masked value (an empty cell: moiré fields have holes) is NaN.
///
/// Layout: `values` and `sigma` are row-major, `components.count` values per point,
/// in the order of `components` (the file's column order): the value of displacement
/// component `components[k]` at point `i` is `values[i * components.count + k]`.
public struct FringeData: Sendable, Equatable {
  /// The file as the user named it, for messages (`source:line`).
  public var source: String
  /// Measured points, model length unit, global axes.
  public var points: [SIMD3<Double>]
  /// 1-based line of each point in `source`.
  public var lines: [Int]
  /// Displacement components present (0 ux, 1 uy, 2 uz), in column order, no repeats.
  public var components: [Int]
  /// `points.count * components.count` displacements (model length unit), row-major;
  /// NaN where masked (empty cell).
  public var values: [Double]
  /// Standard deviations, same shape and unit as `values`, from the `sigma_<c>`
  /// columns; NaN where the column is absent or the cell empty; `nil` when the file
  /// has no sigma column at all.
  public var sigma: [Double]?
  /// Per-point weight from a `weight` column (an empty cell reads as 1); `nil` when
  /// the file has no weight column.
  public var weight: [Double]?
  /// `# key = value` comment lines, keys and values trimmed (the last one wins).
  public var metadata: [String: String]

  /// Creates a data set.
  ///
  /// `lines.count` must equal `points.count`, `values.count` (and `sigma?.count`)
  /// must equal `points.count * components.count`, `weight?.count` must equal
  /// `points.count`, and `components` must hold distinct values in 0...2, or a
  /// precondition failure occurs.
  public init(
    source: String, points: [SIMD3<Double>], lines: [Int], components: [Int], values: [Double],
    sigma: [Double]? = nil, weight: [Double]? = nil, metadata: [String: String] = [:]
  ) {
    precondition(lines.count == points.count, "FringeData: lines.count must equal points.count")
    precondition(values.count == points.count * components.count,
                 "FringeData: values.count must equal points.count * components.count")
    precondition(sigma.map { $0.count == values.count } ?? true, "FringeData: sigma must have the shape of values")
    precondition(weight.map { $0.count == points.count } ?? true, "FringeData: weight.count must equal points.count")
    precondition(Set(components).count == components.count && components.allSatisfy { (0...2).contains($0) },
                 "FringeData: components must be distinct values in 0...2")
    self.source = source
    self.points = points
    self.lines = lines
    self.components = components
    self.values = values
    self.sigma = sigma
    self.weight = weight
    self.metadata = metadata
  }

  /// Number of points.
  public var pointCount: Int { points.count }

  /// The column (0-based position in `components`) of a displacement component, or
  /// `nil` when the data do not hold it.
  public func column(of component: Int) -> Int? { components.firstIndex(of: component) }

  /// Whether the value of displacement component `component` (0 ux, 1 uy, 2 uz) at
  /// point `point` is masked (an empty cell).
  ///
  /// `component` must be one of `components`, or a precondition failure occurs
  /// (it is the displacement component, not the column: use
  /// `isMasked(point:column:)` for that).
  public func isMasked(point: Int, component: Int) -> Bool {
    guard let k = column(of: component) else {
      preconditionFailure("FringeData.isMasked: component \(component) is not among \(components)")
    }
    return isMasked(point: point, column: k)
  }

  /// Whether the value in column `column` (0-based position in `components`) at
  /// point `point` is masked.
  public func isMasked(point: Int, column: Int) -> Bool {
    values[point * components.count + column].isNaN
  }

  /// The value of displacement component `component` at `point` (NaN if masked).
  ///
  /// `component` must be one of `components`, or a precondition failure occurs.
  public func value(point: Int, component: Int) -> Double {
    guard let k = column(of: component) else {
      preconditionFailure("FringeData.value: component \(component) is not among \(components)")
    }
    return values[point * components.count + k]
  }

  /// Number of values present (not masked): the scalar observations a fit uses.
  public var observedValueCount: Int { values.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } }

  /// The data restricted to some points, in the given order (for instance the
  /// `keptIndices` of an `ObservationOperator` built with `dropOffSurface`).
  ///
  /// Every index must be in `0..<points.count`, or a precondition failure occurs.
  public func selecting(_ indices: [Int]) -> FringeData {
    let m = components.count
    func rows(_ a: [Double]) -> [Double] {
      var out = [Double]()
      out.reserveCapacity(indices.count * m)
      for i in indices { out += a[(i * m)..<((i + 1) * m)] }
      return out
    }
    return FringeData(
      source: source, points: indices.map { points[$0] }, lines: indices.map { lines[$0] },
      components: components, values: rows(values), sigma: sigma.map(rows),
      weight: weight.map { w in indices.map { w[$0] } }, metadata: metadata)
  }

  public static func == (a: FringeData, b: FringeData) -> Bool {
    func same(_ x: [Double], _ y: [Double]) -> Bool {
      x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }
    func sameOptional(_ x: [Double]?, _ y: [Double]?) -> Bool {
      switch (x, y) {
      case (nil, nil): return true
      case let (x?, y?): return same(x, y)
      default: return false
      }
    }
    return a.source == b.source && a.points == b.points && a.lines == b.lines
      && a.components == b.components && same(a.values, b.values) && sameOptional(a.sigma, b.sigma)
      && sameOptional(a.weight, b.weight) && a.metadata == b.metadata
  }
}
