/// A leaf's dehydration series: per time, the whole-leaf conductance, the xylem
/// embolism (micro-CT PLC) and their standard deviations (`shared/spec/apps.md` §2).
///
/// Units are the caller's and consistent: K_leaf in mmol m⁻² s⁻¹ MPa⁻¹ is usual; PLC
/// is a fraction (0 = no embolism, 1 = fully embolized), not a percentage.
package struct LeafSeries: Sendable, Equatable {
  /// Time of each measurement (any unit; reported back only).
  package var t: [Double]
  /// Leaf water potential ψ, MPa (reported back only).
  package var psi: [Double]
  /// K_leaf(t).
  package var kLeaf: [Double]
  /// σ of K_leaf(t), ≥ 0.
  package var sigmaK: [Double]
  /// PLC(t), a fraction.
  package var plc: [Double]
  /// σ of PLC(t), ≥ 0.
  package var sigmaPLC: [Double]

  /// All arrays must have the same length, or a precondition failure occurs.
  package init(t: [Double], psi: [Double], kLeaf: [Double], sigmaK: [Double], plc: [Double], sigmaPLC: [Double]) {
    let n = t.count
    precondition([psi.count, kLeaf.count, sigmaK.count, plc.count, sigmaPLC.count].allSatisfy { $0 == n },
                 "LeafSeries: every column must have one value per time")
    self.t = t
    self.psi = psi
    self.kLeaf = kLeaf
    self.sigmaK = sigmaK
    self.plc = plc
    self.sigmaPLC = sigmaPLC
  }

  package var count: Int { t.count }
}
