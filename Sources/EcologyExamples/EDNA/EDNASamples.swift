import Foundation

/// Concentrations measured along a stream: sites x_i (km, increasing downstream),
/// values y_i and their standard deviations sd_i.
package struct EDNASamples: Sendable, Equatable {
  /// x_i, km along the stream (downstream positive).
  package var positionsKm: [Double]
  /// y_i, concentration units.
  package var concentrations: [Double]
  /// sd_i, concentration units, all > 0.
  package var standardDeviations: [Double]

  /// Samples with given standard deviations (a `sigma` column). Counts must agree and
  /// every sd must be > 0, or a precondition failure occurs.
  package init(positionsKm: [Double], concentrations: [Double], standardDeviations: [Double]) {
    precondition(positionsKm.count == concentrations.count && concentrations.count == standardDeviations.count,
                 "EDNASamples: one position, concentration and sd per sample")
    precondition(standardDeviations.allSatisfy { $0 > 0 && $0.isFinite }, "EDNASamples: sd must be > 0")
    self.positionsKm = positionsKm
    self.concentrations = concentrations
    self.standardDeviations = standardDeviations
  }

  /// Samples whose sd follows the spec: sd_i = √(σ_a² + (cv·y_i)²) at the *observed* y_i.
  package init(positionsKm: [Double], concentrations: [Double], noise: EDNANoiseModel) {
    precondition(noise.absoluteSD > 0 || concentrations.allSatisfy { $0 != 0 },
                 "EDNASamples: sigma_a = 0 with a zero concentration gives sd = 0")
    self.init(positionsKm: positionsKm, concentrations: concentrations,
              standardDeviations: concentrations.map { noise.standardDeviation($0) })
  }

  package var count: Int { positionsKm.count }

  /// The Gaussian log-likelihood of predictions `c`: −½Σr_i² − Σ log sd_i − (n/2) log 2π,
  /// r_i = (c_i − y_i)/sd_i.
  package func logLikelihood(chiSquare: Double) -> Double {
    var logSD = 0.0
    for s in standardDeviations { logSD += log(s) }
    return -0.5 * chiSquare - logSD - 0.5 * Double(count) * log(2 * Double.pi)
  }
}
