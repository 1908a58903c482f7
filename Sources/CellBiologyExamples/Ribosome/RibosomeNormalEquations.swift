import SparseSolve

/// The normal equations of the weighted, second-difference-regularized ribosome problem,
///
///     (GᵀWG + λ D₂ᵀD₂) t = GᵀWc,
///
/// from min_t Σ w_i (c_i − (Gt)_i)² + λ‖D₂t‖² with w_i = 1/max(c_i, 1) (a Poisson variance
/// estimate that stays finite at zero counts). Both matrices are banded: GᵀWG has half
/// bandwidth 2h for a kernel of half-width h, D₂ᵀD₂ has 2, so K(λ) has p = max(2h, 2).
///
/// Both are held on one sparse upper-triangle pattern (the band), for CHOLMOD: O(n·p) memory,
/// so an ORF of any length fits.
package struct RibosomeNormalEquations: Sendable {
  /// The number of codons n (at least 3, for D₂ to exist).
  package let n: Int
  /// The half bandwidth p of K(λ).
  package let bandwidth: Int
  /// w_i = 1/max(c_i, 1).
  package let weights: [Double]
  /// GᵀWc.
  package let rhs: [Double]
  /// cᵀWc.
  package let weightedCountNorm: Double
  /// The band pattern of K (upper triangle), its values those of GᵀWG.
  package let pattern: SymmetricCSCMatrix
  /// D₂ᵀD₂ on the same pattern.
  package let penalty: SymmetricCSCMatrix

  /// Builds the matrices for a profile; `profile.codonCount >= 3`, or a precondition
  /// failure occurs.
  package init(profile: RibosomeProfile) {
    let n = profile.codonCount
    precondition(n >= 3, "RibosomeNormalEquations: D₂ needs at least 3 codons")
    let h = profile.halfWidth
    let kernel = profile.kernel
    let c = profile.counts
    let w = c.map { 1 / max($0, 1) }
    let p = max(2 * h, 2)
    // The band, column by column: rows max(0, j − p) … j.
    var starts = [0], rows = [Int]()
    rows.reserveCapacity(n * (p + 1))
    for j in 0..<n {
      for i in max(0, j - p)...j { rows.append(i) }
      starts.append(rows.count)
    }
    /// The position of (i, j), i ≤ j ≤ i + p, in the band's arrays.
    func position(_ i: Int, _ j: Int) -> Int { starts[j] + i - max(0, j - p) }
    // GᵀWG: (GᵀWG)_jk = Σ_i G_ij w_i G_ik with G_ij = kernel[i − j + h]; row i of G touches
    // the columns i − h … i + h.
    var a = [Double](repeating: 0, count: rows.count)
    for i in 0..<n {
      let lo = max(0, i - h), hi = min(n - 1, i + h)
      for j in lo...hi {
        let gij = kernel[i - j + h] * w[i]
        for k in j...hi { a[position(j, k)] += gij * kernel[i - k + h] }
      }
    }
    // D₂ᵀD₂: rows (1, −2, 1) at columns r, r+1, r+2, r = 0…n−3.
    var b = [Double](repeating: 0, count: rows.count)
    let stencil: [Double] = [1, -2, 1]
    for r in 0..<(n - 2) {
      for u in 0..<3 { for v in u..<3 { b[position(r + u, r + v)] += stencil[u] * stencil[v] } }
    }
    var g = [Double](repeating: 0, count: n)
    var cwc = 0.0
    for i in 0..<n {
      cwc += w[i] * c[i] * c[i]
      for j in max(0, i - h)...min(n - 1, i + h) { g[j] += kernel[i - j + h] * w[i] * c[i] }
    }
    self.n = n
    self.bandwidth = p
    self.weights = w
    self.rhs = g
    self.weightedCountNorm = cwc
    self.pattern = SymmetricCSCMatrix(dimension: n, columnStarts: starts, rowIndices: rows, values: a)
    self.penalty = SymmetricCSCMatrix(dimension: n, columnStarts: starts, rowIndices: rows, values: b)
  }

  /// K(λ) = GᵀWG + λD₂ᵀD₂ on the band pattern.
  package func matrix(lambda: Double) -> SymmetricCSCMatrix {
    var k = pattern
    for e in 0..<k.values.count { k.values[e] += lambda * penalty.values[e] }
    return k
  }

  /// tr(Z D₂ᵀD₂) = Σ_ij Z_ij (D₂ᵀD₂)_ij over both triangles, for a symmetric Z given on the
  /// band (in the pattern's order, as `RibosomeBandSolver.inverseOnBand` returns K(λ)⁻¹).
  /// λ times it is n − tr H_λ.
  package func penaltyTrace(inverseOnBand z: [Double]) -> Double {
    precondition(z.count == penalty.storedCount, "penaltyTrace: one value per band entry")
    var sum = 0.0
    for j in 0..<n {
      for e in penalty.columnStarts[j]..<penalty.columnStarts[j + 1] {
        sum += (penalty.rowIndices[e] == j ? 1 : 2) * z[e] * penalty.values[e]
      }
    }
    return sum
  }

  /// The weighted residual sum Σ w_i (c_i − (Gt)_i)² of occupancies t, computed directly.
  package func weightedResidualSquared(_ t: [Double], profile: RibosomeProfile) -> Double {
    let mu = profile.expectedCounts(occupancy: t)
    var s = 0.0
    for i in 0..<n {
      let r = profile.counts[i] - mu[i]
      s += weights[i] * r * r
    }
    return s
  }

  /// ‖D₂t‖².
  package static func roughness(_ t: [Double]) -> Double {
    var s = 0.0
    for r in 0..<max(t.count - 2, 0) {
      let d = t[r] - 2 * t[r + 1] + t[r + 2]
      s += d * d
    }
    return s
  }
}
