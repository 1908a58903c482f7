import FECommon
import Foundation
import SparseSolve

/// How well the kernel and the weights determine the occupancies: the extreme eigenvalues of
/// A = GᵀWG, hence κ(√W G) = √(λ_max/λ_min), and how many directions of t the data do not
/// see at all.
///
/// Both eigenvalues come from bisection on whether a shifted band is positive definite
/// (σI − A for λ_max, A − σI for λ_min), one CHOLMOD factorization per step on the band's
/// own symbolic analysis: O(n·p²) each, about 50 in all, where a full eigendecomposition
/// of the band costs O(n²) (21 s for 34 000 codons with LAPACK's dsbev). Relative accuracy
/// 10⁻⁶, enough for a condition number.
///
/// A is singular to working precision when A − 10⁻¹³λ_max·I is not positive definite. The
/// hidden directions are then counted as n − tr H at λ = 10⁻¹³·τ, τ = tr A/tr B: in the
/// simultaneous diagonalization of (A, A + τB) each mode contributes λβ_i/(α_i + λβ_i)
/// ≈ 1/(1 + 10¹³α_i), that is 1 when α_i ≪ 10⁻¹³ and 0 when α_i ≫ 10⁻¹³ (the threshold
/// below which a mode counts as unseen).
package struct RibosomeKernelConditioning: Sendable {
  /// The extreme eigenvalues of GᵀWG (λ_min is 0 when A is singular to working precision).
  package let largestEigenvalue: Double
  package let smallestEigenvalue: Double
  /// The number of directions of t the data do not see (0 when A is positive definite).
  package let hiddenDirections: Int

  /// The relative eigenvalue below which A counts as singular.
  package static let nullThreshold = 1e-13
  /// The relative accuracy of the bisections.
  static let relativeTolerance = 1e-6

  /// κ(√W G) = √(λ_max/λ_min); ∞ when A is singular.
  package var conditionNumber: Double {
    smallestEigenvalue > 0 ? (largestEigenvalue / smallestEigenvalue).squareRoot() : .infinity
  }

  /// Bisects with `solver`'s factor; it holds no current factor afterwards.
  /// - Throws: `NumericalError` when the kernel does not see straight-line occupancy
  ///   profiles (the null space of D₂), so no λ determines t, or when CHOLMOD fails.
  package init(equations: RibosomeNormalEquations, solver: RibosomeBandSolver) throws {
    let a = equations.pattern
    let n = equations.n
    try Self.checkStraightLinesSeen(a)
    /// s·A + σI on the band.
    func shifted(_ s: Double, _ sigma: Double) -> SymmetricCSCMatrix {
      var m = a
      for j in 0..<n {
        for e in m.columnStarts[j]..<m.columnStarts[j + 1] {
          m.values[e] = s * m.values[e] + (m.rowIndices[e] == j ? sigma : 0)
        }
      }
      return m
    }
    // λ_max in [max diagonal, Gershgorin bound]: σI − A is positive definite iff σ > λ_max.
    var maxDiagonal = 0.0, rowSums = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for e in a.columnStarts[j]..<a.columnStarts[j + 1] {
        let i = a.rowIndices[e], v = abs(a.values[e])
        rowSums[j] += v
        if i != j { rowSums[i] += v } else { maxDiagonal = max(maxDiagonal, a.values[e]) }
      }
    }
    guard maxDiagonal > 0 else { throw NumericalError("GᵀWG is zero: the kernel assigns no footprints inside the ORF") }
    var lo = maxDiagonal, hi = (rowSums.max() ?? maxDiagonal) * (1 + 1e-12)  // Gershgorin ≥ every diagonal
    while hi - lo > Self.relativeTolerance * hi {
      let mid = 0.5 * (lo + hi)
      if try solver.isPositiveDefinite(shifted(-1, mid)) { hi = mid } else { lo = mid }
    }
    largestEigenvalue = hi
    // λ_min: A − σI is positive definite iff σ < λ_min; bisect in ln σ.
    let floor = Self.nullThreshold * hi
    if try !solver.isPositiveDefinite(shifted(1, -floor)) {
      smallestEigenvalue = 0
      var traceA = 0.0, traceB = 0.0
      for j in 0..<n {
        for e in a.columnStarts[j]..<a.columnStarts[j + 1] where a.rowIndices[e] == j {
          traceA += a.values[e]
          traceB += equations.penalty.values[e]
        }
      }
      let lambda = Self.nullThreshold * traceA / traceB
      let unseen = lambda * equations.penaltyTrace(inverseOnBand: try solver.inverseOnBand(lambda: lambda).values)
      hiddenDirections = max(1, Int(unseen.rounded()))
      return
    }
    var lnLo = log(floor), lnHi = log(maxDiagonal)  // λ_min ≤ every diagonal entry
    while lnHi - lnLo > Self.relativeTolerance {
      let mid = 0.5 * (lnLo + lnHi)
      if try solver.isPositiveDefinite(shifted(1, -exp(mid))) { lnLo = mid } else { lnHi = mid }
    }
    smallestEigenvalue = exp(lnLo)
    hiddenDirections = 0
  }

  /// The null space of D₂ is the straight lines a + b·i; A + λD₂ᵀD₂ is positive definite for
  /// λ > 0 iff A is positive definite on it, a 2 × 2 check (Gram matrix of 𝟙 and the
  /// centred index under A, against round-off of its size).
  static func checkStraightLinesSeen(_ a: SymmetricCSCMatrix) throws {
    let n = a.dimension
    let one = [Double](repeating: 1, count: n)
    let centre = Double(n - 1) / 2
    let line = (0..<n).map { (Double($0) - centre) / max(centre, 1) }
    let a1 = a.multiply(one), al = a.multiply(line)
    var g11 = 0.0, g12 = 0.0, g22 = 0.0
    for i in 0..<n {
      g11 += a1[i]
      g12 += a1[i] * line[i]
      g22 += al[i] * line[i]
    }
    let scale = abs(g11) + abs(g22)
    guard g11 > 1e-13 * scale, g22 > 1e-13 * scale, g11 * g22 - g12 * g12 > 1e-13 * scale * scale else {
      throw NumericalError(
        "GᵀWG + λD₂ᵀD₂ is singular for every λ: the kernel does not see a straight-line occupancy profile, so no λ determines it")
    }
  }
}
