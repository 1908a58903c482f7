import EcologyExamples

/// The CSV text of the soil worked example (`Validation/apps/soil/`): the textbook
/// stoichiometry and seeded held-out fluxes, so a test can regenerate and compare them.
package enum SoilExampleFiles {
  /// `stoich.csv` (empty cell for a zero coefficient) and `fluxes.csv` from
  /// `SoilSimulation.noisyFluxes` with the given seed, each value in full precision.
  package static func texts(seed: UInt64) -> (stoichiometry: String, fluxes: String) {
    let s = SoilStoichiometry.textbook
    var st = "# Seven species, eight reactions (shared/spec/apps.md section 3); mol per unit extent, CH2O as organic matter\n"
    st += "species," + s.reactions.joined(separator: ",") + "\n"
    for (i, name) in s.species.enumerated() {
      let cells = s.reactions.indices.map { j -> String in
        let v = s[species: i, reaction: j]
        return v == 0 ? "" : String(Int(v))
      }
      st += name + "," + cells.joined(separator: ",") + "\n"
    }
    let (f, sigma) = SoilSimulation.noisyFluxes(s, rates: SoilStoichiometry.textbookRates, seed: seed)
    var fl = "# Synthetic: f = S r + noise, r = (50, 5, 3, 4, 3, 0.5, 0.3, 0.2), sigma = 2% |S r| + 0.05, SplitMix64 seed \(seed)\n"
    fl += "# units = umol m-2 h-1\n"
    fl += "species,flux,sigma\n"
    for (i, name) in s.species.enumerated() { fl += "\(name),\(f[i]),\(sigma[i])\n" }
    return (st, fl)
  }
}
