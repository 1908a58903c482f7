/// A leaf's dehydration series: per time, the whole-leaf conductance, the xylem
/// embolism (micro-CT PLC) and their standard deviations (`shared/spec/apps.md` §2).
///
/// Units are the caller's and consistent: K_leaf in mmol m⁻² s⁻¹ MPa⁻¹ is usual; PLC
/// is a fraction (0 = no embolism, 1 = fully embolized), not a percentage.
public struct LeafSeries: Sendable, Equatable {
  /// Time of each measurement (any unit; reported back only).
  public var t: [Double]
  /// Leaf water potential ψ, MPa (reported back only).
  public var psi: [Double]
  /// K_leaf(t).
  public var kLeaf: [Double]
  /// σ of K_leaf(t), ≥ 0.
  public var sigmaK: [Double]
  /// PLC(t), a fraction.
  public var plc: [Double]
  /// σ of PLC(t), ≥ 0.
  public var sigmaPLC: [Double]

  /// All arrays must have the same length, or a precondition failure occurs.
  public init(t: [Double], psi: [Double], kLeaf: [Double], sigmaK: [Double], plc: [Double], sigmaPLC: [Double]) {
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

  public var count: Int { t.count }
}
