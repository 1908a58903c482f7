import FEBasis
import FEKernel

/// Finds the volume elements that contain a point, and the point's reference
/// coordinates in each, by a uniform bucket grid over element bounding boxes and a
/// Newton inversion of the isoparametric map.
///
/// A point on a face shared by several elements is reported in all of them, so
/// callers can average discontinuous fields (stresses) across element boundaries.
public struct ElementLocator: Sendable {
  public let elements: VolumeElements
  let origin: SIMD3<Double>
  let cellSize: SIMD3<Double>
  let cells: SIMD3<Int>
  /// Element lists per cell, flattened (CSR): `cellStart[c]..<cellStart[c+1]` in `cellElements`.
  let cellStart: [Int]
  let cellElements: [Int]

  /// How far outside the reference domain (in reference units) a point still
  /// counts as inside: points on faces land within round-off of the boundary.
  public static let referenceTolerance = 1e-7

  public init(elements: VolumeElements) {
    self.elements = elements
    let count = elements.count
    var lo = SIMD3<Double>(repeating: .infinity), hi = SIMD3<Double>(repeating: -.infinity)
    var meanSize = SIMD3<Double>(repeating: 0)
    for e in 0..<count {
      lo = pointwiseMin(lo, elements.lower[e])
      hi = pointwiseMax(hi, elements.upper[e])
      meanSize += elements.upper[e] - elements.lower[e]
    }
    if count == 0 { lo = .zero; hi = .zero }
    meanSize /= Double(max(count, 1))
    let extent = hi - lo
    // About one element per cell along each axis, capped so the grid stays small.
    var n = SIMD3<Int>(1, 1, 1)
    for k in 0..<3 where meanSize[k] > 0 && extent[k] > 0 {
      n[k] = max(1, min(512, Int((extent[k] / meanSize[k]).rounded(.down))))
    }
    cells = n
    origin = lo
    let size = SIMD3<Double>(
      extent.x > 0 ? extent.x / Double(n.x) : 1, extent.y > 0 ? extent.y / Double(n.y) : 1,
      extent.z > 0 ? extent.z / Double(n.z) : 1)
    cellSize = size
    let cellCount = n.x * n.y * n.z
    var counts = [Int](repeating: 0, count: cellCount + 1)
    func range(_ e: Int) -> (SIMD3<Int>, SIMD3<Int>) {
      (Self.cell(elements.lower[e], origin: lo, size: size, cells: n),
       Self.cell(elements.upper[e], origin: lo, size: size, cells: n))
    }
    for e in 0..<count {
      let (a, b) = range(e)
      for k in a.z...b.z { for j in a.y...b.y { for i in a.x...b.x { counts[1 + (k * n.y + j) * n.x + i] += 1 } } }
    }
    for c in 0..<cellCount { counts[c + 1] += counts[c] }
    var fill = counts
    var list = [Int](repeating: 0, count: counts[cellCount])
    for e in 0..<count {
      let (a, b) = range(e)
      for k in a.z...b.z {
        for j in a.y...b.y {
          for i in a.x...b.x {
            let c = (k * n.y + j) * n.x + i
            list[fill[c]] = e
            fill[c] += 1
          }
        }
      }
    }
    cellStart = counts
    cellElements = list
  }

  static func cell(_ p: SIMD3<Double>, origin: SIMD3<Double>, size: SIMD3<Double>, cells: SIMD3<Int>) -> SIMD3<Int> {
    var c = SIMD3<Int>()
    for k in 0..<3 {
      let i = Int(((p[k] - origin[k]) / size[k]).rounded(.down))
      c[k] = min(max(i, 0), cells[k] - 1)
    }
    return c
  }

  /// Every element containing `p` (within `referenceTolerance`), with the reference
  /// coordinates of `p` in it, optionally only elements accepted by `filter`.
  public func elements(containing p: SIMD3<Double>, where filter: ((Int) -> Bool)? = nil) -> [(element: Int, xi: SIMD3<Double>)] {
    let slack = 1e-9 * max(cellSize.x, cellSize.y, cellSize.z) * Double(max(cells.x, cells.y, cells.z))
    // Every cell within the slack of p: a point on a cell boundary (a node of a structured
    // mesh, a vertex shared by many tetrahedra) has elements registered only on the other
    // side, and which side p falls on must not depend on its last bits.
    let a = Self.cell(p - slack, origin: origin, size: cellSize, cells: cells)
    let b = Self.cell(p + slack, origin: origin, size: cellSize, cells: cells)
    var found = [(element: Int, xi: SIMD3<Double>)]()
    var seen = Set<Int>()
    for k in a.z...b.z {
      for j in a.y...b.y {
        for i in a.x...b.x {
          let index = (k * cells.y + j) * cells.x + i
          for e in cellElements[cellStart[index]..<cellStart[index + 1]] where seen.insert(e).inserted {
            let lo = elements.lower[e], hi = elements.upper[e]
            guard p.x >= lo.x - slack, p.x <= hi.x + slack, p.y >= lo.y - slack, p.y <= hi.y + slack,
                  p.z >= lo.z - slack, p.z <= hi.z + slack
            else { continue }
            if let filter, !filter(e) { continue }
            if let xi = referenceCoordinates(of: p, inElement: e) { found.append((e, xi)) }
          }
        }
      }
    }
    // In element order, so averages over them do not depend on the cell traversal.
    return found.sorted { $0.element < $1.element }
  }

  /// The reference coordinates of `p` in element `e` by Newton's method on the
  /// isoparametric map, or nil when `p` lies outside the element.
  public func referenceCoordinates(of p: SIMD3<Double>, inElement e: Int) -> SIMD3<Double>? {
    let kind = elements.kind(of: e)
    let nodes = Array(elements.nodes(of: e))
    let n = nodes.count
    var values = [Double](repeating: 0, count: n)
    var grads = [Double](repeating: 0, count: 3 * n)
    let isHex = kind == .hex8 || kind == .hex20
    let isPrism = kind == .prism6 || kind == .prism15
    var xi: SIMD3<Double> = isHex ? .zero : isPrism ? SIMD3(1.0 / 3, 1.0 / 3, 0) : SIMD3(0.25, 0.25, 0.25)
    let scale = max(elements.upper[e].x - elements.lower[e].x, elements.upper[e].y - elements.lower[e].y,
                    elements.upper[e].z - elements.lower[e].z)
    for _ in 0..<30 {
      values.withUnsafeMutableBufferPointer { v in
        grads.withUnsafeMutableBufferPointer { g in ReferenceElement.evaluate(kind, at: xi, values: v, gradients: g) }
      }
      var x = SIMD3<Double>(repeating: 0)
      var j = (SIMD3<Double>(repeating: 0), SIMD3<Double>(repeating: 0), SIMD3<Double>(repeating: 0))  // rows: ∂x_i/∂ξ
      for a in 0..<n {
        let q = elements.mesh.point(nodes[a])
        x += q * values[a]
        let g = SIMD3(grads[3 * a], grads[3 * a + 1], grads[3 * a + 2])
        j.0 += q.x * g
        j.1 += q.y * g
        j.2 += q.z * g
      }
      let r = x - p
      guard let step = Self.solve3(j, r) else { return nil }
      xi -= step
      if (step * step).sum().squareRoot() < 1e-13 || (r * r).sum().squareRoot() < 1e-13 * scale { break }
    }
    let t = Self.referenceTolerance
    if isHex {
      guard abs(xi.x) <= 1 + t, abs(xi.y) <= 1 + t, abs(xi.z) <= 1 + t else { return nil }
    } else if isPrism {
      guard xi.x >= -t, xi.y >= -t, xi.x + xi.y <= 1 + t, abs(xi.z) <= 1 + t else { return nil }
    } else {
      guard xi.x >= -t, xi.y >= -t, xi.z >= -t, xi.x + xi.y + xi.z <= 1 + t else { return nil }
    }
    return xi
  }

  /// Solves the 3×3 system with rows `m` by Cramer's rule; nil when singular.
  static func solve3(_ m: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>), _ b: SIMD3<Double>) -> SIMD3<Double>? {
    func det(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> Double {
      a.x * (b.y * c.z - b.z * c.y) - a.y * (b.x * c.z - b.z * c.x) + a.z * (b.x * c.y - b.y * c.x)
    }
    let d = det(m.0, m.1, m.2)
    guard d != 0, d.isFinite else { return nil }
    let c0 = SIMD3(m.0.x, m.1.x, m.2.x), c1 = SIMD3(m.0.y, m.1.y, m.2.y), c2 = SIMD3(m.0.z, m.1.z, m.2.z)
    return SIMD3(det3cols(b, c1, c2), det3cols(c0, b, c2), det3cols(c0, c1, b)) / d
    func det3cols(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) -> Double {
      // Determinant of the matrix with columns a, b, c.
      a.x * (b.y * c.z - c.y * b.z) - b.x * (a.y * c.z - c.y * a.z) + c.x * (a.y * b.z - b.y * a.z)
    }
  }
}
