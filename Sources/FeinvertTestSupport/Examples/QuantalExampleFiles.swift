import CellBiologyExamples

/// The CSV text of the quantal worked example (`Validation/apps/quantal/`): raw trials of the
/// spec's binomial–gamma synapse, so a test can regenerate and compare it.
package enum QuantalExampleFiles {
  /// `trials.csv` (`condition,trial,amplitude`, pA) for N = 10, q = 25 pA, CV 0.3,
  /// p ∈ {0.1, 0.2, 0.4, 0.6, 0.8}, 150 trials each, σ_bg = 3 pA, and the low-p variant
  /// `trials_low_p.csv` (p ∈ {0.05, 0.1, 0.15, 0.2}).
  package static func texts(seed: UInt64) -> [(name: String, text: String)] {
    var low = QuantalSimulation.Design()
    low.releaseProbabilities = [0.05, 0.1, 0.15, 0.2]
    return [("trials.csv", QuantalSimulation.Design()), ("trials_low_p.csv", low)].map { name, design in
      var s = "# Synthetic (QuantalSimulation): binomial-gamma synapse, N = 10, q = 25 pA, CV 0.3 (q_app = 27.25 pA), 150 trials per condition\n"
      s += "# SplitMix64 seed \(seed); amplitudes in pA\n# baseline_variance = 9\ncondition,trial,amplitude\n"
      for (c, amplitudes) in QuantalSimulation.trials(design, seed: seed).enumerated() {
        let label = "p\(design.releaseProbabilities[c])"
        for (t, a) in amplitudes.enumerated() { s += "\(label),\(t + 1),\(a)\n" }
      }
      return (name, s)
    }
  }
}
