import CellBiologyExamples

/// The CSV text of the ribosome worked example (`Validation/apps/ribosome/`): the spec's
/// 300-codon profile with Poisson reads, so a test can regenerate and compare it.
package enum RibosomeExampleFiles {
  /// `counts.csv` (`codon,count`, kernel 0.1/0.8/0.1, mean count 40, `SplitMix64` seed) and
  /// `truth.csv` (`codon,k`, the true rates, harmonic mean 5.6 codons/s).
  package static func texts(seed: UInt64) -> (counts: String, truth: String) {
    let kernel = [0.1, 0.8, 0.1]
    let rates = RibosomeSimulation.trueRates()
    let counts = RibosomeSimulation.counts(
      expected: RibosomeSimulation.expectedCounts(rates: rates, kernel: kernel, meanCount: 40), seed: seed)
    var c = "# Synthetic (RibosomeSimulation): 300 codons, slow stretch 60-110 (x0.6), fast 170-230 (x1.6), pause at 140 (2x dwell)\n"
    c += "# Poisson reads, mean 40 per codon, SplitMix64 seed \(seed)\n"
    c += "# kernel = 0.1,0.8,0.1\n# mean_rate = 5.6\ncodon,count\n"
    for (i, n) in counts.enumerated() { c += "\(i + 1),\(Int(n))\n" }
    var t = "# The true rates of counts.csv (codons/s; harmonic mean 5.6)\ncodon,k\n"
    for (i, k) in rates.enumerated() { t += "\(i + 1),\(k)\n" }
    return (c, t)
  }
}
