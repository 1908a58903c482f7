import FECommon
import FEKernel

extension ObservationOperator {
  /// A regular grid of points on a surface group, for `feinvert synth`.
  ///
  /// The grid lies in the plane of the two widest extents (axes a, b) of the group's
  /// bounding box, with `spacing` between neighbours along a and b, centred in the
  /// box (the margins at both ends are equal). Each grid position (a, b) is mapped
  /// onto the surface along the third axis: the face whose projection onto the
  /// (a, b) plane contains the position is found (bucket grid, then Newton's method
  /// on x_a(ξ), x_b(ξ)), and the point returned is x(ξ), exactly on the surface.
  /// Positions outside the surface's outline (holes, a non-rectangular outline) are
  /// left out; where several faces cover a position (a surface that folds over along
  /// the third axis) the one with the lowest index in the group is used. Order:
  /// row-major, a fastest.
  ///
  /// - Parameters:
  ///   - mesh: the mesh.
  ///   - group: a surface group of `mesh`.
  ///   - spacing: distance between neighbouring points, model length unit, > 0.
  /// - Throws: `InputError` when the group is not a surface group with faces, when
  ///   `spacing` is not a positive number, or when it would give more than 10⁷ points.
  public static func regularGrid(mesh: Mesh, group: String, spacing: Double) throws -> [SIMD3<Double>] {
    let where_ = SourceLocation(file: "--spacing")
    guard spacing.isFinite && spacing > 0 else {
      throw InputError("spacing \(spacing); expected a positive length", at: where_)
    }
    let index = try SurfaceIndex(mesh: mesh, group: group, location: SourceLocation(file: "group \(group)"))
    let extent = index.groupHi - index.groupLo
    let (a, b, c) = Self.planeAxes(extent)
    // Counted in floating point first: a tiny spacing gives counts beyond Int (or infinite).
    let countA = (extent[a] / spacing).rounded(.down) + 1, countB = (extent[b] / spacing).rounded(.down) + 1
    guard countA * countB <= 1e7 else {
      throw InputError(
        "spacing \(spacing) gives \(countA) × \(countB) grid points; expected at most 10⁷ (a larger spacing)", at: where_)
    }
    let na = Int(countA), nb = Int(countB)
    let a0 = index.groupLo[a] + 0.5 * (extent[a] - Double(na - 1) * spacing)
    let b0 = index.groupLo[b] + 0.5 * (extent[b] - Double(nb - 1) * spacing)
    var out = [SIMD3<Double>]()
    withUnsafeTemporaryAllocation(of: Double.self, capacity: SurfaceIndex.scratchCount) { scratch in
      for j in 0..<nb {
        for i in 0..<na {
          let ta = a0 + Double(i) * spacing, tb = b0 + Double(j) * spacing
          if let p = index.pointOnSurface(a: a, b: b, c: c, ta: ta, tb: tb, scratch: scratch) { out.append(p) }
        }
      }
    }
    return out
  }

  /// A regular grid of about `count` points on a surface group: `regularGrid(mesh:group:spacing:)`
  /// with spacing √(A / count), A the area of the bounding box in its two widest extents.
  ///
  /// - Throws: as `regularGrid(mesh:group:spacing:)`, and when `count < 1`.
  public static func regularGrid(mesh: Mesh, group: String, count: Int) throws -> [SIMD3<Double>] {
    guard count >= 1 else {
      throw InputError("point count \(count); expected at least 1", at: SourceLocation(file: "--count"))
    }
    let index = try SurfaceIndex(mesh: mesh, group: group, location: SourceLocation(file: "group \(group)"))
    let extent = index.groupHi - index.groupLo
    let (a, b, _) = Self.planeAxes(extent)
    let area = extent[a] * extent[b]
    let spacing = area > 0 ? (area / Double(count)).squareRoot() : max(extent[a], extent[b]) / Double(max(1, count - 1))
    return try regularGrid(mesh: mesh, group: group, spacing: spacing > 0 ? spacing : 1)
  }

  /// The two widest axes (a < b) of an extent and the remaining one.
  static func planeAxes(_ extent: SIMD3<Double>) -> (Int, Int, Int) {
    let thin = extent.x <= extent.y && extent.x <= extent.z ? 0 : (extent.y <= extent.z ? 1 : 2)
    let others = [0, 1, 2].filter { $0 != thin }
    return (others[0], others[1], thin)
  }
}

extension SurfaceIndex {
  /// The point of the surface whose coordinates along axes a and b are (ta, tb), or
  /// `nil` when no face covers that position.
  func pointOnSurface(
    a: Int, b: Int, c: Int, ta: Double, tb: Double, scratch: UnsafeMutableBufferPointer<Double>
  ) -> SIMD3<Double>? {
    var probe = SIMD3<Double>()
    probe[a] = ta
    probe[b] = tb
    var lo = cellCoordinates(probe), hi = lo
    lo[c] = 0
    hi[c] = dims[c] - 1
    var candidates = [Int]()
    for kz in lo.z...hi.z { for ky in lo.y...hi.y { for kx in lo.x...hi.x {
      let id = cellID(SIMD3(kx, ky, kz))
      for slot in cellStart[id]..<cellStart[id + 1] {
        let f = cellFaces[slot]
        if ta >= boxLo[f][a] && ta <= boxHi[f][a] && tb >= boxLo[f][b] && tb <= boxHi[f][b] { candidates.append(f) }
      }
    } } }
    for f in Set(candidates).sorted() {
      if let p = solveInPlane(f, a: a, b: b, ta: ta, tb: tb, scratch: scratch) { return p }
    }
    return nil
  }

  /// Newton's method on (x_a(ξ), x_b(ξ)) = (ta, tb) over face `f`; the point x(ξ) when
  /// the solution lies in the reference face (to 1e-10), else `nil`.
  func solveInPlane(
    _ f: Int, a: Int, b: Int, ta: Double, tb: Double, scratch: UnsafeMutableBufferPointer<Double>
  ) -> SIMD3<Double>? {
    let kind = kinds[f]
    var xi = Self.centroid(kind)
    var converged = false
    for _ in 0..<30 {
      let e = evaluate(f, at: xi, scratch: scratch)
      let ra = e.x[a] - ta, rb = e.x[b] - tb
      let j11 = e.tx[a], j12 = e.ty[a], j21 = e.tx[b], j22 = e.ty[b]
      let det = j11 * j22 - j12 * j21
      guard det != 0 && det.isFinite else { return nil }
      let d = SIMD2(-(j22 * ra - j12 * rb) / det, -(j11 * rb - j21 * ra) / det)
      xi += d
      guard abs(xi.x) < 10 && abs(xi.y) < 10 else { return nil }  // far outside: not this face
      if abs(d.x) < 1e-14 && abs(d.y) < 1e-14 {
        converged = true
        break
      }
    }
    guard converged else { return nil }
    let slack = 1e-10
    for con in Self.constraints(kind) where (con.a * xi).sum() > con.b + slack { return nil }
    // Snap onto the face (the slack allows positions on shared edges).
    switch kind {
    case .quad4, .quad8:
      xi = SIMD2(max(-1, min(1, xi.x)), max(-1, min(1, xi.y)))
    default:
      xi = SIMD2(max(0, xi.x), max(0, xi.y))
      let s = xi.x + xi.y
      if s > 1 { xi /= s }
    }
    return evaluate(f, at: xi, scratch: scratch).x
  }
}
