/// The exact solution of a layered first-order system y′(z) = A_k y(z), one constant
/// matrix A_k per layer, with the state continuous across interfaces, the traction half
/// of the state zero on the bottom face and prescribed on the top face.
///
/// The state has 2m components: m displacement amplitudes, then the m transverse traction
/// amplitudes conjugate to them (σz, τxz, τyz for the plate). Within layer k the solution
/// is y(z) = exp(A_k (z − z_{k−1})) y(z_{k−1}) (the transfer-matrix method: Bahar,
/// "A state space approach to elasticity", J. Franklin Inst. 299 (1975) 33–41; the same
/// continuity and surface conditions as Pagano 1969, 1970). The bottom displacements a
/// solve T_ta a = t_top, where T = Φ_N ⋯ Φ_1 with Φ_k = exp(A_k t_k) and T_ta is its
/// traction-row, displacement-column block.
struct LayeredStateSpace: Sendable {
  /// State size 2m.
  let size: Int
  /// Layer boundaries z_0 < … < z_N.
  let boundaries: [Double]
  /// A_k, row-major size × size, one per layer.
  let matrices: [[Double]]
  /// The state at each boundary z_0 … z_N.
  let boundaryStates: [[Double]]

  /// Solves the layered problem.
  ///
  /// `matrices.count` must equal `boundaries.count − 1` and `topTraction.count` must be
  /// `size / 2`, or a precondition failure occurs; so is a singular T_ta, which a laminate
  /// of valid materials under a non-zero wave number does not produce.
  init(size: Int, boundaries: [Double], matrices: [[Double]], topTraction: [Double]) {
    precondition(size % 2 == 0 && matrices.count == boundaries.count - 1, "LayeredStateSpace: sizes disagree")
    let m = size / 2
    precondition(topTraction.count == m, "LayeredStateSpace: the top traction needs \(m) components")
    self.size = size
    self.boundaries = boundaries
    self.matrices = matrices
    var propagators: [[Double]] = []
    var total = [Double](repeating: 0, count: size * size)
    for i in 0..<size { total[i * size + i] = 1 }
    for (k, a) in matrices.enumerated() {
      let t = boundaries[k + 1] - boundaries[k]
      let phi = DenseLinearAlgebra.exponential(a.map { $0 * t }, n: size)
      propagators.append(phi)
      total = DenseLinearAlgebra.multiply(phi, total, n: size)
    }
    var block = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for j in 0..<m { block[i * m + j] = total[(m + i) * size + j] }
    }
    guard let bottom = DenseLinearAlgebra.solve(block, topTraction, n: m) else {
      preconditionFailure("LayeredStateSpace: the surface-traction system is singular")
    }
    var states = [bottom + [Double](repeating: 0, count: m)]
    for phi in propagators {
      states.append(DenseLinearAlgebra.multiply(phi, vector: states[states.count - 1], n: size))
    }
    boundaryStates = states
  }

  /// The state at height z, propagated within layer `layer` (0-based) from its bottom.
  ///
  /// z need not lie inside the layer: the layer's analytic solution is simply continued.
  func state(atZ z: Double, layer: Int) -> [Double] {
    let dz = z - boundaries[layer]
    if dz == 0 { return boundaryStates[layer] }
    let phi = DenseLinearAlgebra.exponential(matrices[layer].map { $0 * dz }, n: size)
    return DenseLinearAlgebra.multiply(phi, vector: boundaryStates[layer], n: size)
  }

  /// The 0-based layer containing z: an interior interface belongs to the layer above, the
  /// top face to the top layer; a z outside the laminate by more than 1e-9 of its
  /// thickness is a precondition failure (within that, the nearest layer is used).
  func layer(containing z: Double) -> Int {
    let n = boundaries.count - 1
    let tol = 1e-9 * (boundaries[n] - boundaries[0])
    precondition(
      z >= boundaries[0] - tol && z <= boundaries[n] + tol,
      "z = \(z) lies outside the laminate [\(boundaries[0]), \(boundaries[n])]")
    for k in 0..<n where z < boundaries[k + 1] { return k }
    return n - 1
  }
}
