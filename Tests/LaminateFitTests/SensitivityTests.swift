import FECommon
import FEKernel
import Foundation
import Inversion
import Testing

@testable import LaminateFit

/// The analytic sensitivities against finite differences of the forward model itself.
@Suite struct SensitivityTests {
  static let names = ["IM7_8552.E1", "IM7_8552.E2", "IM7_8552.G12", "IM7_8552.nu12", "IM7_8552.G13", "IM7_8552.nu23", "ply2.angle"]

  func setup() throws -> (LaminateForwardModel, [Double]) {
    let problem = try LaminateFitFixtures.problem()
    let data = try LaminateFitFixtures.data(problem, noise: 0, seed: 1)
    let parameters = try Self.names.map { try LaminateFitFixtures.parameter($0, problem.model) }
    let forward = try LaminateFitFixtures.forward(problem, data: data, parameters: parameters)
    // Evaluate away from the data's own point so residuals are not zero.
    let p = parameters.map { $0.initial * ($0.name.hasSuffix("angle") ? 1.1 : 0.9) }
    return (forward, p)
  }

  /// Each Jacobian column against a central difference of the residuals. The
  /// step is 1e-4 relative: truncation O(h²) ~1e-8 of the column. Observed agreement
  /// is 1e-7 to 1.4e-6 and does not improve with a smaller step (2e-5 gave the same),
  /// so it is the forward error of the solves on this thin-ply stiffness, not the
  /// formula; 1e-5 relative keeps a margin while any wrong derivative (an O(1) error)
  /// still fails. Round-off of the difference, ~ε·max|r|/h, is added for parameters
  /// the residuals barely depend on.
  @Test func jacobianMatchesCentralDifferences() throws {
    let (forward, p) = try setup()
    _ = try forward.residuals(p)
    let jac = try forward.jacobian()
    let m = forward.observationCount
    for j in 0..<p.count {
      let h = 1e-4 * abs(p[j])
      var plus = p, minus = p
      plus[j] += h
      minus[j] -= h
      let rp = try forward.residuals(plus), rm = try forward.residuals(minus)
      let roundOff = 100 * Double.ulpOfOne * (rp.map(abs).max() ?? 0) / h
      var worst = 0.0, scale = 0.0
      for i in 0..<m {
        let fd = (rp[i] - rm[i]) / (2 * h)
        worst = max(worst, abs(fd - jac[j * m + i]))
        scale = max(scale, abs(jac[j * m + i]))
      }
      #expect(worst <= 1e-5 * scale + roundOff, "\(Self.names[j]): FD mismatch \(worst) vs column scale \(scale), round-off bound \(roundOff)")
    }
  }

  /// Taylor test: the remainder ‖r(p + hδ) − r(p) − h J δ‖ falls as h² (ratio 4 when h
  /// halves). Observed ratios between 3.5 and 4.5 accept the quadratic rate and reject a
  /// wrong derivative, whose remainder falls only as h (ratio 2).
  @Test func taylorRemainderIsQuadratic() throws {
    let (forward, p) = try setup()
    let r0 = try forward.residuals(p)
    let jac = try forward.jacobian()
    let m = forward.observationCount
    // Direction: every parameter at once, scaled by its size.
    let delta = p.enumerated().map { j, v in (j % 2 == 0 ? 1.0 : -1.0) * 0.05 * abs(v) }
    var remainders = [Double]()
    for h in [1.0, 0.5, 0.25] {
      let ph = zip(p, delta).map { $0 + h * $1 }
      let rh = try forward.residuals(ph)
      var s = 0.0
      for i in 0..<m {
        var lin = 0.0
        for j in 0..<p.count { lin += jac[j * m + i] * delta[j] }
        let d = rh[i] - r0[i] - h * lin
        s += d * d
      }
      remainders.append(s.squareRoot())
    }
    for k in 1..<remainders.count {
      let ratio = remainders[k - 1] / remainders[k]
      #expect(ratio > 3.5 && ratio < 4.5, "remainders \(remainders)")
    }
  }

  /// The adjoint gradient (one extra solve) equals Jᵀr from the forward sensitivities.
  /// The two routes share only the factor, so 1e-8 relative allows the residual
  /// tolerance of the solves.
  @Test func adjointGradientEqualsJacobianTransposeResidual() throws {
    let (forward, p) = try setup()
    let r = try forward.residuals(p)
    let jac = try forward.jacobian()
    let g = try forward.adjointGradient(residuals: r)
    let m = r.count
    for j in 0..<p.count {
      var jtr = 0.0
      for i in 0..<m { jtr += jac[j * m + i] * r[i] }
      #expect(abs(g[j] - jtr) <= 1e-8 * max(abs(jtr), 1e-300), "\(Self.names[j]): adjoint \(g[j]) vs JᵀR \(jtr)")
    }
    // And against a central difference of ½‖r‖² for two parameters of different kinds.
    for j in [1, 6] {
      let h = 1e-4 * abs(p[j])
      var plus = p, minus = p
      plus[j] += h
      minus[j] -= h
      let fp = try forward.residuals(plus).reduce(0) { $0 + $1 * $1 } / 2
      let fm = try forward.residuals(minus).reduce(0) { $0 + $1 * $1 } / 2
      let fd = (fp - fm) / (2 * h)
      #expect(abs(fd - g[j]) <= 1e-5 * abs(g[j]), "\(Self.names[j]): FD \(fd) vs adjoint \(g[j])")
    }
  }

  /// One factorization per evaluation: the Jacobian and the adjoint reuse it.
  @Test func derivativesReuseTheFactorization() throws {
    let (forward, p) = try setup()
    let r = try forward.residuals(p)
    let before = forward.counters.factorizations
    _ = try forward.jacobian()
    _ = try forward.adjointGradient(residuals: r)
    #expect(forward.counters.factorizations == before)
    #expect(forward.solver.factorStatistics?.analysisCount == 1)
  }
}
