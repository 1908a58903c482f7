/// How a Rényi-DP curve ε(α) becomes an (ε, δ) guarantee.
package enum RDPConversion: String, Sendable, CaseIterable {
  /// ε = min_α ε(α) + log((α − 1)/α) − (log δ + log α)/(α − 1)
  /// (Balle et al. 2020, "Hypothesis testing interpretations and Rényi differential
  /// privacy", Prop. 12; Asoodeh et al. 2020, eq. 20), as dp-accounting's
  /// `compute_epsilon` and opacus compute it. Smaller than `classic` for every δ < 1.
  case improved
  /// ε = min_α ε(α) + log(1/δ)/(α − 1) (Mironov 2017, "Rényi Differential Privacy",
  /// Prop. 3), as TF-Privacy's `get_privacy_spent` used to compute it: the conversion
  /// behind the published MNIST and Abadi et al. numbers.
  case classic
}
