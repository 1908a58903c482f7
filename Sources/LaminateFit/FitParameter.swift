import FECommon
import FEKernel

/// One quantity the fit may change: an engineering constant of a material, or the
/// angle of a ply.
///
/// Names follow the contract: `MATERIAL.PROPERTY` (`IM7_8552.E2`) or `GROUP.angle`
/// (`ply1.angle`). Values are in the model's units: moduli in its stress unit,
/// Poisson ratios dimensionless, angles in degrees (as in the TOML).
public struct FitParameter: Sendable, Equatable {
  public enum Target: Sendable, Equatable {
    /// An engineering constant of a material.
    case materialConstant(material: String, constant: OrthotropicConstant)
    /// The angle of the ply whose `[[plies]]` entry has this index, as a parameter in
    /// degrees (the model holds radians; `value(in:)` and `set(_:in:)` convert).
    case plyAngleDegrees(plyIndex: Int)
  }

  public var name: String
  public var target: Target
  public var initial: Double
  public var lower: Double
  public var upper: Double
  public var location: SourceLocation

  public init(name: String, target: Target, initial: Double, lower: Double, upper: Double, location: SourceLocation) {
    self.name = name
    self.target = target
    self.initial = initial
    self.lower = lower
    self.upper = upper
    self.location = location
  }

  /// Resolves a contract name against a model.
  ///
  /// - Throws: `InputError` when the material or ply group or the property is unknown.
  public static func target(named name: String, in model: ModelDefinition, at location: SourceLocation) throws -> Target {
    guard let dot = name.lastIndex(of: ".") else {
      throw InputError("\"\(name)\" is not a parameter name; expected MATERIAL.PROPERTY (e.g. IM7_8552.E2) or GROUP.angle (e.g. ply1.angle)", at: location)
    }
    let owner = String(name[..<dot]), property = String(name[name.index(after: dot)...])
    if property == "angle" {
      guard let ply = model.plies.firstIndex(where: { $0.group == owner }) else {
        throw InputError("\"\(owner)\" is not a ply group of the model; expected one of \(model.plies.map { "\"\($0.group)\"" }.joined(separator: ", "))", at: location)
      }
      return .plyAngleDegrees(plyIndex: ply)
    }
    guard model.material(named: owner) != nil else {
      throw InputError("\"\(owner)\" is not a material of the model; expected one of \(model.materials.map { "\"\($0.name)\"" }.joined(separator: ", "))", at: location)
    }
    guard let constant = OrthotropicConstant(key: property) else {
      throw InputError("\"\(property)\" is not a material property; expected one of \(OrthotropicConstant.allCases.map(\.key).joined(separator: ", ")) or angle", at: location)
    }
    return .materialConstant(material: owner, constant: constant)
  }

  /// The parameter's current value in a model (degrees for angles).
  public func value(in model: ModelDefinition) -> Double {
    switch target {
    case .materialConstant(let material, let constant): return model.material(named: material)![constant]
    case .plyAngleDegrees(let ply): return model.plies[ply].angle * 180 / .pi
    }
  }

  /// Writes a value into a model (degrees for angles).
  public func set(_ value: Double, in model: inout ModelDefinition) {
    switch target {
    case .materialConstant(let material, let constant):
      let m = model.materials.firstIndex { $0.name == material }!
      model.materials[m][constant] = value
    case .plyAngleDegrees(let ply):
      model.plies[ply].angle = value * .pi / 180
    }
  }
}
