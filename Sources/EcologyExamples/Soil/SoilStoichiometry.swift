/// A stoichiometric matrix S (species × reactions): S_ij is the moles of species i
/// produced (> 0) or consumed (< 0) per unit extent of reaction j, so the net fluxes
/// of a set of reaction rates r are f = S r (`shared/spec/apps.md` §3).
package struct SoilStoichiometry: Sendable, Equatable {
  /// Row names (species), e.g. `CO2`.
  package var species: [String]
  /// Column names (reactions), e.g. `aerobic_respiration`.
  package var reactions: [String]
  /// S, column-major: `matrix[j * species.count + i]` is S_ij.
  package var matrix: [Double]

  /// A stoichiometric matrix; `matrix.count` must be `species.count * reactions.count`,
  /// or a precondition failure occurs.
  package init(species: [String], reactions: [String], matrix: [Double]) {
    precondition(matrix.count == species.count * reactions.count, "SoilStoichiometry: matrix.count must be species*reactions")
    self.species = species
    self.reactions = reactions
    self.matrix = matrix
  }

  /// S_ij.
  package subscript(species i: Int, reaction j: Int) -> Double { matrix[j * species.count + i] }

  /// The net fluxes S r, one per species.
  package func fluxes(rates r: [Double]) -> [Double] {
    precondition(r.count == reactions.count, "SoilStoichiometry.fluxes: one rate per reaction")
    let m = species.count
    var f = [Double](repeating: 0, count: m)
    for j in r.indices where r[j] != 0 {
      for i in 0..<m { f[i] += matrix[j * m + i] * r[j] }
    }
    return f
  }

  /// The rows `keep` only (the measured species), in that order.
  package func rows(_ keep: [Int]) -> SoilStoichiometry {
    let m = species.count
    var a = [Double]()
    a.reserveCapacity(keep.count * reactions.count)
    for j in reactions.indices { for i in keep { a.append(matrix[j * m + i]) } }
    return SoilStoichiometry(species: keep.map { species[$0] }, reactions: reactions, matrix: a)
  }
}
