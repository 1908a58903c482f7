import Foundation

/// A proper rigid transform of 3-space, x′ = R x + t (R a rotation, det R = +1).
///
/// Generic: it knows nothing of meshes or data. Used to register measured data given in
/// a camera's frame to a model's frame (x_model = R x_data + t, u_model = R u_data).
///
/// Angles: `eulerXYZ` are rotations about the fixed x, then y, then z axes, radians,
/// R = R_z(γ) R_y(β) R_x(α) (right-handed, counter-clockwise looking down each axis).
public struct RigidTransform: Sendable, Equatable {
  /// The rotation's rows: (R x)_i = rows[i] · x.
  public var rows: [SIMD3<Double>]
  public var translation: SIMD3<Double>

  /// The identity.
  public static let identity = RigidTransform(rows: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)], translation: .zero)

  /// A transform from its rotation rows and translation; `rows.count` must be 3, or a
  /// precondition failure occurs (the rows are not checked for orthonormality).
  public init(rows: [SIMD3<Double>], translation: SIMD3<Double>) {
    precondition(rows.count == 3, "RigidTransform: three rows")
    self.rows = rows
    self.translation = translation
  }

  /// R x + t.
  @inlinable public func apply(_ x: SIMD3<Double>) -> SIMD3<Double> { rotate(x) + translation }

  /// R v (a vector: no translation).
  @inlinable public func rotate(_ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3((rows[0] * v).sum(), (rows[1] * v).sum(), (rows[2] * v).sum())
  }

  /// Rᵀ v.
  @inlinable public func rotateBack(_ v: SIMD3<Double>) -> SIMD3<Double> {
    rows[0] * v.x + rows[1] * v.y + rows[2] * v.z
  }

  /// R[i][j].
  @inlinable public func entry(_ i: Int, _ j: Int) -> Double { rows[i][j] }

  /// The inverse, x = Rᵀ (x′ − t).
  public var inverse: RigidTransform {
    let c = columns
    return RigidTransform(rows: c, translation: -SIMD3((c[0] * translation).sum(), (c[1] * translation).sum(), (c[2] * translation).sum()))
  }

  /// The columns of R (the rows of Rᵀ).
  public var columns: [SIMD3<Double>] {
    (0..<3).map { j in SIMD3(rows[0][j], rows[1][j], rows[2][j]) }
  }

  /// `self` after `first`: x ↦ self(first(x)).
  public func after(_ first: RigidTransform) -> RigidTransform {
    let c = first.columns
    let r = rows.map { row in SIMD3((row * c[0]).sum(), (row * c[1]).sum(), (row * c[2]).sum()) }
    return RigidTransform(rows: r, translation: rotate(first.translation) + translation)
  }

  /// The rotation exp([ω]×) by Rodrigues' formula (ω a rotation vector, radians).
  public static func rotation(vector w: SIMD3<Double>) -> RigidTransform {
    let theta = (w * w).sum().squareRoot()
    // Series for small angles: sin θ/θ and (1 − cos θ)/θ² to O(θ⁴).
    let a = theta < 1e-4 ? 1 - theta * theta / 6 : sin(theta) / theta
    let b = theta < 1e-4 ? 0.5 - theta * theta / 24 : (1 - cos(theta)) / (theta * theta)
    let k = [SIMD3(0, -w.z, w.y), SIMD3(w.z, 0, -w.x), SIMD3(-w.y, w.x, 0)]
    var r = [SIMD3<Double>]()
    for i in 0..<3 {
      var row = SIMD3<Double>(repeating: 0)
      row[i] = 1
      for j in 0..<3 {
        var k2 = 0.0
        for l in 0..<3 { k2 += k[i][l] * k[l][j] }
        row[j] += a * k[i][j] + b * k2
      }
      r.append(row)
    }
    return RigidTransform(rows: r, translation: .zero)
  }

  /// The rotation vector of R (axis × angle, radians, angle in [0, π]).
  public var rotationVector: SIMD3<Double> {
    let trace = rows[0].x + rows[1].y + rows[2].z
    let cosTheta = min(1, max(-1, (trace - 1) / 2))
    let theta = acos(cosTheta)
    let skew = SIMD3(rows[2].y - rows[1].z, rows[0].z - rows[2].x, rows[1].x - rows[0].y)  // 2 sin θ · axis
    if theta < 1e-6 { return 0.5 * skew }
    if theta < .pi - 1e-6 { return theta / (2 * sin(theta)) * skew }
    // Near π: the axis from the largest diagonal of (R + I)/2 = a aᵀ.
    let d = SIMD3(rows[0].x, rows[1].y, rows[2].z)
    let i = d.x >= d.y && d.x >= d.z ? 0 : (d.y >= d.z ? 1 : 2)
    var axis = SIMD3<Double>(repeating: 0)
    axis[i] = ((d[i] + 1) / 2).squareRoot()
    for j in 0..<3 where j != i { axis[j] = (rows[i][j] + rows[j][i]) / (4 * axis[i]) }
    return theta * axis / (axis * axis).sum().squareRoot()
  }

  /// The rotation R = R_z(γ) R_y(β) R_x(α) of angles (α, β, γ) about the fixed x, y, z axes, radians.
  public static func rotation(eulerXYZ angles: SIMD3<Double>) -> RigidTransform {
    let (ca, sa) = (cos(angles.x), sin(angles.x))
    let (cb, sb) = (cos(angles.y), sin(angles.y))
    let (cg, sg) = (cos(angles.z), sin(angles.z))
    return RigidTransform(rows: [
      SIMD3(cg * cb, cg * sb * sa - sg * ca, cg * sb * ca + sg * sa),
      SIMD3(sg * cb, sg * sb * sa + cg * ca, sg * sb * ca - cg * sa),
      SIMD3(-sb, cb * sa, cb * ca),
    ], translation: .zero)
  }

  /// The angles (α, β, γ) of `rotation(eulerXYZ:)`, radians, β in [−π/2, π/2].
  public var eulerXYZ: SIMD3<Double> {
    let beta = asin(min(1, max(-1, -rows[2].x)))
    let alpha = atan2(rows[2].y, rows[2].z)
    let gamma = atan2(rows[1].x, rows[0].x)
    return SIMD3(alpha, beta, gamma)
  }

  /// The angle of the rotation, radians (in [0, π]).
  public var angle: Double { let v = rotationVector; return (v * v).sum().squareRoot() }
}

/// The least-squares rigid alignment of paired points and the principal axes of a cloud.
public enum RigidAlignment {
  /// What `bestFit` found.
  public struct Fit: Sendable {
    /// The proper rotation and translation minimizing Σ |R pᵢ + t − qᵢ|².
    public var transform: RigidTransform
    /// √(Σ |R pᵢ + t − qᵢ|² / n): how well the pairs match (their own units).
    public var rmsMisfit: Double
    /// The largest |R pᵢ + t − qᵢ|.
    public var largestMisfit: Double
    /// Whether an improper orthogonal map (a mirror) would match the pairs strictly better
    /// than any rotation: det of the cross-covariance negative with the points spanning
    /// 3-space (never for 3 points, which a rotation can always turn over).
    public var reflectionFits: Bool
  }

  /// Why pairs of points cannot fix a rigid transform.
  public enum Degeneracy: Sendable, Equatable {
    case tooFewPoints(Int)
    /// All points on one line (or one point): a rotation about it is free.
    case collinear
  }

  /// The points' spread: √ of the covariance's eigenvalues about the centroid, ascending.
  public static func spread(_ points: [SIMD3<Double>]) -> [Double] {
    principalAxes(points).variances.map { max($0, 0).squareRoot() }
  }

  /// Whether points fix a rigid transform: at least 3, not all on one line (the second
  /// largest spread above 1e-6 of the largest).
  public static func degeneracy(_ points: [SIMD3<Double>]) -> Degeneracy? {
    guard points.count >= 3 else { return .tooFewPoints(points.count) }
    let s = spread(points)
    return s[1] <= 1e-6 * s[2] || s[2] == 0 ? .collinear : nil
  }

  /// The rotation and translation that best map `from` onto `to` in least squares, by
  /// Horn's closed form with unit quaternions (Horn 1987, *J. Opt. Soc. Am. A* 4:629,
  /// §4: the eigenvector of the largest eigenvalue of the 4×4 matrix N built from the
  /// cross-covariance). Always a proper rotation, the same as Kabsch's SVD solution with
  /// its reflection guard (Kabsch 1978, *Acta Cryst.* A34:827); `reflectionFits` says
  /// when the pairs are mirror images.
  ///
  /// `from.count` must equal `to.count` and be at least 3 with `degeneracy(from) == nil`,
  /// or a precondition failure occurs (check with `degeneracy` first).
  public static func bestFit(from p: [SIMD3<Double>], to q: [SIMD3<Double>]) -> Fit {
    precondition(p.count == q.count && p.count >= 3, "RigidAlignment.bestFit: at least three pairs")
    let n = Double(p.count)
    let cp = p.reduce(SIMD3<Double>(repeating: 0), +) / n, cq = q.reduce(SIMD3<Double>(repeating: 0), +) / n
    // S[a][b] = Σ (p − cp)_a (q − cq)_b
    var s = [[Double]](repeating: [0, 0, 0], count: 3)
    for (x, y) in zip(p, q) {
      let a = x - cp, b = y - cq
      for i in 0..<3 { for j in 0..<3 { s[i][j] += a[i] * b[j] } }
    }
    let (xx, xy, xz) = (s[0][0], s[0][1], s[0][2])
    let (yx, yy, yz) = (s[1][0], s[1][1], s[1][2])
    let (zx, zy, zz) = (s[2][0], s[2][1], s[2][2])
    let nMatrix: [Double] = [
      xx + yy + zz, yz - zy, zx - xz, xy - yx,
      yz - zy, xx - yy - zz, xy + yx, zx + xz,
      zx - xz, xy + yx, -xx + yy - zz, yz + zy,
      xy - yx, zx + xz, yz + zy, -xx - yy + zz,
    ]
    let eigen = SymmetricEigen(symmetric: nMatrix, n: 4)
    let v = eigen.vector(3)
    let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    let (w, x, y, z) = (v[0] / norm, v[1] / norm, v[2] / norm, v[3] / norm)
    let rows: [SIMD3<Double>] = [
      SIMD3(w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)),
      SIMD3(2 * (y * x + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)),
      SIMD3(2 * (z * x - w * y), 2 * (z * y + w * x), w * w - x * x - y * y + z * z),
    ]
    var r = RigidTransform(rows: rows, translation: .zero)
    r.translation = cq - r.rotate(cp)
    var sum = 0.0, largest = 0.0
    for (a, b) in zip(p, q) {
      let d = r.apply(a) - b
      let e = (d * d).sum()
      sum += e
      largest = max(largest, e.squareRoot())
    }
    let det = xx * (yy * zz - yz * zy) - xy * (yx * zz - yz * zx) + xz * (yx * zy - yy * zx)
    // A mirror is only distinguishable when both clouds span 3-space.
    let spans = spread(p)[0] > 1e-6 * spread(p)[2] && spread(q)[0] > 1e-6 * spread(q)[2]
    return Fit(transform: r, rmsMisfit: (sum / n).squareRoot(), largestMisfit: largest, reflectionFits: spans && det < 0)
  }

  /// The centroid and principal axes of a point cloud: the eigenvectors of its covariance
  /// (unit, ascending variance; for a face's points the first is its normal).
  public static func principalAxes(_ points: [SIMD3<Double>]) -> (centroid: SIMD3<Double>, axes: [SIMD3<Double>], variances: [Double]) {
    let n = Double(max(points.count, 1))
    let c = points.reduce(SIMD3<Double>(repeating: 0), +) / n
    var cov = [Double](repeating: 0, count: 9)
    for x in points {
      let d = x - c
      for i in 0..<3 { for j in 0..<3 { cov[3 * i + j] += d[i] * d[j] / n } }
    }
    let eigen = SymmetricEigen(symmetric: cov, n: 3)
    let axes = (0..<3).map { k -> SIMD3<Double> in let v = eigen.vector(k); return SIMD3(v[0], v[1], v[2]) }
    return (c, axes, eigen.values)
  }

  /// The candidate rotations that carry the axes `from` onto the axes `to` (each an
  /// orthonormal triple, ascending variances `fromVariances`, `toVariances`): every sign
  /// choice with det +1 (four), and, where two variances of either cloud lie within
  /// `tieTolerance` (relative) of each other, the swapped pairings too.
  ///
  /// - Returns: rotations R with R from[k] = ±to[π(k)], the identity-like first.
  public static func axisCandidates(
    from: [SIMD3<Double>], fromVariances: [Double], to: [SIMD3<Double>], toVariances: [Double], tieTolerance: Double = 0.1
  ) -> [RigidTransform] {
    func close(_ v: [Double], _ i: Int, _ j: Int) -> Bool {
      abs(v[i] - v[j]) <= tieTolerance * max(abs(v[i]), abs(v[j]), 1e-300)
    }
    var permutations: [[Int]] = [[0, 1, 2]]
    for (i, j) in [(0, 1), (1, 2), (0, 2)] where close(fromVariances, i, j) || close(toVariances, i, j) {
      var p = [0, 1, 2]
      p.swapAt(i, j)
      permutations.append(p)
    }
    var out = [RigidTransform]()
    for perm in permutations {
      for signs in [SIMD3<Double>(1, 1, 1), SIMD3(1, -1, -1), SIMD3(-1, 1, -1), SIMD3(-1, -1, 1),
                    SIMD3(-1, -1, -1), SIMD3(-1, 1, 1), SIMD3(1, -1, 1), SIMD3(1, 1, -1)] {
        // R = Σ_k s_k to[perm k] from[k]ᵀ
        var rows = [SIMD3<Double>](repeating: .zero, count: 3)
        for k in 0..<3 { for i in 0..<3 { rows[i] += signs[k] * to[perm[k]][i] * from[k] } }
        let r = RigidTransform(rows: rows, translation: .zero)
        let det = (rows[0] * cross(rows[1], rows[2])).sum()
        if det > 0 { out.append(r) }
      }
    }
    return out
  }
}
