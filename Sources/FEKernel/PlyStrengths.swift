import FECommon

/// A ply material's strengths (stress unit of the model, all positive magnitudes), from
/// the optional keys of `[materials.NAME]`: `Xt`, `Xc` (fibre direction, tension and
/// compression), `Yt`, `Yc` (in-plane transverse), `Zt`, `Zc` (through the thickness;
/// default `Yt`, `Yc`), `S12`, `S13` (default `S12`), `S23` (default `S12`).
public struct PlyStrengths: Sendable, Equatable {
  public var Xt: Double, Xc: Double, Yt: Double, Yc: Double, Zt: Double, Zc: Double
  public var S12: Double, S13: Double, S23: Double

  /// The keys of `[materials.NAME]` that give strengths; the first five are required
  /// when any is given.
  public static let keys = ["Xt", "Xc", "Yt", "Yc", "Zt", "Zc", "S12", "S13", "S23"]
  public static let requiredKeys = ["Xt", "Xc", "Yt", "Yc", "S12"]

  public init(Xt: Double, Xc: Double, Yt: Double, Yc: Double, Zt: Double? = nil, Zc: Double? = nil, S12: Double,
              S13: Double? = nil, S23: Double? = nil) {
    self.Xt = Xt
    self.Xc = Xc
    self.Yt = Yt
    self.Yc = Yc
    self.Zt = Zt ?? Yt
    self.Zc = Zc ?? Yc
    self.S12 = S12
    self.S13 = S13 ?? S12
    self.S23 = S23 ?? S12
  }

  /// The Tsai–Wu failure index of a stress in ply axes (`11 22 33 23 13 12`), as the
  /// inverse strength ratio: 1/R with R the factor on the stress that brings the Tsai–Wu
  /// polynomial F_i σ_i + F_ij σ_i σ_j to 1 (so the index is linear in the load, 1 at
  /// failure, and 0 for no stress).
  ///
  /// F1 = 1/Xt − 1/Xc, F11 = 1/(Xt Xc), likewise F2, F22 (Y) and F3, F33 (Z);
  /// F44 = 1/S23², F55 = 1/S13², F66 = 1/S12²; the interaction terms
  /// F12 = −½√(F11 F22), F13 = −½√(F11 F33), F23 = −½√(F22 F33) (Tsai & Wu, J. Compos.
  /// Mater. 5 (1971) 58; the interaction as in Tsai & Hahn, *Introduction to Composite
  /// Materials*, 1980). With a = σᵀFσ and b = F_i σ_i, R solves a R² + b R = 1:
  /// R = 2 / (b + √(b² + 4a)).
  public func tsaiWuIndex(_ s: [Double]) -> Double {
    precondition(s.count == 6, "PlyStrengths.tsaiWuIndex: six ply-axis stresses")
    let f1 = 1 / Xt - 1 / Xc, f2 = 1 / Yt - 1 / Yc, f3 = 1 / Zt - 1 / Zc
    let f11 = 1 / (Xt * Xc), f22 = 1 / (Yt * Yc), f33 = 1 / (Zt * Zc)
    let f12 = -0.5 * (f11 * f22).squareRoot(), f13 = -0.5 * (f11 * f33).squareRoot(), f23 = -0.5 * (f22 * f33).squareRoot()
    let (s1, s2, s3, t23, t13, t12) = (s[0], s[1], s[2], s[3], s[4], s[5])
    let a = f11 * s1 * s1 + f22 * s2 * s2 + f33 * s3 * s3 + 2 * (f12 * s1 * s2 + f13 * s1 * s3 + f23 * s2 * s3)
      + t23 * t23 / (S23 * S23) + t13 * t13 / (S13 * S13) + t12 * t12 / (S12 * S12)
    let b = f1 * s1 + f2 * s2 + f3 * s3
    let root = (b * b + 4 * a).squareRoot()
    // 1/R = (b + √(b² + 4a)) / 2.
    return 0.5 * (b + root)
  }
}

extension ModelDefinition {
  /// The Tsai–Wu index (`PlyStrengths.tsaiWuIndex`) of each element, from its ply-axis
  /// stress (6 per element, assembly order) and the strengths of its ply's material; nil
  /// when no material has strengths, NaN for an element whose material has none.
  public func tsaiWuIndices(stressPlyAxes: [Double], elementPly: [Int]) -> [Double]? {
    guard !strengths.isEmpty else { return nil }
    return elementPly.enumerated().map { e, ply in
      guard let s = strengths[plies[ply - 1].material] else { return .nan }
      return s.tsaiWuIndex(Array(stressPlyAxes[(6 * e)..<(6 * e + 6)]))
    }
  }
}
