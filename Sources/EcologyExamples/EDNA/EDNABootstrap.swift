import FECommon

/// The parametric bootstrap of the likelihood ratio LR = 2(log L_D − log L_P) between the
/// two non-nested source models (Williams 1970, *J. R. Stat. Soc. B* 32:350; Cox's test by
/// simulation): data are simulated from each fitted model at the sampled sites, both
/// models are refitted, and the observed LR is placed in each simulated distribution.
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

  /// Runs the bootstrap. `replicates` must be ≥ 1, or a precondition failure occurs.
  package static func run(
    point: EDNASource, distributed: EDNASource, observedLR: Double, positionsKm: [Double], noise: EDNANoise,
    settings: EDNAFitSettings, replicates: Int, seed: UInt64
  ) -> EDNABootstrap {
    precondition(replicates >= 1, "EDNABootstrap: at least one replicate")
    var rng = SplitMix64(seed: seed)
    func replicate(_ truth: EDNASource) -> (lr: Double, pickedPoint: Bool) {
      let data = noise.simulate(truth, atKm: positionsKm, rng: &rng)
      let profile = EDNAProfile(data)
      let chiP = EDNAFitter.searchPoint(profile, settings: settings).chiSquare
      let chiD = EDNAFitter.searchDistributed(profile, settings: settings).chiSquare
      // LR = χ²_P − χ²_D: the sd terms of log L are the same for both models.
      let lr = chiP - chiD
      // AIC_P < AIC_D ⇔ 6 + χ²_P < 8 + χ²_D ⇔ LR < 2.
      return (lr, lr < 2)
    }
    var atLeast = 0, atMost = 0, pointRight = 0, distributedRight = 0
    for _ in 0..<replicates {
      let r = replicate(point)
      if r.lr >= observedLR { atLeast += 1 }
      if r.pickedPoint { pointRight += 1 }
    }
    for _ in 0..<replicates {
      let r = replicate(distributed)
      if r.lr <= observedLR { atMost += 1 }
      if !r.pickedPoint { distributedRight += 1 }
    }
    let b = Double(replicates)
    return EDNABootstrap(
      replicates: replicates, seed: seed, pValueAgainstPoint: Double(1 + atLeast) / (b + 1),
      pValueAgainstDistributed: Double(1 + atMost) / (b + 1), aicCorrectUnderPoint: Double(pointRight) / b,
      aicCorrectUnderDistributed: Double(distributedRight) / b)
  }
}
