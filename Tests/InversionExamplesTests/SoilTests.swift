@testable import ExampleJobs
import FeinvertTestSupport
@testable import FeinvertFiles
import FECommon
import Foundation
import Testing
@testable import CellBiologyExamples
@testable import EcologyExamples
@testable import EngineeringExamples
@testable import PrivacyExamples

/// The soil stoichiometry example (`shared/spec/apps.md` §3): the analytic ranges of
/// the textbook network, and noisy held-out fluxes against independent brute-force
/// references (NNLS by enumerating column subsets, ranges by enumerating vertices).
@Suite struct SoilTests {
  let s = SoilStoichiometry.textbook

  /// Each reaction, written out with every species (CH₂O, H₂O, H⁺, R–NH₂, R–OH too),
  /// balances C, H, O, N and charge, and its measured-species part is the matrix column.
  @Test func chemistryBalances() {
    // Composition (C, H, O, N, charge) of every species that appears.
    let atoms: [String: [Int]] = [
      "CO2": [1, 0, 2, 0, 0], "O2": [0, 0, 2, 0, 0], "CH4": [1, 4, 0, 0, 0], "NH4": [0, 4, 0, 1, 1],
      "NO3": [0, 0, 3, 1, -1], "N2O": [0, 0, 1, 2, 0], "N2": [0, 0, 0, 2, 0], "CH2O": [1, 2, 1, 0, 0],
      "H2O": [0, 2, 1, 0, 0], "H+": [0, 1, 0, 0, 1], "RNH2": [0, 2, 0, 1, 0], "ROH": [0, 1, 1, 0, 0],
    ]  // R–NH₂ and R–OH counted without their common residue R
    let equations: [[String: Int]] = [
      ["CH2O": -1, "O2": -1, "CO2": 1, "H2O": 1],
      ["CH2O": -2, "CH4": 1, "CO2": 1],
      ["CH4": -1, "O2": -2, "CO2": 1, "H2O": 2],
      ["RNH2": -1, "H2O": -1, "H+": -1, "ROH": 1, "NH4": 1],
      ["NH4": -1, "O2": -2, "NO3": 1, "H2O": 1, "H+": 2],
      ["CH2O": -5, "NO3": -4, "H+": -4, "N2": 2, "CO2": 5, "H2O": 7],
      ["CH2O": -2, "NO3": -2, "H+": -2, "N2O": 1, "CO2": 2, "H2O": 3],
      ["CH2O": -1, "N2O": -2, "N2": 2, "CO2": 1, "H2O": 1],
    ]
    for (j, eq) in equations.enumerated() {
      for element in 0..<5 {
        let net = eq.reduce(0) { $0 + $1.value * (atoms[$1.key]?[element] ?? 99) }
        #expect(net == 0, "reaction \(s.reactions[j]) unbalanced in component \(element)")
      }
      for (i, name) in s.species.enumerated() {
        #expect(s[species: i, reaction: j] == Double(eq[name] ?? 0), "\(s.reactions[j]) \(name)")
      }
    }
  }

  /// Rank 6 by exact integer elimination (independent of the SVD), and the two
  /// dependencies the spec names are null vectors; the SVD agrees on the rank.
  @Test func rankIsSix() throws {
    #expect(integerRank(s) == 6)
    #expect(s.fluxes(rates: [-2, 1, 1, 0, 0, 0, 0, 0]).allSatisfy { $0 == 0 })
    #expect(s.fluxes(rates: [0, 0, 0, 0, 0, 1, -2, -1]).allSatisfy { $0 == 0 })
    let r = try SoilFluxInversion.invert(stoichiometry: s, fluxes: s.fluxes(rates: SoilStoichiometry.textbookRates),
                                         sigma: [Double](repeating: 1, count: 7))
    #expect(r.rank == 6 && r.nullSpace.count == 2 && r.degreesOfFreedom == 1)
    // The SVD basis spans the same plane: both named null vectors are reproduced by
    // projection onto it (orthonormal basis; round-off 1e-14).
    for v in [[-2.0, 1, 1, 0, 0, 0, 0, 0], [0.0, 0, 0, 0, 0, 1, -2, -1]] {
      var p = [Double](repeating: 0, count: 8)
      for b in r.nullSpace {
        let c = zip(b, v).reduce(0) { $0 + $1.0 * $1.1 }
        for k in 0..<8 { p[k] += c * b[k] }
      }
      for k in 0..<8 { #expect(abs(p[k] - v[k]) < 1e-12) }
    }
    for b in r.nullSpace { #expect(s.fluxes(rates: b).allSatisfy { abs($0) < 1e-13 }) }
    // The echelon form reads the two dependencies off directly.
    let echelon = SoilFluxInversion.echelonBasis(r.nullSpace)
    for (v, e) in zip(echelon, [[1.0, -0.5, -0.5, 0, 0, 0, 0, 0], [0.0, 0, 0, 0, 0, 1, -2, -1]]) {
      for k in 0..<8 { #expect(abs(v[k] - e[k]) < 1e-12) }
    }
    #expect(r.warnings.contains("zero net flux: denitrification_N2 - 2 denitrification_N2O - N2O_reduction changes no measured flux"))
  }

  /// Noise-free fluxes from r = (50, 5, 3, 4, 3, 0.5, 0.3, 0.2): the spec's exact ranges
  /// to 1e-5, the fitted fluxes equal to the data, χ² ≈ 0, no unbounded range.
  @Test func analyticRanges() throws {
    let f = s.fluxes(rates: SoilStoichiometry.textbookRates)
    let r = try SoilFluxInversion.invert(stoichiometry: s, fluxes: f, sigma: [Double](repeating: 1, count: 7))
    let expected: [(Double, Double)] = [(0, 56), (2, 30), (0, 28), (4, 4), (3, 3), (0, 0.65), (0, 1.3), (0.05, 0.7)]
    for (j, e) in expected.enumerated() {
      // Spec tolerance 1e-5 (the LP band 1e-9·max|ŷ| moves a vertex by ~1e-7 here).
      #expect(abs(r.ranges[j].min - e.0) < 1e-5, "\(s.reactions[j]) min \(r.ranges[j].min)")
      #expect(abs(r.ranges[j].max - e.1) < 1e-5, "\(s.reactions[j]) max \(r.ranges[j].max)")
    }
    for i in 0..<7 { #expect(abs(r.fittedFluxes[i] - f[i]) < 1e-10 * 62) }
    #expect(r.chiSquared < 1e-18)
    #expect(r.nonNegativeNullVector == nil)
    #expect(r.isDetermined(3) && r.isDetermined(4) && !r.isDetermined(0))
    // The NNLS vertex lies inside the ranges and reproduces the data.
    for j in 0..<8 { #expect(r.nnlsRates[j] >= r.ranges[j].min - 1e-6 && r.nnlsRates[j] <= r.ranges[j].max + 1e-6) }
  }

  /// Noisy held-out fluxes (seeded SplitMix64, σ = 2 %·|f| + 0.2, and 30 %·|f| + 3 so
  /// that positivity binds and ŷ ≠ the unconstrained fit), several seeds: ŷ and χ² match
  /// a brute-force NNLS (every full-rank column subset solved by normal equations, best
  /// non-negative one kept) to 1e-8 relative; the ranges match a vertex enumeration of
  /// {r ≥ 0 : S r = ŷ} to 1e-5·max|f|.
  @Test(arguments: [(11 as UInt64, 0.02), (12, 0.02), (13, 0.02), (14, 0.02), (15, 0.02), (21, 0.3), (22, 0.3), (23, 0.3)])
  func noisyHeldOutMatchesBruteForce(seed: UInt64, relativeNoise: Double) throws {
    let (f, sigma) = SoilSimulation.noisyFluxes(
      s, rates: SoilStoichiometry.textbookRates, seed: seed, relativeNoise: relativeNoise, floor: 10 * relativeNoise)
    let r = try SoilFluxInversion.invert(stoichiometry: s, fluxes: f, sigma: sigma)
    let ref = bruteForceNNLS(s, f, sigma)
    let scale = ref.yHat.map(abs).max() ?? 1
    for i in 0..<7 { #expect(abs(r.fittedFluxes[i] - ref.yHat[i]) <= 1e-8 * scale, "seed \(seed) species \(i)") }
    #expect(abs(r.chiSquared - ref.chi2) <= 1e-8 * max(ref.chi2, 1e-12) + 1e-14, "chi2 \(r.chiSquared) vs \(ref.chi2)")
    let ranges = vertexRanges(s, ref.yHat)
    let tol = 1e-5 * (f.map(abs).max() ?? 1)
    for j in 0..<8 {
      #expect(abs(r.ranges[j].min - ranges[j].0) <= tol, "seed \(seed) \(s.reactions[j]) min")
      #expect(abs(r.ranges[j].max - ranges[j].1) <= tol, "seed \(seed) \(s.reactions[j]) max")
    }
  }

  /// When only the nitrogen species are measured and dissimilatory nitrate reduction to
  /// ammonium (DNRA) joins nitrification, NH₄⁺ → NO₃⁻ → NH₄⁺ is a cycle with zero net
  /// flux: a non-negative null vector, so both maxima are +∞ and the report says so.
  @Test func nonNegativeNullVectorMakesRangesUnbounded() throws {
    // Add DNRA: 2 CH2O + NO3- + 2 H+ → NH4+ + 2 CO2 + H2O, then keep NH4, NO3, N2O, N2.
    var full = s.matrix
    full += [2, 0, 0, 1, -1, 0, 0]
    let extended = SoilStoichiometry(species: s.species, reactions: s.reactions + ["DNRA"], matrix: full)
    let nitrogen = extended.rows([3, 4, 5, 6])
    let rates = SoilStoichiometry.textbookRates + [0.4]
    let r = try SoilFluxInversion.invert(stoichiometry: nitrogen, fluxes: nitrogen.fluxes(rates: rates),
                                         sigma: [Double](repeating: 0.1, count: 4))
    let names = nitrogen.reactions
    let nitrification = try #require(names.firstIndex(of: "nitrification"))
    let dnra = try #require(names.firstIndex(of: "DNRA"))
    #expect(r.ranges[nitrification].max == .infinity && r.ranges[dnra].max == .infinity)
    // Carbon reactions have no measured species: zero columns, also unbounded.
    #expect(r.ranges[0].max == .infinity)
    let v = try #require(r.nonNegativeNullVector)
    #expect(v.allSatisfy { $0 >= 0 } && v[nitrification] > 0 && v[dnra] > 0)
    #expect(nitrogen.fluxes(rates: v).allSatisfy { abs($0) < 1e-9 })
    #expect(r.warnings.contains { $0.hasPrefix("nitrification: unbounded above") })
    // Ammonification = ΔNH4 + ΔNO3 + 2ΔN2O + 2ΔN2... is still pinned (N balance).
    let amm = try #require(names.firstIndex(of: "ammonification"))
    #expect(abs(r.ranges[amm].min - 4) < 1e-6 && abs(r.ranges[amm].max - 4) < 1e-6)
  }

  // MARK: - The job and its input errors

  @Test func jobWritesReportAndTable() throws {
    let dir = try scratchDirectory()
    let (stoich, fluxes) = try writeTextbookFiles(dir, seed: 11)
    let report = dir + "/soil.json", table = dir + "/rates.csv"
    let (result, summary) = try SoilJob.run(data: fluxes, stoichiometry: stoich, report: report, out: table)
    #expect(summary.contains("rank 6"))
    let json = try String(contentsOfFile: report, encoding: .utf8)
    #expect(json.contains("\"identifiability\"") && json.contains("\"null_space\"") && json.contains("\"chi2_min\""))
    let csv = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n")
    #expect(csv.first == "reaction,nnls,min,max" && csv.count == 9)
    #expect(result.rank == 6)
  }

  @Test func badInputNamesFileAndLine() throws {
    let dir = try scratchDirectory()
    let (stoich, _) = try writeTextbookFiles(dir, seed: 11)
    func expectError(_ fluxText: String, _ fragment: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
      try expectBadInput(
        fluxText, at: dir + "/bad.csv", contains: fragment, leaves: dir + "/never.json", sourceLocation: sourceLocation
      ) {
        _ = try SoilJob.run(data: dir + "/bad.csv", stoichiometry: stoich, report: dir + "/never.json", out: nil)
      }
    }
    try expectError("species,flux,sigma\nCO2,1,0.1\nXe,2,0.1\n", "bad.csv:3: found species Xe")
    try expectError("species,flux,sigma\nCO2,1,0\n", "bad.csv:2: found '0' in column sigma; expected a standard deviation > 0")
    try expectError("species,flux,sigma\nCO2,1,0.1\nCO2,2,0.1\n", "bad.csv:3: found species CO2 again")
    try expectError("species,flux\nCO2,1\n", "bad.csv:1: found no column sigma")
    try expectError("# units = umol/m2/h\nspecies,flux,sigma\nCO2,abc,0.1\n", "bad.csv:3: found 'abc' in column flux")
  }

  // MARK: - The worked example

  /// `Validation/apps/soil/` holds the textbook stoichiometry and held-out fluxes
  /// from seed 2026; this regenerates both and compares them byte for byte
  /// (FEINVERT_REGENERATE=1 rewrites them).
  @Test func workedExampleIsReproducible() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Validation/apps/soil")
    let texts = SoilExampleFiles.texts(seed: 2026)
    for (name, text) in [("stoich.csv", texts.stoichiometry), ("fluxes.csv", texts.fluxes)] {
      let path = folder.appendingPathComponent(name).path
      if ProcessInfo.processInfo.environment["FEINVERT_REGENERATE"] == "1" { try writeAtomically(text, to: path) }
      let stored = try String(contentsOfFile: path, encoding: .utf8)
      #expect(stored == text, "\(name) differs from its generator")
    }
  }

  // MARK: - Helpers

  func scratchDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("soil-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  func writeTextbookFiles(_ dir: String, seed: UInt64) throws -> (String, String) {
    let texts = SoilExampleFiles.texts(seed: seed)
    try texts.stoichiometry.write(toFile: dir + "/stoich.csv", atomically: true, encoding: .utf8)
    try texts.fluxes.write(toFile: dir + "/fluxes.csv", atomically: true, encoding: .utf8)
    return (dir + "/stoich.csv", dir + "/fluxes.csv")
  }
}

/// The rank of an integer-valued matrix by fraction-free (Bareiss) elimination in Int.
func integerRank(_ s: SoilStoichiometry) -> Int {
  let m = s.species.count, n = s.reactions.count
  var a = (0..<m).map { i in (0..<n).map { j in Int(s[species: i, reaction: j]) } }
  var rank = 0
  for col in 0..<n where rank < m {
    guard let p = (rank..<m).first(where: { a[$0][col] != 0 }) else { continue }
    a.swapAt(rank, p)
    for i in (rank + 1)..<m where a[i][col] != 0 {
      let (x, y) = (a[i][col], a[rank][col])
      for j in 0..<n { a[i][j] = a[i][j] * y - a[rank][j] * x }
    }
    rank += 1
  }
  return rank
}

/// Solves a small dense system (row-major k × k) by Gaussian elimination with partial
/// pivoting; nil when a pivot is below 1e-10 of the largest entry (rank-deficient).
func denseSolve(_ a0: [Double], _ b0: [Double], _ k: Int) -> [Double]? {
  var a = a0, b = b0
  let big = a.map(abs).max() ?? 0
  for c in 0..<k {
    guard let p = (c..<k).max(by: { abs(a[$0 * k + c]) < abs(a[$1 * k + c]) }), abs(a[p * k + c]) > 1e-10 * big else {
      return nil
    }
    if p != c { for j in 0..<k { a.swapAt(c * k + j, p * k + j) }; b.swapAt(c, p) }
    for i in (c + 1)..<k {
      let f = a[i * k + c] / a[c * k + c]
      for j in c..<k { a[i * k + j] -= f * a[c * k + j] }
      b[i] -= f * b[c]
    }
  }
  var x = [Double](repeating: 0, count: k)
  for i in stride(from: k - 1, through: 0, by: -1) {
    var t = b[i]
    for j in (i + 1)..<k { t -= a[i * k + j] * x[j] }
    x[i] = t / a[i * k + i]
  }
  return x
}

/// Weighted NNLS by brute force: the optimum of min ‖W(S r − f)‖, r ≥ 0 is attained on
/// a set of linearly independent columns (Carathéodory), so every such subset is
/// solved by its normal equations and the best non-negative one kept.
func bruteForceNNLS(_ s: SoilStoichiometry, _ f: [Double], _ sigma: [Double]) -> (yHat: [Double], chi2: Double) {
  let m = s.species.count, n = s.reactions.count
  var chi2Zero = 0.0
  for i in 0..<m { chi2Zero += (f[i] / sigma[i]) * (f[i] / sigma[i]) }
  var best = (yHat: [Double](repeating: 0, count: m), chi2: chi2Zero)
  for mask in 1..<(1 << n) {
    let cols = (0..<n).filter { mask & (1 << $0) != 0 }
    let k = cols.count
    if k > m { continue }
    var g = [Double](repeating: 0, count: k * k), h = [Double](repeating: 0, count: k)
    for (p, cp) in cols.enumerated() {
      for i in 0..<m { h[p] += s[species: i, reaction: cp] * f[i] / (sigma[i] * sigma[i]) }
      for (q, cq) in cols.enumerated() {
        for i in 0..<m { g[p * k + q] += s[species: i, reaction: cp] * s[species: i, reaction: cq] / (sigma[i] * sigma[i]) }
      }
    }
    guard let x = denseSolve(g, h, k), x.allSatisfy({ $0 >= 0 }) else { continue }
    var r = [Double](repeating: 0, count: n)
    for (p, c) in cols.enumerated() { r[c] = x[p] }
    let y = s.fluxes(rates: r)
    var chi2 = 0.0
    for i in 0..<m {
      let e = (f[i] - y[i]) / sigma[i]
      chi2 += e * e
    }
    if chi2 < best.chi2 { best = (y, chi2) }
  }
  return best
}

/// Per reaction, min and max over the vertices of {r ≥ 0 : S r = y} (a bounded
/// polytope here): each basis of rank(S) independent columns is solved for y by
/// normal equations and kept if non-negative and consistent.
func vertexRanges(_ s: SoilStoichiometry, _ y: [Double]) -> [(Double, Double)] {
  let m = s.species.count, n = s.reactions.count, rank = integerRank(s)
  var lo = [Double](repeating: .infinity, count: n), hi = [Double](repeating: -.infinity, count: n)
  for mask in 1..<(1 << n) where mask.nonzeroBitCount == rank {
    let cols = (0..<n).filter { mask & (1 << $0) != 0 }
    let k = cols.count
    var g = [Double](repeating: 0, count: k * k), h = [Double](repeating: 0, count: k)
    for (p, cp) in cols.enumerated() {
      for i in 0..<m { h[p] += s[species: i, reaction: cp] * y[i] }
      for (q, cq) in cols.enumerated() { for i in 0..<m { g[p * k + q] += s[species: i, reaction: cp] * s[species: i, reaction: cq] } }
    }
    guard let x = denseSolve(g, h, k), x.allSatisfy({ $0 >= -1e-9 }) else { continue }
    var r = [Double](repeating: 0, count: n)
    for (p, c) in cols.enumerated() { r[c] = max(0, x[p]) }
    let back = s.fluxes(rates: r)
    guard zip(back, y).allSatisfy({ abs($0 - $1) <= 1e-8 * max(1, abs($1)) }) else { continue }
    for j in 0..<n { lo[j] = min(lo[j], r[j]); hi[j] = max(hi[j], r[j]) }
  }
  return (0..<n).map { (lo[$0], hi[$0]) }
}
