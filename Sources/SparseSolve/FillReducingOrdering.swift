/// How the symmetric matrix is permuted before Cholesky factorization to reduce fill-in.
public enum FillReducingOrdering: Sendable, Equatable {
  /// CHOLMOD's default strategy (`Common->nmethods = 0`): AMD, then METIS as well when AMD's
  /// ordering is costly (`fl/lnz >= 500` and `lnz/anz >= 5`, true for 3D FE matrices);
  /// the ordering with the smaller fill is kept.
  case cholmodDefault
  /// Approximate minimum degree (CHOLMOD's `CHOLMOD_AMD`).
  case amd
  /// METIS nested dissection on the full scalar graph (CHOLMOD's `CHOLMOD_METIS`).
  case metis
  /// `METIS_NodeND` on the compressed graph of consecutive `blockSize x blockSize` blocks,
  /// expanded back so each block's unknowns stay consecutive.
  ///
  /// For a finite-element matrix with `3 * node + component` numbering and `blockSize: 3`
  /// this orders the node graph, which is `blockSize` times smaller and orders faster.
  /// Falls back to `.cholmodDefault` when `dimension % blockSize != 0` or `blockSize < 1`.
  case nestedDissectionOfBlocks(blockSize: Int)
}
