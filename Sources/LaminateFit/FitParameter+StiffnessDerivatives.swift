import FECommon
import FEKernel

extension FitParameter {
  /// ∂C/∂p_j of every volume block's global stiffness, for each parameter
  /// (`[parameter][block]`, nil where the block does not depend on p_j), at the
  /// constants and angles of `model`. A ply angle is a parameter in degrees.
  public static func stiffnessDerivatives(
    of parameters: [FitParameter], problem: LinearElasticProblem, model: ModelDefinition
  ) -> [[[Double]?]] {
    parameters.map { parameter in
      problem.blockPly.map { plyIndex -> [Double]? in
        let ply = model.plies[plyIndex]
        let material = model.material(named: ply.material)!
        switch parameter.target {
        case .materialConstant(let name, let constant):
          guard name == ply.material else { return nil }
          let dcMaterial = material.stiffnessDerivative(constant)
          let m = PlyRotation.bondMatrix(angle: ply.angle)
          return (m * dcMaterial * m.transposed).values
        case .plyAngleDegrees(let target):
          guard target == plyIndex else { return nil }
          // Parameter in degrees: chain rule dθ/dθ° = π/180.
          return PlyRotation.rotatedStiffnessDerivative(material.stiffness, angle: ply.angle).values.map { $0 * .pi / 180 }
        }
      }
    }
  }

  /// The displacement sensitivities ∂u/∂p_j (one column of 3 × nodes per parameter)
  /// by forward sensitivity: K ∂u/∂p_j = −(∂K/∂p_j) u with the prescribed values held
  /// (they do not depend on p), one multi-right-hand-side solve on `solver`'s factor,
  /// which must hold K for `model` (as after `solver.solve(stiffness:)`).
  public static func displacementSensitivities(
    of parameters: [FitParameter], solver: ElasticSolver, model: ModelDefinition, displacement u: [Double]
  ) throws -> [[Double]] {
    guard !parameters.isEmpty else { return [] }
    let n = solver.assembler.dofCount
    let products = solver.assembler.stiffnessDerivativeProducts(
      u, derivatives: stiffnessDerivatives(of: parameters, problem: solver.problem, model: model))
    var rhs = [Double](repeating: 0, count: n * parameters.count)
    for j in parameters.indices { for i in 0..<n { rhs[j * n + i] = -products[j][i] } }
    let du = try solver.solveConstrained(rhs: rhs, columns: parameters.count, homogeneous: true)
    return parameters.indices.map { Array(du[($0 * n)..<(($0 + 1) * n)]) }
  }
}
