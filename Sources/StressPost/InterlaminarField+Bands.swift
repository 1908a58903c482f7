extension InterlaminarField {
  /// The 95 % half-widths of the interlaminar tractions (σzz, τxz, τyz) at every
  /// sample of `lines`, by the delta method from a parameter covariance.
  ///
  /// The direct traction is bilinear in the stiffness and the displacement, t = T(C, u),
  /// so its derivative along parameter j is g_j = T(∂C/∂p_j, u) + T(C, ∂u/∂p_j), the sum
  /// of two linearized fields. Each component's variance is gᵀΣg (Σ the covariance of the
  /// parameters, in their own units), and the half-width is z₀.₉₇₅ √(gᵀΣg) with
  /// z₀.₉₇₅ = 1.959963984540054 (first-order propagation: Seber & Wild, *Nonlinear
  /// Regression*, §5.1). The traction at a sample is the mean of the two sides.
  ///
  /// - Parameters:
  ///   - lines: the interface lines whose samples get bands.
  ///   - stiffness: the global stiffness of every volume block (36 values each, Voigt
  ///     `xx yy zz yz xz xy`), as `linearized(stiffness:displacement:)` takes it.
  ///   - displacement: the solution u (3 per node).
  ///   - stiffnessDerivatives: per parameter, per block, ∂C/∂p_j, nil where the block
  ///     does not depend on p_j.
  ///   - displacementDerivatives: per parameter, ∂u/∂p_j (3 per node).
  ///   - covariance: n × n, row-major, n the number of parameters.
  /// - Returns: per line, per sample, the half-widths of (σzz, τxz, τyz), stress unit.
  ///   A sample where a side has no traction gets zero derivative from that parameter.
  public func bands95(
    lines: [InterfaceLine], stiffness: [[Double]], displacement: [Double],
    stiffnessDerivatives: [[[Double]?]], displacementDerivatives: [[Double]], covariance: [Double]
  ) -> [[SIMD3<Double>]] {
    let n = stiffnessDerivatives.count
    precondition(displacementDerivatives.count == n && covariance.count == n * n, "bands95: one derivative pair per parameter")
    let zero = [Double](repeating: 0, count: 36)
    let derivativeFields = (0..<n).map { j in
      (linearized(stiffness: stiffnessDerivatives[j].map { $0 ?? zero }, displacement: displacement),
       linearized(stiffness: stiffness, displacement: displacementDerivatives[j]))
    }
    return lines.map { line in
      line.samples.map { s in
        let g: [SIMD3<Double>] = derivativeFields.map { (a, b) in
          let ta = a.directTraction(interface: line.interface, x: line.x, y: s.y)
          let tb = b.directTraction(interface: line.interface, x: line.x, y: s.y)
          guard let ta, let tb else { return .zero }
          return 0.5 * (ta.below + ta.above) + 0.5 * (tb.below + tb.above)
        }
        var variance = SIMD3<Double>.zero
        for i in 0..<n { for j in 0..<n { variance += g[i] * g[j] * covariance[i * n + j] } }
        return 1.959963984540054 * SIMD3(variance.x.squareRoot(), variance.y.squareRoot(), variance.z.squareRoot())
      }
    }
  }
}
