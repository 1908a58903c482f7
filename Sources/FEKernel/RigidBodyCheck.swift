import FECommon

/// Finds rigid-body motions the prescribed displacements leave free, before any
/// factorization is attempted.
///
/// A floating-point Cholesky of a stiffness with a free rigid mode does not
/// reliably fail: round-off leaves tiny positive pivots and a garbage answer. So
/// each connected part of the mesh is checked directly: with R the matrix whose
/// columns are the part's six rigid modes (three translations, three rotations
/// about its centroid, scaled by its size) restricted to the prescribed DOFs, a
/// motion c is unconstrained exactly when R c = 0, i.e. c is in the null space of
/// RᵀR. The null space is split into rotations (their axes) and pure translations
/// so the message says "rotation about x is not constrained".
public enum RigidBodyCheck {
  /// A rigid motion left free.
  public struct FreeMotion: Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case translation, rotation }
    public var kind: Kind
    /// Unit direction (translation) or axis (rotation).
    public var direction: SIMD3<Double>
    /// A node of the part that this motion moves (the farthest from the centroid for rotations).
    public var exampleNode: Int

    public var description: String {
      let axis = Self.axisName(direction)
      switch kind {
      case .translation: return "translation in \(axis) is not constrained"
      case .rotation: return "rotation about \(axis) is not constrained"
      }
    }

    static func axisName(_ d: SIMD3<Double>) -> String {
      let names = ["x", "y", "z"]
      for i in 0..<3 where abs(d[i]) > 0.999 { return names[i] }
      func f(_ v: Double) -> String { String(format: "%.3f", v) }
      return "(\(f(d.x)), \(f(d.y)), \(f(d.z)))"
    }
  }

  /// The free rigid motions of each connected part of the active mesh.
  ///
  /// - Parameters:
  ///   - neighbours: the node graph as CSR (any symmetric or lower adjacency).
  ///   - isPrescribed: per DOF.
  ///   - active: per node, whether it belongs to a volume element.
  public static func freeMotions(
    mesh: Mesh, volumeBlocks: [ElementBlock], isPrescribed: [Bool]
  ) -> [FreeMotion] {
    let parts = connectedParts(mesh: mesh, blocks: volumeBlocks)
    var result = [FreeMotion]()
    for part in parts {
      result.append(contentsOf: freeMotions(of: part, mesh: mesh, isPrescribed: isPrescribed))
    }
    return result
  }

  static func freeMotions(of nodes: [Int], mesh: Mesh, isPrescribed: [Bool]) -> [FreeMotion] {
    var centroid = SIMD3<Double>(repeating: 0)
    for n in nodes { centroid += mesh.point(n) }
    centroid /= Double(nodes.count)
    var size2 = 0.0
    var farthest = nodes[0], farthestDistance = -1.0
    for n in nodes {
      let d = mesh.point(n) - centroid
      let r2 = (d * d).sum()
      size2 += r2
      if r2 > farthestDistance { farthestDistance = r2; farthest = n }
    }
    let size = max((size2 / Double(nodes.count)).squareRoot(), 1e-300)
    // G = RᵀR accumulated over prescribed DOFs.
    var g = [Double](repeating: 0, count: 36)
    var count = 0
    for n in nodes {
      let d = (mesh.point(n) - centroid) / size
      for c in 0..<3 where isPrescribed[DOF.index(node: n, component: c)] {
        count += 1
        // Row of R: translation k gives δ_ck; rotation about axis k gives (e_k × d)_c.
        var row = [Double](repeating: 0, count: 6)
        row[c] = 1
        let ex = SIMD3<Double>(1, 0, 0), ey = SIMD3<Double>(0, 1, 0), ez = SIMD3<Double>(0, 0, 1)
        for (k, axis) in [ex, ey, ez].enumerated() {
          let v = SIMD3(axis.y * d.z - axis.z * d.y, axis.z * d.x - axis.x * d.z, axis.x * d.y - axis.y * d.x)
          row[3 + k] = v[c]
        }
        for i in 0..<6 { for j in 0..<6 { g[6 * i + j] += row[i] * row[j] } }
      }
    }
    let eig = SymmetricEigen(symmetric: g, n: 6)
    // Entries of G are O(count); a free mode has eigenvalue zero to round-off (about
    // 1e-16·count), a constrained one at least about count·(h/L)², with h the extent of the
    // constrained nodes across the motion and L the part's size: 6e-9·count for a clamped
    // end of a 0.4 mm thick, 5 m long strip. 1e-12 separates the two for aspect ratios up
    // to about 10⁵.
    let tolerance = 1e-12 * Double(max(count, 1))
    let nullVectors = (0..<6).filter { eig.values[$0] <= tolerance }.map { eig.vector($0) }
    if nullVectors.isEmpty { return [] }
    // Rotational parts W (3 × k): their principal directions are the free axes. A null
    // vector [t; ω] of a rotation about a point d₀ has t = −ω × d₀, so |ω|² ≥ |v|²/(1 + |d₀|²)
    // stays O(1); a pure translation has ω = 0 to round-off. Hence the 1e-6 rank threshold.
    let k = nullVectors.count
    var wwt = [Double](repeating: 0, count: 9)
    for v in nullVectors { for i in 0..<3 { for j in 0..<3 { wwt[3 * i + j] += v[3 + i] * v[3 + j] } } }
    let rot = SymmetricEigen(symmetric: wwt, n: 3)
    let rotationBasis = (0..<3).filter { rot.values[$0] > 1e-6 }.map { rot.vector($0) }
    // Pure translations: combinations of null vectors with zero rotational part.
    var wtw = [Double](repeating: 0, count: k * k)
    for a in 0..<k { for b in 0..<k {
      var s = 0.0
      for i in 3..<6 { s += nullVectors[a][i] * nullVectors[b][i] }
      wtw[a * k + b] = s
    } }
    let trans = SymmetricEigen(symmetric: wtw, n: k)
    var translations = [[Double]]()
    for i in 0..<k where trans.values[i] < 1e-6 {
      let c = trans.vector(i)
      var t = [0.0, 0.0, 0.0]
      for a in 0..<k { for j in 0..<3 { t[j] += c[a] * nullVectors[a][j] } }
      translations.append(t)
    }
    var motions = [FreeMotion]()
    for d in readableBasis(of: translations) {
      motions.append(FreeMotion(kind: .translation, direction: d, exampleNode: nodes[0]))
    }
    for d in readableBasis(of: rotationBasis) {
      motions.append(FreeMotion(kind: .rotation, direction: d, exampleNode: farthest))
    }
    return motions.sorted { ($0.kind == .translation ? 0 : 1) < ($1.kind == .translation ? 0 : 1) }
  }

  /// A basis of the span of `vectors` (3-vectors) that uses the coordinate axes
  /// where they lie in the span, so messages say "x" rather than "(0.707, 0.707, 0)".
  static func readableBasis(of vectors: [[Double]]) -> [SIMD3<Double>] {
    if vectors.isEmpty { return [] }
    var p = [Double](repeating: 0, count: 9)
    for v in vectors { for i in 0..<3 { for j in 0..<3 { p[3 * i + j] += v[i] * v[j] } } }
    let e = SymmetricEigen(symmetric: p, n: 3)
    let span = (0..<3).filter { e.values[$0] > 1e-6 }.map { e.vector($0) }
    // Projection onto the span: the axis e_i lies in it when |P e_i| ≈ 1.
    var axes = [SIMD3<Double>]()
    for i in 0..<3 {
      var norm2 = 0.0
      for b in span { norm2 += b[i] * b[i] }
      if norm2 > 1 - 1e-6 {
        var d = SIMD3<Double>(0, 0, 0)
        d[i] = 1
        axes.append(d)
      }
    }
    if axes.count == span.count { return axes }
    return span.map { cleaned($0) }
  }

  /// A unit vector with round-off removed and a positive leading component.
  static func cleaned(_ v: [Double]) -> SIMD3<Double> {
    var d = SIMD3(v[0], v[1], v[2])
    for i in 0..<3 where abs(d[i]) < 1e-9 { d[i] = 0 }
    d /= (d * d).sum().squareRoot()
    if let lead = (0..<3).first(where: { d[$0] != 0 }), d[lead] < 0 { d = -d }
    return d
  }

  /// Connected parts of the node graph of the volume elements (union-find).
  static func connectedParts(mesh: Mesh, blocks: [ElementBlock]) -> [[Int]] {
    var parent = Array(0..<mesh.nodeCount)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
      return x
    }
    var active = [Bool](repeating: false, count: mesh.nodeCount)
    for block in blocks {
      let n = block.kind.nodeCount
      for e in 0..<block.elementCount {
        let first = block.connectivity[e * n]
        for a in 0..<n {
          let node = block.connectivity[e * n + a]
          active[node] = true
          let r1 = find(first), r2 = find(node)
          if r1 != r2 { parent[r2] = r1 }
        }
      }
    }
    var parts = [Int: [Int]]()
    for node in 0..<mesh.nodeCount where active[node] { parts[find(node), default: []].append(node) }
    return parts.keys.sorted().map { parts[$0]! }
  }
}

import Foundation
