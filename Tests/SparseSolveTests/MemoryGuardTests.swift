import Testing

@testable import SparseSolve

/// The memory guard's parts that need no process: sizes, the choice of the tightest room, and
/// the supernodal prediction's terms (the end-to-end checks, with the measured resident growth,
/// are `MemoryGuardCLITests`).
@Suite struct MemoryGuardTests {
  static let gib: Double = 1_073_741_824
  static let sizes: [(String, Double)] = [
    ("8 GiB", 8 * gib), ("8GiB", 8 * gib), ("500 MB", 5e8), ("1.5 GB", 1.5e9), ("2 kB", 2e3), ("3 KiB", 3072),
    ("1e9", 1e9), ("4096 B", 4096), (" 2 tib ", 2048 * gib),
  ]

  @Test func sizesParse() {
    for (text, bytes) in Self.sizes { #expect(MemoryGuard.parseSize(text) == bytes, "\(text)") }
  }

  @Test(arguments: ["", "lots", "-3 GB", "0", "8 GB of RAM", "8 XB", "GB"])
  func nonSizesAreRejected(text: String) {
    #expect(MemoryGuard.parseSize(text) == nil)
  }

  @Test func tightestRoomDecides() throws {
    var statistics = FactorStatistics(
      factorNonzeros: 1e6, flops: 1e9, analysisSeconds: 0, factorizationSeconds: 0, orderingName: "test", isSupernodal: true,
      factorStoredEntries: 1e6, workspaceBytes: 2e6)
    #expect(statistics.predictedFactorizationBytes == 1e7)
    let rooms = [MemoryGuard.Room(bytes: 5e7, source: "big"), MemoryGuard.Room(bytes: 9e6, source: "small")]
    #expect(throws: SolveError.insufficientMemory(predictedBytes: 1e7, factorEntries: 1e6, roomBytes: 9e6, source: "small")) {
      try MemoryGuard.check(statistics, rooms: rooms)
    }
    statistics.workspaceBytes = 0
    try MemoryGuard.check(statistics, rooms: rooms)  // 8e6 fits in 9e6
    try MemoryGuard.check(statistics, rooms: [])  // no bound known: no refusal
  }

  /// The supernodal factor's prediction is its stored entries (what `factorize` allocates)
  /// and one update panel per thread.
  @Test func supernodalPredictionCountsStorageAndPanels() throws {
    let a = TestMatrices.elasticityLike(nx: 6, ny: 5, nz: 4, shift: 0.1)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a, blockSize: 3)
    for threads in [1, 2] {
      let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
      let s = factor.statistics
      #expect(s.factorStoredEntries >= s.factorNonzeros)
      #expect(s.workspaceBytes > 0)
      #expect(s.predictedFactorizationBytes == 8 * s.factorStoredEntries + s.workspaceBytes)
    }
  }
}
