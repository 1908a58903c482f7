/// A Cholesky factor of a symmetric positive definite matrix with a fixed sparsity pattern:
/// analyzed once, refactorized for new values, solved for many right-hand sides.
///
/// `CholeskyFactor` (CHOLMOD) and `SupernodalCholesky` (this layer's own) conform, so a
/// caller such as the finite-element solver chooses one by `FactorizationMethod` and keeps
/// the same code for refactorization and solves.
public protocol SymmetricFactor: AnyObject, Sendable {
  /// The number of rows and columns of the factored matrix.
  var dimension: Int { get }
  /// Computes the numeric factor of `matrix` (which must have the analyzed pattern),
  /// reusing the symbolic analysis.
  /// - Throws: `SolveError.notPositiveDefinite(column:)` with the original column of the
  ///   first pivot that was not positive, or another `SolveError`.
  func factorize(_ matrix: SymmetricCSCMatrix) throws(SolveError)
  /// Solves `A X = B` for `count` right-hand sides (column-major, `dimension x count`).
  func solve(_ rhs: [Double], count: Int) throws(SolveError) -> [Double]
  /// Fill, flops, timings and the ordering of this factor.
  var statistics: FactorStatistics { get }
}

extension CholeskyFactor: SymmetricFactor {}
extension SupernodalCholesky: SymmetricFactor {}

/// A factor that wants the nodal coordinates of the problem it solves (3 per node, node order),
/// e.g. to give an algebraic multigrid preconditioner the rigid-body modes as its near-null
/// space. `ElasticSolver` hands them over after the analysis.
public protocol NodalCoordinatesConsumer: AnyObject {
  func useNodalCoordinates(_ coordinates: [Double])
}
