import FECommon
@testable import SparseSolve

/// Deterministic matrices and a dense reference solver for the SparseSolve tests.
enum TestMatrices {
  /// A small linear congruential generator, so every run sees the same "random" matrices.
  struct Generator {
    var state: UInt64
    mutating func next() -> Double {  // uniform in [-1, 1)
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 52) - 1
    }
  }

  /// A dense symmetric positive definite row-major `n x n` matrix with about `density` of its
  /// off-diagonal entries nonzero, made strictly diagonally dominant (hence SPD).
  static func randomSPD(n: Int, density: Double, seed: UInt64) -> [Double] {
    var g = Generator(state: seed)
    var a = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
      for i in 0..<j where (g.next() + 1) / 2 < density {
        let v = g.next()
        a[i * n + j] = v
        a[j * n + i] = v
      }
    }
    for i in 0..<n {
      var sum = 0.0
      for j in 0..<n where j != i { sum += abs(a[i * n + j]) }
      a[i * n + i] = sum + 1 + (g.next() + 1) / 2
    }
    return a
  }

  /// A dense nonsymmetric, strictly diagonally dominant (hence nonsingular) matrix.
  static func randomNonsymmetric(n: Int, density: Double, seed: UInt64) -> [Double] {
    var g = Generator(state: seed)
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      var sum = 0.0
      for j in 0..<n where j != i && (g.next() + 1) / 2 < density {
        a[i * n + j] = g.next()
        sum += abs(a[i * n + j])
      }
      a[i * n + i] = (sum + 1) * (i % 2 == 0 ? 1 : -1)
    }
    return a
  }

  /// Solves `A x = b` with the project's dense Cholesky (`FECommon.DenseCholesky`,
  /// row-major `A`), or `nil` if a pivot is not positive. The independent reference for
  /// the sparse solver: it shares no code with `SparseSolve`.
  static func denseCholeskySolve(_ a: [Double], n: Int, _ b: [Double]) -> [Double]? {
    guard let l = DenseCholesky.factor(a, n: n) else { return nil }
    return DenseCholesky.solve(factor: l, n: n, b)
  }

  /// The 27-point-stencil graph of an `nx x ny x nz` grid of nodes, 3 unknowns per node
  /// (`3 * node + component`), as an FE elasticity matrix would couple them.
  ///
  /// Values: `(L + shift I) ⊗ M`, with `L` the graph Laplacian of the stencil (positive
  /// semidefinite) and `M` a fixed 3x3 SPD block, so the matrix is SPD for `shift > 0` and
  /// every 3x3 block between neighbours is full.
  static func elasticityLike(nx: Int, ny: Int, nz: Int, shift: Double) -> SymmetricCSCMatrix {
    let m: [Double] = [2, 0.5, 0.3, 0.5, 2, 0.4, 0.3, 0.4, 2]
    let nodes = nx * ny * nz
    func node(_ x: Int, _ y: Int, _ z: Int) -> Int { (z * ny + y) * nx + x }
    var starts = [0]
    var rows: [Int] = []
    var values: [Double] = []
    rows.reserveCapacity(nodes * 3 * 42)
    values.reserveCapacity(nodes * 3 * 42)
    for z in 0..<nz {
      for y in 0..<ny {
        for x in 0..<nx {
          let j = node(x, y, z)
          var neighbours: [Int] = []  // nodes <= j in the stencil, sorted; diagonal last
          var degree = 0
          for dz in -1...1 {
            for dy in -1...1 {
              for dx in -1...1 where !(dx == 0 && dy == 0 && dz == 0) {
                let (xx, yy, zz) = (x + dx, y + dy, z + dz)
                guard xx >= 0, xx < nx, yy >= 0, yy < ny, zz >= 0, zz < nz else { continue }
                degree += 1
                let i = node(xx, yy, zz)
                if i < j { neighbours.append(i) }
              }
            }
          }
          neighbours.sort()
          for b in 0..<3 {
            for i in neighbours {
              for a in 0..<3 {
                rows.append(3 * i + a)
                values.append(-m[a * 3 + b])
              }
            }
            for a in 0...b {
              rows.append(3 * j + a)
              values.append((Double(degree) + shift) * m[a * 3 + b])
            }
            starts.append(rows.count)
          }
        }
      }
    }
    return SymmetricCSCMatrix(
      dimension: 3 * nodes, columnStarts: starts, rowIndices: rows, values: values)
  }

  /// `max |a - b| / max |b|`.
  static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var num = 0.0
    var den = 0.0
    for k in a.indices {
      num = max(num, abs(a[k] - b[k]))
      den = max(den, abs(b[k]))
    }
    return num / den
  }

  static let allOrderings: [FillReducingOrdering] = [
    .cholmodDefault, .amd, .metis, .nestedDissectionOfBlocks(blockSize: 3),
  ]
}
