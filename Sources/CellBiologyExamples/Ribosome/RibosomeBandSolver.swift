import FECommon
import SparseSolve

/// Solves K(λ) t = r for the banded normal matrix K(λ) = GᵀWG + λD₂ᵀD₂ by CHOLMOD.
///
/// The pattern does not depend on λ, so the ordering and symbolic analysis are done once
/// (`CholeskyFactor(pattern:)`); each new λ refactorizes values only. The factor of the last
/// λ is kept, so repeated solves at one λ (the λ rules' quantities, the positivity step's
/// right-hand sides) cost no further factorization. One owner drives it (it is not
/// `Sendable`): the current λ and its factor change from call to call.
package final class RibosomeBandSolver {
  package let equations: RibosomeNormalEquations
  private let factor: CholeskyFactor
  private var currentLambda: Double?
  /// Numeric factorizations done so far (one symbolic analysis in all).
  package private(set) var factorizations = 0

  /// Analyzes the band pattern once.
  /// - Throws: `NumericalError` if CHOLMOD cannot analyze it.
  package init(equations: RibosomeNormalEquations) throws {
    self.equations = equations
    do {
      factor = try CholeskyFactor(pattern: equations.pattern, ordering: .amd, kind: .simplicial)
    } catch {
      throw NumericalError("CHOLMOD could not analyze the \(equations.n)-codon band matrix: \(error.description)")
    }
  }

  /// K(λ)⁻¹ times the columns of `rhs` (column-major n × count), refactorizing when λ changed.
  /// - Throws: `NumericalError` when K(λ) is not positive definite (λ = 0 with a singular
  ///   kernel: the data alone do not determine every codon) or CHOLMOD fails.
  package func solve(lambda: Double, _ rhs: [Double], count: Int = 1) throws -> [Double] {
    try factorize(lambda: lambda)
    do {
      return try factor.solve(rhs, count: count)
    } catch {
      throw NumericalError("CHOLMOD solve failed at λ = \(lambda): \(error.description)")
    }
  }

  /// Z = K(λ)⁻¹ on the band (the pattern's positions, in its order), and, with `derivative`,
  /// dZ/dλ = −Z D₂ᵀD₂ Z there too (`CholeskyFactor.inverseEntries`: Takahashi's recurrence
  /// on the factor, O(n·p²)).
  /// - Throws: as `solve`.
  package func inverseOnBand(lambda: Double, derivative: Bool = false) throws -> (values: [Double], derivatives: [Double]?) {
    try factorize(lambda: lambda)
    do {
      if derivative {
        let both = try factor.inverseEntries(onPatternOf: equations.pattern, derivativeAlong: equations.penalty)
        return (both.values, both.derivatives)
      }
      return (try factor.inverseEntries(onPatternOf: equations.pattern), nil)
    } catch {
      throw NumericalError("CHOLMOD's factor at λ = \(lambda) could not be inverted on the band: \(error.description)")
    }
  }

  /// Whether `matrix` (values on the band's pattern) is positive definite: one numeric
  /// factorization, which leaves no factor current.
  /// - Throws: `NumericalError` for a CHOLMOD failure other than a non-positive pivot.
  package func isPositiveDefinite(_ matrix: SymmetricCSCMatrix) throws -> Bool {
    currentLambda = nil
    do {
      try factor.factorize(matrix)
      factorizations += 1
      return true
    } catch .notPositiveDefinite {
      factorizations += 1
      return false
    } catch {
      throw NumericalError("CHOLMOD failed on the band matrix: \(error.description)")
    }
  }

  /// Factorizes K(λ) unless it is the current factor.
  private func factorize(lambda: Double) throws {
    if currentLambda != lambda {
      currentLambda = nil
      do {
        try factor.factorize(equations.matrix(lambda: lambda))
      } catch let SolveError.notPositiveDefinite(column) {
        // Which side failed: a penalty 10¹² times the data term leaves the straight lines it
        // does not penalize to round-off; otherwise the kernel hides a direction.
        let swamped = lambda * (equations.penalty.values.map(abs).max() ?? 0) > 1e12 * (equations.pattern.values.map(abs).max() ?? 0)
        throw NumericalError(
          "GᵀWG + λD₂ᵀD₂ with λ = \(lambda) is not positive definite (Cholesky failed at codon index \(column), 0-based): "
            + (swamped
              ? "λ is so large that the penalty swamps the data beyond double precision, and the straight-line profiles it leaves free are lost to round-off; use a smaller λ (the rules search 1e-4 to 1e6)"
              : "the kernel leaves a combination of occupancies unseen and λ is too small to fix it; use λ > 0"))
      } catch SolveError.nonFinite {
        throw NumericalError(
          "GᵀWG + λD₂ᵀD₂ with λ = \(lambda) overflows double precision; use a smaller λ (the rules search 1e-4 to 1e6)")
      } catch {
        throw NumericalError("CHOLMOD failed on the band matrix at λ = \(lambda): \(error.description)")
      }
      factorizations += 1
      currentLambda = lambda
    }
  }
}
