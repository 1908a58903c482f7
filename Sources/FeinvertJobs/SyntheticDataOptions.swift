import FECommon
import LaminateFit

/// Checks of the `feinvert synth` options (exit 2 naming the option).
package enum SyntheticDataOptions {
  /// "tx,ty,tz,rotation" → translation and rotation.
  package static func parseRigidBody(_ text: String) throws -> (SIMD3<Double>, Double) {
    let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 4, let tx = parts[0], let ty = parts[1], let tz = parts[2], let r = parts[3],
      [tx, ty, tz, r].allSatisfy(\.isFinite)
    else {
      throw InputError("\"\(text)\"; expected four numbers \"tx,ty,tz,rotation\"", at: SourceLocation(file: "--rigid-body"))
    }
    return (SIMD3(tx, ty, tz), r)
  }

  /// - Returns: the grating frequency when fringe orders are asked for.
  package static func validate(
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

/// `feinvert synth`: synthetic moiré data from the model's own constants.
package enum SynthJob {
  /// The command's options, as typed (checked by `run`).
  package struct Options: Sendable {
    package var mesh: String
    package var model: String?
    package var output: String
    /// Standard deviation of the Gaussian noise, length unit.
    package var noise: Double = 0
    package var fringeOrders = false
    /// Grating frequency, lines per mm, for fringe orders.
    package var frequency: Double?
    package var seed: UInt64 = 1
    /// Grid spacing on the surface, length unit; nil = the larger extent / 60.
    package var spacing: Double?
    /// "tx,ty,tz,rotation" (length unit; radians about the surface normal).
    package var rigidBody: String?
    package var holes = 0
    /// Length unit; nil = 5 % of the larger extent.
    package var holeRadius: Double?
    /// The load case or data set to synthesize (`--case`), for models with several.
    package var dataSet: String?

    package init(mesh: String, model: String?, output: String) {
      self.mesh = mesh
      self.model = model
      self.output = output
    }
  }

  /// Checks the options, synthesizes and writes the CSV atomically.
  ///
  /// - Returns: the one-line summary.
  package static func run(_ o: Options) throws -> String {
    var spec = SyntheticDataSpec()
    spec.noise = o.noise
    spec.seed = o.seed
    spec.spacing = o.spacing
    spec.holes = o.holes
    spec.holeRadius = o.holeRadius
    if let rigidBody = o.rigidBody {
      (spec.rigidTranslation, spec.rigidRotation) = try SyntheticDataOptions.parseRigidBody(rigidBody)
    }
    let frequency = try SyntheticDataOptions.validate(
      noise: o.noise, fringeOrders: o.fringeOrders, frequency: o.frequency, spacing: o.spacing, holes: o.holes,
      holeRadius: o.holeRadius)
    let (data, warnings) = try FitJob.synthesize(
      mesh: o.mesh, model: o.model, output: o.output, spec: spec, fringeFrequency: frequency, dataSet: o.dataSet)
    return (warnings.map { "warning: \($0)\n" }.joined())
      + "synth: \(data.points.count) points x \(data.components.count) components -> \(o.output)"
  }
}
