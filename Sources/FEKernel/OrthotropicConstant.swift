/// One of the nine engineering constants of an orthotropic material.
///
/// The case names are the contract's keys (`shared/spec/interface.md`, "Model: TOML"):
/// the TOML keys of `[materials.NAME]` and the property part of a fit parameter's name
/// (`IM7_8552.E2`). One value of this type follows a constant from the model file
/// through the fit to the report, so that "is it a modulus" and "what is its unit" are
/// asked of the constant itself, never of an index.
public enum OrthotropicConstant: Int, CaseIterable, Sendable, CustomStringConvertible {
  case E1, E2, E3, G12, G13, G23, nu12, nu13, nu23

  /// The unit a constant is stated in.
  public enum Unit: Sendable {
    /// The model's stress unit (`[units] stress`, MPa by default).
    case stress
    /// A ratio of strains.
    case dimensionless
  }

  /// The contract's key, `E1` … `nu23`.
  public var key: String {
    switch self {
    case .E1: "E1"
    case .E2: "E2"
    case .E3: "E3"
    case .G12: "G12"
    case .G13: "G13"
    case .G23: "G23"
    case .nu12: "nu12"
    case .nu13: "nu13"
    case .nu23: "nu23"
    }
  }

  public var description: String { key }

  /// The constant whose key is `key`, or nil.
  public init?(key: String) {
    guard let c = Self.allCases.first(where: { $0.key == key }) else { return nil }
    self = c
  }

  /// Whether the constant is a Young's or shear modulus (positive, in the stress unit),
  /// rather than a Poisson ratio.
  public var isModulus: Bool { unit == .stress }

  public var unit: Unit {
    switch self {
    case .E1, .E2, .E3, .G12, .G13, .G23: .stress
    case .nu12, .nu13, .nu23: .dimensionless
    }
  }
}
