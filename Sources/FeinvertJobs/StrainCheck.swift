import FECommon
import FEKernel
import Foundation

/// What the jobs do with a solution's largest strain (`LargestStrain`): a linear elastic
/// model means small strains, so a large one is reported, and an absurd one stops the
/// commands whose output would carry it silently.
///
/// - above 2 %: a warning naming the element, the strain and the units to check;
/// - above 20 % at the model's values (`synth`) or at a fit's initial values (`fit`): bad
///   input, exit 2 at the model's `[units]` (a linear elastic model cannot mean it; the
///   usual cause is a modulus typed in GPa on a model in MPa); in `solve` and `stresses`,
///   whose outputs show the field, and at a fit's estimate, a warning.
package enum StrainCheck {
  /// The strain above which a solution gets a warning (2 %).
  package static let warningStrain = 0.02
  /// The strain above which `fit` and `synth` refuse the model (20 %).
  package static let refusalStrain = 0.20

  /// The warning for a solution's largest strain, or nil when it is small.
  ///
  /// - Parameters:
  ///   - largest: the solution's largest strain (nil: no volume elements).
  ///   - context: which solution, for the message ("with the model's constants").
  ///   - model: the model, for its units.
  package static func warning(_ largest: LargestStrain?, context: String, model: ModelDefinition) -> String? {
    guard let largest, !(largest.strain <= warningStrain) else { return nil }
    return "the largest strain \(context) is \(percent(largest.strain)) (element \(largest.elementTag), \(largest.kind), at \(point(largest.point))); a linear elastic model means strains of a few per cent at most: \(unitAdvice(model))"
  }

  /// Throws bad input when the largest strain exceeds `refusalStrain`; otherwise returns
  /// the warning of `warning(_:context:model:)`, if any.
  package static func refuseAbsurd(_ largest: LargestStrain?, context: String, model: ModelDefinition) throws -> String? {
    if let largest, !(largest.strain <= refusalStrain) {
      throw InputError(
        "the largest strain \(context) is \(percent(largest.strain)) (element \(largest.elementTag), \(largest.kind), at \(point(largest.point))), which a linear elastic model cannot mean; expected strains below \(percent(refusalStrain)): \(unitAdvice(model))",
        at: model.location("units"))
    }
    return warning(largest, context: context, model: model)
  }

  /// What the units imply, and the usual slips.
  static func unitAdvice(_ model: ModelDefinition) -> String {
    let force = UnitScale.forceUnit(stress: model.stressUnit, length: model.lengthUnit) ?? "stress × length²"
    return "check the units ([units] length = \"\(model.lengthUnit)\", stress = \"\(model.stressUnit)\": moduli in \(model.stressUnit), forces in \(force), lengths and displacements in \(model.lengthUnit); a modulus typed in GPa on a model in MPa makes every strain 1000 times too large)"
  }

  static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.3g %%", 100 * x) : "\(x)" }
  static func point(_ p: SIMD3<Double>) -> String { String(format: "(%.4g, %.4g, %.4g)", p.x, p.y, p.z) }
}
