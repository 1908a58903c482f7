/// Eigenvalues and eigenvectors of a small dense symmetric matrix by cyclic Jacobi rotations.
///
/// Accurate to a few ulps of the largest eigenvalue (Golub & Van Loan, *Matrix
/// Computations*, 4th ed., §8.5). Meant for matrices up to a few hundred rows:
/// element stiffnesses (to count zero-energy modes), 6×6 rigid-body checks and
/// the small normal matrices of the inversion layer.
public struct SymmetricEigen: Sendable {
  /// Eigenvalues in ascending order.
  public var values: [Double]
  /// Eigenvectors as columns, column-major: vector k is `vectors[k*n ..< (k+1)*n]`.
  public var vectors: [Double]
  public var n: Int

  /// Decomposes a symmetric `n`×`n` matrix given row-major (only symmetry up to
  /// round-off is assumed; the average of the two triangles is used).
  public init(symmetric a: [Double], n: Int) {
    precondition(a.count == n * n, "SymmetricEigen: a.count must be n*n")
    var m = a
    for i in 0..<n { for j in (i + 1)..<max(i + 1, n) {
      let s = 0.5 * (m[i * n + j] + m[j * n + i]); m[i * n + j] = s; m[j * n + i] = s } }
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    for _ in 0..<100 {
      var off = 0.0, total = 0.0
      for i in 0..<n { for j in 0..<n {
        let x = m[i * n + j] * m[i * n + j]
        total += x
        if i != j { off += x } } }
      if off <= 1e-30 * total || off == 0 { break }
      for p in 0..<n {
        for q in (p + 1)..<max(p + 1, n) {
          let apq = m[p * n + q]
          if apq == 0 { continue }
          let app = m[p * n + p], aqq = m[q * n + q]
          let theta = (aqq - app) / (2 * apq)
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<n {
            let mkp = m[k * n + p], mkq = m[k * n + q]
            m[k * n + p] = c * mkp - s * mkq
            m[k * n + q] = s * mkp + c * mkq
          }
          for k in 0..<n {
            let mpk = m[p * n + k], mqk = m[q * n + k]
            m[p * n + k] = c * mpk - s * mqk
            m[q * n + k] = s * mpk + c * mqk
          }
          for k in 0..<n {
            let vkp = v[k * n + p], vkq = v[k * n + q]
            v[k * n + p] = c * vkp - s * vkq
            v[k * n + q] = s * vkp + c * vkq
          }
        }
      }
    }
    let order = (0..<n).sorted { m[$0 * n + $0] < m[$1 * n + $1] }
    self.n = n
    self.values = order.map { m[$0 * n + $0] }
    var vectors = [Double](repeating: 0, count: n * n)
    for (k, col) in order.enumerated() {
      for i in 0..<n { vectors[k * n + i] = v[i * n + col] }
    }
    self.vectors = vectors
  }

  /// Eigenvector `k` (ascending eigenvalue order).
  public func vector(_ k: Int) -> [Double] { Array(vectors[(k * n)..<((k + 1) * n)]) }
}
