import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@testable import SparseSolve

/// Factorization time of `SupernodalCholesky` against CHOLMOD on a synthetic hex8 stiffness.
///
/// Off by default (minutes at full size). Run with
/// `SUPERNODAL_MEASURE=1 swift test -c release --filter SupernodalCholeskyMeasurement`.
/// Options: `SUPERNODAL_GRID=nx,ny,nz` nodes (default `121,61,17`, the coupon benchmark),
/// `SUPERNODAL_REPS` (default 3), `SUPERNODAL_THREADS` (default 2),
/// `SUPERNODAL_CHOLMOD_BLAS_THREADS` (default: OpenBLAS's current count), `SUPERNODAL_WHICH` =
/// `both` (default), `cholmod` or `supernodal` (one solver per process, for peak memory).
@Suite struct SupernodalCholeskyMeasurementTests {
  /// The upper triangle of `Σₑ Kₑ` over the hex8 elements of an `nx x ny x nz` node grid, with
  /// `Kₑ = G Gᵀ + 0.1 I` for a random `24 x 24` `G`: an SPD matrix with the pattern of a
  /// 3-DOF-per-node hex8 assembly (27-point stencil, full 3x3 blocks).
  static func hexAssembly(nx: Int, ny: Int, nz: Int, seed: UInt64) -> SymmetricCSCMatrix {
    let pattern = TestMatrices.elasticityLike(nx: nx, ny: ny, nz: nz, shift: 1)
    var values = [Double](repeating: 0, count: pattern.storedCount)
    var g = TestMatrices.Generator(state: seed)
    var gMatrix = [Double](repeating: 0, count: 24 * 24)
    var ke = [Double](repeating: 0, count: 24 * 24)
    var dofs = [Int](repeating: 0, count: 24)
    func node(_ x: Int, _ y: Int, _ z: Int) -> Int { (z * ny + y) * nx + x }
    for z in 0..<(nz - 1) {
      for y in 0..<(ny - 1) {
        for x in 0..<(nx - 1) {
          var a = 0
          for dz in 0...1 {
            for dy in 0...1 {
              for dx in 0...1 {
                let nd = node(x + dx, y + dy, z + dz)
                for c in 0..<3 { dofs[3 * a + c] = 3 * nd + c }
                a += 1
              }
            }
          }
          for k in 0..<(24 * 24) { gMatrix[k] = g.next() }
          for i in 0..<24 {
            for j in i..<24 {
              var sum = i == j ? 0.1 : 0
              for k in 0..<24 { sum += gMatrix[i * 24 + k] * gMatrix[j * 24 + k] }
              ke[i * 24 + j] = sum
              ke[j * 24 + i] = sum
            }
          }
          for i in 0..<24 {
            for j in 0..<24 where dofs[i] <= dofs[j] {
              values[pattern.entryIndex(row: dofs[i], column: dofs[j])!] += ke[i * 24 + j]
            }
          }
        }
      }
    }
    var a = pattern
    a.values = values
    return a
  }

  static func peakMemoryGB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
      return kb / 1_048_576
    }
    return 0
  }

  static func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
      .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
  }

  /// User plus system CPU seconds of this process so far.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
      + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
  }

  static func median(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }

  static func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["SUPERNODAL_MEASURE"] != nil))
  func measureAgainstCholmod() throws {
    let env = ProcessInfo.processInfo.environment
    let grid = (env["SUPERNODAL_GRID"] ?? "121,61,17").split(separator: ",").compactMap { Int($0) }
    let reps = Int(env["SUPERNODAL_REPS"] ?? "3") ?? 3
    let threads = Int(env["SUPERNODAL_THREADS"] ?? "2") ?? 2
    let which = env["SUPERNODAL_WHICH"] ?? "both"
    let cholmodBLASThreads = Int(env["SUPERNODAL_CHOLMOD_BLAS_THREADS"] ?? "") ?? SupernodalCholesky.blasThreads
    print("threads: supernodal \(threads), CHOLMOD's OpenBLAS \(cholmodBLASThreads)")
    let clock = ContinuousClock()
    var t0 = clock.now
    let a = Self.hexAssembly(nx: grid[0], ny: grid[1], nz: grid[2], seed: 17)
    let n = a.dimension
    print("BLAS core: \(SupernodalCholesky.blasCoreName) (set OPENBLAS_CORETYPE=SkylakeX if this says Prescott)")
    print("grid \(grid): n = \(n), nnz(triu A) = \(a.storedCount), assembly \(Self.f(CholeskyFactor.seconds(t0.duration(to: clock.now)))) s, load \(Self.loadAverage())")
    var xTrue = [Double](repeating: 0, count: n)
    var g = TestMatrices.Generator(state: 5)
    for k in 0..<n { xTrue[k] = g.next() }
    let b = a.multiply(xTrue)

    t0 = clock.now
    var perm = try SupernodalCholesky.nestedDissectionPermutation(of: a, blockSize: 3)
    print("METIS_NodeND on blocks: \(Self.f(CholeskyFactor.seconds(t0.duration(to: clock.now)))) s")
    // Both factors live at once and their factorizations alternate, so a changing load on a
    // shared machine hits both alike. For peak memory run one solver per process
    // (SUPERNODAL_WHICH).
    var cholmod: CholeskyFactor? = nil
    if which == "both" || which == "cholmod" {
      let c = try CholeskyFactor(pattern: a, ordering: .nestedDissectionOfBlocks(blockSize: 3))
      perm = c.permutation  // the identical (postordered) ordering for both codes
      cholmod = c
    }
    var supernodal: SupernodalCholesky? = nil
    if which == "both" || which == "supernodal" {
      let f = try SupernodalCholesky(pattern: a, permutation: perm, threads: threads)
      let tree = f.treeSummary
      print("SupernodalCholesky: \(tree.supernodes) supernodes, \(tree.subtrees) subtrees, \(tree.top) top supernodes (\(Self.f(100 * tree.topFlopsShare, 1))% of flops)")
      supernodal = f
    }
    var cholmodTimes: [Double] = []
    var supernodalTimes: [Double] = []
    for _ in 0..<reps {
      if let c = cholmod {
        let cpu0 = Self.cpuSeconds()
        let previous = SupernodalCholesky.blasThreads
        SupernodalCholesky.blasThreads = cholmodBLASThreads
        defer { SupernodalCholesky.blasThreads = previous }
        try c.factorize(a)
        cholmodTimes.append(c.statistics.factorizationSeconds)
        let cpu = Self.cpuSeconds() - cpu0
        print("  CHOLMOD factorize \(Self.f(cholmodTimes.last!)) s, CPU \(Self.f(cpu)) s (\(Self.f(c.statistics.flops / cpu / 1e9, 1)) GFLOP per CPU-second), load \(Self.loadAverage())")
      }
      if let f = supernodal {
        let cpu0 = Self.cpuSeconds()
        try f.factorize(a)
        supernodalTimes.append(f.statistics.factorizationSeconds)
        let cpu = Self.cpuSeconds() - cpu0
        let p = f.phaseSeconds
        print("  Supernodal factorize \(Self.f(supernodalTimes.last!)) s (assembly \(Self.f(p.assembly)), subtrees \(Self.f(p.subtrees)) [workers busy \(p.subtreeWorkers.map { Self.f($0, 1) })], top \(Self.f(p.top))), CPU \(Self.f(cpu)) s (\(Self.f(f.statistics.flops / cpu / 1e9, 1)) GFLOP per CPU-second), load \(Self.loadAverage())")
      }
    }
    var xCholmod: [Double]? = nil
    if let c = cholmod {
      let s = c.statistics
      t0 = clock.now
      let x = try c.solve(b)
      let solveSeconds = CholeskyFactor.seconds(t0.duration(to: clock.now))
      xCholmod = x
      let t = Self.median(cholmodTimes)
      print(
        "CHOLMOD: lnz = \(String(format: "%.4g", s.factorNonzeros)), stored = \(String(format: "%.4g", s.factorStoredEntries)), flops = \(String(format: "%.4g", s.flops)), analysis \(Self.f(s.analysisSeconds)) s, factorize median \(Self.f(t)) s = \(Self.f(s.flops / t / 1e9, 1)) GFLOP/s (all: \(cholmodTimes.map { Self.f($0) })), solve \(Self.f(solveSeconds)) s, error vs x_true \(String(format: "%.2e", TestMatrices.relativeError(x, xTrue)))"
      )
    }
    if let f = supernodal {
      let s = f.statistics
      t0 = clock.now
      let x = try f.solve(b)
      let solveSeconds = CholeskyFactor.seconds(t0.duration(to: clock.now))
      let t = Self.median(supernodalTimes)
      let versus = xCholmod.map { String(format: ", vs CHOLMOD %.2e", TestMatrices.relativeError(x, $0)) } ?? ""
      print(
        "Supernodal (\(threads) threads): lnz = \(String(format: "%.4g", s.factorNonzeros)), stored = \(String(format: "%.4g", s.factorStoredEntries)), flops = \(String(format: "%.4g", s.flops)), analysis \(Self.f(s.analysisSeconds)) s, factorize median \(Self.f(t)) s = \(Self.f(s.flops / t / 1e9, 1)) GFLOP/s (all: \(supernodalTimes.map { Self.f($0) })), solve \(Self.f(solveSeconds)) s, error vs x_true \(String(format: "%.2e", TestMatrices.relativeError(x, xTrue)))\(versus)"
      )
    }
    print("VmHWM (peak resident) \(Self.f(Self.peakMemoryGB(), 2)) GB for \(which)")
  }
}
