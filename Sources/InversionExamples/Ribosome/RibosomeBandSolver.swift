import FECommon
import SparseSolve

/// Solves K(λ) t = r for the banded normal matrix K(λ) = GᵀWG + λD₂ᵀD₂ by CHOLMOD.
///
/// The pattern does not depend on λ, so the ordering and symbolic analysis are done once
/// (`CholeskyFactor(pattern:)`); each new λ refactorizes values only. The factor of the last
/// λ is kept, so repeated solves at one λ (the positivity step's right-hand sides) cost no
/// further factorization.
public final class RibosomeBandSolver: @unchecked Sendable {
  public let equations: RibosomeNormalEquations
  private let factor: CholeskyFactor
  private var currentLambda: Double?
  /// Numeric factorizations done so far (one symbolic analysis in all).
  public private(set) var factorizations = 0

  /// Analyzes the band pattern once.
  /// - Throws: `NumericalError` if CHOLMOD cannot analyze it.
  public init(equations: RibosomeNormalEquations) throws {
    self.equations = equations
    do {
      factor = try CholeskyFactor(pattern: equations.pattern, ordering: .amd)
    } catch {
      throw NumericalError("CHOLMOD could not analyze the \(equations.n)-codon band matrix: \(error.description)")
    }
  }

  /// K(λ)⁻¹ times the columns of `rhs` (column-major n × count), refactorizing when λ changed.
  /// - Throws: `NumericalError` when K(λ) is not positive definite (λ = 0 with a singular
  ///   kernel: the data alone do not determine every codon) or CHOLMOD fails.
  public func solve(lambda: Double, _ rhs: [Double], count: Int = 1) throws -> [Double] {
    if currentLambda != lambda {
      currentLambda = nil
      do {
        try factor.factorize(equations.matrix(lambda: lambda))
      } catch let SolveError.notPositiveDefinite(column) {
        throw NumericalError(
          "GᵀWG + λD₂ᵀD₂ with λ = \(lambda) is not positive definite (Cholesky failed at codon index \(column), 0-based): "
            + "the kernel leaves a combination of occupancies unseen and λ is too small to fix it; use λ > 0")
      } catch {
        throw NumericalError("CHOLMOD failed on the band matrix at λ = \(lambda): \(error.description)")
      }
      factorizations += 1
      currentLambda = lambda
    }
    do {
      return try factor.solve(rhs, count: count)
    } catch {
      throw NumericalError("CHOLMOD solve failed at λ = \(lambda): \(error.description)")
    }
  }
}
