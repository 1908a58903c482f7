/// A ribosome-profiling read profile along one open reading frame, with the footprint
/// assignment kernel and the rate scale (`shared/spec/apps.md` §1).
///
/// Forward model (TASEP, low-density limit): the flux J is the same at every codon, so the
/// ribosome density is ρ_i = J/k_i and the expected reads are μ = G t with t_i = K/k_i
/// (K = flux × sequencing depth, unknown). G spreads a footprint at codon j over codons
/// j − h … j + h with the kernel's weights (P/A-site offset ambiguity).
package struct RibosomeProfile: Sendable {
  /// Read counts per codon, in codon order (non-negative; usually integers).
  package var counts: [Double]
  /// Footprint-assignment kernel of odd length 2h + 1: a footprint of a ribosome at codon j
  /// is counted at codon j + q − h with probability `kernel[q]`. `[1]` is the identity.
  package var kernel: [Double]
  /// k̄, the harmonic mean of the rates (codons/s) to which the relative rates are scaled.
  /// Default 5.6 codons/s: harringtonine run-off in mouse ES cells (Ingolia, Lareau &
  /// Weissman 2011, *Cell* 147:789).
  package var meanRate: Double

  /// The default k̄ in codons/s (Ingolia, Lareau & Weissman 2011).
  package static let defaultMeanRate = 5.6

  /// `kernel.count` must be odd and `counts` non-empty, or a precondition failure occurs
  /// (the file reader checks both before building a profile).
  package init(counts: [Double], kernel: [Double] = [1], meanRate: Double = RibosomeProfile.defaultMeanRate) {
    precondition(kernel.count % 2 == 1, "RibosomeProfile: the kernel needs an odd length")
    precondition(!counts.isEmpty, "RibosomeProfile: no codons")
    self.counts = counts
    self.kernel = kernel
    self.meanRate = meanRate
  }

  /// The number of codons n.
  package var codonCount: Int { counts.count }
  /// The kernel's half-width h.
  package var halfWidth: Int { kernel.count / 2 }

  /// G t: expected reads for occupancies t (the forward model, truncated at the ORF's ends:
  /// footprints assigned beyond them are lost).
  package func expectedCounts(occupancy t: [Double]) -> [Double] {
    precondition(t.count == codonCount, "expectedCounts: one occupancy per codon")
    let n = codonCount, h = halfWidth
    var mu = [Double](repeating: 0, count: n)
    for j in 0..<n {
      for q in 0..<kernel.count {
        let i = j + q - h
        if i >= 0 && i < n { mu[i] += kernel[q] * t[j] }
      }
    }
    return mu
  }
}
