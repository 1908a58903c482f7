import Foundation

/// ε(δ) of T steps of the Poisson-sampled Gaussian mechanism from its privacy loss
/// distribution (PLD), as dp-accounting's `PLDAccountant` computes it: each direction of
/// the add-or-remove-one relation discretized pessimistically by connecting the dots on a
/// grid of spacing Δ (`PrivacyLossDistribution.connectingDots`), composed T times by FFT
/// (`selfComposed`), ε(δ) read off the composed distribution, and the larger of the two
/// directions reported (the neighbour is added or removed for the whole run).
///
/// Unlike the RDP accountant, nothing is lost in a conversion: up to the discretization
/// (which only overstates ε, by O(Δ²) per step for connect-the-dots) this is the exact ε of
/// the composed mechanism, hence smaller than both RDP conversions.
package enum PLDAccountant {
  /// dp-accounting's default `value_discretization_interval`.
  package static let defaultInterval = 1e-4
  /// The longest per-step grid and composed window (doubles) before Δ is coarsened.
  static let maximumGrid = 1 << 21, maximumWindow = 1 << 24

  /// The guarantee, with both directions.
  package struct Guarantee: Sendable, Equatable {
    /// max(ε_remove, ε_add), natural-log units; ∞ for σ = 0.
    package var epsilon: Double
    package var delta: Double
    package var epsilonRemove: Double
    package var epsilonAdd: Double
    /// Δ used (the requested one, doubled while a grid would exceed the limits).
    package var interval: Double
    /// The Chernoff tail mass per side of the composition's window.
    package var tailMass: Double
  }

  /// ε(δ) of `steps` steps with sampling rate q and noise multiplier σ.
  ///
  /// `sampleRate` in (0, 1], `noiseMultiplier >= 0`, `steps >= 1`, `delta` in (0, 1) and
  /// `interval > 0`, or a precondition failure occurs (the job validates user input).
  package static func epsilon(
    sampleRate q: Double, noiseMultiplier sigma: Double, steps: Int, delta: Double,
    interval: Double = defaultInterval, tailMass: Double = 1e-15
  ) -> Guarantee {
    precondition(q > 0 && q <= 1 && sigma >= 0 && steps >= 1 && delta > 0 && delta < 1 && interval > 0, "PLDAccountant")
    guard sigma > 0 else {
      return Guarantee(epsilon: .infinity, delta: delta, epsilonRemove: .infinity, epsilonAdd: .infinity,
                       interval: interval, tailMass: tailMass)
    }
    var h = interval
    while true {
      var eps = [Double]()
      var fits = true
      for direction in SampledGaussianPLD.Direction.allCases {
        let range = SampledGaussianPLD.lossRange(direction, sampleRate: q, noiseMultiplier: sigma)
        let lower = Int((range.lower / h).rounded(.down))
        let upper = max(Int((range.upper / h).rounded(.up)), lower + 1)
        guard upper - lower + 1 <= maximumGrid else { fits = false; break }
        let one = PrivacyLossDistribution.connectingDots(interval: h, lower: lower, upper: upper) {
          SampledGaussianPLD.delta(direction, sampleRate: q, noiseMultiplier: sigma, epsilon: $0)
        }
        if steps > 1 {
          let (l, u) = one.truncationWindow(times: steps, tailMass: tailMass)
          guard u - l + 1 <= maximumWindow else { fits = false; break }
        }
        eps.append(one.selfComposed(times: steps, tailMass: tailMass).epsilon(delta: delta))
      }
      if fits {
        return Guarantee(epsilon: max(eps[0], eps[1]), delta: delta, epsilonRemove: eps[0], epsilonAdd: eps[1],
                         interval: h, tailMass: tailMass)
      }
      h *= 2
    }
  }
}
