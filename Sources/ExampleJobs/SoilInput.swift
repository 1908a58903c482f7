import FeinvertFiles
import FECommon
import EcologyExamples

/// The two CSV files of `feinvert app soil` (`shared/spec/apps.md` §3), read and
/// checked: `stoich.csv` (`species,R1,…,Rn`) and `fluxes.csv` (`species,flux,sigma`).
package struct SoilInput: Sendable {
  /// S restricted to the measured species, in the order of the flux file.
  package var stoichiometry: SoilStoichiometry
  /// Measured net fluxes f, one per row of `stoichiometry`.
  package var fluxes: [Double]
  /// Their standard deviations σ > 0.
  package var sigma: [Double]
  /// Species of the stoichiometry file without a measured flux (left out of the fit).
  package var unmeasuredSpecies: [String]

  /// Reads and cross-checks both files.
  ///
  /// Rules: `stoich.csv` has a `species` column and one column per reaction (every
  /// other column; names as the header gives them); a cell is a stoichiometric
  /// coefficient (negative for consumption) and an empty cell means 0. `fluxes.csv`
  /// has exactly `species,flux,sigma`; every species must appear in `stoich.csv`,
  /// once; σ must be > 0. Stoichiometry species without a flux row are left out of
  /// the fit and listed in `unmeasuredSpecies`.
  ///
  /// - Throws: `InputError` at `file:line` for every violation.
  package static func load(fluxes fluxPath: String, stoichiometry stoichPath: String) throws -> SoilInput {
    let st = try CSVTable.read(path: stoichPath)
    guard st.has("species") else {
      throw InputError("found no column species in the header (\(st.columns.joined(separator: ","))); expected species,R1,...,Rn",
                       at: st.headerLocation)
    }
    let reactions = st.columns.filter { $0 != "species" }
    guard !reactions.isEmpty else {
      throw InputError("found only the species column; expected at least one reaction column", at: st.headerLocation)
    }
    let speciesNames = try st.strings("species")
    var rowOf = [String: Int]()
    for (i, name) in speciesNames.enumerated() {
      if let first = rowOf[name] {
        throw InputError("found species \(name) again (first on line \(st.rowLines[first])); expected each species once",
                         at: st.location(row: i))
      }
      rowOf[name] = i
    }
    let m = speciesNames.count
    var full = [Double](repeating: 0, count: m * reactions.count)
    for (j, name) in reactions.enumerated() {
      let column = try st.optionalNumbers(name, expected: "a stoichiometric coefficient (a number; empty for 0)")
      for i in 0..<m { full[j * m + i] = column[i] ?? 0 }
    }
    let all = SoilStoichiometry(species: speciesNames, reactions: reactions, matrix: full)

    let ft = try CSVTable.read(path: fluxPath)
    try ft.checkColumns(required: ["species", "flux", "sigma"])
    let fluxSpecies = try ft.strings("species")
    let f = try ft.numbers("flux")
    let sigma = try ft.numbers("sigma", accept: { $0 > 0 }, expected: "a standard deviation > 0")
    var keep = [Int](), seen = [String: Int]()
    for (k, name) in fluxSpecies.enumerated() {
      guard let i = rowOf[name] else {
        throw InputError(
          "found species \(name), which \(stoichPath) does not list; expected one of \(speciesNames.joined(separator: ", "))",
          at: ft.location(row: k))
      }
      if let first = seen[name] {
        throw InputError("found species \(name) again (first on line \(ft.rowLines[first])); expected one flux per species",
                         at: ft.location(row: k))
      }
      seen[name] = k
      keep.append(i)
    }
    let unmeasured = speciesNames.filter { seen[$0] == nil }
    return SoilInput(stoichiometry: all.rows(keep), fluxes: f, sigma: sigma, unmeasuredSpecies: unmeasured)
  }
}
