import FeinvertFiles
import Foundation
import FECommon
import CellBiologyExamples

/// A ribosome-profiling CSV (`shared/spec/apps.md` §1) read and checked:
///
///     # kernel = 0.1,0.8,0.1      (optional; default identity)
///     # mean_rate = 5.6           (optional; codons/s, default 5.6, Ingolia et al. 2011)
///     codon,count
///     1,37
///     2,41
///
/// Codons are integers increasing by one from row to row (the kernel and D₂ couple
/// neighbours, so a gap would silently join distant codons); counts are finite and ≥ 0
/// (usually integers; expected, non-integer values are accepted for noise-free tests).
package struct RibosomeInput: Sendable {
  /// The codon labels as in the file.
  package var codons: [Int]
  /// The longest profile accepted (see `load`).
  package static let maximumCodons = 1_000_000
  package var profile: RibosomeProfile
  /// Whether k̄ came from the file's metadata (else the default).
  package var meanRateFromMetadata: Bool
  /// The file as named.
  package var path: String

  /// Reads and checks the file.
  /// - Throws: `InputError` at `path:line` for every violation of the rules above: a
  ///   missing or unknown column, a gap in the codons, a negative count, fewer than 3 codons,
  ///   only zero counts, or a malformed `kernel`/`mean_rate`.
  package static func load(path: String) throws -> RibosomeInput {
    let table = try CSVTable.read(path: path)
    try table.checkColumns(required: ["codon", "count"])
    let codons = try table.integers("codon")
    // Reads per codon: no library holds 1e15 of them, and larger values overflow the
    // weighted normal equations (it crashed at 1e300).
    let counts = try table.numbers("count", accept: { $0 >= 0 && $0 <= 1e15 }, expected: "a read count from 0 to 1e15")
    for r in 1..<codons.count where codons[r] != codons[r - 1] + 1 {
      throw InputError(
        "found codon \(codons[r]) after \(codons[r - 1]); expected consecutive codons (\(codons[r - 1] + 1))",
        at: table.location(row: r))
    }
    guard codons.count >= 3 else {
      throw InputError("found \(codons.count) codon(s); expected at least 3 (the second difference needs three)",
                       at: table.location(row: codons.count - 1))
    }
    // The λ search factorizes the band once per λ: O(n) time and memory per λ. 100 000
    // codons took 13 s and 125 MB (measured), so the limit takes about 2 minutes and 1 GB;
    // the longest ORF (titin, 34 000 codons) takes under 5 s.
    guard codons.count <= maximumCodons else {
      throw InputError(
        "found \(codons.count) codons; expected at most \(maximumCodons), one open reading frame (a million codons take about "
          + "2 minutes and 1 GB): split the data into ORFs", at: table.location(row: maximumCodons))
    }
    guard counts.contains(where: { $0 > 0 }) else {
      throw InputError("found only zero counts; expected at least one read", at: table.location(row: 0))
    }
    let kernel = try readKernel(table)
    let meanRate = try table.metadataNumber("mean_rate", accept: { $0 > 0 }, expected: "a rate > 0 (codons/s)")
    return RibosomeInput(
      codons: codons,
      profile: RibosomeProfile(counts: counts, kernel: kernel, meanRate: meanRate ?? RibosomeProfile.defaultMeanRate),
      meanRateFromMetadata: meanRate != nil, path: path)
  }

  /// `# kernel = identity` or `# kernel = w₀,…,w₂ₕ` (odd count, each ≥ 0, some > 0).
  static func readKernel(_ table: CSVTable) throws -> [Double] {
    guard let text = table.metadata["kernel"] else { return [1] }
    let location = SourceLocation(file: table.path, line: table.metadataLines["kernel"])
    let value = text.trimmingCharacters(in: .whitespaces)
    if value.lowercased() == "identity" { return [1] }
    let expected = "expected 'identity' or an odd number of comma-separated weights >= 0 (e.g. 0.1,0.8,0.1)"
    var weights = [Double]()
    for (cell, number) in NumberList.cells(value) {
      guard let w = number, w >= 0 else {
        throw InputError("found kernel weight '\(cell)' in kernel = \(value); \(expected)", at: location)
      }
      weights.append(w)
    }
    guard weights.count % 2 == 1 else {
      throw InputError("found \(weights.count) kernel weights (kernel = \(value)); \(expected), centred on the codon", at: location)
    }
    guard weights.contains(where: { $0 > 0 }) else {
      throw InputError("found only zero kernel weights (kernel = \(value)); \(expected)", at: location)
    }
    return weights
  }
}
