import FECommon
import EcologyExamples

/// The data of the eDNA worked example (`Validation/apps/edna/edna.csv`): the spec's
/// distributed truth (a = 4, b = 10 km, β = 0.28 /km, S = 35 per km) sampled at ten sites,
/// noise sd = √(2² + (0.25·C)²) at the true C, from `SplitMix64(seed:)`.
package enum EDNAExampleFiles {
  /// The sites (km): two upstream, four inside the source, four downstream.
  package static let sites = [1.0, 3.0, 5.0, 6.5, 8.0, 9.5, 11.0, 13.0, 16.0, 20.0]
  package static let truth = EDNASource.distributed(rate: 35, startKm: 4, endKm: 10, decayPerKm: 0.28)

  package static func text(seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    let data = EDNANoise.model(.specDefault).simulate(truth, atKm: sites, rng: &rng)
    var text = "# Synthetic: uniform source on [4, 10] km, S = 35 per km, beta = 0.28 per km (peak 101.7 at 10 km),\n"
    text += "# noise sd = sqrt(sigma_a^2 + (cv*C)^2) at the true C (SplitMix64 seed \(seed)); concentration in copies/L\n"
    text += "# sigma_a = 2\n# cv = 0.25\n"
    text += "x_km,conc\n"
    for i in sites.indices { text += "\(sites[i]),\(data.concentrations[i])\n" }
    return text
  }
}
