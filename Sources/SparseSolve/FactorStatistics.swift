/// Measurements of one Cholesky factor: fill, work, timings and the ordering used.
public struct FactorStatistics: Sendable {
  /// Nonzeros in `L` for a "pure" factor, excluding the explicit zeros a supernodal factor
  /// stores after amalgamation (CHOLMOD's `Common->lnz`).
  public var factorNonzeros: Double
  /// Floating-point operations of a simplicial `L Lᵀ` factorization with this ordering
  /// (CHOLMOD's `Common->fl`).
  public var flops: Double
  /// Wall-clock seconds of the symbolic analysis, ordering included.
  public var analysisSeconds: Double
  /// Wall-clock seconds of the most recent numeric factorization (0 before the first).
  public var factorizationSeconds: Double
  /// A human-readable name of the ordering actually used, e.g. `"METIS_NodeND on 3x3 blocks"`.
  public var orderingName: String
  /// Whether the numeric factor is supernodal (dense BLAS blocks) rather than simplicial.
  public var isSupernodal: Bool
  /// Entries the factor actually stores, explicit zeros of supernodes included
  /// (CHOLMOD's `L->xsize`).
  public var factorStoredEntries: Double = 0
  /// How many symbolic analyses this factor has done; always 1, since refactorization reuses it.
  public var analysisCount: Int = 0
  /// How many numeric factorizations were attempted.
  public var factorizationCount: Int = 0
  /// For a mixed-precision factor (`MixedPrecisionCholesky`): what it did; nil otherwise.
  public var mixedPrecision: MixedPrecisionSummary? = nil
  /// Bytes of workspace a numeric factorization allocates besides the factor (the
  /// supernodal update panels of every thread; CHOLMOD's largest update matrix).
  public var workspaceBytes: Double = 0

  /// Statistics of a factor made outside this module (`FactorizationMethod.external`).
  public init(
    factorNonzeros: Double, flops: Double, analysisSeconds: Double, factorizationSeconds: Double, orderingName: String,
    isSupernodal: Bool, factorStoredEntries: Double = 0, analysisCount: Int = 0, factorizationCount: Int = 0, workspaceBytes: Double = 0,
    mixedPrecision: MixedPrecisionSummary? = nil
  ) {
    self.factorNonzeros = factorNonzeros
    self.flops = flops
    self.analysisSeconds = analysisSeconds
    self.factorizationSeconds = factorizationSeconds
    self.orderingName = orderingName
    self.isSupernodal = isSupernodal
    self.factorStoredEntries = factorStoredEntries
    self.analysisCount = analysisCount
    self.factorizationCount = factorizationCount
    self.workspaceBytes = workspaceBytes
    self.mixedPrecision = mixedPrecision
  }
}
