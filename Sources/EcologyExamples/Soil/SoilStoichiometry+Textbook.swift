extension SoilStoichiometry {
  /// The seven-species, eight-reaction soil network of `shared/spec/apps.md` §3, with
  /// organic matter written CH₂O and water, protons and organic nitrogen left out (they
  /// are not measured species):
  ///
  /// | reaction | equation | CO₂ | O₂ | CH₄ | NH₄⁺ | NO₃⁻ | N₂O | N₂ |
  /// |---|---|---|---|---|---|---|---|---|
  /// | aerobic respiration | CH₂O + O₂ → CO₂ + H₂O | 1 | −1 | | | | | |
  /// | methanogenesis | 2 CH₂O → CH₄ + CO₂ | 1 | | 1 | | | | |
  /// | CH₄ oxidation | CH₄ + 2 O₂ → CO₂ + 2 H₂O | 1 | −2 | −1 | | | | |
  /// | ammonification | R–NH₂ + H₂O + H⁺ → R–OH + NH₄⁺ | | | | 1 | | | |
  /// | nitrification | NH₄⁺ + 2 O₂ → NO₃⁻ + H₂O + 2 H⁺ | | −2 | | −1 | 1 | | |
  /// | denitrification to N₂ | 5 CH₂O + 4 NO₃⁻ + 4 H⁺ → 2 N₂ + 5 CO₂ + 7 H₂O | 5 | | | | −4 | | 2 |
  /// | denitrification to N₂O | 2 CH₂O + 2 NO₃⁻ + 2 H⁺ → N₂O + 2 CO₂ + 3 H₂O | 2 | | | | −2 | 1 | |
  /// | N₂O reduction | CH₂O + 2 N₂O → 2 N₂ + CO₂ + H₂O | 1 | | | | | −2 | 2 |
  ///
  /// Every equation balances C, H, O, N and charge. The two dependencies the spec
  /// names hold column by column: complete denitrification = 2 × (NO₃⁻ → N₂O) + N₂O
  /// reduction (5 CO₂ = 2·2 + 1, −4 NO₃⁻, 2 N₂), and methanogenesis + CH₄ oxidation =
  /// 2 × aerobic respiration (2 CO₂, −2 O₂), so the rank is 6 and the null space is
  /// spanned by (−2, 1, 1, 0, 0, 0, 0, 0) and (0, 0, 0, 0, 0, 1, −2, −1). Neither has
  /// a non-negative combination, so every flux-variability range is finite.
  package static let textbook = SoilStoichiometry(
    species: ["CO2", "O2", "CH4", "NH4", "NO3", "N2O", "N2"],
    reactions: [
      "aerobic_respiration", "methanogenesis", "CH4_oxidation", "ammonification", "nitrification",
      "denitrification_N2", "denitrification_N2O", "N2O_reduction",
    ],
    matrix: [
      // CO2, O2, CH4, NH4, NO3, N2O, N2
      1, -1, 0, 0, 0, 0, 0,  // aerobic respiration
      1, 0, 1, 0, 0, 0, 0,  // methanogenesis
      1, -2, -1, 0, 0, 0, 0,  // CH4 oxidation
      0, 0, 0, 1, 0, 0, 0,  // ammonification
      0, -2, 0, -1, 1, 0, 0,  // nitrification
      5, 0, 0, 0, -4, 0, 2,  // denitrification to N2
      2, 0, 0, 0, -2, 1, 0,  // denitrification to N2O
      1, 0, 0, 0, 0, -2, 2,  // N2O reduction
    ])

  /// The spec's true rates for `textbook`, in the order of its reactions
  /// (µmol m⁻² h⁻¹ or any consistent unit).
  package static let textbookRates: [Double] = [50, 5, 3, 4, 3, 0.5, 0.3, 0.2]
}
