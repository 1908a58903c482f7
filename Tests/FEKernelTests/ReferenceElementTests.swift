import FECommon
import FEBasis
import FEKernel
import Testing

/// Shape functions of every kind against their defining properties, and the face
/// tables against the geometry of the reference domain.
@Suite struct ReferenceElementTests {
  static let kinds = ElementKind.allCases
  static let volumeKinds: [ElementKind] = [.tet4, .tet10, .hex8, .hex20, .prism6, .prism15]

  // MARK: helpers

  static func evaluate(_ kind: ElementKind, _ xi: SIMD3<Double>) -> (values: [Double], gradients: [Double]) {
    var v = [Double](repeating: .nan, count: kind.nodeCount)
    var g = [Double](repeating: .nan, count: 3 * kind.nodeCount)
    v.withUnsafeMutableBufferPointer { vb in
      g.withUnsafeMutableBufferPointer { gb in
        ReferenceElement.evaluate(kind, at: xi, values: vb, gradients: gb)
      }
    }
    return (v, g)
  }

  /// A uniformly random point inside the reference domain of `kind` (unused axes 0).
  static func randomPoint(_ kind: ElementKind, _ rng: inout SplitMix64) -> SIMD3<Double> {
    func r(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo...hi, using: &rng) }
    switch kind {
    case .point1: return .zero
    case .line2, .line3: return SIMD3(r(-1, 1), 0, 0)
    case .quad4, .quad8: return SIMD3(r(-1, 1), r(-1, 1), 0)
    case .hex8, .hex20: return SIMD3(r(-1, 1), r(-1, 1), r(-1, 1))
    case .tri3, .tri6:
      while true {
        let p = SIMD3(r(0, 1), r(0, 1), 0)
        if p.x + p.y <= 1 { return p }
      }
    case .tet4, .tet10:
      while true {
        let p = SIMD3(r(0, 1), r(0, 1), r(0, 1))
        if p.x + p.y + p.z <= 1 { return p }
      }
    case .prism6, .prism15:
      while true {
        let p = SIMD3(r(0, 1), r(0, 1), r(-1, 1))
        if p.x + p.y <= 1 { return p }
      }
    }
  }

  static func node(_ x: [Double], _ a: Int) -> SIMD3<Double> { SIMD3(x[3 * a], x[3 * a + 1], x[3 * a + 2]) }

  static func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

  // MARK: node coordinates

  /// The reference coordinates Gmsh lists (`MLine.h`, `MTriangle.h`, `MQuadrangle.h`,
  /// `MTetrahedron.h`, `MHexahedron.h` `getNode`; mid-edge nodes on the `edges_*`
  /// pairs), written out here independently of the implementation's tables.
  static let gmshCorners: [ElementKind: [Double]] = [
    .point1: [0, 0, 0],
    .line2: [-1, 0, 0, 1, 0, 0],
    .tri3: [0, 0, 0, 1, 0, 0, 0, 1, 0],
    .quad4: [-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0],
    .tet4: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
    .hex8: [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1],
    // MPrism.h getNode: the unit triangle at ζ = -1, then at ζ = +1.
    .prism6: [0, 0, -1, 1, 0, -1, 0, 1, -1, 0, 0, 1, 1, 0, 1, 0, 1, 1],
  ]
  static let gmshMidEdges: [ElementKind: (linear: ElementKind, pairs: [(Int, Int)])] = [
    .line3: (.line2, [(0, 1)]),
    .tri6: (.tri3, [(0, 1), (1, 2), (2, 0)]),
    .quad8: (.quad4, [(0, 1), (1, 2), (2, 3), (3, 0)]),
    .tet10: (.tet4, [(0, 1), (1, 2), (0, 2), (0, 3), (2, 3), (1, 3)]),
    // MPrism15 (Gmsh manual, "Node ordering": 6 (0,1), 7 (0,2), 8 (0,3), 9 (1,2), 10 (1,4), 11 (2,5), 12 (3,4), 13 (3,5), 14 (4,5)).
    .prism15: (.prism6, [(0, 1), (0, 2), (0, 3), (1, 2), (1, 4), (2, 5), (3, 4), (3, 5), (4, 5)]),
    .hex20: (.hex8, [
      (0, 1), (0, 3), (0, 4), (1, 2), (1, 5), (2, 3), (2, 6), (3, 7), (4, 5), (4, 7), (5, 6), (6, 7),
    ]),
  ]

  @Test(arguments: kinds)
  func nodeCoordinatesAreGmsh(kind: ElementKind) {
    let x = ReferenceElement.nodeCoordinates(kind)
    #expect(x.count == 3 * kind.nodeCount)
    if let corners = Self.gmshCorners[kind] {
      #expect(x == corners)
    } else {
      let (linear, pairs) = Self.gmshMidEdges[kind]!
      let c = Self.gmshCorners[linear]!
      let nc = linear.nodeCount
      #expect(Array(x[0..<(3 * nc)]) == c)
      #expect(pairs.count == kind.nodeCount - nc)
      for (e, (a, b)) in pairs.enumerated() {
        // Midpoints of ±1/0 coordinates are exact in binary.
        #expect(Self.node(x, nc + e) == 0.5 * (Self.node(c, a) + Self.node(c, b)), "\(kind) node \(nc + e)")
      }
    }
  }

  // MARK: shape functions

  @Test(arguments: kinds)
  func nodality(kind: ElementKind) {
    let x = ReferenceElement.nodeCoordinates(kind)
    for b in 0..<kind.nodeCount {
      let (v, _) = Self.evaluate(kind, Self.node(x, b))
      for a in 0..<kind.nodeCount {
        // At a node every factor is a small dyadic rational or exactly 0, so the
        // products are exact up to a couple of roundings: 1e-14 absolute.
        #expect(abs(v[a] - (a == b ? 1 : 0)) <= 1e-14, "\(kind): N_\(a)(x_\(b)) = \(v[a])")
      }
    }
  }

  @Test(arguments: kinds)
  func partitionOfUnity(kind: ElementKind) {
    var rng = SplitMix64(seed: 0x5EED_0001 &+ UInt64(kind.rawValue))
    for _ in 0..<200 {
      let xi = Self.randomPoint(kind, &rng)
      let (v, g) = Self.evaluate(kind, xi)
      // At most 20 terms of magnitude <= ~1.2, each with a few roundings:
      // worst case ~20 * 4 ulp ~ 2e-14, so 1e-13 absolute (the exact sums are 1 and 0).
      #expect(abs(v.reduce(0, +) - 1) <= 1e-13, "\(kind) at \(xi)")
      for j in 0..<3 {
        let s = (0..<kind.nodeCount).reduce(0.0) { $0 + g[3 * $1 + j] }
        #expect(abs(s) <= 1e-13, "\(kind) d/dxi_\(j) at \(xi): \(s)")
      }
    }
  }

  @Test(arguments: kinds)
  func gradientsMatchCentralDifferences(kind: ElementKind) {
    var rng = SplitMix64(seed: 0x5EED_0002 &+ UInt64(kind.rawValue))
    let h = 1e-6
    for _ in 0..<50 {
      let xi = Self.randomPoint(kind, &rng)
      let (_, g) = Self.evaluate(kind, xi)
      for j in 0..<3 {
        if j >= kind.dimension {
          // Unused columns are defined to be exactly 0.
          for a in 0..<kind.nodeCount { #expect(g[3 * a + j] == 0) }
          continue
        }
        var e = SIMD3<Double>.zero
        e[j] = h
        // The shape functions are polynomials, defined off the domain too, so a
        // step across the boundary is fine.
        let (vp, _) = Self.evaluate(kind, xi + e)
        let (vm, _) = Self.evaluate(kind, xi - e)
        for a in 0..<kind.nodeCount {
          let fd = (vp[a] - vm[a]) / (2 * h)
          // Truncation error h^2/6 |N'''| <= ~1e-12 (third derivatives are O(1));
          // cancellation error ~ eps |N| / h ~ 2e-10. 1e-8 relative (to max(1, |g|))
          // leaves a factor ~50 over the rounding bound while still catching any
          // wrong coefficient.
          let tol = 1e-8 * max(1, abs(g[3 * a + j]))
          #expect(abs(fd - g[3 * a + j]) <= tol, "\(kind) dN_\(a)/dxi_\(j) at \(xi): \(g[3 * a + j]) vs \(fd)")
        }
      }
    }
  }

  /// Σ N_a f(x_a) = f and Σ ∇N_a f(x_a) = ∇f for every polynomial f in the space the
  /// kind must reproduce: linear fields for all kinds, complete quadratics for the
  /// quadratic kinds (serendipity quad8/hex20 contain P2).
  @Test(arguments: kinds)
  func polynomialCompleteness(kind: ElementKind) {
    if kind == .point1 { return }
    var rng = SplitMix64(seed: 0x5EED_0003 &+ UInt64(kind.rawValue))
    let dim = kind.dimension
    let x = ReferenceElement.nodeCoordinates(kind)
    for _ in 0..<20 {
      // f(p) = c0 + c·p + Σ_{i<=j} q_ij p_i p_j (q = 0 for linear kinds).
      let c0 = Double.random(in: -1...1, using: &rng)
      var c = SIMD3<Double>.zero
      var q = [[Double]](repeating: [0, 0, 0], count: 3)
      for i in 0..<dim {
        c[i] = Double.random(in: -1...1, using: &rng)
        if kind.isQuadratic {
          for j in i..<dim { q[i][j] = Double.random(in: -1...1, using: &rng) }
        }
      }
      func f(_ p: SIMD3<Double>) -> Double {
        var s = c0 + Self.dot(c, p)
        for i in 0..<3 { for j in i..<3 { s += q[i][j] * p[i] * p[j] } }
        return s
      }
      func grad(_ p: SIMD3<Double>) -> SIMD3<Double> {
        var gr = c
        for i in 0..<3 {
          for j in i..<3 {
            gr[i] += q[i][j] * p[j]
            gr[j] += q[i][j] * p[i]
          }
        }
        return gr
      }
      let nodal = (0..<kind.nodeCount).map { f(Self.node(x, $0)) }
      for _ in 0..<10 {
        let xi = Self.randomPoint(kind, &rng)
        let (v, g) = Self.evaluate(kind, xi)
        let interp = (0..<kind.nodeCount).reduce(0.0) { $0 + v[$1] * nodal[$1] }
        // Coefficients are in [-1, 1] and |N_a| <= ~1.2, so the sums are O(10) with
        // a few roundings per term: 1e-13 relative to max(1, |f|).
        #expect(abs(interp - f(xi)) <= 1e-13 * max(1, abs(f(xi))), "\(kind) value at \(xi)")
        let exact = grad(xi)
        for j in 0..<dim {
          let d = (0..<kind.nodeCount).reduce(0.0) { $0 + g[3 * $1 + j] * nodal[$1] }
          // Same argument; gradients are up to ~4x larger: 1e-13 relative to max(1, |∇f|).
          #expect(abs(d - exact[j]) <= 1e-13 * max(1, abs(exact[j])), "\(kind) d/dxi_\(j) at \(xi)")
        }
      }
    }
  }

  @Test func evaluateLeavesExtraBufferEntriesAlone() {
    // A scratch buffer sized for hex20 must work for every kind.
    for kind in Self.kinds {
      var v = [Double](repeating: 42, count: 20)
      var g = [Double](repeating: 42, count: 60)
      v.withUnsafeMutableBufferPointer { vb in
        g.withUnsafeMutableBufferPointer { gb in
          ReferenceElement.evaluate(kind, at: SIMD3(0.1, 0.2, 0.3), values: vb, gradients: gb)
        }
      }
      #expect(v[kind.nodeCount...].allSatisfy { $0 == 42 }, "\(kind)")
      #expect(g[(3 * kind.nodeCount)...].allSatisfy { $0 == 42 }, "\(kind)")
    }
  }

  // MARK: faces

  @Test(arguments: volumeKinds)
  func facesLieOnReferenceFacesWithOutwardNormals(kind: ElementKind) {
    let x = ReferenceElement.nodeCoordinates(kind)
    let faces = ReferenceElement.faces(of: kind)
    let faceKind = ReferenceElement.faceKind(of: kind)
    #expect(faces.count == (kind == .hex8 || kind == .hex20 ? 6 : kind == .prism6 || kind == .prism15 ? 5 : 4))
    let centroid = (0..<kind.nodeCount).reduce(SIMD3<Double>.zero) { $0 + Self.node(x, $1) }
      / Double(kind.nodeCount)
    var seen = Set<[Int]>()
    for face in faces {
      // A prism's two ends are triangles of its order, its sides quadrangles.
      let faceKind = faceKind == .quad4 && face.kind == .tri3 || faceKind == .quad8 && face.kind == .tri6 ? face.kind : faceKind
      #expect(face.kind == faceKind)
      #expect(face.localNodes.count == faceKind.nodeCount)
      #expect(Set(face.localNodes).count == face.localNodes.count, "\(kind) face \(face.localNodes) repeats a node")
      #expect(seen.insert(face.localNodes.sorted()).inserted, "\(kind) face listed twice")
      let p = face.localNodes.map { Self.node(x, $0) }
      let n = cross(p[1] - p[0], p[2] - p[0])
      // Reference coordinates are 0, ±1/2, ±1 and the faces are planes, so every
      // test below is exact in floating point; 1e-14 only guards the sign tests.
      #expect(Self.dot(n, n) > 0.1)
      let faceCentroid = p.reduce(SIMD3<Double>.zero, +) / Double(p.count)
      #expect(Self.dot(n, faceCentroid - centroid) > 0, "\(kind) face \(face.localNodes) normal points in")
      // A supporting plane of the reference element: the face nodes on it, every
      // other node strictly behind it. So the face lies on one reference face, and
      // (with the count) it is that whole face.
      for a in 0..<kind.nodeCount {
        let s = Self.dot(n, Self.node(x, a) - p[0])
        if face.localNodes.contains(a) {
          #expect(abs(s) <= 1e-14, "\(kind) face \(face.localNodes): node \(a) off the plane")
        } else {
          #expect(s < -1e-14, "\(kind) face \(face.localNodes): node \(a) not behind the plane")
        }
      }
      // Corners in cyclic order (no bow-tie): each consecutive corner triple turns
      // the same way as the face normal.
      let nc = faceKind == .quad4 || faceKind == .quad8 ? 4 : 3
      for i in 0..<nc {
        let t = cross(p[(i + 1) % nc] - p[i], p[(i + 2) % nc] - p[(i + 1) % nc])
        #expect(Self.dot(t, n) > 0, "\(kind) face \(face.localNodes) corners not cyclic")
      }
      // Mid-edge nodes in the face kind's Gmsh order: node nc + e is the midpoint
      // of face edge e = (e, e + 1 mod nc).
      for e in 0..<(faceKind.nodeCount - nc) {
        #expect(p[nc + e] == 0.5 * (p[e] + p[(e + 1) % nc]), "\(kind) face \(face.localNodes) mid-edge \(e)")
      }
    }
  }

  @Test func faceKinds() {
    #expect(ReferenceElement.faceKind(of: .hex8) == .quad4)
    #expect(ReferenceElement.faceKind(of: .hex20) == .quad8)
    #expect(ReferenceElement.faceKind(of: .tet4) == .tri3)
    #expect(ReferenceElement.faceKind(of: .tet10) == .tri6)
    #expect(ReferenceElement.faceKind(of: .prism6) == .quad4)
    #expect(ReferenceElement.faceKind(of: .prism15) == .quad8)
    #expect(ReferenceElement.faces(of: .prism6).map(\.kind) == [.tri3, .tri3, .quad4, .quad4, .quad4])
    #expect(ReferenceElement.faces(of: .prism15).map(\.kind) == [.tri6, .tri6, .quad8, .quad8, .quad8])
  }

  /// The shape functions of a volume kind restricted to a face are the face kind's
  /// shape functions in the face's node order (so surface loads integrate with the
  /// face kind), and the other nodes vanish there.
  @Test(arguments: volumeKinds)
  func traceOnFaceIsFaceKind(kind: ElementKind) {
    var rng = SplitMix64(seed: 0x5EED_0004 &+ UInt64(kind.rawValue))
    let x = ReferenceElement.nodeCoordinates(kind)
    for face in ReferenceElement.faces(of: kind) {
      for _ in 0..<10 {
        let s = Self.randomPoint(face.kind, &rng)
        let (fv, _) = Self.evaluate(face.kind, s)
        // The volume point: the face kind's interpolation of the face node coordinates.
        var p = SIMD3<Double>.zero
        for (i, a) in face.localNodes.enumerated() { p += fv[i] * Self.node(x, a) }
        let (v, _) = Self.evaluate(kind, p)
        for a in 0..<kind.nodeCount {
          let expected = face.localNodes.firstIndex(of: a).map { fv[$0] } ?? 0
          // Both sides are O(1) polynomials with a few roundings: 1e-13 absolute.
          #expect(abs(v[a] - expected) <= 1e-13, "\(kind) face \(face.localNodes) node \(a)")
        }
      }
    }
  }

  // MARK: element tables

  @Test(arguments: kinds)
  func elementTablesMatchEvaluate(kind: ElementKind) {
    let tables = ElementTables(kind: kind, rule: Quadrature.stiffnessRule(for: kind))
    let n = kind.nodeCount
    #expect(tables.values.count == tables.rule.count * n)
    #expect(tables.gradients.count == 3 * tables.rule.count * n)
    for q in 0..<tables.rule.count {
      let (v, g) = Self.evaluate(kind, tables.rule.points[q])
      // Same function, same inputs: bitwise equal.
      #expect(Array(tables.values[(q * n)..<((q + 1) * n)]) == v)
      #expect(Array(tables.gradients[(3 * q * n)..<(3 * (q + 1) * n)]) == g)
    }
  }
}
