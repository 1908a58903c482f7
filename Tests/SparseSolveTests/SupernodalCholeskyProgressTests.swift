import FECommon
import Synchronization
import Testing

@testable import SparseSolve

/// The progress callback of `SupernodalCholesky.factorize`.
@Suite struct SupernodalCholeskyProgressTests {
  @Test(arguments: [1, 2])
  func fractionsRiseToOneAndTheFactorIsUnchanged(threads: Int) throws {
    let a = TestMatrices.elasticityLike(nx: 12, ny: 10, nz: 5, shift: 0.5)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let reported = Mutex<[FactorizationProgress]>([])
    let watched = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
    // Interval 0: a report after every supernode.
    watched.progressReporting = FactorizationProgressReporting(interval: 0) { p in reported.withLock { $0.append(p) } }
    try watched.factorize(a)
    let reports = reported.withLock { $0 }
    #expect(reports.count > 10)
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.fractionDone <= $1.fractionDone && $0.seconds <= $1.seconds })
    #expect(reports.allSatisfy { $0.fractionDone >= 0 && $0.fractionDone <= 1 })
    #expect(reports.last?.fractionDone == 1)
    // Before the end the share counts real work: some report lies strictly inside (0, 1).
    #expect(reports.contains { $0.fractionDone > 0 && $0.fractionDone < 1 })
    // The total is the sum of the supernodes' own flops, the same order as the factor's count.
    let total = try #require(reports.first?.totalFlops)
    #expect(total > 0.5 * watched.statistics.flops && total < 4 * watched.statistics.flops)

    // Reporting does not change the factor: the same solve, bit for bit, without it.
    let quiet = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
    try quiet.factorize(a)
    let b = (0..<a.dimension).map { Double($0 % 7) - 3 }
    #expect(try watched.solve(b) == quiet.solve(b))
  }

  @Test func aLongIntervalReportsOnlyTheEnd() throws {
    let a = TestMatrices.elasticityLike(nx: 8, ny: 6, nz: 4, shift: 0.5)
    let perm = try SupernodalCholesky.nestedDissectionPermutation(of: a)
    let reported = Mutex<[Double]>([])
    let factor = try SupernodalCholesky(pattern: a, permutation: perm, threads: 2)
    factor.progressReporting = FactorizationProgressReporting(interval: 3600) { p in reported.withLock { $0.append(p.fractionDone) } }
    try factor.factorize(a)
    #expect(reported.withLock { $0 } == [1])
  }

  @Test func noReportingIsSilence() throws {
    // Neither the instance's nor a default: factorize must not call anything (nothing to
    // observe but that it runs); the default is nil unless a program installs one.
    #expect(SupernodalCholesky.defaultProgress == nil)
    let a = TestMatrices.elasticityLike(nx: 6, ny: 5, nz: 3, shift: 0.5)
    let factor = try SupernodalCholesky(pattern: a, permutation: try SupernodalCholesky.nestedDissectionPermutation(of: a))
    #expect(factor.progressReporting == nil)
    try factor.factorize(a)
  }
}
