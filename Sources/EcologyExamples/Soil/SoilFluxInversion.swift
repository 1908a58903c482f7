import DenseLinearAlgebra
import FECommon
import Foundation
import Inversion

/// Reaction rates from net fluxes, f = S r + e, r ≥ 0 (`shared/spec/apps.md` §3).
///
/// 1. Weighted Lawson–Hanson NNLS, min ‖W(S r − f)‖ subject to r ≥ 0 with
///    W = diag(1/σ) (`LinearLeastSquares.nonNegative`). When S is rank-deficient the
///    minimizers form a polytope; NNLS returns one vertex, but the fitted fluxes
///    ŷ = S r̂ are the same for all of them (the projection of f onto the cone
///    {S r : r ≥ 0} in the W-norm is unique).
/// 2. Flux-variability analysis: for each reaction j, min and max r_j subject to
///    |S r − ŷ| ≤ 10⁻⁹·max|ŷ| row by row and r ≥ 0, by linear programming
///    (`LinearProgram`, GLPK's simplex). An unbounded maximum is +∞: then a
///    non-negative null vector v (S v = 0, v ≥ 0, v_j > 0) exists, and one is reported.
/// 3. Identifiability: the SVD of W S gives the rank (σ > 10⁻¹⁰ σ₁), the condition
///    number σ₁/σ_rank and an orthonormal null-space basis (null(W S) = null(S)).
///    χ²_min = Σ((f − ŷ)/σ)² has m − rank degrees of freedom.
package enum SoilFluxInversion {
  /// The relative singular-value threshold of the rank.
  package static let rankTolerance = 1e-10

  /// Inverts measured fluxes.
  ///
  /// - Parameters:
  ///   - stoichiometry: S restricted to the measured species, in the order of `fluxes`.
  ///   - fluxes: f, one per species (any consistent unit, e.g. µmol m⁻² h⁻¹).
  ///   - sigma: σ > 0 per species, in the unit of f.
  /// - Throws: `NumericalError` when an LP breaks down or reports the NNLS fit
  ///   infeasible (which would mean a solver fault: r̂ is feasible by construction).
  ///   Counts must match (`fluxes.count == sigma.count == species.count`) and σ > 0,
  ///   or a precondition failure occurs (validated by the reader).
  package static func invert(stoichiometry s: SoilStoichiometry, fluxes f: [Double], sigma: [Double]) throws -> SoilFluxResult {
    let m = s.species.count, n = s.reactions.count
    precondition(f.count == m && sigma.count == m, "SoilFluxInversion: one flux and one sigma per species")
    precondition(sigma.allSatisfy { $0 > 0 }, "SoilFluxInversion: sigma must be > 0")

    // 1. Weighted NNLS.
    var ws = s.matrix, wf = f
    for i in 0..<m {
      wf[i] /= sigma[i]
      for j in 0..<n { ws[j * m + i] /= sigma[i] }
    }
    let rHat = LinearLeastSquares.nonNegative(a: ws, rows: m, columns: n, b: wf).x
    let yHat = s.fluxes(rates: rHat)
    let residuals = (0..<m).map { (f[$0] - yHat[$0]) / sigma[$0] }
    let chi2 = residuals.reduce(0) { $0 + $1 * $1 }

    // 3. Rank, condition number and null space of W S.
    let svd = SingularValueDecomposition(matrix: ws, rows: m, columns: n)
    let top = svd.singularValues.first ?? 0
    let rank = svd.singularValues.filter { $0 > rankTolerance * top }.count
    let condition = rank > 0 ? top / svd.singularValues[rank - 1] : .infinity
    let nullSpace = (rank..<n).map { k -> [Double] in
      var v = svd.rightVector(k)
      for j in v.indices where abs(v[j]) < 1e-14 { v[j] = 0 }
      if let big = v.max(by: { abs($0) < abs($1) }), big < 0 { v = v.map { -$0 } }
      return v
    }

    // 2. Flux variability over {r ≥ 0 : S r = ŷ}.
    let tolerance = 1e-9 * (yHat.map(abs).max() ?? 0)
    let feasible = LinearProgram(
      sense: .minimize, objective: [Double](repeating: 0, count: n), constraints: s.matrix, rows: m,
      rowLower: yHat.map { $0 - tolerance }, rowUpper: yHat.map { $0 + tolerance })
    var ranges = [(min: Double, max: Double)]()
    for j in 0..<n {
      var c = [Double](repeating: 0, count: n)
      c[j] = 1
      let low = try extreme(feasible.with(objective: c, sense: .minimize), reaction: s.reactions[j])
      let high = try extreme(feasible.with(objective: c, sense: .maximize), reaction: s.reactions[j])
      ranges.append((max(0, low), high))
    }
    let nullVector = ranges.contains { !$0.max.isFinite } ? try nonNegativeNullVector(s) : nil

    let result = SoilFluxResult(
      nnlsRates: rHat, fittedFluxes: yHat, weightedResiduals: residuals, chiSquared: chi2,
      degreesOfFreedom: m - rank, rank: rank, singularValues: svd.singularValues, conditionNumber: condition,
      nullSpace: nullSpace, ranges: ranges, nonNegativeNullVector: nullVector, rangeTolerance: tolerance,
      warnings: [])
    return withWarnings(result, stoichiometry: s)
  }

  /// The null space in reduced row-echelon form: the same span as the SVD basis, but
  /// each vector has a leading 1 in a column where the others are 0, so the
  /// dependencies read as reactions (for the textbook network: respiration
  /// − ½ methanogenesis − ½ CH₄ oxidation, and complete denitrification − 2 × to N₂O
  /// − N₂O reduction). Gauss–Jordan with partial pivoting; entries below 1e-12 are 0.
  package static func echelonBasis(_ basis: [[Double]]) -> [[Double]] {
    guard let n = basis.first?.count else { return [] }
    var rows = basis
    var pivotRow = 0
    for col in 0..<n where pivotRow < rows.count {
      guard let p = (pivotRow..<rows.count).max(by: { abs(rows[$0][col]) < abs(rows[$1][col]) }),
        abs(rows[p][col]) > 1e-9
      else { continue }
      rows.swapAt(pivotRow, p)
      let pivot = rows[pivotRow][col]
      rows[pivotRow] = rows[pivotRow].map { $0 / pivot }
      for i in rows.indices where i != pivotRow {
        let factor = rows[i][col]
        if factor != 0 { for j in 0..<n { rows[i][j] -= factor * rows[pivotRow][j] } }
      }
      pivotRow += 1
    }
    return rows.map { $0.map { abs($0) < 1e-12 ? 0 : $0 } }
  }

  /// The optimum of one FVA program: a value, +∞ when unbounded above.
  static func extreme(_ lp: LinearProgram, reaction: String) throws -> Double {
    switch try lp.solve() {
    case .optimal(let solution): return solution.objectiveValue
    case .unbounded:
      guard lp.sense == .maximize else {
        throw NumericalError("the minimum rate of \(reaction) came out unbounded below although rates are >= 0 (LP solver fault)")
      }
      return .infinity
    case .infeasible:
      throw NumericalError("the flux-variability LP for \(reaction) is infeasible although the NNLS rates satisfy it (LP solver fault)")
    }
  }

  /// A non-negative null vector of S with the largest possible support, scaled to max
  /// entry 1: max Σ v_j subject to S v = 0, 0 ≤ v ≤ 1; nil when only v = 0 qualifies.
  static func nonNegativeNullVector(_ s: SoilStoichiometry) throws -> [Double]? {
    let m = s.species.count, n = s.reactions.count
    let lp = LinearProgram(
      sense: .maximize, objective: [Double](repeating: 1, count: n), constraints: s.matrix, rows: m,
      rowLower: [Double](repeating: 0, count: m), rowUpper: [Double](repeating: 0, count: m),
      columnLower: [Double](repeating: 0, count: n), columnUpper: [Double](repeating: 1, count: n))
    guard let v = try lp.solve().solution?.x, let top = v.max(), top > 1e-9 else { return nil }
    return v.map { $0 / top < 1e-12 ? 0 : $0 / top }
  }

  /// The plain statements of what the data leave open.
  static func withWarnings(_ r: SoilFluxResult, stoichiometry s: SoilStoichiometry) -> SoilFluxResult {
    var out = r
    let n = s.reactions.count
    var w = [String]()
    if r.rank < n {
      w.append("S has rank \(r.rank) < \(n) reactions: the fluxes determine only \(r.rank) combinations of the rates; "
        + "the NNLS rates are one vertex of a set of equally good solutions (see ranges and null_space)")
      for v in echelonBasis(r.nullSpace) {
        let terms = v.indices.filter { v[$0] != 0 }.map { j -> String in
          let c = v[j]
          let magnitude = format(abs(c)) == "1" ? "" : format(abs(c)) + " "
          return (c < 0 ? "- " : "+ ") + magnitude + s.reactions[j]
        }
        var text = terms.joined(separator: " ")
        if text.hasPrefix("+ ") { text.removeFirst(2) }
        w.append("zero net flux: \(text) changes no measured flux")
      }
    }
    for j in 0..<n {
      let name = s.reactions[j]
      let (lo, hi) = r.ranges[j]
      if !hi.isFinite {
        w.append("\(name): unbounded above (+inf): a non-negative combination of reactions with zero net flux "
          + "contains it, so any rate >= \(format(lo)) fits equally well")
      } else if !r.isDetermined(j) {
        w.append("\(name): not determined; every rate in [\(format(lo)), \(format(hi))] fits equally well")
      }
    }
    if r.degreesOfFreedom == 0 {
      w.append("no redundant species (m = rank): chi-squared is zero by construction and tests nothing")
    } else if r.chiSquared > Double(r.degreesOfFreedom) + 4 * (2 * Double(r.degreesOfFreedom)).squareRoot() {
      // Four standard deviations of the χ² distribution above its mean (p ≈ 0.01 at 1 dof).
      w.append("chi-squared \(format(r.chiSquared)) is large for \(r.degreesOfFreedom) degrees of freedom: "
        + "the stoichiometry, the sigmas or the sign constraints do not fit the data")
    }
    out.warnings = w
    return out
  }

  /// Six significant digits, for messages.
  static func format(_ x: Double) -> String { String(format: "%.6g", x) }
}
