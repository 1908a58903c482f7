import FECommon

/// Checks of the `feinvert synth` options (exit 2 naming the option).
public enum SyntheticDataOptions {
  /// "tx,ty,tz,rotation" → translation and rotation.
  public static func parseRigidBody(_ text: String) throws -> (SIMD3<Double>, Double) {
    let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 4, let tx = parts[0], let ty = parts[1], let tz = parts[2], let r = parts[3],
      [tx, ty, tz, r].allSatisfy(\.isFinite)
    else {
      throw InputError("\"\(text)\"; expected four numbers \"tx,ty,tz,rotation\"", at: SourceLocation(file: "--rigid-body"))
    }
    return (SIMD3(tx, ty, tz), r)
  }

  /// - Returns: the grating frequency when fringe orders are asked for.
  public static func validate(
    noise: Double, fringeOrders: Bool, frequency: Double?, spacing: Double?, holes: Int, holeRadius: Double? = nil
  ) throws -> Double? {
    // 1e100 is the largest value `fit` reads back, so larger noise writes unreadable data.
    guard noise >= 0, noise <= 1e100 else {
      throw InputError("\(noise); expected a non-negative noise level up to 1e100", at: SourceLocation(file: "--noise"))
    }
    if let holeRadius, !(holeRadius.isFinite && holeRadius > 0) {
      throw InputError("\(holeRadius); expected a positive radius", at: SourceLocation(file: "--hole-radius"))
    }
    if let spacing, !(spacing.isFinite && spacing > 0) {
      throw InputError("\(spacing); expected a positive spacing", at: SourceLocation(file: "--spacing"))
    }
    guard holes >= 0, holes <= 10_000 else {
      throw InputError("\(holes); expected a count from 0 to 10000", at: SourceLocation(file: "--holes"))
    }
    if fringeOrders {
      guard let f = frequency, f.isFinite, f > 0 else {
        throw InputError("fringe orders need a positive grating frequency; expected --frequency F (lines per mm)", at: SourceLocation(file: "--frequency"))
      }
      return f
    }
    return nil
  }
}

import Foundation
