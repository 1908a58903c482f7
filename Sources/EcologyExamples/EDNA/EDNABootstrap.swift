import FECommon

/// The parametric bootstrap of the likelihood ratio LR = 2(log L_D − log L_P) between the
/// two non-nested source models (Williams 1970, *J. R. Stat. Soc. B* 32:350; Cox's test by
/// simulation): data are simulated from each fitted model at the sampled sites, both
/// models are refitted, and the observed LR is placed in each simulated distribution.
///
/// The same replicates make the decision of `EDNADecisionRule.bootstrap`: the test of the
/// point model (the null) against the distributed one at level α rejects when
/// p = (1 + #{LR* ≥ LR})/(B + 1) ≤ α (a Monte Carlo test, exact at level α when α(B + 1) is
/// an integer and the null is simple; Davison & Hinkley 1997, *Bootstrap Methods and their
/// Application*, §4.2.5; here the null's parameters are the fit's, as in any parametric
/// bootstrap).
package struct EDNABootstrap: Sendable, Equatable {
  /// Replicates per fitted model.
  package var replicates: Int
  package var seed: UInt64
  /// (1 + #{LR* ≥ LR})/(B + 1) with data from the fitted point source: small means the
  /// point model does not explain so large an LR.
  package var pValueAgainstPoint: Double
  /// (1 + #{LR* ≤ LR})/(B + 1) with data from the fitted distributed source: small means
  /// the distributed model does not explain so small an LR.
  package var pValueAgainstDistributed: Double
  /// Fraction of replicates from the fitted point source in which AIC picks the point model.
  package var aicCorrectUnderPoint: Double
  /// Fraction of replicates from the fitted distributed source in which AIC picks it.
  package var aicCorrectUnderDistributed: Double

  /// LR* of one replicate: data simulated from `truth` at the sites, both models refitted
  /// (`EDNAFitter.searchPoint`, `searchDistributed`). LR = χ²_P − χ²_D, since the sd terms of
  /// log L are the same for both models.
  static func replicateLR(
    _ truth: EDNASource, positionsKm: [Double], noise: EDNANoise, settings: EDNAFitSettings, rng: inout SplitMix64
  ) -> Double {
    let data = noise.simulate(truth, atKm: positionsKm, rng: &rng)
    let profile = EDNAProfile(data)
    return EDNAFitter.searchPoint(profile, settings: settings).chiSquare
      - EDNAFitter.searchDistributed(profile, settings: settings).chiSquare
  }

  /// Runs the bootstrap. `replicates` must be ≥ 1, or a precondition failure occurs.
  package static func run(
    point: EDNASource, distributed: EDNASource, observedLR: Double, positionsKm: [Double], noise: EDNANoise,
    settings: EDNAFitSettings, replicates: Int, seed: UInt64
  ) -> EDNABootstrap {
    precondition(replicates >= 1, "EDNABootstrap: at least one replicate")
    var rng = SplitMix64(seed: seed)
    // AIC_P < AIC_D ⇔ 6 + χ²_P < 8 + χ²_D ⇔ LR < 2.
    var atLeast = 0, atMost = 0, pointRight = 0, distributedRight = 0
    for _ in 0..<replicates {
      let lr = replicateLR(point, positionsKm: positionsKm, noise: noise, settings: settings, rng: &rng)
      if lr >= observedLR { atLeast += 1 }
      if lr < 2 { pointRight += 1 }
    }
    for _ in 0..<replicates {
      let lr = replicateLR(distributed, positionsKm: positionsKm, noise: noise, settings: settings, rng: &rng)
      if lr <= observedLR { atMost += 1 }
      if lr >= 2 { distributedRight += 1 }
    }
    let b = Double(replicates)
    return EDNABootstrap(
      replicates: replicates, seed: seed, pValueAgainstPoint: Double(1 + atLeast) / (b + 1),
      pValueAgainstDistributed: Double(1 + atMost) / (b + 1), aicCorrectUnderPoint: Double(pointRight) / b,
      aicCorrectUnderDistributed: Double(distributedRight) / b)
  }

  /// Whether the LR test rejects the point model at `level`: p ≤ level.
  package static func rejectsPoint(pValue: Double, level: Double) -> Bool { pValue <= level }

  /// The LR test of the point model alone, stopping as soon as its decision is fixed: the
  /// first half of `run` (the same replicates, seed for seed), ended once
  /// #{LR* ≥ LR} exceeds level·(B + 1) − 1, when p can no longer reach `level` (Besag &
  /// Clifford 1991, *Biometrika* 78:301, sequential Monte Carlo p-values). The decision is
  /// that of the full run; the p-value is exact when it rejects and a lower bound otherwise.
  /// For simulation studies of the decision rule, where most replicates stop after a few
  /// refits. `replicates >= 1`, or a precondition failure occurs.
  package static func pointNullTest(
    point: EDNASource, observedLR: Double, positionsKm: [Double], noise: EDNANoise, settings: EDNAFitSettings,
    replicates: Int, seed: UInt64, level: Double
  ) -> (rejectsPoint: Bool, pValue: Double, refits: Int) {
    precondition(replicates >= 1, "EDNABootstrap: at least one replicate")
    var rng = SplitMix64(seed: seed)
    let b = Double(replicates)
    var atLeast = 0, refits = 0
    for _ in 0..<replicates {
      let lr = replicateLR(point, positionsKm: positionsKm, noise: noise, settings: settings, rng: &rng)
      refits += 1
      if lr >= observedLR { atLeast += 1 }
      if !rejectsPoint(pValue: Double(1 + atLeast) / (b + 1), level: level) { break }
    }
    let p = Double(1 + atLeast) / (b + 1)
    return (rejectsPoint(pValue: p, level: level), p, refits)
  }
}
