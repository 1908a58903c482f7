import Foundation

/// A discrete privacy loss distribution (PLD): probability masses on the grid of privacy
/// losses ℓ_k = (offset + k)·Δ (natural-log units), plus a mass at +∞.
///
/// For a pair of output distributions (P, Q) the privacy loss is L = log(dP/dQ) under P, and
/// the pair is (ε, δ)-indistinguishable exactly when the hockey-stick divergence
/// δ(ε) = E_P[(1 − e^{ε−L})₊] + P(L = ∞) is at most δ (Sommer, Meiser & Mohammadi 2019,
/// *PoPETs* 2019(2), Thm. 1; Koskela, Jälkö & Honkela 2020, *AISTATS*, eq. 2.3). Composing
/// mechanisms adds their losses, so the PLD of T steps is the T-fold convolution of one
/// step's (`selfComposed(times:tailMass:)`).
///
/// A PLD built by `connectingDots(…)` is *pessimistic*: its δ(ε) is at least the true one at
/// every ε, so every ε it reports is a valid guarantee; composition keeps this (Doroshenko,
/// Ghazi, Kamath, Kumar & Manurangsi 2022, "Connect the Dots: Tighter Discrete
/// Approximations of Privacy Loss Distributions", *PoPETs* 2022(4), Thm. 4.1 and §4). This is
/// the construction dp-accounting's `PLDAccountant` uses by default.
package struct PrivacyLossDistribution: Sendable {
  /// Δ, the spacing of the loss grid.
  package let interval: Double
  /// The grid index of `masses[0]`: its loss is `offset·Δ`.
  package let offset: Int
  /// Masses at the finite losses (offset + k)·Δ, k = 0…count−1, each ≥ 0.
  package let masses: [Double]
  /// Mass at loss +∞ (the outputs that only P produces, and pessimistically the truncated tails).
  package let infinityMass: Double

  package init(interval: Double, offset: Int, masses: [Double], infinityMass: Double) {
    self.interval = interval
    self.offset = offset
    self.masses = masses
    self.infinityMass = infinityMass
  }

  /// The pessimistic connect-the-dots PLD of a pair whose hockey-stick curve is `delta`
  /// (Doroshenko et al. 2022, §4, Alg. 2 with a fixed grid).
  ///
  /// δ as a function of s = e^ε is convex and decreasing, with δ = 1 at s = 0. The
  /// discrete PLD below has the piecewise-linear interpolant of δ(s) through (0, 1) and
  /// through (e^{ε_k}, δ(ε_k)) at the grid points ε_k = kΔ, k = lower…upper, as its own
  /// hockey-stick curve, constant δ(ε_upper) beyond (the mass at +∞): a chord of a convex
  /// function lies above it, so the result dominates the pair. With the slopes
  /// c_k = (δ_{k+1} − δ_k)/(e^{ε_{k+1}} − e^{ε_k}) (c_{lower−1} from (0, 1), c_upper = 0), the
  /// mass at ε_k is e^{ε_k}(c_k − c_{k−1}) (≥ 0 by convexity; round-off below 0 is set to 0).
  ///
  /// `lower < upper` (grid indices) and `interval > 0`, or a precondition failure occurs.
  /// - Parameters:
  ///   - delta: the pair's δ(ε), evaluated at the grid points only.
  ///   - lower, upper: the grid indices of the smallest and largest loss kept. Losses below
  ///     `lower·Δ` are folded into it by the chord from (0, 1); those above `upper·Δ` go to +∞.
  package static func connectingDots(
    interval: Double, lower: Int, upper: Int, delta: (Double) -> Double
  ) -> PrivacyLossDistribution {
    precondition(interval > 0 && lower < upper, "PrivacyLossDistribution: empty grid")
    let n = upper - lower + 1
    let eps = (0..<n).map { Double(lower + $0) * interval }
    let s = eps.map { exp($0) }
    let d = eps.map { min(1, max(delta($0), 0)) }
    var masses = [Double](repeating: 0, count: n)
    var previousSlope = (d[0] - 1) / s[0]
    for k in 0..<n {
      let slope = k + 1 < n ? (d[k + 1] - d[k]) / (s[k + 1] - s[k]) : 0
      masses[k] = max(0, s[k] * (slope - previousSlope))
      previousSlope = slope
    }
    return PrivacyLossDistribution(interval: interval, offset: lower, masses: masses, infinityMass: d[n - 1])
  }

  /// The loss at `masses[k]`.
  package func loss(_ k: Int) -> Double { Double(offset + k) * interval }

  /// The T-fold composition: the T-fold convolution of the finite masses, by FFT (FFTW: the
  /// transform raised to the T-th power, as dp-accounting's `self_convolve`), and the mass at
  /// +∞ 1 − (1 − m_∞)^T.
  ///
  /// The result is kept on the window of summed grid indices [l, u] outside which the
  /// Chernoff bound P(S ≥ u) ≤ min_t E[e^{tS}]e^{−tu} (and its mirror for l) leaves at most
  /// `tailMass` on each side; the FFT length N ≥ u − l + 1, so the tails alias into the
  /// window (adding mass there) and, to stay pessimistic, 2·`tailMass` is added to the mass at
  /// +∞. Negative round-off of the transform is set to 0.
  ///
  /// `times >= 1` and `tailMass` in (0, 1), or a precondition failure occurs.
  /// - Complexity: O(count·61) for the bounds and O(N log N) for the convolution.
  package func selfComposed(times: Int, tailMass: Double = 1e-15) -> PrivacyLossDistribution {
    precondition(times >= 1 && tailMass > 0 && tailMass < 1, "PrivacyLossDistribution.selfComposed")
    let infinity = -expm1(Double(times) * log1p(-min(infinityMass, 1)))
    if times == 1 { return self }
    let (l, u) = truncationWindow(times: times, tailMass: tailMass)
    let window = u - l + 1
    var length = 1
    while length < window { length <<= 1 }
    // The masses aliased onto length N (index k at k mod N), then the power in Fourier space.
    var input = [Double](repeating: 0, count: length)
    for (k, m) in masses.enumerated() where m > 0 { input[k % length] += m }
    let composed = RealFFT.power(input, times)
    var out = [Double](repeating: 0, count: window)
    for j in 0..<window { out[j] = max(0, composed[(l + j) % length]) }
    return PrivacyLossDistribution(
      interval: interval, offset: times * offset + l, masses: out, infinityMass: min(1, infinity + 2 * tailMass))
  }

  /// [l, u] in units of the grid, relative to T·offset: P(S < l) and P(S > u) are each
  /// ≤ `tailMass` by Chernoff's bound over t = 10^(−7…+1) per grid step (61 values); the
  /// log MGF K(t) = log Σ_k m_k e^{tk} is summed with the largest term factored out.
  func truncationWindow(times: Int, tailMass: Double) -> (lower: Int, upper: Int) {
    let top = masses.count - 1
    let logTail = log(tailMass)
    let T = Double(times)
    let logMasses = masses.map { $0 > 0 ? log($0) : -Double.infinity }
    func logMGF(_ t: Double) -> Double {
      var peak = -Double.infinity
      for k in logMasses.indices where logMasses[k] > -.infinity { peak = max(peak, logMasses[k] + t * Double(k)) }
      var sum = 0.0
      for k in logMasses.indices where logMasses[k] > -.infinity { sum += exp(logMasses[k] + t * Double(k) - peak) }
      return peak + log(sum)
    }
    var upper = Double(times) * Double(top), lower = 0.0
    for e in 0...80 {
      let t = pow(10, -7 + 0.1 * Double(e))
      upper = min(upper, (T * logMGF(t) - logTail) / t)
      lower = max(lower, (logTail - T * logMGF(-t)) / t)
    }
    let u = Int(min(upper.rounded(.up), Double(times) * Double(top)))
    let l = Int(max(0, min(lower.rounded(.down), Double(u))))
    return (l, u)
  }

  /// δ(ε) = Σ_k m_k (1 − e^{ε−ℓ_k})₊ + m_∞.
  package func delta(epsilon: Double) -> Double {
    var sum = infinityMass
    for k in masses.indices where loss(k) > epsilon { sum += masses[k] * -expm1(epsilon - loss(k)) }
    return sum
  }

  /// The smallest ε ≥ 0 with δ(ε) ≤ `delta` (∞ when the mass at +∞ alone exceeds it).
  ///
  /// On [ℓ_{k−1}, ℓ_k] the curve is δ(ε) = A_k − e^ε B_k with A_k = Σ_{j≥k} m_j + m_∞ and
  /// B_k = Σ_{j≥k} m_j e^{−ℓ_j}, so ε = log((A_k − δ)/B_k) on the segment where it lands
  /// (as dp-accounting's `get_epsilon_for_delta`). `delta` must lie in (0, 1), or a
  /// precondition failure occurs.
  package func epsilon(delta target: Double) -> Double {
    precondition(target > 0 && target < 1, "PrivacyLossDistribution.epsilon: delta in (0, 1)")
    if infinityMass > target { return .infinity }
    var a = infinityMass, b = 0.0
    var k = masses.count - 1
    while k >= 0 {
      let l = loss(k)
      if l <= 0 { break }
      a += masses[k]
      b += masses[k] * exp(-l)
      if a > target && b > 0 {
        let e = log((a - target) / b)
        let below = k > 0 ? loss(k - 1) : -Double.infinity
        if e >= below { return max(0, e) }
      }
      k -= 1
    }
    return 0
  }
}
