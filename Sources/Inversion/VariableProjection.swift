import DenseLinearAlgebra
/// Elimination of linear nuisance parameters (variable projection).
///
/// When the residual is r(p) + B a, with a the coefficients of known effects B (m × k:
/// offsets, rigid-body motions, baselines), a can be solved for in closed form at every p:
/// a*(p) = −B⁺ r(p). What remains for p is the projected residual r⊥ = (I − P_B) r, and
/// its Jacobian is approximated by J⊥ = (I − P_B) J (Kaufman 1975, *BIT* 15:49; Golub &
/// Pereyra 2003, *Inverse Problems* 19:R1, §3) — exact when B does not depend on p, as here.
/// Minimizing ½‖r⊥‖² over p gives the same p as the joint fit over (p, a).
public enum VariableProjection {
  /// Projects the nuisance effects out of a residual (and Jacobian).
  ///
  /// P_B comes from the SVD of B, keeping singular values above 1e-12 σ₁ (a rank-deficient
  /// B is handled as its range).
  /// - Parameters:
  ///   - residuals: r, m entries.
  ///   - jacobian: J, m × parameterCount column-major, or nil.
  ///   - basis: B, m × basisCount column-major.
  /// - Returns: r⊥, J⊥ (nil when `jacobian` is), and a* = argmin ‖r + B a‖ (minimum norm).
  /// - Complexity: O(m k²) for the SVD plus O(m k n) for the projection.
  public static func eliminate(
    residuals: [Double], jacobian: [Double]?, basis: [Double], rows m: Int, parameterCount n: Int, basisCount k: Int
  ) -> (residuals: [Double], jacobian: [Double]?, coefficients: [Double]) {
    precondition(basis.count == m * k, "VariableProjection.eliminate: size mismatch")
    return eliminate(residuals: residuals, jacobian: jacobian, basis: PreparedBasis(basis, rows: m, basisCount: k), parameterCount: n)
  }

  /// B with its SVD done, for an optimizer that eliminates the same effects at every
  /// evaluation: the O(m k²) factorization is then paid once (with a million residual
  /// rows it cost about as much as the projection itself).
  public struct PreparedBasis: Sendable {
    let projector: Projector
    /// m, the rows of B.
    public var rows: Int { projector.rows }
    /// k, the columns of B.
    public var basisCount: Int { projector.columns }

    /// - Parameters: basis: B, `rows` × `basisCount` column-major.
    public init(_ basis: [Double], rows m: Int, basisCount k: Int) {
      precondition(basis.count == m * k, "VariableProjection.PreparedBasis: basis.count must be rows*basisCount")
      projector = Projector(basis: basis, rows: m, columns: k)
    }
  }

  /// `eliminate` with a prepared basis (same results as passing B itself).
  public static func eliminate(
    residuals: [Double], jacobian: [Double]?, basis: PreparedBasis, parameterCount n: Int
  ) -> (residuals: [Double], jacobian: [Double]?, coefficients: [Double]) {
    let m = basis.rows
    precondition(residuals.count == m && (jacobian?.count ?? m * n) == m * n, "VariableProjection.eliminate: size mismatch")
    let projector = basis.projector
    let (rPerp, coefficients) = projector.project(residuals)
    var jPerp: [Double]? = nil
    if let jacobian {
      var out = [Double](repeating: 0, count: m * n)
      for j in 0..<n {
        let (col, _) = projector.project(Array(jacobian[(j * m)..<((j + 1) * m)]))
        for i in 0..<m { out[j * m + i] = col[i] }
      }
      jPerp = out
    }
    return (rPerp, jPerp, coefficients.map { -$0 })
  }

  /// Covariance of the nuisance coefficients, s²(BᵀB)⁺ + G Cov_p Gᵀ with G = B⁺J the
  /// sensitivity of a* to p (so the uncertainty of p propagates; pass nil to get the first
  /// term alone, a given p). Row-major k × k.
  public static func coefficientCovariance(
    basis: [Double], rows m: Int, basisCount k: Int, noiseVariance: Double,
    jacobian: [Double]? = nil, parameterCount n: Int = 0, parameterCovariance: [Double]? = nil
  ) -> [Double] {
    let svd = SingularValueDecomposition(matrix: basis, rows: m, columns: k)
    let top = svd.singularValues.first ?? 0
    var cov = [Double](repeating: 0, count: k * k)
    for q in 0..<k where svd.singularValues[q] > 1e-12 * top && top > 0 {
      let s2 = svd.singularValues[q] * svd.singularValues[q]
      for i in 0..<k { for j in 0..<k {
        cov[i * k + j] += noiseVariance * svd.rightVectors[q * k + i] * svd.rightVectors[q * k + j] / s2 } }
    }
    if let jacobian, let cp = parameterCovariance {
      precondition(jacobian.count == m * n && cp.count == n * n, "coefficientCovariance: size mismatch")
      let projector = Projector(basis: basis, rows: m, columns: k)
      // G column j = B⁺ J_j (k entries).
      var gm = [Double](repeating: 0, count: k * n)
      for j in 0..<n {
        let (_, coef) = projector.project(Array(jacobian[(j * m)..<((j + 1) * m)]))
        for i in 0..<k { gm[i * n + j] = coef[i] }
      }
      for i in 0..<k { for j in 0..<k {
        var s = 0.0
        for p in 0..<n { for q in 0..<n { s += gm[i * n + p] * cp[p * n + q] * gm[j * n + q] } }
        cov[i * k + j] += s
      } }
    }
    return cov
  }

  /// The orthogonal projector onto range(B) from its thin SVD.
  struct Projector: Sendable {
    var u: [Double]  // m × r column-major
    var vOverSigma: [Double]  // k × r: column q is v_q/σ_q
    var rank: Int
    var rows: Int
    var columns: Int

    init(basis: [Double], rows m: Int, columns k: Int) {
      let svd = SingularValueDecomposition(matrix: basis, rows: m, columns: k, computeLeftVectors: true)
      let top = svd.singularValues.first ?? 0
      rank = top > 0 ? svd.singularValues.filter { $0 > 1e-12 * top }.count : 0
      u = Array(svd.leftVectors!.prefix(m * rank))
      var vs = [Double](repeating: 0, count: k * rank)
      for q in 0..<rank { for i in 0..<k { vs[q * k + i] = svd.rightVectors[q * k + i] / svd.singularValues[q] } }
      vOverSigma = vs
      rows = m
      columns = k
    }

    /// ((I − P_B) y, B⁺ y).
    func project(_ y: [Double]) -> ([Double], [Double]) {
      var out = y
      var coef = [Double](repeating: 0, count: columns)
      let m = rows
      u.withUnsafeBufferPointer { up in
        for q in 0..<rank {
          let col = up.baseAddress! + q * m
          var s = 0.0
          for i in 0..<m { s += col[i] * y[i] }
          for i in 0..<m { out[i] -= s * col[i] }
          for i in 0..<columns { coef[i] += s * vOverSigma[q * columns + i] }
        }
      }
      return (out, coef)
    }
  }
}
