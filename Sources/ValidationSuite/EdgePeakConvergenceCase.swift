import LaminateCoupons
import FEKernel
import Foundation
import StressPost

/// The free-edge peak of τxz at the 45/−45 interface of [45/-45]s under refinement.
///
/// The interface stress is singular at the edge, σ ~ r^(−δ) with δ ≈ 0.026 for this
/// material (Wang & Choi; Pipes & Pagano's material): a peak read at the edge node
/// grows by 2^δ ≈ 1.018 each time the edge element is halved, without end. The case
/// halves the elements through the thickness and across the width together. What
/// it measured (`Validation/edge_peak_convergence/README.md`): the average over one
/// ply thickness from the edge settles (0.2% between the last levels), while the peak
/// keeps growing, by ×1.18, ×1.12, ×1.12 per halving: faster than the asymptotic ×1.018,
/// because at these element sizes (h/7…h/58 at the edge) the mesh still resolves the
/// steep non-singular part of the boundary layer; the growth falls toward the
/// singular rate as the edge element shrinks. So the checks: the average converges
/// (1%), the peak grows at every halving (no converged peak exists), and the growth
/// ratio moves toward 2^0.026. A bug (a locking element, a constraint reaction, a
/// wrong sign) shows as an average that does not settle or a peak that stops growing.
enum EdgePeakConvergenceCase {
  static let exponent = 0.026

  static func validationCase(levels: Int, quick: Bool) -> ValidationCase {
    let name = quick ? "edge_peak_convergence" : "edge_peak_convergence_fine"
    let title = "[45/-45]s edge peak of tau_xz under refinement (\(levels) levels)"
    return ValidationCase(name: name, title: title, quick: quick) { try run(levels: levels, name: name, title: title) }
  }

  static let cases = [validationCase(levels: 3, quick: true), validationCase(levels: 4, quick: false)]

  static func run(levels: Int, name: String, title: String) throws -> ValidationResult {
    let plyThickness = 0.25, width = 4.0, length = 8.0, strain = 1e-3
    // Graded toward the edges (50:1) and the interfaces (8:1); each level doubles the
    // element counts across the width and through each ply, halving the edge element.
    let m0 = 3, wf = 3, eb = 50.0, ib = 8.0
    var peaks = [Double](), averages = [Double](), edgeSizes = [Double]()
    var notes = [String]()
    for level in 0..<levels {
      let m = m0 << level
      let spec = CouponSpec(
        layup: Layup(anglesDegrees: [45, -45, -45, 45]), plyThickness: plyThickness, length: length, width: width,
        elementKind: .hex20, elementsAlongLength: 3, elementsAcrossWidth: wf * m, elementsPerPly: m, edgeBias: eb, interfaceBias: m >= 3 ? ib : 1)
      let bench = try CouponBench(spec: spec, material: CouponBench.pipesPagano, strain: strain)
      let field = try bench.field()
      let x = field.elementCentreStation(near: length / 2)
      guard let line = InterfaceLine(field: field, interface: 1, x: x, recover: false) else {
        throw ValidationFailure("level \(level): the line across the width leaves the mesh")
      }
      let summary = EdgeSummary(line: line, characteristicDistance: plyThickness)
      let c = summary.components[TractionComponent.tauXZ.rawValue]
      let peak = 0.5 * (abs(c.edgeYMinus.peak) + abs(c.edgeYPlus.peak)) / strain
      let average = 0.5 * (abs(c.edgeYMinus.average) + abs(c.edgeYPlus.average)) / strain
      let edge = line.breakpoints[1] - line.breakpoints[0]
      peaks.append(peak)
      averages.append(average)
      edgeSizes.append(edge)
      notes.append(String(format: "level %d: %d per ply, edge element %.4g wide: peak %.5f, average over h %.5f (Msi per unit strain)",
                          level, m, edge, peak, average))
    }
    var checks = [ValidationCheck]()
    let predicted = pow(2, exponent)
    for k in 1..<levels {
      notes.append(String(format: "growth %d->%d: peak x%.4f, average x%.4f (singularity predicts x%.4f for the peak)",
                          k - 1, k, peaks[k] / peaks[k - 1], averages[k] / averages[k - 1], predicted))
    }
    let last = levels - 1
    let ratios = (1..<levels).map { peaks[$0] / peaks[$0 - 1] }
    checks.append(ValidationCheck(
      quantity: "edge average (one ply thickness) ratio, last level", computed: averages[last] / averages[last - 1],
      reference: 1, tolerance: 0.01, toleranceNote: "1% (converges)"))
    checks.append(ValidationCheck(
      quantity: "peak grows at every halving: smallest ratio - 1 (> 0)", computed: ratios.min()! - 1, reference: 0.5,
      tolerance: 0.5, toleranceNote: "in (0, 1]"))
    checks.append(ValidationCheck(
      quantity: "growth approaches the singular rate: (last - 2^0.026)/(first - 2^0.026)",
      computed: (ratios.last! - predicted) / (ratios.first! - predicted), reference: 0.5, tolerance: 0.5,
      toleranceNote: "in [0, 1]"))
    return ValidationResult(name: name, title: title, checks: checks, notes: notes)
  }
}
